/**
 * Cilium's CiliumPodIPPool (cilium.io/v2alpha1, cilium.io/v2 from 1.18), the pools of
 * multi-pool IPAM (Cilium docs network/concepts/ipam/multi-pool; the chart's
 * ipam.operator.autoCreateCiliumPodIPPools has the same shape):
 *
 *   spec:
 *     ipv4:
 *       cidrs: [10.10.0.0/16]
 *       maskSize: 27
 *     ipv6:
 *       cidrs: [fd00:100::/80]
 *       maskSize: 96
 *
 * Each CIDR is a pool (and a pod range) whose per-node blocks are maskSize long.
 */
import { addClaim, addPool } from '../../parsers/cni-common.js';
import type { ParseResult } from '../../types.js';
import { arr, group, obj, str, type ObjectHandler } from '../types.js';

export const ciliumPodIPPoolHandler: ObjectHandler = {
  name: 'cilium-podippool',
  matches: (o) => o.kind === 'CiliumPodIPPool' && group(o) === 'cilium.io',
  extract(o, site, out: ParseResult) {
    const name = str(o.metadata?.name);
    const spec = obj(o.spec);
    const kindLine = site.line(['kind']);
    addClaim(out, { type: 'cni', name: 'cilium' }, kindLine, site.excerpt(kindLine));
    addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'pool' }, kindLine, site.excerpt(kindLine), true);
    for (const fam of ['ipv4', 'ipv6'] as const) {
      const f = obj(spec?.[fam]);
      if (!f) continue;
      const what = `CiliumPodIPPool ${name ?? '(unnamed)'} ${fam}`;
      let blockSize: number | null = null;
      if (f.maskSize !== undefined) {
        if (typeof f.maskSize !== 'number' || !Number.isInteger(f.maskSize)) {
          out.diagnostics.push({ level: 'error', line: site.line(['spec', fam, 'maskSize']), message: `${what}: maskSize ${JSON.stringify(f.maskSize)} is not a prefix length` });
          continue;
        }
        blockSize = f.maskSize;
      }
      arr(f.cidrs).forEach((c, i) => {
        const line = site.line(['spec', fam, 'cidrs', i]);
        const cidr = str(c);
        if (cidr === null) {
          out.diagnostics.push({ level: 'error', line, message: `${what}: cidrs[${i}] is not a string` });
          return;
        }
        // Addresses are IPv6 exactly when they contain a colon (as parseCIDR decides).
        if (cidr.includes(':') !== (fam === 'ipv6')) {
          out.diagnostics.push({ level: 'error', line, message: `${what}: ${cidr} is not an ${fam === 'ipv4' ? 'IPv4' : 'IPv6'} range` });
          return;
        }
        addPool(out, { name, cidr, blockSize, encapsulation: null, disabled: false }, line, site.excerpt(line), what);
      });
    }
  },
};
