/**
 * Pods whose containers run a control-plane component with networking flags:
 * static pod manifests (/etc/kubernetes/manifests/kube-apiserver.yaml,
 * kube-controller-manager.yaml) and their mirror pods from the API. Each
 * command and args item is read by the component-flags parser at its own line.
 */
import { componentFlags } from '../../parsers/component-flags.js';
import type { ParseResult } from '../../types.js';
import { arr, obj, str, type ObjectHandler } from '../types.js';

export const podHandler: ObjectHandler = {
  name: 'pod',
  matches: (o) => o.kind === 'Pod' && (o.apiVersion === 'v1' || o.apiVersion === undefined),
  extract(o, site, out: ParseResult) {
    const spec = obj(o.spec);
    for (const list of ['initContainers', 'containers'] as const) {
      arr(spec?.[list]).forEach((c, ci) => {
        const container = obj(c);
        // command and args of one container are read together, each item at its own
        // file line, so a flag knows its component (kube-proxy's --cluster-cidr) and
        // --node-cidr-mask-size sees --cluster-cidr.
        const items: string[] = [];
        const lines: number[] = [];
        for (const field of ['command', 'args'] as const) {
          arr(container?.[field]).forEach((item, ai) => {
            const s = str(item);
            if (s === null) return;
            items.push(s);
            lines.push(site.line(['spec', list, ci, field, ai]));
          });
        }
        if (items.length === 0) return;
        const res = componentFlags.parse(items, { command: items[0] ?? '' });
        const at = (l: number | null): number => lines[(l ?? 1) - 1] ?? site.line(['spec', list, ci]);
        for (const ob of res.observations) out.observations.push({ ...ob, line: at(ob.line), excerpt: site.excerpt(at(ob.line)) });
        for (const d of res.diagnostics) out.diagnostics.push({ ...d, line: at(d.line) });
      });
    }
  },
};
