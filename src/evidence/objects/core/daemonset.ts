/**
 * DaemonSets (apps/v1), from `kubectl get ds -A -o yaml|json`, a cluster-info
 * dump's <namespace>/daemonsets.json, or a manifest. What the DaemonSet
 * controller reads to choose nodes: spec.template.spec.nodeSelector,
 * tolerations, and affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.
 *
 * Status counts (k8s.io/api apps/v1 DaemonSetStatus): currentNumberScheduled,
 * numberMisscheduled, desiredNumberScheduled and numberReady are always
 * serialised; updatedNumberScheduled, numberAvailable and numberUnavailable are
 * `omitempty`, so the API leaves them out when they are 0. A count missing from
 * a present `status` is therefore 0; without `status` (a manifest) counts are unknown.
 *
 * Container env (IPALLOC_RANGE, CALICO_IPV4POOL_CIDR) belongs to the CNI readers.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, ParseResult, Toleration } from '../../types.js';
import { arr, obj, str, type ObjectHandler, type Path } from '../types.js';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
const COUNTS = [
  ['desired', 'desiredNumberScheduled'],
  ['current', 'currentNumberScheduled'],
  ['ready', 'numberReady'],
  ['upToDate', 'updatedNumberScheduled'],
  ['available', 'numberAvailable'],
] as const;

export const daemonSetHandler: ObjectHandler = {
  name: 'daemonset',
  matches: (o) => o.kind === 'DaemonSet' && (o.apiVersion === 'apps/v1' || o.apiVersion === 'extensions/v1beta1' || o.apiVersion === 'apps/v1beta2'),
  extract(o, site, out: ParseResult) {
    const name = str(o.metadata?.name);
    const nameLine = site.line(['metadata', 'name']);
    if (!name) {
      out.diagnostics.push({ level: 'error', line: nameLine, message: 'DaemonSet without metadata.name: expected its name' });
      return;
    }
    const status = obj(o.status);
    const counts = { desired: null, current: null, ready: null, upToDate: null, available: null } as Record<(typeof COUNTS)[number][0], number | null>;
    if (status) {
      for (const [field, key] of COUNTS) {
        const v = status[key];
        if (v === undefined || v === null) counts[field] = 0;
        else if (typeof v === 'number' && Number.isInteger(v) && v >= 0) counts[field] = v;
        else {
          out.diagnostics.push({ level: 'error', line: site.line(['status', key]), message: `DaemonSet ${name} status.${key} ${JSON.stringify(v)}: expected a count (a whole number, 0 or more)` });
        }
      }
    }
    const tplPath = ['spec', 'template', 'spec'];
    const pod = obj(obj(obj(o.spec)?.template)?.spec);
    const nodeSelector: Record<string, string> | null = pod ? {} : null;
    for (const [k, v] of Object.entries(obj(pod?.nodeSelector) ?? {})) if (nodeSelector && typeof v === 'string') nodeSelector[k] = v;

    const tolerations: Toleration[] | null = pod ? [] : null;
    arr(pod?.tolerations).forEach((t, i) => {
      const tol = obj(t);
      const operator = str(tol?.operator);
      if (!tol || (operator !== null && operator !== 'Exists' && operator !== 'Equal')) {
        out.diagnostics.push({ level: 'error', line: site.line([...tplPath, 'tolerations', i]), message: `DaemonSet ${name} toleration ${i + 1}: expected operator Exists or Equal` });
        return;
      }
      const key = str(tol.key);
      const value = str(tol.value);
      const effect = str(tol.effect);
      tolerations?.push({
        ...(key ? { key } : {}),
        ...(operator ? { operator: operator as 'Exists' | 'Equal' } : {}),
        ...(value ? { value } : {}),
        ...(effect ? { effect } : {}),
      });
    });

    const affPath: Path = [...tplPath, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
    const required = obj(obj(obj(pod?.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
    const requiredNodeAffinity: NodeSelectorTerm[] | null = pod ? [] : null;
    arr(required?.nodeSelectorTerms).forEach((t, ti) => {
      const term = obj(t);
      const out_: NodeSelectorTerm = {};
      for (const field of ['matchExpressions', 'matchFields'] as const) {
        const reqs: NodeSelectorRequirement[] = [];
        arr(term?.[field]).forEach((r, ri) => {
          const req = obj(r);
          const key = str(req?.key);
          const operator = str(req?.operator);
          if (key === null || operator === null || !OPERATORS.has(operator)) {
            out.diagnostics.push({
              level: 'error',
              line: site.line([...affPath, ti, field, ri]),
              message: `DaemonSet ${name} node affinity: expected a key and an operator of In, NotIn, Exists, DoesNotExist, Gt or Lt`,
            });
            return;
          }
          const values = arr(req?.values).filter((v): v is string => typeof v === 'string');
          reqs.push({ key, operator: operator as NodeSelectorRequirement['operator'], ...(values.length > 0 ? { values } : {}) });
        });
        if (reqs.length > 0) out_[field] = reqs;
      }
      requiredNodeAffinity?.push(out_);
    });

    out.observations.push({
      claim: {
        type: 'daemonSet',
        namespace: str(o.metadata?.namespace),
        name,
        ...counts,
        nodeSelector,
        tolerations,
        requiredNodeAffinity,
      },
      line: nameLine,
      excerpt: site.excerpt(nameLine),
    });
  },
};
