/**
 * Finding and reading inputs: files, folders (recursively), and `-` for
 * stdin. Each text is handed to the registry. Every input is read: what
 * cannot be read becomes a diagnostic with its location (an error when it is
 * an evidence file, named or inside a folder, that cannot be opened or parsed;
 * skipped and counted when a folder holds something that is not evidence), and
 * contributes no facts. Only usage errors throw here (no paths, stdin twice, a
 * path that does not exist); whether anything at all was read is decided in
 * ../check.ts.
 */
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fsReason, InputError } from '../errors.js';
import { OBJECT_HANDLERS } from './objects/index.js';
import { k8sObjects } from './parsers/k8s-objects.js';
import { parseText } from './registry.js';
import { bufferReader, readJsonList, STREAM_THRESHOLD, streamObjects, type ByteReader } from './stream-json.js';
import { splitLines } from './text.js';
import type { Diagnostic, Observation, ParseResult, RawDiagnostic } from './types.js';
import { pickCluster, type Clusters } from './clusters.js';

/** JSON lists from this size on skip the detection of every other kind of evidence. */
const FAST_LIST_BYTES = 256 * 1024;

/** Default size limit of one evidence file: admits a 50,000-node `kubectl get nodes -o json`. */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface ReadOptions {
  maxFileBytes?: number;
  /** Reads stdin when `-` is given; injectable for tests and the library API. */
  stdin?: () => Buffer;
  /** Keep only this cluster's evidence (and evidence of no cluster): --cluster-name (./clusters.ts). */
  clusterName?: string;
}

export interface FileSummary {
  file: string;
  kind: string | null;
  observations: number;
  /** Something in the file could not be read, so none of its observations is used. */
  withheld?: boolean;
}

export interface Evidence {
  observations: Observation[];
  diagnostics: Diagnostic[];
  files: FileSummary[];
  /** The clusters the evidence describes, and the one picked (./clusters.ts); absent when it names none. */
  clusters?: Clusters;
}

const EXPECTED_EVIDENCE = 'command output, a log, a manifest or a runbook as text';

/** What a folder held that gave no evidence, to say why nothing was read from it. */
interface Tally {
  files: number;
  hidden: string[];
  unreadable: number;
  oversize: number;
  notEvidence: number;
  broken: number;
}

export function readEvidence(paths: readonly string[], opts: ReadOptions = {}): Evidence {
  const ev: Evidence = { observations: [], diagnostics: [], files: [] };
  modules.clear();
  if (paths.length === 0) throw new InputError('no evidence given: name files or folders, or - for stdin');
  if (paths.filter((p) => p === '-').length > 1) throw new InputError('- (stdin) given more than once: it can be read only once');
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!(max >= 1)) throw new InputError(`maximum file size ${max}: expected at least 1 byte`);
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
      const code = (e as NodeJS.ErrnoException).code;
      // A path that does not exist is a usage error; one that exists but cannot be reached is evidence that cannot be read.
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new InputError(`cannot read: ${fsReason(e)}`, p);
      ev.diagnostics.push({ level: 'error', file: p, line: null, message: `cannot read: ${fsReason(e)}`, expected: 'a file or folder of evidence that can be read' });
      continue;
    }
    if (st.isDirectory()) {
      const before = ev.files.length;
      const at = ev.diagnostics.length;
      const readBefore = seenFiles.size;
      const tally: Tally = { files: 0, hidden: [], unreadable: 0, oversize: 0, notEvidence: 0, broken: 0 };
      const opened = walk(ev, p, opts, new Set(), seenFiles, tally);
      const onlyRepeats = seenFiles.size === readBefore && ev.diagnostics.some((d) => d.message === 'given more than once: read once' && d.file.startsWith(p));
      if (opened && !onlyRepeats && !ev.files.slice(before).some((f) => f.kind !== null)) {
        ev.diagnostics.splice(at, 0, { level: 'error', file: p, line: null, message: `no evidence in this folder ${emptyFolder(tally, max)}`, expected: `files of ${EXPECTED_EVIDENCE}` });
      }
    } else if (st.isFile()) {
      if (once(seenFiles, p, ev)) addFile(ev, p, true, opts);
    } else throw new InputError('not a regular file or folder (a device, pipe or socket): expected a file of evidence', p);
  }
  return pickCluster(ev, opts.clusterName);
}

/** Why a folder gave no evidence: what it held, counted by reason. */
function emptyFolder(t: Tally, max: number): string {
  if (t.files === 0 && t.hidden.length === 0 && t.unreadable === 0 && t.broken === 0) return '(it holds no files)';
  const parts: string[] = [];
  const n = (k: number, one: string, many: string): string => `${k} ${k === 1 ? one : many}`;
  if (t.notEvidence > 0) parts.push(`${n(t.notEvidence, 'file', 'files')} read, none of a known kind`);
  if (t.oversize > 0) parts.push(`${n(t.oversize, 'file', 'files')} over the limit of ${max} bytes (--max-file-size)`);
  if (t.unreadable > 0) parts.push(`${n(t.unreadable, 'file or folder', 'files or folders')} that cannot be opened`);
  if (t.broken > 0) parts.push(`${n(t.broken, 'broken symbolic link', 'broken symbolic links')}`);
  if (t.hidden.length > 0) {
    const names = t.hidden.slice(0, 3).join(', ') + (t.hidden.length > 3 ? ', ...' : '');
    parts.push(`${n(t.hidden.length, 'hidden file or folder', 'hidden files or folders')} not read (${names}: name a hidden file to read it)`);
  }
  return `(${parts.join('; ')}; --verbose lists them)`;
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

/** Reads a folder's files; false when the folder itself could not be opened (already reported). */
function walk(ev: Evidence, dir: string, opts: ReadOptions, seen: Set<string>, seenFiles: Set<string>, tally: Tally): boolean {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    tally.unreadable++;
    ev.diagnostics.push({ level: 'error', file: dir, line: null, message: `folder cannot be read: ${fsReason(e)}`, expected: 'a folder of evidence that can be read' });
    return false;
  }
  if (seen.has(real)) {
    ev.diagnostics.push({ level: 'warning', file: dir, line: null, message: 'folder skipped: symbolic link loop' });
    return true;
  }
  seen.add(real);
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    tally.unreadable++;
    ev.diagnostics.push({ level: 'error', file: dir, line: null, message: `folder cannot be read: ${fsReason(e)}`, expected: 'a folder of evidence that can be read' });
    return false;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (name.startsWith('.')) {
      // Hidden entries (.git, editor swap files, .DS_Store) are not evidence someone meant to give; named directly, they are read.
      tally.hidden.push(name);
      ev.diagnostics.push({ level: 'skipped', file: p, line: null, message: 'hidden (the name starts with a dot): not read inside a folder; name it to read it' });
      continue;
    }
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
      if (isLink && (e as NodeJS.ErrnoException).code === 'ENOENT') {
        tally.broken++;
        ev.diagnostics.push({ level: 'warning', file: p, line: null, message: 'skipped: broken symbolic link' });
      } else {
        tally.unreadable++;
        ev.diagnostics.push({ level: 'error', file: p, line: null, message: `cannot read: ${isLink ? 'symbolic link: ' : ''}${fsReason(e)}`, expected: 'an evidence file that can be read' });
      }
      continue;
    }
    if (st.isDirectory()) walk(ev, p, opts, seen, seenFiles, tally);
    else if (st.isFile()) {
      tally.files++;
      if (!once(seenFiles, p, ev)) continue;
      const at = ev.diagnostics.length;
      addFile(ev, p, false, opts);
      for (const d of ev.diagnostics.slice(at)) {
        if (d.message.startsWith('file is ') && d.message.includes('over the limit')) tally.oversize++;
        else if (d.message.startsWith('cannot read')) tally.unreadable++;
        else if (d.level === 'skipped' && d.line === null) tally.notEvidence++;
      }
    } else ev.diagnostics.push({ level: 'skipped', file: p, line: null, message: 'not a regular file (a device, pipe or socket)' });
  }
  return true;
}

function addFile(ev: Evidence, file: string, named: boolean, opts: ReadOptions): void {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    ev.diagnostics.push({ level: 'error', file, line: null, message: `cannot read: ${fsReason(e)}`, expected: 'an evidence file that can be read' });
    return;
  }
  if (size > max) {
    ev.diagnostics.push({ level: 'error', file, line: null, message: `file is ${size} bytes, over the limit of ${max} bytes for one evidence file (raise it with --max-file-size)` });
    return;
  }
  if (size >= STREAM_THRESHOLD && streamable(file)) {
    streamFile(ev, file);
    return;
  }
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    ev.diagnostics.push({ level: 'error', file, line: null, message: `cannot read: ${fsReason(e)}`, expected: 'an evidence file that can be read' });
    return;
  }
  addText(ev, file, data, named, opts);
}

/**
 * What is not evidence: an error for an input named directly (the user meant it
 * as evidence), skipped and counted inside a folder (READMEs, scripts, images).
 */
function notEvidence(ev: Evidence, file: string, named: boolean, message: string): void {
  const expected = message.includes('expected') ? {} : { expected: EXPECTED_EVIDENCE };
  ev.diagnostics.push(named ? { level: 'error', file, line: null, message, ...expected } : { level: 'skipped', file, line: null, message });
  ev.files.push({ file, kind: null, observations: 0 });
}

function addText(ev: Evidence, file: string, raw: Buffer, named: boolean, opts: ReadOptions): void {
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (raw.length > max) {
    ev.diagnostics.push({ level: 'error', file, line: null, message: `input is ${raw.length} bytes, over the limit of ${max} bytes for one evidence file (raise it with --max-file-size)` });
    return;
  }
  const data = decodeUTF16(raw);
  if (data.length >= STREAM_THRESHOLD && startsWithBrace(data.subarray(0, 65536))) {
    addStream(ev, file, bufferReader(data));
    return;
  }
  const problem = binaryProblem(data);
  if (problem) {
    notEvidence(ev, file, named, `not evidence: ${problem}`);
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
    notEvidence(ev, file, named, 'empty file: expected command output, a log, a manifest or a runbook');
    return;
  }
  const lines = splitLines(text);
  const conflicts = mergeConflicts(lines);
  const res = parseText(lines, { path: file, ...terraformModule(file) });
  if (!res) {
    if (conflicts.length > 0) {
      // Nothing outside the conflict is evidence: the conflict is what could not be read.
      for (const d of conflicts) ev.diagnostics.push(toDiagnostic(file, d, false));
      ev.files.push({ file, kind: null, observations: 0 });
      return;
    }
    notEvidence(
      ev,
      file,
      named,
      'not evidence of any known kind: expected command output (ip addr, kubectl get ds/nodes), a kube-proxy or weave-net log, kube-apiserver flags, or a markdown runbook',
    );
    return;
  }
  commit(ev, file, { ...res, diagnostics: [...conflicts, ...res.diagnostics] }, lines);
}

/**
 * A parser's result into the evidence. Template placeholders (`${PORT}`,
 * `{{ .Values.x }}`, `__CNI_MTU__`) are named as such: a note, not an error, as
 * they are no value at all. When anything else could not be read (an error the
 * parser did not contain to a part of the text), the file gives no facts.
 */
function commit(ev: Evidence, file: string, res: ParseResult & { kind: string }, lines: readonly string[]): void {
  const diagnostics = res.diagnostics.map((d) => asTemplate(d, lines));
  const withheld = diagnostics.some((d) => d.level === 'error' && !d.contained);
  if (!withheld) {
    for (const o of res.observations) {
      const kind = o.kind ?? res.kind;
      ev.observations.push({
        claim: o.claim,
        inferred: o.inferred === true,
        source: { kind, file, line: o.line, excerpt: o.excerpt },
        ...(o.cluster !== undefined ? { cluster: o.cluster } : {}),
      });
    }
  }
  for (const d of diagnostics) ev.diagnostics.push(toDiagnostic(file, d, withheld));
  ev.files.push({ file, kind: res.kind, observations: withheld ? 0 : res.observations.length, ...(withheld ? { withheld: true } : {}) });
}

function toDiagnostic(file: string, d: RawDiagnostic, withheld: boolean): Diagnostic {
  return {
    level: d.level,
    file,
    line: d.line,
    ...(d.column !== undefined && d.column !== null ? { column: d.column } : {}),
    message: d.message,
    ...(d.expected !== undefined ? { expected: d.expected } : {}),
    ...(withheld && d.level === 'error' && !d.contained ? { withheld: true } : {}),
  };
}

/** `${VAR}`, `{{ .Values.x }}` (Helm, Go templates), `__CNI_MTU__` (the CNI installers' placeholders). */
const TEMPLATE = /\$\{[A-Za-z_][\w.-]*(?::?[-=?+][^}]*)?\}|\{\{-?.*?-?\}\}|__[A-Z][A-Z0-9_]*__/;

function asTemplate(d: RawDiagnostic, lines: readonly string[]): RawDiagnostic {
  if (d.level !== 'error' || d.line === null) return d;
  const m = TEMPLATE.exec(lines[d.line - 1] ?? '') ?? (d.syntax ? TEMPLATE.exec(lines[d.line - 2] ?? '') : null);
  if (!m) return d;
  return {
    level: 'warning',
    line: d.line,
    message: `${m[0]} is a template placeholder, not a value: skipped (${d.message}); render the template (helm template, envsubst) to have it checked`,
    contained: true,
  };
}

/**
 * Git merge-conflict markers: the lines between `<<<<<<<` and `>>>>>>>` are two
 * versions of the text, neither of them evidence. They are blanked (line numbers
 * stay) so the rest of the file is read, and each conflict is an error: the
 * file is half-merged, and what the conflict holds is missing.
 */
function mergeConflicts(lines: string[]): RawDiagnostic[] {
  const out: RawDiagnostic[] = [];
  let start = -1;
  let middle = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^<{7}(?: |$)/.test(l)) {
      start = i;
      middle = false;
    } else if (start >= 0 && /^={7}$/.test(l)) middle = true;
    else if (start >= 0 && middle && /^>{7}(?: |$)/.test(l)) {
      for (let j = start; j <= i; j++) lines[j] = '';
      out.push({
        level: 'error',
        line: start + 1,
        column: 1,
        message: `git merge-conflict markers (<<<<<<< at line ${start + 1}, >>>>>>> at line ${i + 1}): both versions skipped, the rest of the file is read`,
        expected: 'a file with its merge resolved',
        contained: true,
      });
      start = -1;
    }
  }
  return out;
}

/**
 * UTF-16 text (Windows PowerShell's `>` writes UTF-16LE with a byte-order
 * mark) decoded to UTF-8; other bytes as they are.
 */
function decodeUTF16(data: Buffer): Buffer {
  const le = data.length >= 2 && data[0] === 0xff && data[1] === 0xfe;
  const be = data.length >= 2 && data[0] === 0xfe && data[1] === 0xff;
  if (le) return Buffer.from(data.subarray(2).toString('utf16le'), 'utf8');
  if (be) {
    const body = Buffer.from(data.subarray(2, 2 + ((data.length - 2) & ~1)));
    body.swap16();
    return Buffer.from(body.toString('utf16le'), 'utf8');
  }
  // Without a mark: text whose every other byte is NUL (ASCII in UTF-16LE, as `Out-File -Encoding unicode` minus the BOM).
  const sample = data.subarray(0, Math.min(data.length, 4096) & ~1);
  if (sample.length >= 8) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < sample.length; i += 2) {
      if (sample[i] === 0) evenNul++;
      if (sample[i + 1] === 0) oddNul++;
    }
    const half = sample.length / 2;
    if (oddNul >= half * 0.9 && evenNul === 0) return Buffer.from(data.subarray(0, data.length & ~1).toString('utf16le'), 'utf8');
    if (evenNul >= half * 0.9 && oddNul === 0) {
      const body = Buffer.from(data.subarray(0, data.length & ~1));
      body.swap16();
      return Buffer.from(body.toString('utf16le'), 'utf8');
    }
  }
  return data;
}

function binaryProblem(data: Buffer): string | null {
  const sample = data.subarray(0, 8192);
  if (sample.includes(0)) return 'binary data (NUL bytes): expected text (UTF-8, or UTF-16 with its byte-order mark)';
  const text = data.toString('utf8');
  if (text.includes('\uFFFD') && !data.includes(Buffer.from('\uFFFD', 'utf8'))) return 'not valid UTF-8 text';
  return null;
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
  const withheld = res.diagnostics.some((d) => d.level === 'error' && !d.contained);
  if (!withheld) {
    for (const o of res.observations) {
      ev.observations.push({ claim: o.claim, inferred: o.inferred === true, source: { kind: k8sObjects.kind, file, line: o.line, excerpt: o.excerpt } });
    }
  }
  for (const d of res.diagnostics) ev.diagnostics.push(toDiagnostic(file, d, withheld));
  ev.files.push({ file, kind: k8sObjects.kind, observations: withheld ? 0 : res.observations.length, ...(withheld ? { withheld: true } : {}) });
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

function streamFile(ev: Evidence, file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    ev.diagnostics.push({ level: 'error', file, line: null, message: `cannot read: ${fsReason(e)}`, expected: 'an evidence file that can be read' });
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
