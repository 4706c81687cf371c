/**
 * `cilium status` / `cilium-dbg status` run in the agent (`kubectl -n kube-system exec
 * ds/cilium -- cilium-dbg status`), as cilium pkg/command/status.go (FormatStatusResponse,
 * v1.15) prints it:
 *
 *   KVStore:                 Ok   Disabled
 *   Kubernetes:              Ok   1.29 (v1.29.2) [linux/amd64]
 *   KubeProxyReplacement:    True   [eth0   192.168.1.5 fe80::a00:27ff:fe4e:66a1 (Direct Routing)]
 *   CNI Chaining:            none
 *   Cilium:                  Ok   1.15.1 (v1.15.1-a368c8f0)
 *   IPAM:                    IPv4: 5/254 allocated from 10.0.1.0/24,
 *   Routing:                 Network: Tunnel [vxlan]   Host: Legacy
 *   Cluster health:          2/2 reachable   (2024-03-01T10:00:00Z)
 *
 * KubeProxyReplacement is True/False (Strict/Partial/Probe/Disabled before 1.14); IPAM
 * names the range this agent allocates from (the node's podCIDR in kubernetes and
 * cluster-pool modes), which is only tied to a node when the evidence names the host.
 * The cilium-cli's own `cilium status` (the ASCII-art summary: `Cilium: OK`,
 * `DaemonSet cilium Desired: 2, Ready: 2/2`) only tells that Cilium is the CNI.
 */
import { parseCIDR } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { ParseContext, Parser, ParseResult } from '../types.js';
import { readCiliumSettings, type CiliumSettings } from './cilium-settings.js';
import { addClaim } from './cni-common.js';
import { emptyResult } from './common.js';
import { hostFromContext } from './host.js';

const FIELD = /^\s*(KVStore|Kubernetes|Kubernetes APIs|KubeProxyReplacement|CNI Chaining|Cilium|IPAM|Routing|Masquerading|Cluster health|Controller Status|Host firewall|NodeMonitor|Cilium health daemon|Proxy Status|Hubble|Encryption|Operator|Envoy DaemonSet|Hubble Relay|ClusterMesh):\s+(.*)$/;
const CLI_ART = /^\s*[/\\_¯ ]*(?:\/¯¯\\|\\__\/)[/\\_¯ ]*\s+(Cilium|Operator|Hubble Relay|ClusterMesh|Envoy DaemonSet):\s+\S/;

export const ciliumStatus: Parser = {
  kind: 'cilium-status',
  title: 'cilium status',
  detect(lines) {
    const keys = new Set<string>();
    let cli = false;
    for (const l of lines) {
      const m = FIELD.exec(l);
      if (m) keys.add(m[1] ?? '');
      if (CLI_ART.test(l)) cli = true;
    }
    if (keys.has('KubeProxyReplacement') && (keys.has('Cilium') || keys.has('IPAM') || keys.has('KVStore'))) return 0.95;
    if (keys.has('Cilium') && (keys.has('IPAM') || keys.has('Cluster health') || keys.has('KVStore'))) return 0.9;
    if (cli) return 0.9;
    return 0;
  },
  parse(lines, ctx: ParseContext) {
    const out: ParseResult = emptyResult();
    const s: CiliumSettings = {};
    let first = 0;
    let agent = false;
    const node = hostFromContext(ctx);
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      const m = FIELD.exec(line);
      if (!m) return;
      if (first === 0) first = lineNo;
      const key = m[1] ?? '';
      const value = (m[2] ?? '').trim();
      switch (key) {
        case 'KubeProxyReplacement': {
          agent = true;
          const word = /^(\S+)/.exec(value)?.[1] ?? '';
          s.kubeProxyReplacement = { value: word, line: lineNo, key: 'KubeProxyReplacement' };
          break;
        }
        case 'CNI Chaining': {
          const word = /^(\S+)/.exec(value)?.[1] ?? '';
          s.chainingMode = { value: word, line: lineNo, key: 'CNI Chaining' };
          break;
        }
        case 'Routing': {
          agent = true;
          const r = /\bNetwork:\s*(Tunnel|Native)\b(?:\s*\[(\w+)\])?/i.exec(value);
          if (!r) {
            out.diagnostics.push({ level: 'error', line: lineNo, message: `Routing "${value}": expected "Network: Tunnel [vxlan|geneve]" or "Network: Native"` });
            break;
          }
          s.routingMode = { value: (r[1] ?? '').toLowerCase(), line: lineNo, key: 'Routing Network' };
          if (r[2]) s.tunnelProtocol = { value: r[2].toLowerCase(), line: lineNo, key: 'Routing tunnel' };
          break;
        }
        case 'Kubernetes': {
          // `Ok   1.29 (v1.29.2) [linux/amd64]`: the API server's version.
          const v = /\((v\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?)\)/.exec(value)?.[1];
          if (v) addClaim(out, { type: 'clusterVersion', version: v.replace(/\+.*$/, '') }, lineNo, line);
          break;
        }
        case 'IPAM': {
          agent = true;
          for (const a of value.matchAll(/\bIPv[46]:\s*\d+\/\d+\s+allocated from\s+([0-9a-fA-F.:]+\/\d{1,3})/g)) {
            const p = parseCIDR(a[1] ?? '');
            if (!p.ok) {
              out.diagnostics.push({ level: 'error', line: lineNo, message: `IPAM: ${p.error}` });
              continue;
            }
            if (node) out.observations.push({ claim: { type: 'node', name: node, podCIDRs: [p.value.cidr] }, line: lineNo, excerpt: excerpt(line) });
            else out.diagnostics.push({ level: 'skipped', line: lineNo, message: `IPAM allocates from ${p.value.cidr} on the node this ran on, which the evidence does not name` });
          }
          break;
        }
      }
    });
    if (agent || Object.keys(s).length > 0) {
      readCiliumSettings(s, out, (l) => excerpt(lines[l - 1] ?? ''), first || 1);
      return out;
    }
    // cilium-cli's summary: Cilium is the CNI, nothing more is said about the network.
    const at = lines.findIndex((l) => CLI_ART.test(l) || FIELD.test(l));
    if (at >= 0) addClaim(out, { type: 'cni', name: 'cilium' }, at + 1, lines[at] ?? '');
    return out;
  },
};
