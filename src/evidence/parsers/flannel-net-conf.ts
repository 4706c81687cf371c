/**
 * flannel's network configuration, net-conf.json (flannel-io/flannel
 * Documentation/configuration.md; in kube-flannel.yml it is the `net-conf.json`
 * key of the kube-flannel-cfg ConfigMap, mounted at /etc/kube-flannel/net-conf.json):
 *
 *   {
 *     "Network": "10.244.0.0/16",
 *     "EnableNFTables": false,
 *     "Backend": {
 *       "Type": "vxlan"
 *     }
 *   }
 *
 * Keys: Network (IPv4, needed when EnableIPv4, which defaults to true),
 * IPv6Network (with EnableIPv6, default false), SubnetLen, Backend.Type
 * (vxlan, host-gw, wireguard, udp — the documented default —, ipsec, alloc...).
 * flannel takes each node's subnet from its podCIDR (kube subnet manager), so
 * node podCIDRs are authoritative; plain flannel does not enforce NetworkPolicy
 * (Canal adds Calico for that).
 */
import type { Parser, ParseResult } from '../types.js';
import { addClaim, readBool } from './cni-common.js';
import { addNetworks, emptyResult } from './common.js';
import { readTree, templateIn, type Tree } from './tree.js';

/** Backend.Type -> encapsulation as rules know it (host-gw and cloud routes do not encapsulate). */
export const FLANNEL_BACKEND: Readonly<Record<string, string>> = {
  vxlan: 'vxlan',
  'host-gw': 'none',
  wireguard: 'wireguard',
  extension: 'none',
  udp: 'udp',
  ipsec: 'ipsec',
  ipip: 'ipip',
  alloc: 'none',
  'aws-vpc': 'none',
  gce: 'none',
  'ali-vpc': 'none',
  tencentvpc: 'none',
};

export const flannelNetConf: Parser = {
  kind: 'flannel-net-conf',
  title: 'flannel net-conf.json',
  detect(lines) {
    let network = false;
    let other = false;
    for (const l of lines) {
      if (/^\s*"(Network|IPv6Network)"\s*:/.test(l)) network = true;
      if (/^\s*"(Backend|SubnetLen|EnableIPv6|EnableIPv4|EnableNFTables)"\s*:/.test(l) || /"Backend"\s*:\s*\{/.test(l)) other = true;
      if (/"cniVersion"\s*:|^\s*"?kind"?\s*:/.test(l)) return 0;
    }
    return network && other ? 0.9 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const read = readTree(lines);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `net-conf.json is not valid JSON: ${read.error}`, syntax: true });
      return out;
    }
    readNetConf(read.tree, lines, out, 'flannel');
    return out;
  },
};

export function readNetConf(tree: Tree, lines: readonly string[], out: ParseResult, cni: 'flannel' | 'canal'): void {
  const at = (l: number): string => lines[l - 1] ?? '';
  const conf = tree.value;
  if (conf === null || typeof conf !== 'object' || Array.isArray(conf)) {
    out.diagnostics.push({ level: 'error', line: 1, message: 'net-conf.json: expected a JSON object with "Network"' });
    return;
  }
  const c = conf as Record<string, unknown>;
  const first = tree.line([]);
  addClaim(out, { type: 'cni', name: cni }, first, at(first), true);
  addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, first, at(first), true);
  addClaim(out, { type: 'cniSetting', field: 'enforcesNetworkPolicy', value: cni === 'canal' }, first, at(first), true);

  const flag = (key: string, dflt: boolean): boolean => {
    if (c[key] === undefined) return dflt;
    const b = readBool(c[key]);
    if (b === null) {
      out.diagnostics.push({ level: 'error', line: tree.line([key]), message: `net-conf.json ${key} ${JSON.stringify(c[key])}: expected true or false` });
      return dflt;
    }
    return b;
  };
  const v4 = flag('EnableIPv4', true);
  const v6 = flag('EnableIPv6', false);
  for (const [key, enabled, flagName] of [['Network', v4, 'EnableIPv4'], ['IPv6Network', v6, 'EnableIPv6']] as const) {
    const value = c[key];
    const l = tree.line([key]);
    if (value === undefined) {
      if (enabled && key === 'Network') out.diagnostics.push({ level: 'error', line: first, message: 'net-conf.json has no "Network": flannel needs it while EnableIPv4 is true' });
      if (enabled && key === 'IPv6Network') out.diagnostics.push({ level: 'error', line: tree.line(['EnableIPv6']), message: 'net-conf.json has EnableIPv6 but no "IPv6Network"' });
      continue;
    }
    if (typeof value !== 'string') {
      out.diagnostics.push({ level: 'error', line: l, message: `net-conf.json ${key}: expected a CIDR string` });
      continue;
    }
    const t = templateIn(value);
    if (t) {
      out.diagnostics.push({ level: 'skipped', line: l, message: `net-conf.json ${key} "${value}" is ${t}, not a range` });
      continue;
    }
    if (!enabled) {
      out.diagnostics.push({ level: 'skipped', line: l, message: `net-conf.json ${key} ${value} is not used: ${flagName} is false` });
      continue;
    }
    addNetworks(out, 'pod', value, l, at(l), `net-conf.json ${key}`);
  }

  const backend = c.Backend;
  if (backend !== undefined && (backend === null || typeof backend !== 'object' || Array.isArray(backend))) {
    out.diagnostics.push({ level: 'error', line: tree.line(['Backend']), message: 'net-conf.json Backend: expected an object such as {"Type": "vxlan"}' });
    return;
  }
  const type = (backend as Record<string, unknown> | undefined)?.Type;
  if (type === undefined) {
    const l = backend === undefined ? first : tree.line(['Backend']);
    addClaim(out, { type: 'cniSetting', field: 'encapsulation', value: 'udp' }, l, at(l), true);
    return;
  }
  const l = tree.line(['Backend', 'Type']);
  const enc = typeof type === 'string' ? FLANNEL_BACKEND[type.toLowerCase()] : undefined;
  if (enc === undefined) {
    out.diagnostics.push({ level: 'error', line: l, message: `net-conf.json Backend.Type ${JSON.stringify(type)}: expected vxlan, host-gw, wireguard, udp, ipsec or another flannel backend` });
    return;
  }
  addClaim(out, { type: 'cniSetting', field: 'encapsulation', value: enc }, l, at(l));
}
