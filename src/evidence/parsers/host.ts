/**
 * The node a command ran on, when the evidence says so: `ssh node01 sysctl -a`,
 * `ssh -i key root@node01 ip route`, `kubectl debug node/node01 -- ...`, or a
 * shell prompt such as `root@node01:~# sysctl net.ipv4.ip_forward`.
 */
import type { ParseContext } from '../types.js';

const SSH = /(?:^|[\s;|&(])ssh\s+(?:-[46AaCfGgKkMNnqsTtVvXxYy]+\s+|-[BbcDEeFIiJLlmOoPpQRSWw]\s*\S+\s+)*(?:[\w.-]+@)?([A-Za-z0-9][\w.-]*)/;
const DEBUG_NODE = /\bkubectl\s+debug\s+(?:\S+\s+)*?node\/([A-Za-z0-9][\w.-]*)/;
export const PROMPT_HOST = /^\s*\[?[\w.-]+@([A-Za-z0-9][\w.-]*)[\s:\]][^$#]*[$#]\s+(.*)$/;

export function hostFromCommand(command: string | undefined): string | null {
  if (!command) return null;
  return SSH.exec(command)?.[1] ?? DEBUG_NODE.exec(command)?.[1] ?? null;
}

/** The command's target (`ssh node01 ...`) wins over the prompt's host, which is where ssh was typed. */
export function hostFromContext(ctx: ParseContext): string | null {
  return hostFromCommand(ctx.command) ?? ctx.host ?? null;
}

/**
 * The command ran inside a pod or container, not on the node: `kubectl exec POD -- ip a`,
 * `k exec -it pod -- ifconfig`, `crictl exec`, `docker exec`, `ip netns exec`, `nsenter -n`.
 * Its interfaces are the pod's, which never carry the node network.
 */
export function inPodNamespace(command: string | undefined): boolean {
  if (!command) return false;
  return /(?:^|[\s;|&(])(?:sudo\s+)?(?:(?:kubectl|k|oc)\s+(?:\S+\s+)*?exec|crictl\s+exec|docker\s+exec|nerdctl\s+exec|ip\s+netns\s+exec|nsenter\b[^|;&]*\s-n)\b/.test(command);
}
