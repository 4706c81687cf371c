/**
 * `ip addr` / `ip a` output (iproute2), whole or filtered through grep:
 *
 *   5122: eth0@if5123: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default
 *       link/ether 02:42:c0:08:21:06 brd ff:ff:ff:ff:ff:ff link-netnsid 0
 *       inet 192.8.33.6/24 brd 192.8.33.255 scope global eth0
 *       inet6 fe80::42:c0ff:fe08:2106/64 scope link
 *
 * Yields every interface with its MTU and addresses, and the node network
 * from global-scope addresses of host interfaces only: lo, docker0, cni0,
 * kube-ipvs0, weave, flannel.1, cali*, cilium_* and the like are created by
 * the container runtime, the CNI or kube-proxy and never carry the node network.
 */
import { parseIP } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { inPodNamespace } from './host.js';

const LINK = /^\s*\d+:\s+([^:\s]+?)(?:@[^:\s]+)?:\s+<([^>]*)>(.*)$/;
const ADDR = /^\s*(inet6?)\s+(\S+?)\/(\d{1,3})\b(.*)$/;

/** Interfaces that belong to the runtime, the CNI or kube-proxy, never the node network. */
const NON_HOST: readonly [RegExp, 'loopback' | 'container' | 'cni' | 'proxy'][] = [
  [/^lo$/, 'loopback'],
  [/^(docker\d*|br-[0-9a-f]+|veth.*|virbr\d*|podman\d*|cni-podman\d*|nerdctl\d*)$/, 'container'],
  [/^kube-ipvs\d*$/, 'proxy'],
  [
    /^(cni\d*|weave|datapath|vethwe.*|vxlan-\d+|flannel[.-].*|flannel\d+|cali.*|vxlan\.calico|vxlan-v6\.calico|tunl\d*|wireguard\.cali|wg-v6\.cali|cilium_.*|lxc.*|genev_sys_.*|nodelocaldns|kube-bridge|kube-dummy-if|antrea-.*|ovn-k8s-.*|br-int|genev.*|flannel-wg.*|eni[0-9a-f]+|azv.*)$/,
    'cni',
  ],
];

export function interfaceKind(name: string): 'host' | 'loopback' | 'container' | 'cni' | 'proxy' {
  for (const [re, kind] of NON_HOST) if (re.test(name)) return kind;
  return 'host';
}

export const ipAddr: Parser = {
  kind: 'ip-addr',
  title: 'ip addr output',
  detect(lines, ctx) {
    let links = 0;
    let addrs = 0;
    for (const l of lines) {
      if (LINK.test(l)) links++;
      else if (ADDR.test(l)) addrs++;
    }
    if (links === 0 && addrs === 0) return 0;
    if (links > 0) return 0.9;
    return /\bip\s+(-\d\s+)?a(ddr?)?\b/.test(ctx.command ?? '') ? 0.8 : 0.4;
  },
  parse(lines, ctx) {
    const out: ParseResult = emptyResult();
    // `kubectl exec POD -- ip a`: the pod's interfaces, not the node's.
    const podNs = inPodNamespace(ctx.command);
    let current: { name: string; mtu: number | null; line: number; addresses: { address: string; prefixLength: number; scope: string }[] } | null = null;
    let sawLink = false;
    const flush = (): void => {
      if (current) {
        out.observations.push({
          claim: { type: 'interface', name: current.name, mtu: current.mtu, addresses: current.addresses },
          line: current.line,
          excerpt: excerpt(lines[current.line - 1] ?? ''),
        });
      }
    };
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      const link = LINK.exec(line);
      if (link) {
        sawLink = true;
        flush();
        const mtu = /\bmtu\s+(\d+)/.exec(link[3] ?? '');
        current = { name: link[1] ?? '', mtu: mtu ? Number(mtu[1]) : null, line: lineNo, addresses: [] };
        return;
      }
      const addr = ADDR.exec(line);
      if (!addr) return;
      const [, , address = '', prefix = '', rest = ''] = addr;
      const scope = /\bscope\s+(\S+)/.exec(rest)?.[1] ?? 'global';
      // With `ip a | grep inet` the link line is gone; the label at the end names the interface.
      const label = /\s(\S+)\s*$/.exec(rest)?.[1];
      const parsed = parseIP(address);
      const prefixLength = Number(prefix);
      if (!parsed.ok || prefixLength > (parsed.ok && parsed.value.family === 'IPv4' ? 32 : 128)) {
        out.diagnostics.push({
          level: 'error',
          line: lineNo,
          message: `interface address ${address}/${prefix}: ${parsed.ok ? 'prefix length out of range' : parsed.error}`,
        });
        return;
      }
      if (!sawLink) {
        // `ip a | grep inet`: no link lines, each address names its interface at the end.
        const word = label && !/^(global|link|host|dynamic|noprefixroute|secondary|permanent|forever)$/.test(label) ? label : 'unknown';
        const name = word.replace(/:\d+$/, '');
        if (!current || current.name !== name) {
          flush();
          current = { name, mtu: null, line: lineNo, addresses: [] };
        }
      }
      if (!current) return;
      current.addresses.push({ address: parsed.value.address, prefixLength, scope });
      const iface = current.name;
      if (!podNs && scope === 'global' && interfaceKind(iface) === 'host') {
        out.observations.push({
          claim: { type: 'network', role: 'node', cidr: `${parsed.value.address}/${prefixLength}`, isAddress: true },
          line: lineNo,
          excerpt: excerpt(line),
        });
      }
    });
    flush();
    return out;
  },
};
