/**
 * KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1): the file given to
 * `kube-proxy --config`, the `config.conf` key of the kube-system/kube-proxy
 * ConfigMap (read through ./configmap.ts), or a document of a kubeadm config.
 * Fields (kubernetes staging/src/k8s.io/kube-proxy/config/v1alpha1/types.go):
 *   mode          iptables | ipvs | nftables | kernelspace (Windows); "" is the
 *                 platform default, iptables on Linux (recorded as inferred)
 *   clusterCIDR   comma-separated, one per family; "" when unset
 *   detectLocalMode  ClusterCIDR (the default, uses clusterCIDR), NodeCIDR, BridgeInterface, InterfaceNamePrefix
 *   conntrack     maxPerCore, min (null means kube-proxy's default)
 *   ipvs          excludeCIDRs are validated; nftables has no range settings
 */
import { parseCIDR } from '../../../facts/address.js';
import { splitList } from '../../parsers/common.js';
import { DETECT_LOCAL } from '../../parsers/component-flags.js';
import type { ParseResult } from '../../types.js';
import { arr, obj, str, type ObjectHandler } from '../types.js';

/** Modes kube-proxy accepts (pkg/proxy/apis/config/validation), plus the removed userspace for old configs. */
const MODES = new Set(['iptables', 'ipvs', 'nftables', 'kernelspace', 'userspace']);

export const kubeProxyConfigHandler: ObjectHandler = {
  name: 'kube-proxy-config',
  matches: (o) => o.kind === 'KubeProxyConfiguration' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kubeproxy.config.k8s.io/'),
  extract(o, site, out: ParseResult) {
    const mode = o.mode;
    if (mode === undefined || mode === null || mode === '') {
      const line = site.line(['mode']);
      out.observations.push({ claim: { type: 'proxyMode', mode: 'iptables' }, line, excerpt: site.excerpt(line), inferred: true });
    } else if (typeof mode === 'string' && MODES.has(mode)) {
      const line = site.line(['mode']);
      out.observations.push({ claim: { type: 'proxyMode', mode }, line, excerpt: site.excerpt(line) });
    } else {
      out.diagnostics.push({ level: 'error', line: site.line(['mode']), message: `KubeProxyConfiguration mode ${JSON.stringify(mode)}: expected iptables, ipvs, nftables, kernelspace or ""` });
    }

    const cidr = str(o.clusterCIDR);
    if (cidr) {
      const line = site.line(['clusterCIDR']);
      for (const part of splitList(cidr)) {
        const parsed = parseCIDR(part);
        if (!parsed.ok) out.diagnostics.push({ level: 'error', line, message: `KubeProxyConfiguration clusterCIDR: ${parsed.error}` });
        else out.observations.push({ claim: { type: 'kubeProxyClusterCIDR', cidr: part }, line, excerpt: site.excerpt(line) });
      }
    }

    // detectLocalMode: how kube-proxy tells pod traffic; clusterCIDR is used only by ClusterCIDR,
    // the default when the field is empty (pkg/proxy/apis/config/types.go LocalMode).
    const detect = o.detectLocalMode;
    if (typeof detect === 'string' && detect !== '') {
      const line = site.line(['detectLocalMode']);
      if (DETECT_LOCAL.has(detect)) out.observations.push({ claim: { type: 'kubeProxyDetectLocalMode', mode: detect }, line, excerpt: site.excerpt(line) });
      else out.diagnostics.push({ level: 'error', line, message: `KubeProxyConfiguration detectLocalMode ${JSON.stringify(detect)}: expected ClusterCIDR, NodeCIDR, BridgeInterface or InterfaceNamePrefix` });
    }

    const conntrack = obj(o.conntrack);
    for (const field of ['maxPerCore', 'min'] as const) {
      const v = conntrack?.[field];
      if (v === undefined || v === null) continue;
      const line = site.line(['conntrack', field]);
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out.observations.push({ claim: { type: 'conntrack', field, value: v }, line, excerpt: site.excerpt(line) });
      else out.diagnostics.push({ level: 'error', line, message: `KubeProxyConfiguration conntrack.${field} ${JSON.stringify(v)}: expected a whole number, 0 or more` });
    }

    arr(obj(o.ipvs)?.excludeCIDRs).forEach((v, i) => {
      const s = str(v);
      const parsed = s === null ? null : parseCIDR(s);
      if (!parsed || !parsed.ok) {
        out.diagnostics.push({ level: 'error', line: site.line(['ipvs', 'excludeCIDRs', i]), message: `KubeProxyConfiguration ipvs.excludeCIDRs: ${parsed && !parsed.ok ? parsed.error : 'expected a CIDR'}` });
      }
    });
  },
};
