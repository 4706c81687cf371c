/**
 * `kubectl describe node` and `kubectl describe ds` (k8s.io/kubectl
 * pkg/describe/describe.go): `Key:  value` lines, multi-line values continued
 * on indented lines (Labels, Taints), sections (Addresses, System Info,
 * Pod Template). Several objects may follow one another, each from `Name:`.
 *
 *   Name:               node01
 *   Labels:             kubernetes.io/os=linux
 *                       node-role.kubernetes.io/worker=
 *   Taints:             node-role.kubernetes.io/control-plane:NoSchedule
 *   Addresses:
 *     InternalIP:  192.8.33.8
 *   System Info:
 *     Kernel Version:             5.15.0-1071-gcp
 *   PodCIDRs:                     10.244.1.0/24
 *
 *   Desired Number of Nodes Scheduled: 2          (describe ds; READY is not shown there)
 */
import { parseCIDR } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { Parser, ParseResult, Taint, Toleration } from '../types.js';
import { checkIP, emptyResult } from './common.js';
import { parseSelector } from './kubectl-ds-table.js';
import { readCniAnnotations } from '../objects/core/node-annotations.js';
import { OBJECT_HANDLERS } from '../objects/index.js';
import { dispatch } from '../objects/read-objects.js';
import type { KubeObject, ObjectSite, Path } from '../objects/types.js';

interface Field {
  key: string;
  /** Line of the key. */
  line: number;
  /** Indentation of the key: 0 top level, 2 inside a section. */
  indent: number;
  values: { text: string; line: number }[];
}

const FIELD = /^(\s*)([A-Za-z][A-Za-z0-9 ()/.-]*?):(?:\s+(.*))?$/;
const DS_COUNTS: readonly [string, 'desired' | 'current' | 'upToDate' | 'available'][] = [
  ['Desired Number of Nodes Scheduled', 'desired'],
  ['Current Number of Nodes Scheduled', 'current'],
  ['Number of Nodes Scheduled with Up-to-date Pods', 'upToDate'],
  ['Number of Nodes Scheduled with Available Pods', 'available'],
];

export const kubectlDescribe: Parser = {
  kind: 'kubectl-describe',
  title: 'kubectl describe node / daemonset / configmap',
  detect(lines) {
    let name = false;
    for (const l of lines) {
      if (/^Name:\s+\S/.test(l)) name = true;
      // describe configmap: its values hold YAML with kind and apiVersion, which must not win over describe.
      else if (name && /^Data$/.test(l)) return 1.1;
      else if (name && (/^Desired Number of Nodes Scheduled:/.test(l) || /^\s+Kubelet Version:/.test(l) || /^(Taints|PodCIDRs?):/.test(l))) return 0.95;
    }
    return 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    for (const obj of splitObjects(lines)) {
      const top = (k: string): Field | undefined => obj.fields.find((f) => f.indent === 0 && f.key === k);
      if (obj.data) describeConfigMap(obj, lines, out);
      else if (top('Desired Number of Nodes Scheduled')) describeDaemonSet(obj, top, lines, out);
      else if (top('Addresses') || top('System Info') || top('Taints')) describeNode(obj, top, lines, out);
    }
    return out;
  },
};

interface DescribedObject {
  name: string;
  line: number;
  fields: Field[];
  /** `kubectl describe configmap`: the line of `Data` (followed by `====`), and where the object ends. */
  data?: { line: number; end: number };
}

function splitObjects(lines: readonly string[]): DescribedObject[] {
  const objs: DescribedObject[] = [];
  let cur: DescribedObject | null = null;
  let last: Field | null = null;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    const lineNo = i + 1;
    const name = /^Name:\s+(\S+)/.exec(line);
    if (name) {
      const prevObj = cur as DescribedObject | null;
      if (prevObj?.data) prevObj.data.end = lineNo - 1;
      cur = { name: name[1] ?? '', line: lineNo, fields: [] };
      objs.push(cur);
      last = null;
      return;
    }
    if (!cur) return;
    const obj: DescribedObject = cur;
    if (obj.data) return;
    if (line === 'Data' && /^=+$/.test(lines[i + 1] ?? '')) {
      // The values below are the ConfigMap's, unindented: not describe's own fields.
      obj.data = { line: lineNo, end: lines.length };
      return;
    }
    const m = FIELD.exec(line);
    const indent = m ? (m[1] ?? '').length : -1;
    // A continuation line: deeper than the key column of a top-level value and not a key of its own.
    const prev = last as Field | null;
    if (prev && prev.values.length > 0 && /^\s{8,}\S/.test(line) && !(m && indent <= 4)) {
      prev.values.push({ text: line.trim(), line: lineNo });
      return;
    }
    if (m && (indent === 0 || indent === 2)) {
      const f: Field = { key: m[2] ?? '', line: lineNo, indent, values: m[3] !== undefined && m[3].trim() !== '' ? [{ text: m[3].trim(), line: lineNo }] : [] };
      obj.fields.push(f);
      last = f;
    }
  });
  return objs;
}

/** Fields inside a section (`Addresses:` then `  InternalIP:  10.0.0.1`). */
function section(obj: DescribedObject, name: string): Field[] {
  const start = obj.fields.findIndex((f) => f.indent === 0 && f.key === name);
  if (start < 0) return [];
  const out: Field[] = [];
  for (const f of obj.fields.slice(start + 1)) {
    if (f.indent === 0) break;
    out.push(f);
  }
  return out;
}

function describeNode(obj: DescribedObject, top: (k: string) => Field | undefined, lines: readonly string[], out: ParseResult): void {
  const internalIPs: string[] = [];
  for (const f of section(obj, 'Addresses')) {
    if (f.key !== 'InternalIP') continue;
    for (const v of f.values) {
      const ip = checkIP(out, v.text, v.line, `node ${obj.name} InternalIP`);
      if (ip) internalIPs.push(ip);
    }
  }
  const info = new Map(section(obj, 'System Info').map((f) => [f.key, f.values[0]?.text ?? '']));
  const labels: Record<string, string> = {};
  for (const v of top('Labels')?.values ?? []) if (v.text !== '<none>') Object.assign(labels, parseSelector(v.text));
  const taints: Taint[] = [];
  for (const v of top('Taints')?.values ?? []) {
    if (v.text === '<none>') continue;
    const t = parseTaint(v.text);
    if (t) taints.push(t);
    else out.diagnostics.push({ level: 'error', line: v.line, message: `node ${obj.name} taint "${v.text}": expected KEY[=VALUE]:NoSchedule|PreferNoSchedule|NoExecute` });
  }
  const podCIDRs: string[] = [];
  for (const key of ['PodCIDRs', 'PodCIDR']) {
    const f = top(key);
    if (!f || podCIDRs.length > 0) continue;
    for (const v of f.values) {
      for (const c of v.text.split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== '<none>')) {
        const p = parseCIDR(c);
        if (p.ok) podCIDRs.push(c);
        else out.diagnostics.push({ level: 'error', line: v.line, message: `node ${obj.name} ${key}: ${p.error}` });
      }
    }
  }
  // The Ready condition: a row of the Conditions table.
  let ready: boolean | null = null;
  const conditions = top('Conditions');
  if (conditions) {
    // lines[] is 0-based: the row after the key is lines[conditions.line].
    for (let i = conditions.line; i < lines.length && !/^\S/.test(lines[i] ?? ''); i++) {
      const m = /^\s+Ready\s+(True|False|Unknown)\s/.exec(lines[i] ?? '');
      if (m) {
        ready = m[1] === 'True' ? true : m[1] === 'False' ? false : null;
        break;
      }
    }
  }
  const annotations = (top('Annotations')?.values ?? []).flatMap((v) => {
    const m = /^([A-Za-z0-9][\w.-]*(?:\/[\w.-]+)?):\s*(.*)$/.exec(v.text);
    return m ? [{ key: m[1] ?? '', value: (m[2] ?? '').trim(), line: v.line, excerpt: excerpt(lines[v.line - 1] ?? '') }] : [];
  });
  const roles = top('Roles')?.values[0]?.text;
  const os = info.get('Operating System') ?? labels['kubernetes.io/os'];
  const cpu = section(obj, 'Capacity').find((f) => f.key === 'cpu')?.values[0]?.text;
  out.observations.push({
    claim: {
      type: 'node',
      name: obj.name,
      internalIPs,
      podCIDRs,
      labels: top('Labels') ? labels : null,
      taints: top('Taints') ? taints : null,
      ready,
      ...(os ? { os } : {}),
      ...(info.get('Kernel Version') ? { kernelVersion: info.get('Kernel Version') } : {}),
      ...(info.get('Kubelet Version') ? { kubeletVersion: info.get('Kubelet Version') } : {}),
      roles: roles === undefined || roles === '<none>' ? [] : roles.split(','),
      ...(cpu && /^\d+$/.test(cpu) ? { cpu: Number(cpu) } : {}),
    },
    line: obj.line,
    excerpt: excerpt(lines[obj.line - 1] ?? ''),
  });
  readCniAnnotations(obj.name, annotations, out);
}

/**
 * `kubectl describe configmap` (k8s.io/kubectl pkg/describe/describe.go, ConfigMapDescriber):
 *
 *   Name:         kube-proxy
 *   Namespace:    kube-system
 *   Data
 *   ====
 *   config.conf:
 *   ----
 *   apiVersion: kubeproxy.config.k8s.io/v1alpha1
 *   ...
 *   BinaryData
 *   ====
 *
 * Each value is printed unindented after `KEY:` and `----`. The ConfigMap is
 * rebuilt and handed to the object handlers (kube-proxy, kubeadm-config,
 * kube-flannel-cfg, cilium-config, calico-config...), with every value at its
 * file lines.
 */
function describeConfigMap(obj: DescribedObject, lines: readonly string[], out: ParseResult): void {
  const { line: dataLine, end } = obj.data!;
  const top = (k: string): string | undefined => obj.fields.find((f) => f.indent === 0 && f.key === k)?.values[0]?.text;
  // Keys: `KEY:` followed by `----`; a value runs to the next key, `BinaryData`, `Events:` or the object's end.
  const keys: { key: string; line: number }[] = [];
  // First file line that is not a value any more.
  let stop = end + 1;
  for (let i = dataLine + 1; i < end; i++) {
    const l = lines[i] ?? '';
    if (/^-{4,}$/.test(l) && i > dataLine + 1) {
      const k = /^(\S.*):$/.exec(lines[i - 1] ?? '');
      if (k) keys.push({ key: k[1] ?? '', line: i });
    }
    if ((l === 'BinaryData' && /^=+$/.test(lines[i + 1] ?? '')) || /^Events:/.test(l)) {
      stop = i + 1;
      break;
    }
  }
  const data: Record<string, string> = {};
  const spans = new Map<string, { first: number; lines: string[] }>();
  keys.forEach((k, j) => {
    // Lines of the value: after `----`, up to the next key's `KEY:` line.
    const from = k.line + 2;
    const to = j + 1 < keys.length ? (keys[j + 1]?.line ?? stop) : stop;
    const value = lines.slice(from - 1, to - 1);
    while (value.length > 0 && (value[value.length - 1] ?? '').trim() === '') value.pop();
    data[k.key] = value.join('\n');
    spans.set(k.key, { first: from, lines: value });
  });
  const o: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: obj.name, ...(top('Namespace') ? { namespace: top('Namespace') } : {}) },
    data,
  };
  const site: ObjectSite = {
    line(path: Path = []) {
      if (path[0] === 'data' && typeof path[1] === 'string') return spans.get(path[1])?.first ?? dataLine;
      if (path[0] === 'metadata' && path[1] === 'namespace') return obj.fields.find((f) => f.key === 'Namespace')?.line ?? obj.line;
      return obj.line;
    },
    excerpt: (l) => excerpt(lines[l - 1] ?? ''),
    text(path) {
      if (path[0] !== 'data' || typeof path[1] !== 'string' || path.length !== 2) return null;
      const span = spans.get(path[1]);
      return span ? { lines: span.lines, firstLine: span.first } : null;
    },
  };
  dispatch(o, site, OBJECT_HANDLERS, out);
}

/** `key=value:Effect`, `key:Effect`. */
export function parseTaint(text: string): Taint | null {
  const m = /^([^=:\s]+)(?:=([^:\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(text.trim());
  if (!m) return null;
  return { key: m[1] ?? '', ...(m[2] !== undefined ? { value: m[2] } : {}), effect: m[3] as Taint['effect'] };
}

/** As describe prints them: `op=Exists`, `CriticalAddonsOnly op=Exists`, `key=value:NoSchedule`, `:NoExecute op=Exists for 300s`. */
export function parseToleration(text: string): Toleration | null {
  const words = text.trim().replace(/\s+for\s+\d+s$/, '').split(/\s+/);
  let operator: 'Exists' | 'Equal' = 'Equal';
  const last = words[words.length - 1] ?? '';
  if (/^op=(Exists|Equal)$/.test(last)) {
    operator = last.slice(3) as 'Exists' | 'Equal';
    words.pop();
  }
  if (words.length > 1) return null;
  const spec = words[0] ?? '';
  const m = /^([^=:\s]*)(?:=([^:\s]*))?(?::(NoSchedule|PreferNoSchedule|NoExecute))?$/.exec(spec);
  if (!m) return null;
  const [, key = '', value, effect] = m;
  if (key === '' && operator === 'Equal') return null;
  const t: Toleration = { operator };
  if (key !== '') t.key = key;
  if (value !== undefined) t.value = value;
  if (effect) t.effect = effect;
  return t;
}

function describeDaemonSet(obj: DescribedObject, top: (k: string) => Field | undefined, lines: readonly string[], out: ParseResult): void {
  const counts: Record<string, number | null> = {};
  for (const [key, field] of DS_COUNTS) {
    const v = top(key)?.values[0];
    if (!v) {
      counts[field] = null;
      continue;
    }
    if (!/^\d{1,9}$/.test(v.text)) {
      out.diagnostics.push({ level: 'error', line: v.line, message: `DaemonSet ${obj.name}: ${key} "${v.text}": expected a non-negative whole number` });
      return;
    }
    counts[field] = Number(v.text);
  }
  const selector = top('Node-Selector')?.values[0]?.text;
  // Tolerations of the pod template, when this kubectl prints them.
  const tolField = obj.fields.find((f) => f.indent === 2 && f.key === 'Tolerations');
  let tolerations: Toleration[] | null = null;
  if (tolField) {
    tolerations = [];
    for (const v of tolField.values) {
      if (v.text === '<none>') continue;
      const t = parseToleration(v.text);
      if (t) tolerations.push(t);
      else out.diagnostics.push({ level: 'warning', line: v.line, message: `DaemonSet ${obj.name} toleration "${v.text}" not understood: tolerations left unknown` });
    }
  }
  out.observations.push({
    claim: {
      type: 'daemonSet',
      namespace: top('Namespace')?.values[0]?.text ?? null,
      name: obj.name,
      desired: counts.desired ?? null,
      current: counts.current ?? null,
      ready: null,
      upToDate: counts.upToDate ?? null,
      available: counts.available ?? null,
      nodeSelector: selector === undefined ? null : parseSelector(selector),
      tolerations,
    },
    line: obj.line,
    excerpt: excerpt(lines[obj.line - 1] ?? ''),
  });
}
