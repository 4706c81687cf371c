/**
 * --data files (JSON or YAML; JSON is read as the YAML it also is, so both
 * give lines): each must be one mapping, deep-merged in the order given into
 * the `data` every policy sees. Parsing is pure and keeps where each value
 * came from, so a value of the wrong shape is reported with its file and line.
 */
import { readFileSync } from 'node:fs';
import type { Document, LineCounter } from 'yaml';
import { yaml } from '../lazy.js';
import { InputError } from '../errors.js';

export interface DataDoc {
  file: string;
  value: Record<string, unknown>;
  /** The line of the value at a path (or of its nearest ancestor that exists); null when none. */
  lineAt(path: readonly (string | number)[]): number | null;
}

export function parseDataText(text: string, file: string): DataDoc {
  const lineCounter = new (yaml().LineCounter)();
  const docs = yaml().parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (!Array.isArray(docs)) return { file, value: {}, lineAt: () => null }; // an empty file: no data
  const real = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  for (const d of real) {
    const err = d.errors[0];
    if (err) throw new InputError(`not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, file, err.linePos?.[0]?.line ?? null);
  }
  if (real.length > 1) {
    const second = real[1]!;
    throw new InputError('data must be one document, found several (---): merge them, or give each its own --data', file, lineOf(second.contents, lineCounter) ?? null);
  }
  const doc = real[0] as Document.Parsed | undefined;
  if (!doc) return { file, value: {}, lineAt: () => null };
  if (!yaml().isMap(doc.contents)) {
    const got = doc.contents && yaml().isNode(doc.contents) ? (Array.isArray(doc.toJS()) ? 'a list' : `the value ${JSON.stringify(doc.toJS())}`) : 'nothing';
    throw new InputError(`data must be a mapping of names to values at the top level (it becomes OPA's data), got ${got}`, file, lineOf(doc.contents, lineCounter) ?? 1);
  }
  const value = doc.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>;
  return {
    file,
    value,
    lineAt(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        const line = lineOf(node, lineCounter);
        if (line !== null) return line;
      }
      return null;
    },
  };
}

export function readDataFiles(paths: readonly string[]): DataDoc[] {
  return paths.map((p) => {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch (e) {
      throw new InputError(`--data ${p}: cannot read it: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    return parseDataText(text, p);
  });
}

function lineOf(node: unknown, lc: LineCounter): number | null {
  if (!node || typeof node !== 'object' || !yaml().isNode(node) || !node.range) return null;
  return lc.linePos(node.range[0]).line;
}

/** Objects merge key by key; anything else in `b` replaces what `a` had. */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isObject(prev) && isObject(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The --data documents merged in order, or {} when none were given. */
export function mergeData(docs: readonly DataDoc[]): Record<string, unknown> {
  return docs.reduce<Record<string, unknown>>((acc, d) => deepMerge(acc, d.value), {});
}

/**
 * The built-in rules' parameters: data.netcheck.params from the files, then
 * those given on the command line over them. `check(params)` returns schema
 * errors as {pointer, message}; when the first was set by a file it is
 * reported at that file and line. Values the flags set are returned as they
 * are, for the caller's own validation to refuse.
 */
export function resolveParams(
  docs: readonly DataDoc[],
  cli: Record<string, unknown>,
  check: (params: unknown) => { pointer: string; message: string }[],
): Record<string, unknown> {
  let fromFiles: Record<string, unknown> = {};
  for (const d of docs) {
    const netcheck = d.value.netcheck;
    if (netcheck === undefined) continue;
    if (!isObject(netcheck)) throw new InputError('netcheck must be a mapping (kube-netcheck reads its parameters from netcheck.params)', d.file, d.lineAt(['netcheck']));
    if (netcheck.params === undefined) continue;
    if (!isObject(netcheck.params)) throw new InputError('netcheck.params must be a mapping of parameter names to values (see kube-netcheck schema params)', d.file, d.lineAt(['netcheck', 'params']));
    fromFiles = deepMerge(fromFiles, netcheck.params);
  }
  const params = deepMerge(fromFiles, cli);
  const errors = check(params);
  const first = errors[0];
  if (!first) return params;
  const path = first.pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const what = `netcheck.params${path.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('')}: ${first.message}${more}`;
  const top = path[0];
  if (top === undefined || !(top in cli)) {
    const doc = [...docs]
      .reverse()
      .find((d) => isObject(d.value.netcheck) && isObject(d.value.netcheck.params) && (top === undefined || top in d.value.netcheck.params));
    if (doc) throw new InputError(what, doc.file, doc.lineAt(['netcheck', 'params', ...path.map((s) => (/^\d+$/.test(s) ? Number(s) : s))]));
  }
  // Set on the command line: the caller's schema check reports it in its own words.
  return params;
}
