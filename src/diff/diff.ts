/**
 * Two snapshots of a cluster's facts compared: what changed in its networks,
 * kube-proxy, CNI, DaemonSets and nodes, and which findings appeared, cleared
 * or persisted. Facts are compared as data; verdicts still come from the rules
 * run on each side.
 */
import type { Facts } from '../facts/types.js';
import type { Finding } from '../policy/findings.js';

export interface Change {
  /** What changed, e.g. `networks.pod`, `kubeProxy.mode`, `daemonSet kube-system/kube-proxy`, `node node02`. */
  subject: string;
  kind: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
}

export interface FindingsDiff {
  appeared: Finding[];
  cleared: Finding[];
  persisted: Finding[];
}

export function diffFacts(a: Facts, b: Facts): Change[] {
  const out: Change[] = [];
  for (const role of ['node', 'pod', 'service'] as const) {
    setChange(out, `networks.${role}`, a.networks[role].map((n) => n.cidr), b.networks[role].map((n) => n.cidr));
  }
  value(out, 'cluster.version', a.cluster.version, b.cluster.version);
  value(out, 'kubeProxy.mode', a.kubeProxy.mode, b.kubeProxy.mode);
  // Per-node modes only when some side has more than one (otherwise kubeProxy.mode says it).
  if (a.kubeProxy.modes.length > 1 || b.kubeProxy.modes.length > 1) setChange(out, 'kubeProxy.modes', a.kubeProxy.modes, b.kubeProxy.modes);
  value(out, 'kubeProxy.present', str(a.kubeProxy.present), str(b.kubeProxy.present));
  value(out, 'kubeProxy.replacement', a.kubeProxy.replacement, b.kubeProxy.replacement);
  value(out, 'cni.name', a.cni.name, b.cni.name);
  value(out, 'cni.ipam', a.cni.ipam, b.cni.ipam);
  value(out, 'cni.encapsulation', a.cni.encapsulation, b.cni.encapsulation);
  value(out, 'cni.mtu', str(a.cni.mtu), str(b.cni.mtu));

  const dsKey = (d: Facts['daemonSets'][number]): string => `${d.namespace ?? '?'}/${d.name}`;
  const dsText = (d: Facts['daemonSets'][number]): string =>
    `desired ${n(d.desired)}, current ${n(d.current)}, ready ${n(d.ready)}, up-to-date ${n(d.upToDate)}, available ${n(d.available)}`;
  keyed(out, 'daemonSet', a.daemonSets, b.daemonSets, dsKey, dsText);

  const nodeText = (x: Facts['nodes'][number]): string =>
    [
      `IPs ${x.internalIPs.join(',') || '-'}`,
      `podCIDRs ${x.podCIDRs.map((p) => p.cidr).join(',') || '-'}`,
      `ready ${str(x.ready) ?? '?'}`,
      x.kubeletVersion ? `kubelet ${x.kubeletVersion}` : null,
      x.kernelVersion ? `kernel ${x.kernelVersion}` : null,
    ]
      .filter((s) => s !== null)
      .join(', ');
  keyed(out, 'node', a.nodes, b.nodes, (x) => x.name, nodeText);
  return out;
}

/** Findings matched by rule id and message: the same finding in both snapshots persisted. */
export function diffFindings(a: readonly Finding[], b: readonly Finding[]): FindingsDiff {
  const key = (f: Finding): string => `${f.id}\u0000${f.verdict}\u0000${f.message}`;
  const before = new Set(a.map(key));
  const after = new Set(b.map(key));
  return {
    appeared: b.filter((f) => !before.has(key(f))),
    cleared: a.filter((f) => !after.has(key(f))),
    persisted: b.filter((f) => before.has(key(f))),
  };
}

function setChange(out: Change[], subject: string, a: readonly string[], b: readonly string[]): void {
  const as = new Set(a);
  const bs = new Set(b);
  for (const x of b) if (!as.has(x)) out.push({ subject, kind: 'added', before: null, after: x });
  for (const x of a) if (!bs.has(x)) out.push({ subject, kind: 'removed', before: x, after: null });
}

function value(out: Change[], subject: string, a: string | null, b: string | null): void {
  if (a === b) return;
  out.push({ subject, kind: a === null ? 'added' : b === null ? 'removed' : 'changed', before: a, after: b });
}

function keyed<T>(out: Change[], what: string, a: readonly T[], b: readonly T[], key: (x: T) => string, text: (x: T) => string): void {
  const am = new Map(a.map((x) => [key(x), x]));
  const bm = new Map(b.map((x) => [key(x), x]));
  for (const [k, x] of bm) {
    const old = am.get(k);
    if (!old) out.push({ subject: `${what} ${k}`, kind: 'added', before: null, after: text(x) });
    else if (text(old) !== text(x)) out.push({ subject: `${what} ${k}`, kind: 'changed', before: text(old), after: text(x) });
  }
  for (const [k, x] of am) if (!bm.has(k)) out.push({ subject: `${what} ${k}`, kind: 'removed', before: text(x), after: null });
}

function str(v: boolean | number | null): string | null {
  return v === null ? null : String(v);
}

function n(v: number | null): string {
  return v === null ? '?' : String(v);
}
