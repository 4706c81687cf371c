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
