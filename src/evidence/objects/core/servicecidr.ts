/**
 * ServiceCIDR objects (networking.k8s.io/v1, GA in 1.33; v1beta1 in 1.31-1.32):
 * spec.cidrs lists up to one range per family; each is a service range beside
 * the one kube-apiserver's --service-cluster-ip-range created (the ServiceCIDR
 * named "kubernetes"). Fields from k8s.io/api networking/v1 types.go.
 */
import { addNetworks } from '../../parsers/common.js';
import type { ParseResult } from '../../types.js';
import { arr, group, obj, str, type ObjectHandler } from '../types.js';

export const serviceCIDRHandler: ObjectHandler = {
  name: 'servicecidr',
  matches: (o) => o.kind === 'ServiceCIDR' && group(o) === 'networking.k8s.io',
  extract(o, site, out: ParseResult) {
    const name = str(o.metadata?.name) ?? '';
    const cidrs = arr(obj(o.spec)?.cidrs);
    if (cidrs.length === 0) {
      out.diagnostics.push({ level: 'error', line: site.line(['spec']), message: `ServiceCIDR ${name}: expected spec.cidrs with one or two ranges` });
      return;
    }
    cidrs.forEach((c, i) => {
      const line = site.line(['spec', 'cidrs', i]);
      const s = str(c);
      if (s === null) out.diagnostics.push({ level: 'error', line, message: `ServiceCIDR ${name} spec.cidrs: expected a CIDR` });
      else addNetworks(out, 'service', s, line, site.excerpt(line), `ServiceCIDR ${name} spec.cidrs`);
    });
  },
};
