/**
 * Cilium's `cilium-config` ConfigMap (rendered by the Helm chart's
 * templates/cilium-configmap.yaml; `kubectl -n kube-system get cm cilium-config -o yaml`):
 *
 *   data:
 *     ipam: cluster-pool
 *     cluster-pool-ipv4-cidr: 10.0.0.0/8
 *     cluster-pool-ipv4-mask-size: "24"
 *     kube-proxy-replacement: "true"
 *     routing-mode: tunnel
 *     tunnel-protocol: vxlan
 *     enable-policy: default
 *
 * See parsers/cilium-settings.ts for what each key means.
 */
import { readCiliumSettings, type CiliumSettings, type Setting } from '../../parsers/cilium-settings.js';
import type { ParseResult } from '../../types.js';
import { obj, str, type ObjectHandler } from '../types.js';

export const CILIUM_CONFIG_KEYS: Readonly<Partial<Record<keyof CiliumSettings, string>>> = {
  ipam: 'ipam',
  v4cidrs: 'cluster-pool-ipv4-cidr',
  v4mask: 'cluster-pool-ipv4-mask-size',
  v6cidrs: 'cluster-pool-ipv6-cidr',
  v6mask: 'cluster-pool-ipv6-mask-size',
  enableIPv4: 'enable-ipv4',
  enableIPv6: 'enable-ipv6',
  kubeProxyReplacement: 'kube-proxy-replacement',
  routingMode: 'routing-mode',
  tunnelProtocol: 'tunnel-protocol',
  tunnel: 'tunnel',
  mtu: 'mtu',
  policy: 'enable-policy',
  chainingMode: 'cni-chaining-mode',
  wireguard: 'enable-wireguard',
  ipsec: 'enable-ipsec',
  lbMode: 'bpf-lb-mode',
  dsrDispatch: 'bpf-lb-dsr-dispatch',
  clusterName: 'cluster-name',
  clusterId: 'cluster-id',
  maxConnectedClusters: 'max-connected-clusters',
};

export const ciliumConfigHandler: ObjectHandler = {
  name: 'cilium-config',
  matches: (o) => o.kind === 'ConfigMap' && str(o.metadata?.name) === 'cilium-config',
  extract(o, site, out: ParseResult) {
    const data = obj(o.data) ?? {};
    const settings: CiliumSettings = {};
    for (const [field, key] of Object.entries(CILIUM_CONFIG_KEYS) as [keyof CiliumSettings, string][]) {
      if (data[key] === undefined) continue;
      const s: Setting = { value: data[key], line: site.line(['data', key]), key: `cilium-config ${key}` };
      settings[field] = s;
    }
    readCiliumSettings(settings, out, (l) => site.excerpt(l), site.line(['metadata', 'name']));
  },
};
