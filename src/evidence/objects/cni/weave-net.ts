/**
 * weave-net's DaemonSet (weaveworks/weave prog/weave-kube/weave-daemonset-k8s.yaml):
 * the `weave` container's environment sets the IPAM range and MTU:
 *
 *   env:
 *   - name: IPALLOC_RANGE
 *     value: 10.244.0.0/16       # default 10.32.0.0/12
 *   - name: WEAVE_MTU
 *     value: "1337"              # default 1376
 *   - name: WEAVE_PASSWORD
 *     valueFrom: {secretKeyRef: {name: weave-passwd, key: weave-passwd}}
 *
 * Defaults: weave docs (kubernetes/kube-addon, "Changing Configuration Options").
 * Weave allocates from its own range (IPAM pool), and weave-npc enforces
 * NetworkPolicy. WEAVE_PASSWORD is a secret: it is never read, copied or echoed.
 */
import { addClaim, addPool, readMTU } from '../../parsers/cni-common.js';
import { templateIn } from '../../parsers/tree.js';
import type { ParseResult } from '../../types.js';
import { str, type ObjectHandler } from '../types.js';
import { containerEnv, containerNames } from './env.js';

export const WEAVE_DEFAULT_RANGE = '10.32.0.0/12';
export const WEAVE_DEFAULT_MTU = 1376;

export const weaveNetHandler: ObjectHandler = {
  name: 'weave-net',
  matches: (o) => o.kind === 'DaemonSet' && (str(o.metadata?.name) === 'weave-net' || containerNames(o).includes('weave')),
  extract(o, site, out: ParseResult) {
    const env = containerEnv(o, site, 'weave').filter((e) => e.name !== 'WEAVE_PASSWORD');
    const nameLine = site.line(['metadata', 'name']);
    const at = (l: number): string => site.excerpt(l);
    addClaim(out, { type: 'cni', name: 'weave-net' }, nameLine, at(nameLine));
    addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'pool' }, nameLine, at(nameLine), true);
    addClaim(out, { type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, nameLine, at(nameLine), true);
    const get = (n: string): (typeof env)[number] | undefined => env.filter((e) => e.name === n).at(-1);
    const literal = (n: string): { value: string; line: number } | null => {
      const e = get(n);
      if (!e) return null;
      if (e.value === null) {
        out.diagnostics.push({ level: 'skipped', line: e.line, message: `${n} comes from ${e.from ?? 'a reference'}: its value is not in this evidence` });
        return null;
      }
      const t = templateIn(e.value);
      if (t) {
        out.diagnostics.push({ level: 'skipped', line: e.line, message: `${n} "${e.value}" is ${t}, not a value` });
        return null;
      }
      return { value: e.value.trim(), line: e.line };
    };
    const range = literal('IPALLOC_RANGE');
    if (range) {
      addPool(out, { name: null, cidr: range.value, blockSize: null, encapsulation: null, disabled: false }, range.line, at(range.line), 'weave IPALLOC_RANGE');
    } else if (!get('IPALLOC_RANGE')) {
      const l = site.line(['spec', 'template', 'spec', 'containers']);
      out.observations.push({
        claim: { type: 'ipPool', name: null, cidr: WEAVE_DEFAULT_RANGE, blockSize: null, encapsulation: null, disabled: false },
        line: l,
        excerpt: at(l),
        inferred: true,
      });
    }
    const mtu = literal('WEAVE_MTU');
    if (mtu) {
      const n = readMTU(out, mtu.value, mtu.line, 'WEAVE_MTU');
      if (n !== null) addClaim(out, { type: 'cniSetting', field: 'mtu', value: n }, mtu.line, at(mtu.line));
    } else if (!get('WEAVE_MTU')) {
      addClaim(out, { type: 'cniSetting', field: 'mtu', value: WEAVE_DEFAULT_MTU }, nameLine, at(nameLine), true);
    }
  },
};
