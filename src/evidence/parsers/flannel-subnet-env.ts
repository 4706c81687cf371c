/**
 * flannel's subnet file, /run/flannel/subnet.env, written by flanneld on each
 * node once it holds a lease (flannel-io/flannel pkg/subnet/subnet.go
 * WriteSubnetFile, v0.26.x) and read by the flannel CNI plugin
 * (containernetworking/plugins plugins/meta/flannel/flannel.go loadFlannelSubnetEnv):
 *
 *   FLANNEL_NETWORK=10.244.0.0/16          the whole flannel network (the pod range)
 *   FLANNEL_SUBNET=10.244.1.1/24           this node's subnet, written as its first address;
 *                                          with the kube subnet manager it is the node's podCIDR
 *   FLANNEL_IPV6_NETWORK=fd00:10:244::/56  and FLANNEL_IPV6_SUBNET, when IPv6 is enabled
 *   FLANNEL_MTU=1450                       the MTU flannel gives the pod network (interface MTU
 *                                          minus the backend's overhead)
 *   FLANNEL_IPMASQ=true
 *
 * Often found pasted in write-ups or written by a shell heredoc
 * (`cat <<EOF > /run/flannel/subnet.env`); shell variables are skipped.
 * The node a subnet belongs to is only known when the evidence names it
 * (`ssh node01 cat /run/flannel/subnet.env`, a `root@node01:~#` prompt).
 */
import { parseCIDR } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { ParseContext, Parser, ParseResult } from '../types.js';
import { addClaim, readBool, readMTU } from './cni-common.js';
import { addNetworks, emptyResult } from './common.js';
import { hostFromContext } from './host.js';
import { templateIn } from './tree.js';

const LINE = /^\s*(?:export\s+|echo\s+["']?)?(FLANNEL_(?:NETWORK|SUBNET|IPV6_NETWORK|IPV6_SUBNET|MTU|IPMASQ))=(.*)$/;

export const flannelSubnetEnv: Parser = {
  kind: 'flannel-subnet-env',
  title: 'flannel subnet.env',
  detect(lines) {
    const keys = new Set<string>();
    for (const l of lines) {
      const m = LINE.exec(l);
      if (m) keys.add(m[1] ?? '');
    }
    if (keys.has('FLANNEL_NETWORK') || keys.has('FLANNEL_SUBNET')) return keys.size >= 2 ? 0.9 : 0.6;
    return 0;
  },
  parse(lines, ctx: ParseContext) {
    const out: ParseResult = emptyResult();
    const node = hostFromContext(ctx);
    let first = 0;
    lines.forEach((line, i) => {
      const m = LINE.exec(line);
      if (!m) return;
      const lineNo = i + 1;
      const key = m[1] ?? '';
      // The value ends at a quote or a space: `FLANNEL_IPMASQ=true" | sudo tee /run/flannel/subnet.env`.
      const value = /^["']?([^\s"']*)/.exec((m[2] ?? '').trim())?.[1] ?? '';
      if (first === 0) {
        first = lineNo;
        addClaim(out, { type: 'cni', name: 'flannel' }, lineNo, line);
      }
      const t = templateIn(value) ?? (/\$/.test(value) ? 'a shell variable reference' : null);
      if (t) {
        out.diagnostics.push({ level: 'skipped', line: lineNo, message: `${key} "${value}" is ${t}, not a value` });
        return;
      }
      switch (key) {
        case 'FLANNEL_NETWORK':
        case 'FLANNEL_IPV6_NETWORK':
          addNetworks(out, 'pod', value, lineNo, line, key);
          break;
        case 'FLANNEL_SUBNET':
        case 'FLANNEL_IPV6_SUBNET': {
          const p = parseCIDR(value);
          if (!p.ok) {
            out.diagnostics.push({ level: 'error', line: lineNo, message: `${key}: ${p.error}` });
            break;
          }
          // flanneld writes the subnet's first address (10.244.1.1/24); the lease is the network.
          if (node) out.observations.push({ claim: { type: 'node', name: node, podCIDRs: [p.value.cidr] }, line: lineNo, excerpt: excerpt(line) });
          else out.diagnostics.push({ level: 'skipped', line: lineNo, message: `${key} ${p.value.cidr} is the subnet of the node this file was read on, which the evidence does not name (ssh NODE cat ..., or a prompt naming the host)` });
          break;
        }
        case 'FLANNEL_MTU': {
          const mtu = readMTU(out, value, lineNo, key);
          if (mtu !== null) addClaim(out, { type: 'cniSetting', field: 'mtu', value: mtu }, lineNo, line);
          break;
        }
        case 'FLANNEL_IPMASQ':
          if (readBool(value) === null) out.diagnostics.push({ level: 'error', line: lineNo, message: `FLANNEL_IPMASQ "${value}": expected true or false` });
          break;
      }
    });
    return out;
  },
};
