/**
 * Finding and reading inputs: files, folders (recursively), and `-` for
 * stdin. Each text is handed to the registry; what no parser recognises is an
 * error when named directly, and skipped (and counted) inside a folder.
 */
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { OBJECT_HANDLERS } from './objects/index.js';
import { k8sObjects } from './parsers/k8s-objects.js';
import { parseText } from './registry.js';
import { bufferReader, readJsonList, STREAM_THRESHOLD, streamObjects, type ByteReader } from './stream-json.js';
import { splitLines } from './text.js';
import type { Diagnostic, Observation, ParseResult } from './types.js';

/** JSON lists from this size on skip the detection of every other kind of evidence. */
const FAST_LIST_BYTES = 256 * 1024;

/** Default size limit of one evidence file: admits a 50,000-node `kubectl get nodes -o json`. */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface ReadOptions {
  maxFileBytes?: number;
  /** Reads stdin when `-` is given; injectable for tests and the library API. */
  stdin?: () => Buffer;
}

export interface FileSummary {
  file: string;
  kind: string | null;
  observations: number;
}

export interface Evidence {
  observations: Observation[];
  diagnostics: Diagnostic[];
  files: FileSummary[];
}

export function readEvidence(paths: readonly string[], opts: ReadOptions = {}): Evidence {
  const ev: Evidence = { observations: [], diagnostics: [], files: [] };
  modules.clear();
  if (paths.length === 0) throw new InputError('no evidence given: name files or folders, or - for stdin');
  if (paths.filter((p) => p === '-').length > 1) throw new InputError('- (stdin) given more than once: it can be read only once');
  const seenFiles = new Set<string>();
  for (const p of paths) {
    if (p === '-') {
      const data = (opts.stdin ?? (() => readFileSync(0)))();
      addText(ev, '-', data, true, opts);
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw new InputError(`cannot read: ${reason(e)}`, p);
    }
    if (st.isDirectory()) {
      const before = ev.files.length;
      const readBefore = seenFiles.size;
      walk(ev, p, opts, new Set(), seenFiles);
      const onlyRepeats = seenFiles.size === readBefore && ev.diagnostics.some((d) => d.message === 'given more than once: read once' && d.file.startsWith(p));
      if (!onlyRepeats && !ev.files.slice(before).some((f) => f.kind !== null)) {
        const skipped = ev.files.length - before;
        throw new InputError(
          `no evidence in this folder${skipped > 0 ? ` (${skipped} file${skipped === 1 ? '' : 's'} read, none of a known kind; --verbose lists them)` : ' (it holds no files)'}`,
          p,
        );
      }
    } else if (st.isFile()) {
      if (once(seenFiles, p, ev)) addFile(ev, p, true, opts);
    } else throw new InputError('not a regular file or folder (a device, pipe or socket): expected a file of evidence', p);
  }
  return ev;
}

/** True the first time a file is met; a file named twice (directly or through a folder) is read once. */
function once(seen: Set<string>, file: string, ev: Evidence): boolean {
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    // unreadable: let the read report it
  }
  if (seen.has(real)) {
    ev.diagnostics.push({ level: 'warning', file, line: null, message: 'given more than once: read once' });
    return false;
  }
  seen.add(real);
  return true;
}

function walk(ev: Evidence, dir: string, opts: ReadOptions, seen: Set<string>, seenFiles: Set<string>): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    ev.diagnostics.push({ level: 'warning', file: dir, line: null, message: `folder skipped: ${reason(e)}` });
    return;
  }
  if (seen.has(real)) {
    ev.diagnostics.push({ level: 'warning', file: dir, line: null, message: 'folder skipped: symbolic link loop' });
    return;
  }
  seen.add(real);
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    ev.diagnostics.push({ level: 'warning', file: dir, line: null, message: `folder skipped: ${reason(e)}` });
    return;
  }
  for (const name of entries) {
    if (name.startsWith('.')) continue;
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const isLink = (() => {
        try {
          return lstatSync(p).isSymbolicLink();
        } catch {
          return false;
        }
      })();
      ev.diagnostics.push({ level: 'warning', file: p, line: null, message: `skipped: ${isLink ? 'broken symbolic link' : reason(e)}` });
      continue;
    }
    if (st.isDirectory()) walk(ev, p, opts, seen, seenFiles);
    else if (st.isFile()) {
      if (once(seenFiles, p, ev)) addFile(ev, p, false, opts);
    } else ev.diagnostics.push({ level: 'skipped', file: p, line: null, message: 'not a regular file (a device, pipe or socket)' });
  }
}

function addFile(ev: Evidence, file: string, named: boolean, opts: ReadOptions): void {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new InputError(`cannot read: ${reason(e)}`, file);
  }
  if (size > max) {
    const msg = `file is ${size} bytes, over the limit of ${max} bytes for one evidence file (raise it with --max-file-size)`;
    if (named) throw new InputError(msg, file);
    ev.diagnostics.push({ level: 'error', file, line: null, message: msg });
    return;
  }
  if (size >= STREAM_THRESHOLD && streamable(file)) {
    streamFile(ev, file, named);
    return;
  }
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    if (named) throw new InputError(`cannot read: ${reason(e)}`, file);
    ev.diagnostics.push({ level: 'warning', file, line: null, message: `skipped: ${reason(e)}` });
    return;
  }
  addText(ev, file, data, named, opts);
}

function addText(ev: Evidence, file: string, data: Buffer, named: boolean, opts: ReadOptions): void {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (data.length > max) throw new InputError(`input is over the limit of ${max} bytes for one evidence file`, file);
  if (data.length >= STREAM_THRESHOLD && startsWithBrace(data.subarray(0, 65536))) {
    addStream(ev, file, bufferReader(data));
    return;
  }
  const problem = binaryProblem(data);
  if (problem) {
    if (named) throw new InputError(`not evidence: ${problem}; expected command output, a log, a manifest or a runbook as text`, file);
    ev.diagnostics.push({ level: 'skipped', file, line: null, message: `not evidence: ${problem}` });
    ev.files.push({ file, kind: null, observations: 0 });
    return;
  }
  // A JSON list under the streaming threshold but big enough that running every
  // parser's detection over it costs more than reading it (a 1,000-node
  // `kubectl get nodes -o json` is 6 MB): read by the JSON list reader when it
  // is one; anything else (a single object, JSON that does not parse) goes the
  // usual way, which also gives its errors.
  if (data.length >= FAST_LIST_BYTES && startsWithBrace(data.subarray(0, 65536)) && k8sObjects.detect(splitLines(data.subarray(0, 65536).toString('utf8')), {}) > 0) {
    const res = readJsonList(data, OBJECT_HANDLERS);
    if (res) {
      commitStream(ev, file, res);
      return;
    }
  }
  const text = data.toString('utf8');
  if (text.trim() === '') {
    const msg = 'empty file: expected command output, a log, a manifest or a runbook';
    if (named) throw new InputError(msg, file);
    ev.diagnostics.push({ level: 'skipped', file, line: null, message: msg });
    ev.files.push({ file, kind: null, observations: 0 });
    return;
  }
  const lines = splitLines(text);
  const res = parseText(lines, { path: file, ...terraformModule(file) });
  if (!res) {
    const msg =
      'not evidence of any known kind: expected command output (ip addr, kubectl get ds/nodes), a kube-proxy or weave-net log, kube-apiserver flags, or a markdown runbook';
    if (named) throw new InputError(msg, file);
    ev.diagnostics.push({ level: 'skipped', file, line: null, message: msg });
    ev.files.push({ file, kind: null, observations: 0 });
    return;
  }
  for (const o of res.observations) {
    const kind = o.kind ?? res.kind;
    ev.observations.push({
      claim: o.claim,
      inferred: o.inferred === true,
      source: { kind, file, line: o.line, excerpt: o.excerpt },
    });
  }
  for (const d of res.diagnostics) ev.diagnostics.push({ level: d.level, file, line: d.line, message: d.message });
  ev.files.push({ file, kind: res.kind, observations: res.observations.length });
}

function binaryProblem(data: Buffer): string | null {
  const sample = data.subarray(0, 8192);
  if (sample.includes(0)) return 'binary data (NUL bytes)';
  const text = data.toString('utf8');
  if (text.includes('\uFFFD') && !data.includes(Buffer.from('\uFFFD', 'utf8'))) return 'not valid UTF-8 text';
  return null;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a folder';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Large JSON objects (`kubectl get nodes -o json` of a big fleet) are streamed
 * (./stream-json.ts): parsing them whole would hold several copies in memory.
 */
function addStream(ev: Evidence, file: string, read: ByteReader): void {
  const res: ParseResult = { observations: [], diagnostics: [] };
  streamObjects(read, OBJECT_HANDLERS, res);
  commitStream(ev, file, res);
}

function commitStream(ev: Evidence, file: string, res: ParseResult): void {
  for (const o of res.observations) {
    ev.observations.push({ claim: o.claim, inferred: o.inferred === true, source: { kind: k8sObjects.kind, file, line: o.line, excerpt: o.excerpt } });
  }
  for (const d of res.diagnostics) ev.diagnostics.push({ level: d.level, file, line: d.line, message: d.message });
  ev.files.push({ file, kind: k8sObjects.kind, observations: res.observations.length });
}

function startsWithBrace(head: Buffer): boolean {
  if (head.includes(0)) return false;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  return text.trimStart().startsWith('{');
}

function streamable(file: string): boolean {
  const head = Buffer.alloc(65536);
  let fd: number | null = null;
  try {
    fd = openSync(file, 'r');
    const n = readSync(fd, head, 0, head.length, 0);
    return startsWithBrace(head.subarray(0, n));
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function streamFile(ev: Evidence, file: string, named: boolean): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if (named) throw new InputError(`cannot read: ${reason(e)}`, file);
    ev.diagnostics.push({ level: 'warning', file, line: null, message: `skipped: ${reason(e)}` });
    return;
  }
  try {
    let pos = 0;
    addStream(ev, file, (buf) => {
      const n = readSync(fd, buf, 0, buf.length, pos);
      pos += n;
      return n;
    });
  } finally {
    closeSync(fd);
  }
}

const modules = new Map<string, { files: { file: string; lines: string[] }[] }>();

/**
 * A Terraform file's folder is its module: its .tf, terraform.tfvars, *.auto.tfvars and other
 * .tfvars files are handed to the parser (read once per folder) for variables and locals.
 */
function terraformModule(file: string): { module?: { files: { file: string; lines: string[] }[] } } {
  if (!/\.tf$/.test(file)) return {};
  const dir = dirname(file);
  let mod = modules.get(dir);
  if (!mod) {
    mod = { files: [] };
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      // the file itself was read; its folder cannot be listed: no other files
    }
    for (const name of names) {
      if (!/\.(tf|tfvars)$/.test(name)) continue;
      const p = join(dir, name);
      try {
        if (statSync(p).size > 4 * 1024 * 1024) continue;
        mod.files.push({ file: p, lines: splitLines(readFileSync(p, 'utf8')) });
      } catch {
        // unreadable siblings add nothing
      }
    }
    if (!mod.files.some((f) => f.file === file)) mod.files.push({ file, lines: splitLines(readFileSync(file, 'utf8')) });
    modules.set(dir, mod);
  }
  return { module: mod };
}
