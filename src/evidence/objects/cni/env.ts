/** Environment of a DaemonSet's container, with the file line of each value (calico-node, weave). */
import type { KubeObject, ObjectSite } from '../types.js';
import { arr, obj, str } from '../types.js';

export interface EnvEntry {
  name: string;
  /** The literal value, or null when it comes from elsewhere. */
  value: string | null;
  /** Where the value comes from when not literal: `ConfigMap calico-config key veth_mtu`; never a secret's value. */
  from: string | null;
  line: number;
}

export function containerNames(o: KubeObject): string[] {
  const spec = obj(obj(obj(o.spec)?.template)?.spec);
  return arr(spec?.containers).flatMap((c) => {
    const n = str(obj(c)?.name);
    return n === null ? [] : [n];
  });
}

export function containerEnv(o: KubeObject, site: ObjectSite, container: string): EnvEntry[] {
  const spec = obj(obj(obj(o.spec)?.template)?.spec);
  const out: EnvEntry[] = [];
  arr(spec?.containers).forEach((c, ci) => {
    const ctr = obj(c);
    if (str(ctr?.name) !== container) return;
    arr(ctr?.env).forEach((e, ei) => {
      const env = obj(e);
      const name = str(env?.name);
      if (!env || name === null) return;
      const base = ['spec', 'template', 'spec', 'containers', ci, 'env', ei];
      const raw = env.value;
      const value = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : null;
      out.push({
        name,
        value,
        from: value === null ? describeFrom(obj(env.valueFrom)) : null,
        line: site.line(value !== null ? [...base, 'value'] : base),
      });
    });
  });
  return out;
}

function describeFrom(from: Record<string, unknown> | null): string | null {
  if (!from) return null;
  const cm = obj(from.configMapKeyRef);
  if (cm) return `ConfigMap ${str(cm.name) ?? '?'} key ${str(cm.key) ?? '?'}`;
  const secret = obj(from.secretKeyRef);
  if (secret) return `Secret ${str(secret.name) ?? '?'}`;
  const field = obj(from.fieldRef);
  if (field) return `field ${str(field.fieldPath) ?? '?'}`;
  if (from.resourceFieldRef !== undefined) return 'a container resource';
  return 'a reference';
}
