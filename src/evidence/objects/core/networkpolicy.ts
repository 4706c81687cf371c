/**
 * NetworkPolicy objects (networking.k8s.io/v1): counted, because policies
 * that exist while the CNI does not enforce them (plain flannel) protect nothing.
 */
import type { ParseResult } from '../../types.js';
import { group, str, type ObjectHandler } from '../types.js';

export const networkPolicyHandler: ObjectHandler = {
  name: 'networkpolicy',
  matches: (o) => o.kind === 'NetworkPolicy' && group(o) === 'networking.k8s.io',
  extract(o, site, out: ParseResult) {
    const name = str(o.metadata?.name);
    const line = site.line(['metadata', 'name']);
    if (!name) {
      out.diagnostics.push({ level: 'error', line, message: 'NetworkPolicy without metadata.name: expected its name' });
      return;
    }
    out.observations.push({ claim: { type: 'networkPolicy', namespace: str(o.metadata?.namespace), name }, line, excerpt: site.excerpt(line) });
  },
};
