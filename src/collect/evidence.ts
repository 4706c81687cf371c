/**
 * A collection becomes evidence in one of two ways, read by the same parsers:
 * - live (`check --cluster`): each object is handed to the k8s-objects parser on
 *   its own, and what it yields is located by the object's reference
 *   (`v1/Node/node01`, `apps/v1/DaemonSet/kube-system/kube-proxy`) and the field
 *   path of the value (`status.addresses[0].address`) instead of a file line;
 * - an evidence folder (`collect DIR`): one `kubectl get -o json` style List per
 *   file (nodes.json, daemonsets.json...) and logs as text, which `check DIR`
 *   reads back to the same facts.
 * Both walk the entries in the order a folder is read (sorted by name), so the
 * facts are built from the observations in the same order.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node as YamlNode } from 'yaml';
import { InputError } from '../errors.js';
import type { KubeObject } from '../evidence/objects/types.js';
import { k8sObjects } from '../evidence/parsers/k8s-objects.js';
import type { Evidence } from '../evidence/read.js';
import { parseText } from '../evidence/registry.js';
import { splitLines } from '../evidence/text.js';
import type { Collection, CollectedList, CollectedLog } from './collect.js';

/** `v1/Node/node01`, `apps/v1/DaemonSet/kube-system/kube-proxy`. */
export function objectRef(o: KubeObject): string {
  const ns = typeof o.metadata?.namespace === 'string' && o.metadata.namespace !== '' ? `${o.metadata.namespace}/` : '';
  return `${String(o.apiVersion ?? '')}/${String(o.kind ?? '')}/${ns}${String(o.metadata?.name ?? '')}`;
}

/** The entries of a collection in the order `check DIR` reads the folder written from it. */
function entries(col: Collection): ({ list: CollectedList } | { log: CollectedLog })[] {
  const top: { name: string; entry: { list: CollectedList } | { log: CollectedLog } | null }[] = col.lists.map((list) => ({ name: list.file, entry: { list } }));
  if (col.logs.length > 0) top.push({ name: 'logs', entry: null });
  top.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const logs = [...col.logs].sort((a, b) => (a.file < b.file ? -1 : 1));
  return top.flatMap((t) => (t.entry ? [t.entry] : logs.map((log) => ({ log }))));
}

/** Live evidence: observations located by object reference and field path. */
export function liveEvidence(col: Collection): Evidence {
  const ev: Evidence = { observations: [], diagnostics: [], files: [] };
  for (const e of entries(col)) {
    if ('list' in e) {
      let count = 0;
      for (const item of e.list.items) count += addObject(ev, item);
      ev.files.push({ file: `${col.server}${e.list.path}`, kind: 'k8s-objects', observations: count });
    } else {
      const { log } = e;
      const file = `v1/Pod/${log.namespace}/${log.pod}/log/${log.container}`;
      if (log.error !== undefined) {
        ev.diagnostics.push({ level: 'warning', file, line: null, message: `log not read: ${log.error}` });
        continue;
      }
      const res = parseText(splitLines(log.text), { path: log.file, command: `kubectl logs -n ${log.namespace} ${log.pod} -c ${log.container}` });
      if (!res) {
        ev.diagnostics.push({ level: 'skipped', file, line: null, message: 'not evidence of any known kind (a log no parser reads)' });
        ev.files.push({ file, kind: null, observations: 0 });
        continue;
      }
      for (const o of res.observations) {
        ev.observations.push({ claim: o.claim, inferred: o.inferred === true, source: { kind: o.kind ?? res.kind, file, line: o.line, excerpt: o.excerpt } });
      }
      for (const d of res.diagnostics) ev.diagnostics.push({ level: d.level, file, line: d.line, message: d.message });
      ev.files.push({ file, kind: res.kind, observations: res.observations.length });
    }
  }
  return ev;
}

function addObject(ev: Evidence, item: KubeObject): number {
  const ref = objectRef(item);
  const text = stringify(item, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
  const lines = splitLines(text);
  const res = k8sObjects.parse(lines, { path: ref });
  let fields: ((line: number) => string) | null = null;
  const fieldAt = (line: number | null): string => {
    if (line === null) return '';
    fields ??= fieldPaths(text);
    return fields(line);
  };
  for (const o of res.observations) {
    const field = fieldAt(o.line);
    ev.observations.push({
      claim: o.claim,
      inferred: o.inferred === true,
      source: { kind: o.kind ?? k8sObjects.kind, file: ref, line: null, excerpt: o.excerpt, ...(field ? { field } : {}) },
    });
  }
  for (const d of res.diagnostics) {
    const field = fieldAt(d.line);
    ev.diagnostics.push({ level: d.level, file: ref, line: null, message: field ? `${field}: ${d.message}` : d.message });
  }
  return res.observations.length;
}

/**
 * Maps each line of a YAML rendering of an object to the field path of the
 * value written there: `status.addresses[0].address`, `data["config.conf"]`.
 */
export function fieldPaths(text: string): (line: number) => string {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const byLine = new Map<number, string>();
  const lineOf = (offset: number): number => counter.linePos(offset).line;
  const mark = (node: YamlNode | null | undefined, path: string): void => {
    if (!node?.range) return;
    const first = lineOf(node.range[0]);
    const last = isScalar(node) ? lineOf(Math.max(node.range[0], node.range[1] - 1)) : first;
    for (let l = first; l <= last; l++) byLine.set(l, path);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const sub = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
        const keyNode = pair.key as YamlNode | null;
        if (keyNode?.range) byLine.set(lineOf(keyNode.range[0]), sub);
        if (isCollection(pair.value) || isScalar(pair.value)) mark(pair.value as YamlNode, sub);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => mark(item as YamlNode, `${path}[${i}]`));
    }
  };
  mark(doc.contents as YamlNode | null, '');
  return (line) => byLine.get(line) ?? '';
}

/** Writes the collection as an evidence folder; refuses a folder that already holds files. */
export function writeCollection(col: Collection, dir: string): string[] {
  let existing: string[] = [];
  try {
    existing = readdirSync(dir);
  } catch {
    // absent: created below
  }
  if (existing.length > 0) throw new InputError('folder is not empty: collect writes a fresh evidence folder; name a new or empty one', dir);
  const written: string[] = [];
  const write = (file: string, text: string): void => {
    const p = join(dir, file);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    written.push(p);
  };
  mkdirSync(dir, { recursive: true });
  for (const list of col.lists) {
    // `kubectl get -o json` of several objects: a v1 List, 4-space indents.
    write(list.file, `${JSON.stringify({ apiVersion: 'v1', items: list.items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`);
  }
  for (const log of col.logs) if (log.error === undefined) write(log.file, log.text);
  return written;
}
