/**
 * Kubernetes objects as YAML or JSON: manifests (multi-document), `kubectl get
 * -o yaml|json` output including `kind: List` and typed lists (NodeList...),
 * kubeadm and component configuration files. Each object goes to the handlers
 * of ../objects that match it; positions come from the YAML parser (JSON is
 * YAML), so every value keeps its file line.
 *
 * Limits: aliases are capped (YAML alias bombs), nesting depth is capped.
 */
import { isScalar, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { OBJECT_HANDLERS } from '../objects/index.js';
import type { KubeObject, ObjectSite, Path } from '../objects/types.js';
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';

const KIND_LINE = /^\s*"?kind"?\s*:\s*"?[A-Z][A-Za-z0-9]*"?\s*,?\s*$/;
const API_LINE = /^\s*"?apiVersion"?\s*:\s*"?[a-z0-9.-]*\/?v[0-9]+[a-z0-9]*"?\s*,?\s*$/;
export const MAX_ALIASES = 1000;
export const MAX_DEPTH = 64;

export const k8sObjects: Parser = {
  kind: 'k8s-objects',
  title: 'Kubernetes objects (YAML or JSON)',
  detect(lines) {
    // JSON (kubectl -o json, possibly minified): look for the two keys in the head of the text.
    const first = lines.find((l) => l.trim() !== '')?.trim() ?? '';
    if (first.startsWith('{') || first.startsWith('[')) {
      let head = '';
      for (const l of lines) {
        head += `${l}\n`;
        if (head.length > 65536) break;
      }
      return /"kind"\s*:\s*"[A-Z]/.test(head) && /"apiVersion"\s*:/.test(head) ? 1 : 0;
    }
    let kind = false;
    let api = false;
    for (const l of lines) {
      if (!kind && KIND_LINE.test(l)) kind = true;
      else if (!api && API_LINE.test(l)) api = true;
      if (kind && api) return 1;
    }
    return 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const text = lines.join('\n');
    const counter = new LineCounter();
    let docs: Document.Parsed[];
    try {
      docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false }) as Document.Parsed[];
    } catch (e) {
      out.diagnostics.push({ level: 'error', line: null, message: `not valid YAML or JSON: ${e instanceof Error ? e.message : String(e)}` });
      return out;
    }
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
    const lineAt = (offset: number): number => counter.linePos(offset).line;
    for (const doc of docs) {
      const firstError = doc.errors[0];
      if (firstError) {
        const line = firstError.pos ? lineAt(firstError.pos[0]) : null;
        out.diagnostics.push({ level: 'error', line, message: `not valid YAML or JSON: ${firstError.message.split('\n')[0]}` });
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
      visit(value, [], doc, lines, lineAt, out);
    }
    return out;
  },
};

function visit(
  value: unknown,
  path: (string | number)[],
  doc: Document.Parsed,
  lines: readonly string[],
  lineAt: (offset: number) => number,
  out: ParseResult,
): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const o = value as KubeObject;
  // kind: List, NodeList, DaemonSetList...: visit the items.
  if (typeof o.kind === 'string' && /List$/.test(o.kind) && Array.isArray(o.items)) {
    o.items.forEach((item, i) => visit(item, [...path, 'items', i], doc, lines, lineAt, out));
    return;
  }
  if (typeof o.kind !== 'string') return;
  const site = makeSite(path, doc, lines, lineAt);
  const handlers = OBJECT_HANDLERS.filter((h) => h.matches(o));
  if (handlers.length === 0) {
    const name = typeof o.metadata?.name === 'string' ? ` ${o.metadata.name}` : '';
    out.diagnostics.push({ level: 'skipped', line: site.line(), message: `${o.kind}${name}: no networking facts in this kind of object` });
    return;
  }
  for (const h of handlers) {
    try {
      h.extract(o, site, out);
    } catch (e) {
      out.diagnostics.push({
        level: 'error',
        line: site.line(),
        message: `${o.kind}: cannot read it (${h.name}): ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }
}

function makeSite(base: Path, doc: Document.Parsed, lines: readonly string[], lineAt: (offset: number) => number): ObjectSite {
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
    excerpt(line) {
      return excerpt(lines[line - 1] ?? '');
    },
    text(path) {
      const n = nodeAt(path);
      if (!n || !isScalar(n) || typeof n.value !== 'string') return null;
      const start = startLine(n) ?? objLine;
      const block = n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED';
      const valueLines = n.value.split('\n');
      if (valueLines.length > 1 && valueLines[valueLines.length - 1] === '') valueLines.pop();
      return { lines: valueLines, firstLine: block ? start + 1 : start };
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


