/**
 * kind's cluster config (kind.x-k8s.io/v1alpha4 `Cluster`, the file given to
 * `kind create cluster --config`, often through a heredoc: ../../parsers/script.ts).
 * Fields (kubernetes-sigs/kind pkg/apis/config/v1alpha4/types.go, v0.32.0):
 *   networking.ipFamily          ipv4 (default) | ipv6 | dual
 *   networking.podSubnet         comma-separated for dual; default below
 *   networking.serviceSubnet     comma-separated for dual; default below
 *   networking.kubeProxyMode     iptables (default) | ipvs | nftables | none (no kube-proxy)
 *   networking.disableDefaultCNI false: kind installs kindnet (kindnetd), whose IPAM
 *                                hands out each node's podCIDR
 *   nodes[]                      role control-plane | worker; default one control-plane node,
 *                                named <name>-<role>[N] (pkg/cluster/internal/providers/common/namer.go)
 *   kubeadmConfigPatches[]       kubeadm documents (often without apiVersion), read by the
 *                                kubeadm, kubelet and kube-proxy handlers at their own lines
 * kind.x-k8s.io/v1alpha3 (and its first group, kind.sigs.k8s.io/v1alpha3, kind v0.5) is
 * read too (same networking fields); kind dropped it in
 * 2020 (kind commit 3abbcbbb "drop v1alpha3"; v0.9.0 and later refuse it).
 *
 * Defaults, kubernetes-sigs/kind pkg/apis/config/v1alpha4/default.go at v0.32.0
 * (commit cda67ef8588f6bfdac5358233f2471cb2149ecaf), recorded as inferred:
 *   podSubnet      10.244.0.0/16 | fd00:10:244::/56 | both for dual
 *   serviceSubnet  10.96.0.0/16 (not kubeadm's /12) | fd00:10:96::/112 | both for dual
 *   kubeProxyMode  iptables
 */
import type { Claim, ParseResult } from '../../types.js';
import { addNetworks } from '../../parsers/common.js';
import { arr, obj, str, type KubeObject, type ObjectHandler, type ObjectSite } from '../types.js';
import { OBJECT_HANDLERS_FOR_PATCHES, readPatch } from './kind-patches.js';

export const KIND_VERSION = 'v0.32.0';
const FAMILIES = new Set(['ipv4', 'ipv6', 'dual']);
const PROXY_MODES = new Set(['iptables', 'ipvs', 'nftables', 'none']);

export const KIND_DEFAULTS = {
  ipv4: { pod: ['10.244.0.0/16'], service: ['10.96.0.0/16'] },
  ipv6: { pod: ['fd00:10:244::/56'], service: ['fd00:10:96::/112'] },
  dual: { pod: ['10.244.0.0/16', 'fd00:10:244::/56'], service: ['10.96.0.0/16', 'fd00:10:96::/112'] },
} as const;

export const kindClusterHandler: ObjectHandler = {
  name: 'kind-cluster',
  matches: (o) => o.kind === 'Cluster' && typeof o.apiVersion === 'string' && /^kind\.(x-k8s\.io|sigs\.k8s\.io)\//.test(o.apiVersion),
  extract(o, site, out) {
    const api = String(o.apiVersion);
    if (api !== 'kind.x-k8s.io/v1alpha4' && api !== 'kind.x-k8s.io/v1alpha3' && api !== 'kind.sigs.k8s.io/v1alpha3') {
      out.diagnostics.push({ level: 'error', line: site.line(['apiVersion']), message: `kind Cluster ${api}: expected kind.x-k8s.io/v1alpha4 (or the legacy v1alpha3)` });
      return;
    }
    if (api.endsWith('/v1alpha3')) {
      out.diagnostics.push({ level: 'warning', line: site.line(['apiVersion']), message: `kind Cluster ${api}: kind v0.9.0 and later refuse it; read here for its facts only, write it as kind.x-k8s.io/v1alpha4` });
    }
    const kindLine = site.line(['kind']);
    push(out, { type: 'distribution', name: 'kind' }, kindLine, site);
    // The cluster's name (kind create cluster --name overrides it): two configs naming two
    // clusters in one folder are two clusters, which KN901 reports rather than merging them.
    const clusterName = str(o.name);
    if (clusterName) push(out, { type: 'clusterName', name: clusterName }, site.line(['name']), site);
    const net = obj(o.networking) ?? {};
    // Defaults sit at the document's kind: line, which leaves them out.
  const netLine = kindLine;
    const defaulted = (what: string): string => `default of kind ${KIND_VERSION} (${what}), not stated`;

    let family: 'ipv4' | 'ipv6' | 'dual' | null = 'ipv4';
    const fam = net.ipFamily;
    if (templated(fam)) {
      // `ipFamily: ${IP_FAMILY:-ipv4}` in a script: decided when it runs, so no family's defaults apply.
      family = null;
      out.diagnostics.push({ level: 'skipped', line: site.line(['networking', 'ipFamily']), message: `kind networking.ipFamily ${String(fam)} is templated: its value is decided elsewhere` });
    } else if (fam !== undefined && fam !== null && fam !== '') {
      if (typeof fam === 'string' && FAMILIES.has(fam)) family = fam as typeof family;
      else {
        out.diagnostics.push({ level: 'error', line: site.line(['networking', 'ipFamily']), message: `kind networking.ipFamily ${JSON.stringify(fam)}: expected ipv4, ipv6 or dual` });
        return;
      }
    }

    for (const [role, key] of [['pod', 'podSubnet'], ['service', 'serviceSubnet']] as const) {
      const v = net[key];
      if (templated(v)) {
        out.diagnostics.push({ level: 'skipped', line: site.line(['networking', key]), message: `kind networking.${key} ${String(v)} is templated: its value is decided elsewhere` });
      } else if (v !== undefined && v !== null && v !== '') {
        const line = site.line(['networking', key]);
        if (typeof v === 'string') addNetworks(out, role, v, line, site.excerpt(line), `kind networking.${key}`);
        else out.diagnostics.push({ level: 'error', line, message: `kind networking.${key}: expected a CIDR string, got ${JSON.stringify(v)}` });
      } else if (family !== null) {
        const d = KIND_DEFAULTS[family][role];
        for (const cidr of d) out.observations.push({ claim: { type: 'network', role, cidr }, line: netLine, excerpt: defaulted(`${key} ${d.join(',')}`), inferred: true });
      }
    }

    const mode = net.kubeProxyMode;
    if (templated(mode)) {
      out.diagnostics.push({ level: 'skipped', line: site.line(['networking', 'kubeProxyMode']), message: `kind networking.kubeProxyMode ${String(mode)} is templated: its value is decided elsewhere` });
    } else if (mode === undefined || mode === null || mode === '') {
      out.observations.push({ claim: { type: 'proxyMode', mode: 'iptables' }, line: netLine, excerpt: defaulted('kubeProxyMode iptables'), inferred: true });
      out.observations.push({ claim: { type: 'kubeProxyPresent', present: true }, line: netLine, excerpt: defaulted('kube-proxy DaemonSet in iptables mode'), inferred: true });
    } else if (typeof mode === 'string' && PROXY_MODES.has(mode)) {
      const line = site.line(['networking', 'kubeProxyMode']);
      if (mode === 'none') push(out, { type: 'kubeProxyPresent', present: false }, line, site);
      else push(out, { type: 'proxyMode', mode }, line, site);
    } else {
      out.diagnostics.push({ level: 'error', line: site.line(['networking', 'kubeProxyMode']), message: `kind networking.kubeProxyMode ${JSON.stringify(mode)}: expected iptables, ipvs, nftables or none` });
    }

    const disable = net.disableDefaultCNI;
    if (disable === true) {
      out.diagnostics.push({ level: 'skipped', line: site.line(['networking', 'disableDefaultCNI']), message: 'kind disableDefaultCNI: true: the CNI is installed apart; its own config says which' });
    } else if (disable === undefined || disable === null || disable === false) {
      // kind's default CNI: kindnetd (kubernetes-sigs/kind pkg/build/nodeimage/const_cni.go, v0.32.0),
      // given POD_SUBNET and using each node's podCIDR for its host-local IPAM.
      const line = disable === false ? site.line(['networking', 'disableDefaultCNI']) : netLine;
      const why = disable === false ? site.excerpt(line) : defaulted('disableDefaultCNI false: kindnet');
      out.observations.push({ claim: { type: 'cni', name: 'kindnet' }, line, excerpt: why, ...(disable === false ? {} : { inferred: true }) });
      out.observations.push({ claim: { type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, line, excerpt: defaulted('kindnet IPAM: each node\'s podCIDR'), inferred: true });
    } else {
      out.diagnostics.push({ level: 'error', line: site.line(['networking', 'disableDefaultCNI']), message: `kind networking.disableDefaultCNI ${JSON.stringify(disable)}: expected true or false` });
    }

    nodes(o, site, out, kindLine);
    arr(o.kubeadmConfigPatches).forEach((_, i) => readPatch(site, ['kubeadmConfigPatches', i], OBJECT_HANDLERS_FOR_PATCHES, out));
    arr(o.nodes).forEach((n, i) => arr(obj(n)?.kubeadmConfigPatches).forEach((_, j) => readPatch(site, ['nodes', i, 'kubeadmConfigPatches', j], OBJECT_HANDLERS_FOR_PATCHES, out)));
  },
};

/** A value a script or template fills in: `${IP_FAMILY:-ipv4}`, `{{ .Values.x }}`. */
function templated(v: unknown): boolean {
  return typeof v === 'string' && /\$\{|\{\{|^\$[A-Za-z_]/.test(v);
}

function push(out: ParseResult, claim: Claim, line: number, site: ObjectSite): void {
  out.observations.push({ claim, line, excerpt: site.excerpt(line) });
}

/** The node list: count and roles; names as kind gives them (<name>-control-plane, <name>-worker2...). */
function nodes(o: KubeObject, site: ObjectSite, out: ParseResult, kindLine: number): void {
  const cluster = str(o.name) ?? 'kind';
  const counter = new Map<string, number>();
  const name = (role: string): string => {
    const n = (counter.get(role) ?? 0) + 1;
    counter.set(role, n);
    return `${cluster}-${role}${n > 1 ? n : ''}`;
  };
  if (o.nodes === undefined || o.nodes === null) {
    out.observations.push({ claim: { type: 'node', name: name('control-plane'), roles: ['control-plane'] }, line: kindLine, excerpt: `default of kind ${KIND_VERSION} (one control-plane node), not stated`, inferred: true });
    return;
  }
  if (!Array.isArray(o.nodes)) {
    out.diagnostics.push({ level: 'error', line: site.line(['nodes']), message: 'kind nodes: expected a list of {role: control-plane | worker}' });
    return;
  }
  o.nodes.forEach((n, i) => {
    const role = str(obj(n)?.role) ?? 'control-plane';
    const line = site.line(['nodes', i]);
    if (role !== 'control-plane' && role !== 'worker') {
      out.diagnostics.push({ level: 'error', line, message: `kind nodes[${i}].role ${JSON.stringify(role)}: expected control-plane or worker` });
      return;
    }
    out.observations.push({ claim: { type: 'node', name: name(role), roles: [role] }, line, excerpt: site.excerpt(line) });
  });
}
