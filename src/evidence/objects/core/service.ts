/**
 * Services (v1). Only the cluster DNS Service carries a networking fact:
 * kube-system/kube-dns (CoreDNS keeps that name in kubeadm clusters; some
 * distributions call it coredns), whose spec.clusterIP — clusterIPs[0], the
 * primary family — is the address kubelet's clusterDNS must name.
 * default/kubernetes has the first address of the service range as its
 * ClusterIP; the range itself comes from kube-apiserver, so it is not recorded.
 */
import { checkIP } from '../../parsers/common.js';
import type { ParseResult } from '../../types.js';
import { arr, obj, str, type ObjectHandler } from '../types.js';

const DNS_NAMES = new Set(['kube-dns', 'coredns']);

export const serviceHandler: ObjectHandler = {
  name: 'service',
  matches: (o) => o.kind === 'Service' && (o.apiVersion === 'v1' || o.apiVersion === undefined),
  extract(o, site, out: ParseResult) {
    const name = str(o.metadata?.name) ?? '';
    const ns = str(o.metadata?.namespace);
    if (!DNS_NAMES.has(name) || (ns !== null && ns !== 'kube-system')) {
      const why =
        name === 'kubernetes' && (ns === null || ns === 'default')
          ? 'its ClusterIP is the first address of the service range, which kube-apiserver states'
          : 'only the cluster DNS Service (kube-system/kube-dns) carries a networking fact';
      out.diagnostics.push({ level: 'skipped', line: site.line(), message: `Service ${ns ?? ''}${ns ? '/' : ''}${name}: ${why}` });
      return;
    }
    const spec = obj(o.spec);
    const ips = arr(spec?.clusterIPs);
    const [value, path] = ips.length > 0 ? [ips[0], ['spec', 'clusterIPs', 0]] : [spec?.clusterIP, ['spec', 'clusterIP']];
    const ip = str(value);
    const line = site.line(path);
    if (ip === null || ip === '' || ip === 'None') {
      out.diagnostics.push({ level: 'skipped', line, message: `Service ${name}: no ClusterIP (${ip === 'None' ? 'headless' : 'not shown'})` });
      return;
    }
    const canonical = checkIP(out, ip, line, `Service ${name} clusterIP`);
    if (canonical) out.observations.push({ claim: { type: 'dnsServiceIP', ip: canonical }, line, excerpt: site.excerpt(line) });
  },
};
