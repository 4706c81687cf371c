/**
 * Reads YAML or JSON text into Kubernetes-style objects and hands each to the
 * handlers that match it, with an ObjectSite that knows every value's line.
 * Used for whole files (../parsers/k8s-objects.ts) and for configs embedded in
 * a ConfigMap string (./embedded.ts), where lines are shifted to file lines.
 *
 * Limits: aliases are capped (YAML alias bombs), nesting depth is capped.
 */
import type { Document, Node as YamlNode } from 'yaml';
import { yaml } from '../../lazy.js';
import { excerpt } from '../text.js';
import type { ParseResult } from '../types.js';
import type { KubeObject, ObjectHandler, ObjectSite, Path } from './types.js';

export const MAX_ALIASES = 1000;
export const MAX_DEPTH = 64;

/** Where the text sits in its file: identity for a whole file. */
export interface Placement {
  /** File line of a 1-based line of the text. */
  fileLine(line: number): number;
  /** Excerpt of a file line. */
  excerpt(fileLine: number): string;
}

export function readObjects(lines: readonly string[], handlers: readonly ObjectHandler[], out: ParseResult, place?: Placement): void {
  const at: Placement = place ?? { fileLine: (l) => l, excerpt: (l) => excerpt(lines[l - 1] ?? '') };
  const text = lines.join('\n');
  const { LineCounter, parseAllDocuments } = yaml();
  const counter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false }) as Document.Parsed[];
  } catch (e) {
    out.diagnostics.push({ level: 'error', line: at.fileLine(1), message: `not valid YAML or JSON: ${e instanceof Error ? e.message : String(e)}`, syntax: true });
    return;
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  const lineAt = (offset: number): number => at.fileLine(counter.linePos(offset).line);
  for (const doc of docs) {
    const firstError = doc.errors[0];
    if (firstError) {
      const line = firstError.pos ? lineAt(firstError.pos[0]) : null;
      // Columns only where the text is the file itself (an embedded config is indented in its file).
      const column = place === undefined && firstError.pos ? counter.linePos(firstError.pos[0]).col : null;
      out.diagnostics.push({ level: 'error', line, column, message: `not valid YAML or JSON: ${firstError.message.split('\n')[0]}`, syntax: true });
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (e) {
      const line = doc.contents?.range ? lineAt(doc.contents.range[0]) : null;
      out.diagnostics.push({ level: 'error', line, message: `refused: ${e instanceof Error ? e.message : String(e)} (YAML aliases are limited to ${MAX_ALIASES})` });
      continue;
    }
    if (depth(value, 0) > MAX_DEPTH) {
      out.diagnostics.push({ level: 'error', line: doc.contents?.range ? lineAt(doc.contents.range[0]) : null, message: `refused: nested deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    visit(value, [], (path) => makeSite(path, doc, lineAt, at.excerpt), handlers, out);
  }
}

/**
 * Visits an object, or the items of a List. Items of a typed list (NodeList,
 * DaemonSetList...) as client-go serialises them — `kubectl cluster-info dump`
 * writes them so — carry no kind or apiVersion of their own: they take the
 * list's. Items no handler wants are summed up in one skipped line per kind.
 */
export function visit(value: unknown, path: Path, siteOf: (path: Path) => ObjectSite, handlers: readonly ObjectHandler[], out: ParseResult): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const o = value as KubeObject;
  if (typeof o.kind === 'string' && /List$/.test(o.kind) && Array.isArray(o.items)) {
    const itemKind = o.kind === 'List' ? undefined : o.kind.slice(0, -'List'.length);
    const unwanted = new Map<string, number>();
    o.items.forEach((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return;
      let it = item as KubeObject;
      if (it.kind === undefined && itemKind) it = { ...it, kind: itemKind, ...(it.apiVersion === undefined && o.apiVersion !== undefined ? { apiVersion: o.apiVersion } : {}) };
      if (typeof it.kind === 'string' && !/List$/.test(it.kind) && !handlers.some((h) => h.matches(it))) {
        unwanted.set(it.kind, (unwanted.get(it.kind) ?? 0) + 1);
        return;
      }
      visit(it, [...path, 'items', i], siteOf, handlers, out);
    });
    for (const [kind, n] of unwanted) {
      out.diagnostics.push({ level: 'skipped', line: siteOf(path).line(), message: `${n} ${kind} object${n === 1 ? '' : 's'} in this ${o.kind}: no networking facts in this kind of object` });
    }
    return;
  }
  if (typeof o.kind !== 'string') return;
  dispatch(o, siteOf(path), handlers, out);
}

/** Hands one object to every handler that matches it; an object no handler wants is skipped with its kind and name. */
export function dispatch(o: KubeObject, site: ObjectSite, handlers: readonly ObjectHandler[], out: ParseResult): void {
  const matching = handlers.filter((h) => h.matches(o));
  if (matching.length === 0) {
    const name = typeof o.metadata?.name === 'string' ? ` ${o.metadata.name}` : '';
    out.diagnostics.push({ level: 'skipped', line: site.line(), message: `${String(o.kind)}${name}: no networking facts in this kind of object` });
    return;
  }
  for (const h of matching) {
    try {
      h.extract(o, site, out);
    } catch (e) {
      out.diagnostics.push({
        level: 'error',
        line: site.line(),
        message: `${String(o.kind)}: cannot read it (${h.name}): ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
}

function makeSite(base: Path, doc: Document.Parsed, lineAt: (offset: number) => number, excerptOf: (line: number) => string): ObjectSite {
  const nodeAt = (path: Path): YamlNode | null => {
    const n = doc.getIn([...base, ...path], true);
    return n && typeof n === 'object' && 'range' in (n as object) ? (n as YamlNode) : null;
  };
  const startLine = (n: YamlNode | null): number | null => (n?.range ? lineAt(n.range[0]) : null);
  const objLine = startLine(nodeAt([])) ?? 1;
  return {
    line(path = []) {
      // The closest enclosing value that exists.
      for (let i = path.length; i >= 0; i--) {
        const l = startLine(nodeAt(path.slice(0, i)));
        if (l !== null) return l;
      }
      return objLine;
    },
    excerpt: excerptOf,
    text(path) {
      const n = nodeAt(path);
      if (!n || !yaml().isScalar(n) || typeof n.value !== 'string') return null;
      const start = startLine(n) ?? objLine;
      const block = n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED';
      const valueLines = n.value.split('\n');
      if (valueLines.length > 1 && valueLines[valueLines.length - 1] === '') valueLines.pop();
      return { lines: valueLines, firstLine: block ? start + 1 : start, ...(block ? {} : { oneLine: true }) };
    },
  };
}

function depth(v: unknown, d: number): number {
  if (d > MAX_DEPTH) return d;
  if (v === null || typeof v !== 'object') return d;
  let max = d;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    const sub = depth(x, d + 1);
    if (sub > max) max = sub;
    if (max > MAX_DEPTH) break;
  }
  return max;
}
