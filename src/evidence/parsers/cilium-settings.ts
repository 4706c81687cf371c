/**
 * What Cilium's configuration says about networking, whether read from the
 * `cilium-config` ConfigMap (agent flags as keys: `ipam`, `cluster-pool-ipv4-cidr`,
 * `kube-proxy-replacement`, `routing-mode`, `tunnel-protocol`, `mtu`, `enable-policy`)
 * or from Helm values (`ipam.mode`, `ipam.operator.clusterPoolIPv4PodCIDRList`,
 * `kubeProxyReplacement`, `routingMode`, `tunnelProtocol`, `MTU`, `policyEnforcementMode`).
 * Meanings and defaults: Cilium docs (network/concepts/ipam, network/kubernetes/kubeproxy-free,
 * network/concepts/routing) and install/kubernetes/cilium/values.yaml; mask sizes
 * default to 24 (IPv4) and 120 (IPv6) in the chart.
 */
import type { ParseResult } from '../types.js';
import { addClaim, addPool, readBool, readMTU } from './cni-common.js';
import { templateIn } from './tree.js';

export interface Setting {
  value: unknown;
  line: number;
  /** The key as written, for messages. */
  key: string;
}

export interface CiliumSettings {
  ipam?: Setting;
  v4cidrs?: Setting;
  v4mask?: Setting;
  v6cidrs?: Setting;
  v6mask?: Setting;
  enableIPv4?: Setting;
  enableIPv6?: Setting;
  kubeProxyReplacement?: Setting;
  routingMode?: Setting;
  tunnelProtocol?: Setting;
  /** `tunnel: vxlan|geneve|disabled`, before Cilium 1.14. */
  tunnel?: Setting;
  mtu?: Setting;
  policy?: Setting;
  /** `cni-chaining-mode` / `cni.chainingMode`: Cilium on top of another CNI. */
  chainingMode?: Setting;
  /** `enable-wireguard` (cilium-config); Helm `encryption.enabled` with `encryption.type`. */
  wireguard?: Setting;
  /** `enable-ipsec` (cilium-config). */
  ipsec?: Setting;
  encryptionEnabled?: Setting;
  encryptionType?: Setting;
  /** `bpf-lb-mode` / `loadBalancer.mode`: snat, dsr, hybrid. */
  lbMode?: Setting;
  /** `bpf-lb-dsr-dispatch` / `loadBalancer.dsrDispatch`: opt, ipip, geneve. */
  dsrDispatch?: Setting;
  /** `cluster-name` / `cluster.name`: the cluster's name in a Cluster Mesh. */
  clusterName?: Setting;
  /** `cluster-id` / `cluster.id`: the cluster's ID in a Cluster Mesh. */
  clusterId?: Setting;
  /** `max-connected-clusters` / `clustermesh.maxConnectedClusters`: 255 or 511. */
  maxConnectedClusters?: Setting;
}

/**
 * Cilium's CNI chaining modes (Documentation/installation/cni-chaining*): the
 * other plugin does the base connectivity and IP address management, Cilium
 * attaches to its devices for policy, load-balancing and visibility. The CNI
 * each mode chains onto, where the mode names one; `portmap` only chains the
 * portmap plugin after Cilium, which stays the CNI.
 */
const CHAINED_ONTO: Readonly<Record<string, string | null>> = {
  'aws-cni': 'amazon-vpc-cni',
  flannel: 'flannel',
  'generic-veth': null,
};

const IPAM: Readonly<Record<string, 'node-podcidr' | 'pool' | null>> = {
  kubernetes: 'node-podcidr',
  'cluster-pool': 'pool',
  'cluster-pool-v2beta': 'pool',
  'multi-pool': 'pool',
  crd: null,
  eni: null,
  azure: null,
  alibabacloud: null,
  'delegated-plugin': null,
};

export function readCiliumSettings(s: CiliumSettings, out: ParseResult, excerptOf: (line: number) => string, anchor: number): void {
  const claim = (c: Parameters<typeof addClaim>[1], line: number, inferred = false): void => addClaim(out, c, line, excerptOf(line), inferred);
  const text = (x: Setting | undefined): string | null => {
    if (!x) return null;
    const v = typeof x.value === 'string' ? x.value.trim() : typeof x.value === 'number' || typeof x.value === 'boolean' ? String(x.value) : null;
    if (v === null) {
      out.diagnostics.push({ level: 'error', line: x.line, message: `${x.key}: expected a single value, got ${JSON.stringify(x.value)}` });
      return null;
    }
    const t = templateIn(v);
    if (t) {
      out.diagnostics.push({ level: 'skipped', line: x.line, message: `${x.key} "${v}" is ${t}, not a value` });
      return null;
    }
    return v;
  };
  const chaining = text(s.chainingMode);
  if (chaining !== null && chaining !== '' && chaining !== 'none' && chaining !== 'portmap') {
    readChained(s, chaining, out, claim, text, anchor);
    readClusterIdentity(s, out, claim, text);
    return;
  }
  claim({ type: 'cni', name: 'cilium' }, anchor);

  // IPAM.
  const ipamMode = text(s.ipam);
  let poolMode = false;
  if (ipamMode !== null) {
    if (!(ipamMode in IPAM)) {
      out.diagnostics.push({ level: 'error', line: s.ipam!.line, message: `${s.ipam!.key} "${ipamMode}": expected kubernetes, cluster-pool, multi-pool, eni, azure, alibabacloud, crd or delegated-plugin` });
    } else {
      const model = IPAM[ipamMode] ?? null;
      if (model) claim({ type: 'cniSetting', field: 'ipam', value: model }, s.ipam!.line);
      else out.diagnostics.push({ level: 'skipped', line: s.ipam!.line, message: `${s.ipam!.key} ${ipamMode}: pod addresses come from the cloud or an external allocator, neither node podCIDRs nor a Cilium pool` });
      poolMode = ipamMode === 'cluster-pool' || ipamMode === 'cluster-pool-v2beta';
    }
  }
  const families = [
    { fam: 'IPv4' as const, cidrs: s.v4cidrs, mask: s.v4mask, enable: s.enableIPv4, enableDefault: true, maskDefault: 24 },
    { fam: 'IPv6' as const, cidrs: s.v6cidrs, mask: s.v6mask, enable: s.enableIPv6, enableDefault: false, maskDefault: 120 },
  ];
  for (const f of families) {
    if (!f.cidrs) continue;
    const list = cidrList(f.cidrs.value);
    if (list === null) {
      out.diagnostics.push({ level: 'error', line: f.cidrs.line, message: `${f.cidrs.key}: expected a CIDR or a list of CIDRs` });
      continue;
    }
    if (list.length === 0) continue;
    if (ipamMode !== null && !poolMode) {
      out.diagnostics.push({ level: 'skipped', line: f.cidrs.line, message: `${f.cidrs.key} is not used: IPAM mode is ${ipamMode}, not cluster-pool` });
      continue;
    }
    const enabledText = text(f.enable);
    const enabled = enabledText === null ? f.enableDefault : readBool(enabledText);
    if (enabled === false && f.enable) {
      out.diagnostics.push({ level: 'skipped', line: f.cidrs.line, message: `${f.cidrs.key} is not used: ${f.enable.key} is false` });
      continue;
    }
    let blockSize: number | null = null;
    const maskText = text(f.mask);
    if (maskText !== null) {
      if (!/^\d{1,3}$/.test(maskText)) {
        out.diagnostics.push({ level: 'error', line: f.mask!.line, message: `${f.mask!.key} "${maskText}": expected a prefix length` });
        continue;
      }
      blockSize = Number(maskText);
    }
    for (const cidr of list) {
      const t = templateIn(cidr);
      if (t) {
        out.diagnostics.push({ level: 'skipped', line: f.cidrs.line, message: `${f.cidrs.key} "${cidr}" is ${t}, not a range` });
        continue;
      }
      addPool(
        out,
        { name: 'cluster-pool', cidr, blockSize, defaultBlockSize: { IPv4: 24, IPv6: 120 }, encapsulation: null, disabled: false },
        f.cidrs.line,
        excerptOf(f.cidrs.line),
        f.cidrs.key,
      );
    }
  }

  readKubeProxyReplacement(s, out, claim, text);

  // Routing: native routing has no encapsulation; tunnel uses vxlan (default) or geneve.
  const routing = text(s.routingMode);
  const proto = text(s.tunnelProtocol);
  const legacy = text(s.tunnel);
  if (routing !== null && routing !== '' && routing !== 'native' && routing !== 'tunnel') {
    out.diagnostics.push({ level: 'error', line: s.routingMode!.line, message: `${s.routingMode!.key} "${routing}": expected native or tunnel` });
  } else if (proto !== null && proto !== '' && proto !== 'vxlan' && proto !== 'geneve') {
    out.diagnostics.push({ level: 'error', line: s.tunnelProtocol!.line, message: `${s.tunnelProtocol!.key} "${proto}": expected vxlan or geneve` });
  } else if (routing === 'native') {
    claim({ type: 'cniSetting', field: 'encapsulation', value: 'none' }, s.routingMode!.line);
  } else if (routing === 'tunnel') {
    if (proto) claim({ type: 'cniSetting', field: 'encapsulation', value: proto }, s.tunnelProtocol!.line);
    else claim({ type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }, s.routingMode!.line, true);
  } else if (legacy !== null && legacy !== '') {
    // Before 1.14: `tunnel: vxlan | geneve | disabled`.
    if (legacy === 'disabled') claim({ type: 'cniSetting', field: 'encapsulation', value: 'none' }, s.tunnel!.line);
    else if (legacy === 'vxlan' || legacy === 'geneve') claim({ type: 'cniSetting', field: 'encapsulation', value: legacy }, s.tunnel!.line);
    else out.diagnostics.push({ level: 'error', line: s.tunnel!.line, message: `${s.tunnel!.key} "${legacy}": expected vxlan, geneve or disabled` });
  } else if (proto) {
    // Routing mode unset: tunnelling, the default, with the stated protocol.
    claim({ type: 'cniSetting', field: 'encapsulation', value: proto }, s.tunnelProtocol!.line);
  }

  if (s.mtu) {
    const m = readMTU(out, s.mtu.value, s.mtu.line, s.mtu.key);
    if (m !== null) claim({ type: 'cniSetting', field: 'mtu', value: m }, s.mtu.line);
  }

  readEncryption(s, out, claim, text);
  readDsr(s, out, claim, text);
  readPolicy(s, out, claim, text, anchor);
  readClusterIdentity(s, out, claim, text);
}

/**
 * Cilium's limits on a cluster's identity, from cilium/cilium
 * pkg/clustermesh/types/option.go (v1.16–v1.18): ClusterIDMin 0 (ClusterIDUnset,
 * the default: no Cluster Mesh identity), ClusterIDMax = defaults.MaxConnectedClusters
 * = 255 (pkg/defaults/defaults.go) unless max-connected-clusters is 511 (ClusterIDExt511),
 * the only two values InitClusterIDMax accepts; a cluster name of at most 32
 * characters, lower-case alphanumerics and '-', beginning and ending alphanumeric
 * (ValidateClusterName).
 */
const CLUSTER_ID_LIMITS = [255, 511];
const CLUSTER_NAME = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

function readClusterIdentity(s: CiliumSettings, out: ParseResult, claim: ClaimFn, text: TextFn): void {
  const max = text(s.maxConnectedClusters);
  let limit = 255;
  if (max !== null && max !== '') {
    if (!/^\d+$/.test(max) || !CLUSTER_ID_LIMITS.includes(Number(max))) {
      out.diagnostics.push({ level: 'error', line: s.maxConnectedClusters!.line, message: `${s.maxConnectedClusters!.key} "${max}": expected 255 or 511 (Cilium accepts no other)` });
    } else {
      limit = Number(max);
      claim({ type: 'ciliumCluster', field: 'maxConnectedClusters', value: limit }, s.maxConnectedClusters!.line);
    }
  }
  const name = text(s.clusterName);
  if (name !== null && name !== '') {
    if (!CLUSTER_NAME.test(name)) {
      out.diagnostics.push({
        level: 'error',
        line: s.clusterName!.line,
        message: `${s.clusterName!.key} "${name}": expected at most 32 lower-case letters, digits and '-', beginning and ending with a letter or digit`,
      });
    } else claim({ type: 'ciliumCluster', field: 'clusterName', value: name }, s.clusterName!.line);
  }
  const id = text(s.clusterId);
  if (id !== null && id !== '') {
    if (!/^\d+$/.test(id) || Number(id) > limit) {
      out.diagnostics.push({ level: 'error', line: s.clusterId!.line, message: `${s.clusterId!.key} "${id}": expected a whole number from 0 to ${limit}${limit === 255 ? ' (511 with max-connected-clusters 511)' : ''}` });
    } else claim({ type: 'ciliumCluster', field: 'clusterId', value: Number(id) }, s.clusterId!.line);
  }
}

/**
 * Transparent encryption, whose header Cilium adds on top of the tunnel's
 * (pkg/mtu: WireguardOverhead 80 beside TunnelOverhead): cilium-config
 * `enable-wireguard` / `enable-ipsec`, Helm `encryption.enabled` and
 * `encryption.type` (ipsec, the chart's default, or wireguard).
 */
function readEncryption(s: CiliumSettings, out: ParseResult, claim: ClaimFn, text: TextFn): void {
  for (const [setting, kind] of [
    [s.wireguard, 'wireguard'],
    [s.ipsec, 'ipsec'],
  ] as const) {
    const v = text(setting);
    if (v === null || v === '') continue;
    const on = readBool(v);
    if (on === null) out.diagnostics.push({ level: 'error', line: setting!.line, message: `${setting!.key} "${v}": expected true or false` });
    else if (on) return claim({ type: 'cniSetting', field: 'encryption', value: kind }, setting!.line);
  }
  const enabledText = text(s.encryptionEnabled);
  if (enabledText === null || enabledText === '') return;
  const enabled = readBool(enabledText);
  if (enabled === null) {
    out.diagnostics.push({ level: 'error', line: s.encryptionEnabled!.line, message: `${s.encryptionEnabled!.key} "${enabledText}": expected true or false` });
    return;
  }
  if (!enabled) return claim({ type: 'cniSetting', field: 'encryption', value: 'none' }, s.encryptionEnabled!.line);
  const type = text(s.encryptionType);
  if (type === 'wireguard' || type === 'ipsec') claim({ type: 'cniSetting', field: 'encryption', value: type }, s.encryptionType!.line);
  else if (type === null || type === '') claim({ type: 'cniSetting', field: 'encryption', value: 'ipsec' }, s.encryptionEnabled!.line, true);
  else out.diagnostics.push({ level: 'error', line: s.encryptionType!.line, message: `${s.encryptionType!.key} "${type}": expected ipsec or wireguard` });
}

/**
 * The load balancer's DSR dispatch: with Geneve DSR the load balancer inserts a
 * Geneve option, 12 more bytes on top of the tunnel (pkg/mtu DsrTunnelOverhead).
 * Only in dsr or hybrid mode (`bpf-lb-mode` / `loadBalancer.mode`); the dispatch
 * defaults to opt.
 */
function readDsr(s: CiliumSettings, out: ParseResult, claim: ClaimFn, text: TextFn): void {
  const mode = text(s.lbMode);
  if (mode === null || mode === '') return;
  if (mode === 'snat') return claim({ type: 'cniSetting', field: 'dsrDispatch', value: 'none' }, s.lbMode!.line);
  if (mode !== 'dsr' && mode !== 'hybrid') {
    out.diagnostics.push({ level: 'error', line: s.lbMode!.line, message: `${s.lbMode!.key} "${mode}": expected snat, dsr or hybrid` });
    return;
  }
  const dispatch = text(s.dsrDispatch);
  if (dispatch === 'opt' || dispatch === 'ipip' || dispatch === 'geneve') claim({ type: 'cniSetting', field: 'dsrDispatch', value: dispatch }, s.dsrDispatch!.line);
  else if (dispatch === null || dispatch === '') claim({ type: 'cniSetting', field: 'dsrDispatch', value: 'opt' }, s.lbMode!.line, true);
  else out.diagnostics.push({ level: 'error', line: s.dsrDispatch!.line, message: `${s.dsrDispatch!.key} "${dispatch}": expected opt, ipip or geneve` });
}

type ClaimFn = (c: Parameters<typeof addClaim>[1], line: number, inferred?: boolean) => void;
type TextFn = (x: Setting | undefined) => string | null;

/**
 * Cilium chained onto another CNI: the network, its pod addresses and its
 * encapsulation are that CNI's, so Cilium's IPAM, pool, routing and MTU
 * settings are not read as the cluster's (they would contradict the CNI's own
 * config); what Cilium still does here is read: policy and kube-proxy replacement.
 */
function readChained(s: CiliumSettings, mode: string, out: ParseResult, claim: ClaimFn, text: TextFn, anchor: number): void {
  const line = s.chainingMode!.line;
  const onto = Object.hasOwn(CHAINED_ONTO, mode) ? CHAINED_ONTO[mode] : null;
  if (onto) claim({ type: 'cni', name: onto }, line);
  const ignored = (['ipam', 'v4cidrs', 'v6cidrs', 'routingMode', 'tunnelProtocol', 'tunnel', 'mtu'] as const).filter((k) => s[k] !== undefined).map((k) => s[k]!.key);
  out.diagnostics.push({
    level: 'skipped',
    line,
    message: `${s.chainingMode!.key} ${mode}: Cilium runs chained onto ${onto ?? 'another CNI'}, which manages the pod network and its addresses${ignored.length > 0 ? `; not read as the cluster's: ${ignored.join(', ')}` : ''}`,
  });
  readKubeProxyReplacement(s, out, claim, text);
  readPolicy(s, out, claim, text, anchor);
}

/** kube-proxy replacement: true / false since 1.14; strict / partial / probe / disabled before. */
function readKubeProxyReplacement(s: CiliumSettings, out: ParseResult, claim: ClaimFn, text: TextFn): void {
  const kpr = text(s.kubeProxyReplacement);
  if (kpr !== null) {
    const v = kpr.toLowerCase();
    const line = s.kubeProxyReplacement!.line;
    if (v === 'true' || v === 'strict') claim({ type: 'kubeProxyReplacement', name: 'cilium' }, line);
    else if (v === 'partial' || v === 'probe') {
      out.diagnostics.push({ level: 'skipped', line, message: `${s.kubeProxyReplacement!.key} ${kpr}: Cilium replaces only part of kube-proxy, which must still run` });
    } else if (v !== 'false' && v !== 'disabled' && v !== '') {
      out.diagnostics.push({ level: 'error', line, message: `${s.kubeProxyReplacement!.key} "${kpr}": expected true or false (strict, partial, probe or disabled before Cilium 1.14)` });
    }
  }
}

/** Policy enforcement: on unless the mode is `never` (Cilium's default mode enforces once a policy selects a pod). */
function readPolicy(s: CiliumSettings, out: ParseResult, claim: ClaimFn, text: TextFn, anchor: number): void {
  const policy = text(s.policy);
  if (policy !== null) {
    if (policy === 'never') claim({ type: 'cniSetting', field: 'enforcesNetworkPolicy', value: false }, s.policy!.line);
    else if (policy === 'default' || policy === 'always') claim({ type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, s.policy!.line);
    else out.diagnostics.push({ level: 'error', line: s.policy!.line, message: `${s.policy!.key} "${policy}": expected default, always or never` });
  } else {
    claim({ type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, anchor, true);
  }
}

/** A CIDR list as Cilium writes it: YAML list, or one string separated by spaces or commas. */
function cidrList(v: unknown): string[] | null {
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? (v as string[]).map((x) => x.trim()).filter((x) => x !== '') : null;
  if (typeof v === 'string') return v.split(/[\s,]+/).filter((x) => x !== '');
  return null;
}
