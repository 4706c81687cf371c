/**
 * A collection becomes evidence in one of two ways, read by the same parsers:
 * - live (`check --cluster`): each object goes straight to the object handlers
 *   the k8s-objects parser dispatches a file's objects to, and what they yield is
 *   located by the object's reference (`v1/Node/node01`,
 *   `apps/v1/DaemonSet/kube-system/kube-proxy`) and the field path of the value
 *   (`status.addresses[0].address`) instead of a file line;
 * - an evidence folder (`collect DIR`): one `kubectl get -o json` style List per
 *   file (nodes.json, daemonsets.json...) and logs as text, which `check DIR`
 *   reads back to the same facts.
 * Both walk the entries in the order a folder is read (sorted by name), so the
 * facts are built from the observations in the same order.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { OBJECT_HANDLERS } from '../evidence/objects/index.js';
import type { KubeObject, ObjectSite, Path } from '../evidence/objects/types.js';
import { k8sObjects } from '../evidence/parsers/k8s-objects.js';
import type { Evidence } from '../evidence/read.js';
import { parseText } from '../evidence/registry.js';
import { excerpt, splitLines } from '../evidence/text.js';
import type { ParseResult } from '../evidence/types.js';
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
  const { site, fieldOf } = objectSite(item);
  const before = ev.observations.length;
  const out: ParseResult = { observations: [], diagnostics: [] };
  // As the k8s-objects parser dispatches an object of a file (parsers/k8s-objects.ts).
  const handlers = OBJECT_HANDLERS.filter((h) => h.matches(item));
  if (handlers.length === 0) {
    const name = typeof item.metadata?.name === 'string' ? ` ${item.metadata.name}` : '';
    out.diagnostics.push({ level: 'skipped', line: null, message: `${String(item.kind)}${name}: no networking facts in this kind of object` });
  }
  for (const h of handlers) {
    try {
      h.extract(item, site, out);
    } catch (e) {
      out.diagnostics.push({ level: 'error', line: null, message: `${String(item.kind)}: cannot read it (${h.name}): ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  for (const o of out.observations) {
    const field = fieldOf(o.line);
    ev.observations.push({
      claim: o.claim,
      inferred: o.inferred === true,
      source: { kind: o.kind ?? k8sObjects.kind, file: ref, line: null, excerpt: o.excerpt, ...(field ? { field } : {}) },
    });
  }
  for (const d of out.diagnostics) {
    const field = fieldOf(d.line);
    ev.diagnostics.push({ level: d.level, file: ref, line: null, message: field ? `${field}: ${d.message}` : d.message });
  }
  return ev.observations.length - before;
}

/**
 * The handlers' view of an object that has no file: each value they locate gets
 * a number standing for its line, which maps back to its field path
 * (`status.addresses[0].address`; `data["config.conf"] line 12` inside an embedded
 * config). No text is made or parsed, so thousands of nodes cost little.
 */
export function objectSite(o: KubeObject): { site: ObjectSite; fieldOf: (line: number | null) => string } {
  const fields: string[] = [''];
  const excerpts: string[] = [''];
  const ids = new Map<string, number>();
  const valueAt = (path: Path): unknown => {
    let v: unknown = o;
    for (const k of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string | number, unknown>)[k];
    }
    return v;
  };
  const idFor = (path: Path, v: unknown): number => {
    const field = fieldPath(path);
    let id = ids.get(field);
    if (id === undefined) {
      id = fields.length;
      fields.push(field);
      const last = path[path.length - 1];
      const shown = v !== null && typeof v === 'object' ? '' : ` ${String(v)}`;
      excerpts.push(typeof last === 'number' ? `-${shown}` : last === undefined ? `${String(o.kind)} ${String(o.metadata?.name ?? '')}` : `${last}:${shown}`);
      ids.set(field, id);
    }
    return id;
  };
  const site: ObjectSite = {
    line(path = []) {
      for (let i = path.length; i >= 0; i--) {
        const v = valueAt(path.slice(0, i));
        if (v !== undefined) return idFor(path.slice(0, i), v);
      }
      return idFor([], o);
    },
    excerpt(line) {
      return excerpt(excerpts[line] ?? '');
    },
    text(path) {
      const v = valueAt(path);
      if (typeof v !== 'string') return null;
      const lines = v.split('\n');
      if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
      const firstLine = fields.length;
      const field = fieldPath(path);
      lines.forEach((l, i) => {
        fields.push(`${field} line ${i + 1}`);
        excerpts.push(l);
      });
      return { lines, firstLine };
    },
  };
  return { site, fieldOf: (line) => (line === null ? '' : (fields[line] ?? '')) };
}

/** `status.addresses[0].address`, `data["config.conf"]`, `metadata.labels["kubernetes.io/os"]`. */
export function fieldPath(path: Path): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k)) out += out ? `.${k}` : k;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
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
