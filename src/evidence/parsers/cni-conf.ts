/**
 * CNI network configuration files, /etc/cni/net.d/*.conflist and *.conf
 * (containernetworking/cni SPEC.md: a list `{cniVersion, name, plugins: [...]}`
 * or a single `{cniVersion, name, type, ...}`), as the CNIs install them:
 *
 *   10-calico.conflist   {"type": "calico", "mtu": 1440, "ipam": {"type": "calico-ipam"}, ...}
 *   10-flannel.conflist  {"type": "flannel", "delegate": {"hairpinMode": true, ...}}, {"type": "portmap"}
 *   05-cilium.conflist   {"type": "cilium-cni", "enable-debug": false}
 *   10-weave.conflist    {"type": "weave-net", "hairpinMode": true}
 *   bridge + host-local  {"type": "bridge", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.88.0.0/16"}]]}}
 *
 * The templates the installers ship (`"mtu": __CNI_MTU__`, `"nodename":
 * "__KUBERNETES_NODE_NAME__"` in calico-config's cni_network_config) are skipped
 * with a reason. The first plugin that is not a chained helper (portmap,
 * bandwidth, tuning...) names the CNI. host-local hands out a node's own pod
 * range: it becomes that node's podCIDR when the command names the node
 * (`ssh node01 cat ...`), and is skipped otherwise.
 */
import { parseCIDR } from '../../facts/address.js';
import type { ParseContext, Parser, ParseResult } from '../types.js';
import { addClaim, readMTU } from './cni-common.js';
import { addNetworks, emptyResult } from './common.js';
import { hostFromContext } from './host.js';
import { readTree, templateIn, type Tree } from './tree.js';
import type { Path } from '../objects/types.js';

/** Plugin type -> CNI name, for plugins that do the pod networking. */
const MAIN_PLUGIN: Readonly<Record<string, string>> = {
  calico: 'calico',
  flannel: 'flannel',
  'cilium-cni': 'cilium',
  'weave-net': 'weave-net',
  'weave-plugin': 'weave-net',
  'aws-cni': 'amazon-vpc-cni',
  'azure-vnet': 'azure-vnet',
  antrea: 'antrea',
  'kube-ovn': 'kube-ovn',
  'ovn-k8s-cni-overlay': 'ovn-kubernetes',
  bridge: 'bridge',
  ptp: 'ptp',
  macvlan: 'macvlan',
  ipvlan: 'ipvlan',
};
function mainPlugin(p: Record<string, unknown>): string | undefined {
  const type = typeof p.type === 'string' ? p.type : '';
  return MAIN_PLUGIN[type] ?? (type.startsWith('weave-plugin') ? 'weave-net' : undefined);
}

/**
 * The AWS VPC CNI's egress plugins: a second interface for the other IP family's
 * egress, with its own host-local range and MTU, neither of them the pods' network.
 */
const EGRESS = new Set(['egress-cni', 'egress-v4-cni', 'egress-v6-cni']);
/** Chained helpers that never name the CNI. */
const CHAINED = new Set(['portmap', 'bandwidth', 'tuning', 'firewall', 'loopback', 'sbr', 'vrf', 'egress-router', 'vlan', ...EGRESS]);
/** Which of these enforce NetworkPolicy on their own (documented by each project). */
const ENFORCES: Readonly<Record<string, boolean>> = { calico: true, canal: true, cilium: true, 'weave-net': true, antrea: true, 'kube-ovn': true, 'ovn-kubernetes': true, flannel: false, bridge: false, ptp: false };

export const cniConf: Parser = {
  kind: 'cni-conf',
  title: 'CNI network configuration (/etc/cni/net.d)',
  detect(lines) {
    let version = false;
    let plugin = false;
    // cniVersion and the plugin type sit at the top of a network config.
    for (const l of lines.slice(0, 200)) {
      if (/"cniVersion"\s*:/.test(l)) version = true;
      if (/"(plugins|type)"\s*:/.test(l)) plugin = true;
      if (version && plugin) return 0.9;
    }
    return 0;
  },
  parse(lines, ctx) {
    const out: ParseResult = emptyResult();
    const read = readTree(lines);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `CNI network configuration is not valid JSON: ${read.error}`, syntax: true });
      return out;
    }
    // Canal installs the calico plugin as 10-canal.conflist: the file name says whose config it is.
    const canal = /canal/i.test(`${ctx.path ?? ''} ${ctx.command ?? ''}`);
    readCniConf(read.tree, lines, out, ctx, canal ? 'canal' : undefined);
    return out;
  },
};

/** `as`: the CNI the config belongs to when its main plugin does not say (Canal's config names the calico plugin). */
export function readCniConf(tree: Tree, lines: readonly string[], out: ParseResult, ctx: ParseContext, as?: string): void {
  const root = tree.value;
  const at = (l: number): string => lines[l - 1] ?? '';
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    out.diagnostics.push({ level: 'error', line: 1, message: 'CNI network configuration: expected a JSON object with cniVersion and plugins or type' });
    return;
  }
  reportTemplates(root, [], tree, out);
  const conf = root as Record<string, unknown>;
  const plugins: { p: Record<string, unknown>; path: Path }[] = Array.isArray(conf.plugins)
    ? conf.plugins.flatMap((p, i) => (p && typeof p === 'object' && !Array.isArray(p) ? [{ p: p as Record<string, unknown>, path: ['plugins', i] as Path }] : []))
    : typeof conf.type === 'string'
      ? [{ p: conf, path: [] as Path }]
      : [];
  if (plugins.length === 0) {
    out.diagnostics.push({ level: 'error', line: 1, message: 'CNI network configuration has neither a plugins list nor a type' });
    return;
  }
  const host = hostFromContext(ctx);
  // Cilium chained after the plugin that does the networking (Cilium's CNI chaining: aws-cni,
  // azure-vnet, calico, flannel... then cilium-cni): that plugin is the CNI, Cilium enforces policy.
  const mainIndex = plugins.findIndex(({ p }) => mainPlugin(p) !== undefined);
  const chainedCilium = plugins.findIndex(({ p }, i) => i > mainIndex && p.type === 'cilium-cni');
  let named = false;
  for (const [i, { p, path }] of plugins.entries()) {
    const type = typeof p.type === 'string' ? p.type : '';
    const typeLine = tree.line([...path, 'type']);
    const plugin = mainPlugin(p);
    const cni = plugin && as ? as : plugin;
    if (!named && cni) {
      named = true;
      addClaim(out, { type: 'cni', name: cni }, typeLine, at(typeLine));
      const enforces = chainedCilium >= 0 ? true : ENFORCES[cni];
      if (enforces !== undefined) addClaim(out, { type: 'cniSetting', field: 'enforcesNetworkPolicy', value: enforces }, typeLine, at(typeLine), true);
      if (cni === 'flannel') addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, typeLine, at(typeLine), true);
    } else if (i === chainedCilium && mainIndex >= 0) {
      out.diagnostics.push({
        level: 'skipped',
        line: typeLine,
        message: `cilium-cni chained after ${String(plugins[mainIndex]!.p.type)} (Cilium's CNI chaining): ${String(plugins[mainIndex]!.p.type)} manages the pod network and its addresses, Cilium enforces network policy`,
      });
    } else if (!cni && !CHAINED.has(type) && type !== '') {
      out.diagnostics.push({ level: 'skipped', line: typeLine, message: `CNI plugin type "${type}" is not one kube-netcheck knows` });
    }
    if (EGRESS.has(type)) continue;
    if (p.mtu !== undefined && !(typeof p.mtu === 'string' && templateIn(p.mtu))) {
      const l = tree.line([...path, 'mtu']);
      const mtu = readMTU(out, p.mtu, l, `CNI ${type} mtu`);
      if (mtu !== null) addClaim(out, { type: 'cniSetting', field: 'mtu', value: mtu }, l, at(l));
    }
    const ipam = p.ipam && typeof p.ipam === 'object' && !Array.isArray(p.ipam) ? (p.ipam as Record<string, unknown>) : null;
    if (ipam) readIpam(ipam, [...path, 'ipam'], tree, lines, out, host);
  }
}

function readIpam(ipam: Record<string, unknown>, path: Path, tree: Tree, lines: readonly string[], out: ParseResult, host: string | null): void {
  const at = (l: number): string => lines[l - 1] ?? '';
  const type = typeof ipam.type === 'string' ? ipam.type : '';
  const typeLine = tree.line([...path, 'type']);
  if (type === 'calico-ipam') {
    addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'pool' }, typeLine, at(typeLine));
    for (const key of ['ipv4_pools', 'ipv6_pools']) {
      const list = ipam[key];
      if (!Array.isArray(list)) continue;
      list.forEach((entry, i) => {
        const l = tree.line([...path, key, i]);
        if (typeof entry !== 'string') return;
        if (!entry.includes('/')) {
          out.diagnostics.push({ level: 'skipped', line: l, message: `calico-ipam ${key} names pool "${entry}": its range is in the IPPool resource` });
          return;
        }
        addNetworks(out, 'pod', entry, l, at(l), `calico-ipam ${key}`);
      });
    }
  } else if (type === 'host-local') {
    addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, typeLine, at(typeLine));
  } else if (type !== '') {
    return;
  }
  // host-local style ranges (also accepted by calico-ipam as usePodCidr).
  const subnets: { value: unknown; path: Path }[] = [];
  if (ipam.subnet !== undefined) subnets.push({ value: ipam.subnet, path: [...path, 'subnet'] });
  if (Array.isArray(ipam.ranges)) {
    ipam.ranges.forEach((set, i) => {
      if (!Array.isArray(set)) return;
      set.forEach((r, j) => {
        if (r && typeof r === 'object') subnets.push({ value: (r as Record<string, unknown>).subnet, path: [...path, 'ranges', i, j, 'subnet'] });
      });
    });
  }
  for (const s of subnets) {
    const l = tree.line(s.path);
    if (typeof s.value !== 'string') continue;
    if (/^usePodCidr(IPv6)?$/.test(s.value)) {
      out.diagnostics.push({ level: 'skipped', line: l, message: `${type} subnet ${s.value}: each node uses its own podCIDR from the Node object` });
      continue;
    }
    if (templateIn(s.value)) continue;
    const parsed = parseCIDR(s.value);
    if (!parsed.ok) {
      out.diagnostics.push({ level: 'error', line: l, message: `${type} subnet: ${parsed.error}` });
      continue;
    }
    if (host !== null) {
      addClaim(out, { type: 'node', name: host, podCIDRs: [s.value] }, l, at(l));
    } else {
      out.diagnostics.push({
        level: 'skipped',
        line: l,
        message: `${type} subnet ${s.value} is one node's pod range, and the evidence does not say which node (run it as \`ssh NODE cat ...\`)`,
      });
    }
  }
}

function reportTemplates(v: unknown, path: Path, tree: Tree, out: ParseResult): void {
  if (typeof v === 'string') {
    const t = templateIn(v);
    if (t) out.diagnostics.push({ level: 'skipped', line: tree.line(path), message: `${path.join('.') || 'value'} "${v}" is ${t}, not a value` });
    return;
  }
  if (Array.isArray(v)) v.forEach((x, i) => reportTemplates(x, [...path, i], tree, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) reportTemplates(x, [...path, k], tree, out);
}
