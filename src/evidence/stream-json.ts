/**
 * Large JSON lists (a 50,000-node `kubectl get nodes -o json` is 100-300 MB)
 * read as a stream, one item of `.items[]` at a time: memory stays at one item
 * plus the observations, whatever the size of the list.
 *
 * A byte scanner follows only what it must — strings (so that brackets inside
 * them do not count), nesting depth, newlines, and the root object's keys —
 * to cut each item's bytes out of the stream; V8's native JSON.parse then
 * builds the item, which is an order of magnitude faster than tokenising in
 * JavaScript. The root without its items (kind, apiVersion, metadata) is
 * parsed the same way at the end, so the whole document is checked as JSON.
 *
 * Lines: each item keeps its text and its first line; the line of a value is
 * found on demand by walking the item's text to it (handlers ask for a few
 * values per object), and an excerpt is the file's own line. When JSON.parse
 * refuses a piece, a small strict checker (jsonError) finds where, for the
 * error's line.
 *
 * Synchronous, like every parser: bytes come from a `read` callback.
 */
import { dispatch, visit } from './objects/read-objects.js';
import type { KubeObject, ObjectHandler, ObjectSite, Path } from './objects/types.js';
import { excerpt } from './text.js';
import type { ParseResult } from './types.js';

/** Files at least this big that hold a JSON object are streamed rather than parsed whole. */
export const STREAM_THRESHOLD = 8 * 1024 * 1024;
const CHUNK = 1024 * 1024;
/** The root without its items is kept to be parsed at the end; a root this big without items is not a list. */
const MAX_SKELETON = 16 * 1024 * 1024;

/** Reads into `buf`, returning the number of bytes read, 0 at the end. */
export type ByteReader = (buf: Buffer) => number;

export interface StreamStats {
  items: number;
}

const PAUSE = -2;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const COLON = 0x3a;

class StreamError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export function streamObjects(read: ByteReader, handlers: readonly ObjectHandler[], out: ParseResult): StreamStats {
  const stats: StreamStats = { items: 0 };
  let rootKind: string | null = null;
  let rootApi: string | null = null;
  let skipped = 0;
  const unwanted = new Map<string, number>();

  const item = (text: string, firstLine: number, parsed?: unknown): void => {
    let value: unknown = parsed;
    if (parsed === undefined) {
      try {
        value = JSON.parse(text);
      } catch {
        const e = jsonError(text);
        throw new StreamError(e.message, firstLine + newlines(text, 0, e.offset));
      }
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    stats.items++;
    let o = value as KubeObject;
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
    dispatch(o, itemSite(o, text, firstLine), handlers, out);
  };

  // Scanner state, kept across chunks.
  let pending = Buffer.alloc(0);
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Root level (depth 1): is a key expected next, the last key read, and the start of the string being read there. */
  let expectKey = true;
  let lastKey: string | null = null;
  let stringStart = -1;
  /** Inside the items array: its depth is 2 for its elements; an element's start (offset in pending) and first line. */
  let inItems = false;
  let itemsSeen = false;
  let elementStart = -1;
  let elementLine = 0;
  /** Between two elements of items: a comma was seen (or the array just opened) and an element may start. */
  let elementAllowed = true;
  let elements = 0;
  /** The element being read: read byte by byte (not fastItem); its line's indentation, with the newline before it. */
  let elementSlow = false;
  let elementIndent: string | null = null;
  /** The scan stopped at an element's start, waiting for more bytes. */
  let paused = false;
  let rootDone = false;
  let rootSeen = false;
  // The root without its items, with the newlines left out so that an error in it still has a line.
  let skeleton = '';
  const cuts: { at: number; lines: number }[] = [];
  let skeletonFrom = 0;
  let cutLines = 0;

  const skeletonUpTo = (end: number): void => {
    if (end > skeletonFrom) skeleton += pending.toString('utf8', skeletonFrom, end);
    skeletonFrom = end;
    if (skeleton.length > MAX_SKELETON && !itemsSeen) throw new StreamError('a JSON file this large is read as a list: expected an object with "items" (kubectl get ... -o json)', line);
  };

  const scan = (from: number): void => {
    const b = pending;
    const n = b.length;
    for (let i = from; i < n; i++) {
      const c = b[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (depth === 1 && stringStart >= 0) {
            // A bad escape is left for the skeleton's parse to report.
            const s = rootString(b.toString('utf8', stringStart, i + 1));
            if (expectKey) lastKey = s;
            else if (lastKey === 'kind') rootKind = s;
            else if (lastKey === 'apiVersion') rootApi = s;
            stringStart = -1;
          }
        } else if (c === NEWLINE) {
          throw new StreamError('a string runs past the end of its line (JSON strings cannot hold a raw newline)', line);
        }
        continue;
      }
      switch (c) {
        case NEWLINE:
          line++;
          break;
        case 0x20:
        case 0x09:
        case 0x0d:
          break;
        case QUOTE:
          if (depth === 0) throw new StreamError(rootDone ? 'unexpected text after the end of the document' : 'expected a JSON object (a List with items), found a string', line);
          if (inItems && depth === 2) startElement(i);
          inString = true;
          if (depth === 1) stringStart = i;
          break;
        case 0x7b: // {
        case 0x5b: // [
          if (depth === 0) {
            if (rootDone && c === 0x7b && !itemsSeen) {
              throw new StreamError(
                'a second object after the first: objects one after another (`jq -c \'.items[]\'`) are read up to 8 MiB; for more, give the list itself (`kubectl get nodes -o json`)',
                line,
              );
            }
            if (rootDone) throw new StreamError(`unexpected ${String.fromCharCode(c)} after the end of the document`, line);
            if (c === 0x5b) throw new StreamError('expected a JSON object (a List with items), found an array', line);
            rootSeen = true;
          } else if (inItems && depth === 2) {
            startElement(i);
            if (c === 0x7b && !elementSlow) {
              const next = fastItem(i);
              if (next === PAUSE) {
                paused = true;
                return;
              }
              if (next >= 0) {
                i = next - 1;
                break;
              }
              elementSlow = true;
            }
          } else if (depth === 1 && c === 0x5b && !expectKey && lastKey === 'items' && !itemsSeen) {
            // The items array: what follows, up to its ], is cut out of the skeleton.
            skeletonUpTo(i + 1);
            inItems = true;
            itemsSeen = true;
            elementAllowed = true;
            cutLines = line;
          }
          depth++;
          break;
        case 0x7d: // }
        case 0x5d: // ]
          if (depth === 0) throw new StreamError(`unexpected ${String.fromCharCode(c)}`, line);
          depth--;
          if (inItems && depth === 2 && elementStart >= 0) endElement(i + 1);
          else if (inItems && depth === 1) {
            // The items array closes (a bracket mismatch here is left to the skeleton's parse).
            if (elementStart >= 0) endElement(i);
            else if (elementAllowed && elements > 0) throw new StreamError('a , after the last item (JSON allows no trailing comma)', line);
            cuts.push({ at: skeleton.length, lines: line - cutLines });
            skeletonFrom = i;
            inItems = false;
          }
          if (depth === 0) rootDone = true;
          break;
        case COMMA:
          if (depth === 1) expectKey = true;
          else if (inItems && depth === 2) {
            if (elementStart >= 0) endElement(i);
            else if (elementAllowed) throw new StreamError('unexpected , in items', line);
            elementAllowed = true;
          }
          break;
        case COLON:
          if (depth === 1) expectKey = false;
          break;
        default:
          if (depth === 0) {
            throw new StreamError(rootDone ? 'unexpected text after the end of the document' : 'expected a JSON object (a List with items)', line);
          }
          if (inItems && depth === 2) startElement(i);
      }
    }
  };

  /**
   * kubectl and every JSON pretty-printer put an item's closing brace on a line
   * of its own, indented as its opening one: the first such line after the
   * item's start is found natively, and if JSON.parse takes the text up to it
   * as one value, that text is the item (an inner brace there would leave the
   * item's own open). Otherwise (other layouts, broken JSON) the item is read
   * byte by byte. PAUSE: the closing line is not in the buffer yet.
   */
  const fastItem = (i: number): number => {
    if (elementIndent === null) {
      let k = i - 1;
      while (k >= 0 && (pending[k] === 0x20 || pending[k] === 0x09)) k--;
      if (k < 0 || pending[k] !== NEWLINE) return -1;
      elementIndent = pending.subarray(k, i).toString('latin1');
    }
    // Each } (a single byte, found natively) until one starts a line with the item's indentation.
    const indent = elementIndent;
    let end = -1;
    for (let b = pending.indexOf(0x7d, i); b >= 0; b = pending.indexOf(0x7d, b + 1)) {
      const from = b - indent.length;
      if (from >= i && sameBytes(pending, from, indent)) {
        end = b + 1;
        break;
      }
    }
    if (end < 0) return PAUSE;
    const text = pending.toString('utf8', i, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return -1;
    }
    const first = line;
    line += newlines(text, 0, text.length);
    elementStart = -1;
    elementIndent = null;
    item(text, first, value);
    return end;
  };

  const startElement = (i: number): void => {
    if (elementStart >= 0) return;
    if (!elementAllowed) throw new StreamError('expected , between items', line);
    elementStart = i;
    elementLine = line;
    elementAllowed = false;
    elements++;
  };

  const endElement = (end: number): void => {
    const text = pending.toString('utf8', elementStart, end);
    elementStart = -1;
    elementSlow = false;
    elementIndent = null;
    item(text, elementLine);
  };

  // One buffer for the whole stream, reused: what is still needed is moved to its start and the
  // next chunk read in after it. A fresh buffer per chunk left the allocator's heap fragmented
  // (some 100 MB of RSS at 50,000 nodes that no collection gave back).
  let store = Buffer.allocUnsafe(2 * CHUNK);
  let first = true;
  let failure: StreamError | null = null;
  try {
    for (;;) {
      // Keep only what is still needed: the element being read, or a root key or value being read.
      // The skeleton takes what it has not yet taken first, so nothing kept is taken twice.
      if (!inItems) skeletonUpTo(pending.length);
      const keep = Math.min(elementStart >= 0 ? elementStart : pending.length, stringStart >= 0 ? stringStart : pending.length);
      const carried = pending.length - keep;
      if (elementStart >= 0) elementStart -= keep;
      if (stringStart >= 0) stringStart -= keep;
      skeletonFrom = Math.max(0, skeletonFrom - keep);
      if (carried + CHUNK > store.length) {
        // An item bigger than the buffer: grow it (doubling), keeping what is carried.
        const bigger = Buffer.allocUnsafe(Math.max(2 * store.length, carried + CHUNK));
        pending.copy(bigger, 0, keep);
        store = bigger;
      } else if (keep > 0) {
        // pending is always the start of store.
        store.copyWithin(0, keep, pending.length);
      }
      let n = read(store.subarray(carried, carried + CHUNK));
      if (n <= 0) {
        pending = store.subarray(0, carried);
        break;
      }
      if (first && store[carried] === 0xef && store[carried + 1] === 0xbb && store[carried + 2] === 0xbf) {
        store.copyWithin(carried, carried + 3, carried + n);
        n -= 3;
      }
      first = false;
      pending = store.subarray(0, carried + n);
      // A paused item is tried again from its start, now that more of it is here.
      const resume = paused ? elementStart : carried;
      paused = false;
      scan(resume);
    }
    if (paused) {
      // The stream ended inside an item: read it byte by byte, for the error.
      paused = false;
      elementSlow = true;
      scan(elementStart);
    }
    if (!inItems) skeletonUpTo(pending.length);
    if (!rootSeen) throw new StreamError('no JSON value', line);
    if (inString) throw new StreamError('the text ends inside a string', line);
    if (!rootDone) throw new StreamError(`the text ends inside ${depth} unclosed object${depth === 1 ? '' : 's'} or array${depth === 1 ? '' : 's'}`, line);
    try {
      JSON.parse(skeleton);
    } catch {
      const e = jsonError(skeleton);
      let lineOf = 1 + newlines(skeleton, 0, e.offset);
      for (const cut of cuts) if (cut.at <= e.offset) lineOf += cut.lines;
      throw new StreamError(e.message, lineOf);
    }
  } catch (e) {
    if (!(e instanceof StreamError)) throw e;
    failure = e;
  }
  if (failure) {
    out.diagnostics.push({ level: 'error', line: failure.line, message: `not valid JSON: ${failure.message} (read as a stream; the file ends or breaks near this line)`, syntax: true });
  } else if (!itemsSeen || (stats.items === 0 && !(rootKind ?? '').endsWith('List'))) {
    out.diagnostics.push({ level: 'error', line: 1, message: `a JSON file this large is read as a list: expected an object with "items" (kubectl get ... -o json), found ${rootKind ? `kind ${rootKind}` : 'no kind'}` });
  }
  for (const [kind, n] of unwanted) out.diagnostics.push({ level: 'skipped', line: 1, message: `${n} ${kind} object${n === 1 ? '' : 's'} in this ${rootKind ?? 'list'}: no networking facts in this kind of object` });
  if (skipped > 0) out.diagnostics.push({ level: 'skipped', line: 1, message: `${skipped} item${skipped === 1 ? '' : 's'} without a kind` });
  return stats;
}

/** Whether buf holds the (ASCII) text at offset. */
function sameBytes(buf: Buffer, offset: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (buf[offset + k] !== text.charCodeAt(k)) return false;
  return true;
}

function rootString(token: string): string | null {
  try {
    return JSON.parse(token) as string;
  } catch {
    return null;
  }
}

function newlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Where an item's values are: found by walking its text on demand, lines counted from its first line. */
function itemSite(root: unknown, text: string, firstLine: number, base: Path = []): ObjectSite {
  // Offsets already found, by path; the line of an offset.
  const found = new Map<string, number>();
  const lineStarts = new Map<number, number>();
  const lineOf = (offset: number): number => {
    const l = firstLine + newlines(text, 0, offset);
    if (!lineStarts.has(l)) lineStarts.set(l, offset);
    return l;
  };
  const locate = (path: Path): number => {
    const key = path.join('\0');
    let at = found.get(key);
    if (at === undefined) {
      at = walk(text, [...base, ...path]);
      found.set(key, at);
    }
    return at;
  };
  return {
    line(path: Path = []) {
      for (let i = path.length; i >= 0; i--) {
        const at = locate(path.slice(0, i));
        if (at >= 0) return lineOf(at);
      }
      return firstLine;
    },
    excerpt(l) {
      let at = lineStarts.get(l);
      if (at === undefined) {
        // A line no value was asked for: find it by counting.
        at = 0;
        for (let k = firstLine; k < l && at >= 0; k++) at = text.indexOf('\n', at) + 1 || -1;
        if (at < 0) return '';
      }
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      const whole = text.slice(start, end < 0 ? text.length : end);
      // Minified JSON: one huge line; show it from the value asked for. A copy,
      // not a slice: a slice would keep the whole item's text alive as long as the observation.
      return Buffer.from(excerpt(whole.length > 400 ? text.slice(at, at + 400) : whole), 'utf8').toString('utf8');
    },
    text(path) {
      const v = [...base, ...path].reduce<unknown>((acc, k) => (acc !== null && typeof acc === 'object' ? (acc as Record<string | number, unknown>)[k] : undefined), root);
      const at = locate(path);
      if (typeof v !== 'string' || at < 0) return null;
      const lines = v.split('\n');
      if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
      return { lines, firstLine: lineOf(at), oneLine: true };
    },
  };
}

/**
 * Offset of the value at `path` in a JSON text that parses (for an object's
 * member, the offset of its key, which kubectl prints on the value's line);
 * -1 when the path is not there.
 */
export function walk(text: string, path: Path): number {
  let i = skipSpace(text, 0);
  let at = i;
  for (const step of path) {
    if (typeof step === 'number') {
      if (text.charCodeAt(i) !== 0x5b) return -1;
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === 0x5d) return -1;
      for (let k = 0; k < step; k++) {
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) !== COMMA) return -1;
        i = skipSpace(text, i + 1);
      }
      at = i;
    } else {
      if (text.charCodeAt(i) !== 0x7b) return -1;
      i = skipSpace(text, i + 1);
      let hit = false;
      while (text.charCodeAt(i) === QUOTE) {
        const keyAt = i;
        const keyEnd = skipString(text, i);
        const raw = text.slice(i + 1, keyEnd - 1);
        const name = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
        i = skipSpace(text, keyEnd);
        i = skipSpace(text, i + 1); // the colon
        if (name === step) {
          at = keyAt;
          hit = true;
          break;
        }
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) !== COMMA) return -1;
        i = skipSpace(text, i + 1);
      }
      if (!hit) return -1;
    }
  }
  return at;
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** The offset just after the string starting at i: the next quote not escaped (found natively). */
function skipString(text: string, i: number): number {
  for (let q = text.indexOf('"', i + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return q + 1;
  }
  return text.length;
}

/** The offset just after the value starting at i (in a text that parses). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c !== 0x7b && c !== 0x5b) {
    let k = i;
    while (k < text.length) {
      const d = text.charCodeAt(k);
      if (d === COMMA || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
      k++;
    }
    return k;
  }
  let depth = 0;
  for (let k = i; k < text.length; k++) {
    const d = text.charCodeAt(k);
    if (d === QUOTE) k = skipString(text, k) - 1;
    else if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return text.length;
}

/**
 * Where and why a text is not JSON (RFC 8259), for a text JSON.parse refused:
 * V8's messages do not always give the position.
 */
export function jsonError(text: string): { offset: number; message: string } {
  let i = 0;
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), { offset: i });
  };
  const what = (): string => (i >= text.length ? 'the end of the text' : JSON.stringify(text.charAt(i)));
  const space = (): void => {
    i = skipSpace(text, i);
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= text.length) fail('the text ends inside a string');
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i++;
        return;
      }
      if (c < 0x20) fail('a control character (such as a raw newline or tab) inside a string');
      if (c === 0x5c) {
        const e = text.charAt(i + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a \\u escape needs four hex digits');
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e) || e === '') fail(`unknown escape \\${e}`);
        i += 2;
        continue;
      }
      i++;
    }
  };
  /** The members of an object or array, from its opening bracket to its closing one. */
  const members = (close: string, kind: string, member: () => void): void => {
    i++;
    space();
    if (text.charAt(i) === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      space();
      const d = text.charAt(i);
      if (d === ',') {
        i++;
        continue;
      }
      if (d === close) {
        i++;
        return;
      }
      fail(`expected , or ${close} in ${kind}, found ${what()}`);
    }
  };
  const value = (level: number): void => {
    if (level > 10000) fail('nested too deeply');
    space();
    const c = text.charAt(i);
    if (c === '{') {
      return members('}', 'an object', () => {
        space();
        if (text.charAt(i) !== '"') fail(`expected a key in double quotes, found ${what()}`);
        string();
        space();
        if (text.charAt(i) !== ':') fail(`expected : after a key, found ${what()}`);
        i++;
        value(level + 1);
      });
    }
    if (c === '[') return members(']', 'an array', () => value(level + 1));
    if (c === '"') return string();
    const m = /^(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) fail(`expected a value, found ${what()}`);
    i += m![0].length;
  };
  try {
    value(0);
    space();
    if (i < text.length) fail(`unexpected ${what()} after the value`);
  } catch (e) {
    const offset = (e as { offset?: number }).offset;
    if (typeof offset === 'number') return { offset, message: (e as Error).message };
    throw e;
  }
  return { offset: text.length, message: 'not JSON' };
}

/**
 * A JSON text sequence: objects one after another rather than one document,
 * as `kubectl get nodes -o json | jq -c '.items[]'` (one a line) or
 * `jq '.items[]'` (pretty, one after another) print them. Each value is read
 * as a document of its own (a List in it is visited too). False when the text
 * is not one (a single value, or not JSON): the caller reads it otherwise.
 */
export function readJsonSequence(text: string, handlers: readonly ObjectHandler[], out: ParseResult): boolean {
  let i = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text.charCodeAt(i) !== 0x7b) return false;
  const second = skipSpace(text, skipValue(text, i));
  if (second >= text.length || text.charCodeAt(second) !== 0x7b) return false;
  let line = 1 + newlines(text, 0, i);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x7b && c !== 0x5b) {
      out.diagnostics.push({ level: 'error', line, message: `not valid JSON: expected an object, the next value of the sequence, found ${JSON.stringify(text.charAt(i))}`, syntax: true });
      return true;
    }
    const end = skipValue(text, i);
    const piece = text.slice(i, end);
    let value: unknown;
    try {
      value = JSON.parse(piece);
    } catch {
      const e = jsonError(piece);
      out.diagnostics.push({ level: 'error', line: line + newlines(piece, 0, e.offset), message: `not valid JSON: ${e.message}`, syntax: true });
      return true;
    }
    const first = line;
    visit(value, [], (path) => itemSite(value, piece, first, path), handlers, out);
    const next = skipSpace(text, end);
    line += newlines(text, i, next);
    i = next;
  }
  return true;
}

/** Reads from a buffer in memory, as streamObjects reads a file. */
export function bufferReader(data: Buffer): ByteReader {
  let pos = 0;
  return (buf) => {
    const n = data.copy(buf, 0, pos);
    pos += n;
    return n;
  };
}

/**
 * A JSON list (kubectl's `List` or a typed list) already in memory, read by
 * streamObjects; null when the text is not one (a single object, JSON that does
 * not parse, YAML in flow style), for the caller to read it the general way,
 * which also gives the error messages.
 */
export function readJsonList(data: Buffer, handlers: readonly ObjectHandler[]): ParseResult | null {
  const out: ParseResult = { observations: [], diagnostics: [] };
  streamObjects(bufferReader(data), handlers, out);
  return out.diagnostics.some((d) => /^(not valid JSON|a JSON file this large)/.test(d.message)) ? null : out;
}
