/**
 * Large JSON lists (a 50,000-node `kubectl get nodes -o json` is 100-300 MB)
 * read as a stream: the @streamparser/json tokenizer turns bytes into tokens,
 * and this module builds one item of `.items[]` at a time — leaving out
 * managedFields, annotations and node images, which no fact needs — hands it
 * to the same object handlers as the YAML path, and lets it go. Memory stays
 * at one item plus the observations.
 *
 * Lines come from byte offsets: JSON strings cannot hold a raw newline, so the
 * newlines between two tokens are all in the whitespace before the second. Each
 * value's line and a reconstructed excerpt (`"podCIDR": "10.244.1.0/24"`, as
 * kubectl prints it, one value per line) are kept for the current item only.
 *
 * Synchronous, like every parser: bytes come from a `read` callback.
 */
import { Tokenizer, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { dispatch } from './objects/read-objects.js';
import type { KubeObject, ObjectHandler, ObjectSite, Path } from './objects/types.js';
import { excerpt } from './text.js';
import type { ParseResult } from './types.js';

/** Files at least this big that hold a JSON object are streamed rather than parsed whole. */
export const STREAM_THRESHOLD = 8 * 1024 * 1024;
const CHUNK = 1024 * 1024;
/** Subtrees of an item left out: large, and no fact needs them. */
const PRUNE = new Set(['metadata\0managedFields', 'metadata\0annotations', 'status\0images', 'status\0volumesInUse', 'status\0volumesAttached']);

/** Reads into `buf`, returning the number of bytes read, 0 at the end. */
export type ByteReader = (buf: Buffer) => number;

interface Frame {
  /** The container being built, or null inside a pruned subtree or outside an item. */
  value: Record<string, unknown> | unknown[] | null;
  isArray: boolean;
  key: string | number | null;
  /** Path of this container inside the current item, keys joined by NUL ('' for the item itself); null outside items. */
  rel: string | null;
  /** What may come next: the JSON grammar, checked here since the tokenizer checks only tokens. */
  state: 'keyOrEnd' | 'key' | 'colon' | 'value' | 'valueOrEnd' | 'commaOrEnd';
}

export interface StreamStats {
  items: number;
}

export function streamObjects(read: ByteReader, handlers: readonly ObjectHandler[], out: ParseResult): StreamStats {
  const stats: StreamStats = { items: 0 };
  const tokenizer = new Tokenizer();
  let failure: Error | null = null;
  tokenizer.onError = (e) => {
    failure ??= e;
  };

  // Newline counting across chunks.
  let chunk = Buffer.alloc(0);
  let chunkStart = 0;
  let counted = 0;
  let line = 1;
  const lineAt = (offset: number): number => {
    const from = Math.max(counted, chunkStart);
    if (offset > from) {
      let i = chunk.indexOf(10, from - chunkStart);
      while (i >= 0 && i < offset - chunkStart) {
        line++;
        i = chunk.indexOf(10, i + 1);
      }
    }
    if (offset > counted) counted = offset;
    return line;
  };

  // Structure: the frames from the root down; an item is root.items[i].
  const stack: Frame[] = [];
  let rootKind: string | null = null;
  let rootApi: string | null = null;
  let itemPathKeys = new Map<string, { line: number; text: string }>();
  let lineText = new Map<number, string>();
  let skipped = 0;
  let rootDone = false;
  const unwanted = new Map<string, number>();

  /** Path inside the item of the value about to start in frame `top`; null outside items. */
  const relOf = (top: Frame | undefined): string | null => {
    if (!top || top.rel === null) return null;
    if (top === stack[1]) return '';
    return top.rel === '' ? String(top.key) : `${top.rel}\0${String(top.key)}`;
  };

  const record = (rel: string, text: string): void => {
    if (!itemPathKeys.has(rel)) itemPathKeys.set(rel, { line, text });
    if (!lineText.has(line)) lineText.set(line, text);
  };

  const label = (f: Frame | undefined): string => (f && !f.isArray && typeof f.key === 'string' ? `${JSON.stringify(f.key)}: ` : '');

  const attach = (v: unknown): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.value === null) return;
    if (top.isArray) (top.value as unknown[]).push(v);
    else if (typeof top.key === 'string') (top.value as Record<string, unknown>)[top.key] = v;
  };

  const itemDone = (item: Record<string, unknown>, index: number): void => {
    stats.items++;
    let o = item as KubeObject;
    if (o.kind === undefined && rootKind && rootKind !== 'List' && rootKind.endsWith('List')) {
      o = { ...o, kind: rootKind.slice(0, -4), ...(o.apiVersion === undefined && rootApi ? { apiVersion: rootApi } : {}) };
    }
    if (typeof o.kind !== 'string') {
      skipped++;
      return;
    }
    if (!handlers.some((h) => h.matches(o))) {
      unwanted.set(o.kind, (unwanted.get(o.kind) ?? 0) + 1);
      return;
    }
    const keys = itemPathKeys;
    const texts = lineText;
    const itemLine = keys.get('')?.line ?? line;
    const site: ObjectSite = {
      line(path: Path = []) {
        for (let i = path.length; i >= 0; i--) {
          const hit = keys.get(path.slice(0, i).join('\0'));
          if (hit) return hit.line;
        }
        return itemLine;
      },
      excerpt: (l) => excerpt(texts.get(l) ?? ''),
      text(path) {
        const v = path.reduce<unknown>((acc, k) => (acc !== null && typeof acc === 'object' ? (acc as Record<string | number, unknown>)[k] : undefined), o);
        const hit = keys.get(path.join('\0'));
        if (typeof v !== 'string' || !hit) return null;
        const lines = v.split('\n');
        if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
        return { lines, firstLine: hit.line, oneLine: true };
      },
    };
    void index;
    dispatch(o, site, handlers, out);
  };

  const fail = (message: string): void => {
    failure ??= new Error(message);
    tokenizer.error(failure);
  };
  const NAMES: Record<number, string> = { 0: '{', 1: '}', 2: '[', 3: ']', 4: ':', 5: ',' };
  /** Marks a value started in the top frame; false (after failing) when no value may come here. */
  const valueHere = (top: Frame | undefined, t: ParsedTokenInfo): boolean => {
    if (!top) return true;
    if (top.state === 'value' || top.state === 'valueOrEnd') {
      top.state = 'commaOrEnd';
      return true;
    }
    fail(`unexpected ${NAMES[t.token] ?? JSON.stringify(t.value)} at line ${line}`);
    return false;
  };

  tokenizer.onToken = (t: ParsedTokenInfo) => {
    // Count lines at every token, so that only the bytes since the last one need keeping.
    lineAt(t.offset);
    const top = stack[stack.length - 1];
    if (!top && stack.length === 0 && rootDone) return fail(`unexpected ${NAMES[t.token] ?? 'value'} after the end of the document at line ${line}`);
    switch (t.token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET: {
        const isArray = t.token === TokenType.LEFT_BRACKET;
        if (!valueHere(top, t)) return;
        let value: Frame['value'] = null;
        let rel: string | null = null;
        if (stack.length === 0) {
          if (isArray) return fail('expected a JSON object (a List with items), found an array');
        } else if (stack.length === 1 && top?.key === 'items' && isArray) {
          // The items array: its elements are the items.
          rel = '';
        } else {
          const r = relOf(top);
          // Inside an item, or an item itself; not below a pruned subtree.
          if (r !== null && (top!.value !== null || top === stack[1])) {
            record(r, `${label(top)}${isArray ? '[' : '{'}`);
            if (!PRUNE.has(r)) {
              value = isArray ? [] : {};
              rel = r;
              if (stack.length > 2) attach(value);
            }
          }
        }
        stack.push({ value, isArray, key: isArray ? 0 : null, rel, state: isArray ? 'valueOrEnd' : 'keyOrEnd' });
        break;
      }
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET: {
        const isArray = t.token === TokenType.RIGHT_BRACKET;
        if (!top || top.isArray !== isArray || (top.state !== 'commaOrEnd' && top.state !== (isArray ? 'valueOrEnd' : 'keyOrEnd'))) {
          return fail(`unexpected ${isArray ? ']' : '}'} at line ${line}`);
        }
        const done = stack.pop();
        if (stack.length === 0) rootDone = true;
        if (done && stack.length === 2 && stack[1]!.rel === '' && done.value && !done.isArray) {
          itemDone(done.value as Record<string, unknown>, stack[1]!.key as number);
          itemPathKeys = new Map();
          lineText = new Map();
        }
        break;
      }
      case TokenType.COLON:
        if (!top || top.state !== 'colon') return fail(`unexpected : at line ${line}`);
        top.state = 'value';
        break;
      case TokenType.COMMA:
        if (!top || top.state !== 'commaOrEnd') return fail(`unexpected , at line ${line}`);
        if (top.isArray) {
          top.key = (top.key as number) + 1;
          top.state = 'value';
        } else top.state = 'key';
        break;
      default: {
        // A scalar: a key, or a value.
        if (top && !top.isArray && (top.state === 'key' || top.state === 'keyOrEnd')) {
          if (t.token !== TokenType.STRING) return fail(`expected a key at line ${line}, found ${JSON.stringify(t.value)}`);
          top.key = String(t.value);
          top.state = 'colon';
          break;
        }
        if (!top) return fail('expected a JSON object (a List with items)');
        if (!valueHere(top, t)) return;
        if (stack.length === 1 && top.key === 'kind' && typeof t.value === 'string') rootKind = t.value;
        if (stack.length === 1 && top.key === 'apiVersion' && typeof t.value === 'string') rootApi = t.value;
        if (top.value !== null && top.rel !== null) {
          record(relOf(top)!, `${label(top)}${JSON.stringify(t.value)}`);
          attach(t.value);
        }
      }
    }
  };

  const buf = Buffer.alloc(CHUNK);
  let first = true;
  for (;;) {
    const n = read(buf);
    if (n <= 0) break;
    let data = buf.subarray(0, n);
    if (first && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
      // A BOM: the tokenizer counts offsets from after it.
      data = data.subarray(3);
    }
    first = false;
    // Keep the bytes between the last counted offset and this chunk: they may hold newlines.
    const keepFrom = Math.max(counted, chunkStart);
    const carry = keepFrom < chunkStart + chunk.length ? chunk.subarray(keepFrom - chunkStart) : Buffer.alloc(0);
    const nextStart = chunkStart + chunk.length;
    chunk = Buffer.concat([carry, data]);
    chunkStart = nextStart - carry.length;
    try {
      tokenizer.write(data);
    } catch (e) {
      failure ??= e instanceof Error ? e : new Error(String(e));
    }
    if (failure) break;
  }
  if (!failure) {
    try {
      tokenizer.end();
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    }
  }
  if (!failure && !rootDone) failure = new Error(stack.length === 0 ? 'no JSON value' : `the text ends inside ${stack.length} unclosed object${stack.length === 1 ? '' : 's'} or array${stack.length === 1 ? '' : 's'}`);
  if (failure) {
    const f = failure as Error;
    out.diagnostics.push({ level: 'error', line, message: `not valid JSON: ${f.message.split('\n')[0]} (read as a stream; the file ends or breaks near this line)` });
  } else if (stats.items === 0 && !(rootKind ?? '').endsWith('List')) {
    out.diagnostics.push({ level: 'error', line: 1, message: `a JSON file this large is read as a list: expected an object with "items" (kubectl get ... -o json), found ${rootKind ? `kind ${rootKind}` : 'no kind'}` });
  }
  for (const [kind, n] of unwanted) out.diagnostics.push({ level: 'skipped', line: 1, message: `${n} ${kind} object${n === 1 ? '' : 's'} in this ${rootKind ?? 'list'}: no networking facts in this kind of object` });
  if (skipped > 0) out.diagnostics.push({ level: 'skipped', line: 1, message: `${skipped} item${skipped === 1 ? '' : 's'} without a kind` });
  return stats;
}
