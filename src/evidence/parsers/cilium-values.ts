/**
 * Helm values for the Cilium chart (install/kubernetes/cilium/values.yaml, or
 * the file given to `helm install cilium cilium/cilium -f values.yaml`):
 *
 *   kubeProxyReplacement: true
 *   k8sServiceHost: 192.168.10.10
 *   routingMode: native
 *   ipv4NativeRoutingCIDR: 10.0.0.0/8
 *   ipam:
 *     mode: cluster-pool
 *     operator:
 *       clusterPoolIPv4PodCIDRList: ["10.0.0.0/8"]
 *       clusterPoolIPv4MaskSize: 24
 *   MTU: 0
 *
 * A values file has no kind or apiVersion, so it is recognised by its keys.
 * Only what the file states is taken: a partial override file leaves the
 * chart's other defaults unknown rather than guessed (mask sizes excepted,
 * marked inferred). See cilium-settings.ts for meanings.
 */
import type { Path } from '../objects/types.js';
import type { Parser, ParseResult } from '../types.js';
import { readCiliumSettings, type CiliumSettings } from './cilium-settings.js';
import { emptyResult } from './common.js';
import { readTree } from './tree.js';
import { excerpt } from '../text.js';

const TOP = /^(kubeProxyReplacement|routingMode|tunnelProtocol|k8sServiceHost|ipv4NativeRoutingCIDR|ipv6NativeRoutingCIDR|autoDirectNodeRoutes|bpf|hubble|ipam|MTU|policyEnforcementMode|tunnel|cni|operator|ipv4|ipv6|l7Proxy|encryption|loadBalancer|socketLB|bgpControlPlane|envoy|clustermesh|cluster|enableIPv4Masquerade|nodePort)\s*:/;
const STRONG = /^(kubeProxyReplacement|routingMode|tunnelProtocol|k8sServiceHost|ipv4NativeRoutingCIDR|policyEnforcementMode)\s*:|^\s+(clusterPoolIPv4PodCIDRList|clusterPoolIPv4MaskSize|clusterPoolIPv6PodCIDRList)\s*:/;

const PATHS: Readonly<Record<keyof CiliumSettings, Path[]>> = {
  ipam: [['ipam', 'mode']],
  v4cidrs: [['ipam', 'operator', 'clusterPoolIPv4PodCIDRList'], ['ipam', 'operator', 'clusterPoolIPv4PodCIDR']],
  v4mask: [['ipam', 'operator', 'clusterPoolIPv4MaskSize']],
  v6cidrs: [['ipam', 'operator', 'clusterPoolIPv6PodCIDRList'], ['ipam', 'operator', 'clusterPoolIPv6PodCIDR']],
  v6mask: [['ipam', 'operator', 'clusterPoolIPv6MaskSize']],
  enableIPv4: [['ipv4', 'enabled']],
  enableIPv6: [['ipv6', 'enabled']],
  kubeProxyReplacement: [['kubeProxyReplacement']],
  routingMode: [['routingMode']],
  tunnelProtocol: [['tunnelProtocol']],
  tunnel: [['tunnel']],
  mtu: [['MTU']],
  policy: [['policyEnforcementMode']],
  chainingMode: [['cni', 'chainingMode']],
  wireguard: [],
  ipsec: [],
  encryptionEnabled: [['encryption', 'enabled']],
  encryptionType: [['encryption', 'type']],
  lbMode: [['loadBalancer', 'mode']],
  dsrDispatch: [['loadBalancer', 'dsrDispatch']],
  clusterName: [['cluster', 'name']],
  clusterId: [['cluster', 'id']],
  maxConnectedClusters: [['clustermesh', 'maxConnectedClusters']],
};

export const ciliumValues: Parser = {
  kind: 'cilium-helm-values',
  title: 'Cilium Helm values',
  detect(lines, ctx) {
    let top = 0;
    let strong = false;
    for (const l of lines) {
      if (/^\s*"?(kind|apiVersion)"?\s*:/.test(l)) return 0;
      if (TOP.test(l)) top++;
      if (STRONG.test(l)) strong = true;
    }
    if (strong && top >= 1) return top >= 2 ? 0.85 : 0.7;
    return top >= 3 && /cilium/i.test(`${ctx.path ?? ''} ${ctx.command ?? ''}`) ? 0.6 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const read = readTree(lines);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `Helm values are not valid YAML: ${read.error}`, syntax: true });
      return out;
    }
    const root = read.tree.value;
    if (root === null || typeof root !== 'object' || Array.isArray(root)) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'Helm values: expected a YAML mapping' });
      return out;
    }
    const settings: CiliumSettings = {};
    for (const [field, paths] of Object.entries(PATHS) as [keyof CiliumSettings, Path[]][]) {
      for (const p of paths) {
        const v = getIn(root, p);
        if (v === undefined || v === null) continue;
        settings[field] = { value: v, line: read.tree.line(p), key: p.join('.') };
        break;
      }
    }
    const anchor = settings.kubeProxyReplacement?.line ?? settings.ipam?.line ?? read.tree.line([]);
    readCiliumSettings(settings, out, (l) => excerpt(lines[l - 1] ?? ''), anchor);
    return out;
  },
};

function getIn(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[String(k)];
  }
  return v;
}
