/**
 * Compiles Rego given to --policy into one WebAssembly module with `opa build
 * -t wasm` (the embedded OPA, or the user's opa: backend.ts), exactly as scripts/build-policy.mjs builds the built-in
 * policy: capabilities from @open-policy-agent/opa-wasm (plus rego_v1), so a
 * builtin the SDK lacks fails here with its file and line. Each file is parsed
 * first (v1, else v0: `deny[msg] {`); v0 sources are built with
 * --v0-compatible, or, mixed with v1 ones, marked rego_version 0 in the bundle
 * manifest (OPA's per-file v0 compatibility); every deny, violation and
 * warn rule becomes an entrypoint. Results are cached by a hash of the sources,
 * the OPA build and the build flags: a cache hit runs no opa and loads no
 * embedded compiler. A policy that does not compile is one RegoErrors listing
 * every error as `opa check` finds them (file:line:col).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import type { Command, RegoBackend, RunResult } from './backend.js';
import { readBundle } from './bundle.js';

export interface RegoSource {
  /** The name users see in messages: a path, or `bundle.tar.gz!/main.rego`. */
  display: string;
  text: string;
}

/** deny and violation fail, warn warns; exception names rules whose results are waived (conftest's exceptions). */
export type RuleKind = 'deny' | 'warn' | 'exception';

/** A conftest-style rule: deny, violation or warn (optionally with a _suffix), or exception, in a package. */
export interface PolicyRule {
  namespace: string;
  rule: string;
  kind: RuleKind;
  entrypoint: string;
  file: string;
  line: number | null;
}

export interface Compiled {
  wasm: Uint8Array;
  rules: PolicyRule[];
  /** The cache entry (its .wasm; meta in .json beside it). */
  cacheFile: string;
  cacheHit: boolean;
}

/** One error as `opa check --format json` gives it, its file named as the user named it. */
export interface RegoError {
  file: string;
  row: number | null;
  col: number | null;
  code: string;
  message: string;
}

/**
 * A policy that does not compile: every error, one per line, as `opa check`
 * words them (`file:line:col: rego_parse_error: message`). Exit 2, like any input error.
 */
export class RegoErrors extends InputError {
  constructor(
    readonly errors: RegoError[],
    readonly hint?: string,
  ) {
    super(`the policy does not compile (${errors.length} error${errors.length === 1 ? '' : 's'})`);
  }

  override describe(): string {
    const lines = this.errors.map((e) => `  ${e.file}${e.row ? `:${e.row}${e.col ? `:${e.col}` : ''}` : ''}: ${e.code}: ${e.message}`);
    return [`${this.message}:`, ...lines, ...(this.hint ? [`  ${this.hint}`] : [])].join('\n');
  }
}

/** Bump when the build below changes, so old cache entries are not reused. */
const SCHEME = 'kube-netcheck-rego-wasm/4';

/** conftest's rule names (policy/engine.go): ^(deny|violation)(_x)*$ fail, ^warn(_x)*$ warn, exception waives. */
export function ruleKind(name: string): RuleKind | null {
  if (name === 'exception') return 'exception';
  if (/^(deny|violation)(_[a-zA-Z0-9]+)*$/.test(name)) return 'deny';
  if (/^warn(_[a-zA-Z0-9]+)*$/.test(name)) return 'warn';
  return null;
}

export function entrypointOf(namespace: string, rule: string): string {
  return `${namespace.split('.').join('/')}/${rule}`;
}

/** $XDG_CACHE_HOME/kube-netcheck, else ~/.cache/kube-netcheck. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && xdg.startsWith('/')) return join(xdg, 'kube-netcheck');
  return join(env.HOME || homedir(), '.cache', 'kube-netcheck');
}

/** The capabilities file the SDK ships beside its src/ (wherever npm put the package), plus rego_v1. */
export function capabilities(): object {
  const entry = createRequire(import.meta.url).resolve('@open-policy-agent/opa-wasm');
  const caps = JSON.parse(readFileSync(join(dirname(entry), '..', 'capabilities.json'), 'utf8')) as { features?: string[] };
  caps.features = [...new Set([...(caps.features ?? []), 'rego_v1'])];
  return caps;
}

export function compileRego(given: readonly RegoSource[], opts: { backend: RegoBackend; cacheDir: string; origin: string }): Compiled {
  // A file named twice (itself and through its folder) is one module.
  const sources = given.filter((s, i) => given.findIndex((x) => x.display === s.display) === i);
  const caps = JSON.stringify(capabilities());
  const version = opts.backend.version(opts.cacheDir);
  const hash = createHash('sha256');
  hash.update(`${SCHEME}\0opa ${version}\0${caps}\0`);
  for (const s of [...sources].sort((a, b) => a.display.localeCompare(b.display))) {
    hash.update(`${s.display}\0${createHash('sha256').update(s.text).digest('hex')}\0`);
  }
  const key = hash.digest('hex');
  const dir = join(opts.cacheDir, 'wasm');
  const cacheFile = join(dir, `${key}.wasm`);
  const metaFile = join(dir, `${key}.json`);
  const hit = readCached(metaFile, cacheFile);
  if (hit) return { ...hit, cacheFile, cacheHit: true };
  const { wasm, rules } = build(sources, opts.backend, caps, opts.origin);
  writeCached(dir, () => {
    // The .json is written last: an entry counts only once both are complete.
    const tmp = `.${process.pid}.tmp`;
    writeFileSync(cacheFile + tmp, wasm);
    renameSync(cacheFile + tmp, cacheFile);
    writeFileSync(metaFile + tmp, `${JSON.stringify({ scheme: SCHEME, opa: version, sources: sources.map((s) => s.display), rules }, null, 2)}\n`);
    renameSync(metaFile + tmp, metaFile);
  });
  return { wasm, rules, cacheFile, cacheHit: false };
}

/** A complete entry, or null: a missing or damaged one is rebuilt. */
function readCached(metaFile: string, wasmFile: string): { wasm: Uint8Array; rules: PolicyRule[] } | null {
  if (!existsSync(metaFile) || !existsSync(wasmFile)) return null;
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { scheme?: unknown; rules?: unknown };
    if (meta.scheme !== SCHEME || !Array.isArray(meta.rules)) return null;
    return { wasm: readFileSync(wasmFile), rules: meta.rules as PolicyRule[] };
  } catch {
    return null;
  }
}

/** A cache that cannot be written is the user's to fix (a read-only home in a container): say where and how. */
export function writeCached(dir: string, write: () => void): void {
  try {
    mkdirSync(dir, { recursive: true });
    write();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new InputError(`cannot write the compiled-policy cache (${code}): give a writable folder with --cache-dir, or set XDG_CACHE_HOME`, dir);
  }
}

interface Located {
  value?: unknown;
  location?: { row?: number; col?: number };
}

interface ParsedModule {
  package?: { path?: { value?: unknown }[] };
  rules?: { head?: { name?: string; ref?: Located[]; key?: unknown; value?: unknown; location?: { row?: number } } }[];
}

export interface OpaError {
  message?: string;
  code?: string;
  location?: { file?: string; row?: number; col?: number };
}

function build(sources: readonly RegoSource[], opa: RegoBackend, caps: string, origin: string): { wasm: Uint8Array; rules: PolicyRule[] } {
  const work = mkdtempSync(join(tmpdir(), 'kube-netcheck-rego-'));
  try {
    // Each source at src/<i>/<name>: opa's messages name these; they are mapped back.
    const names = new Map<string, string>();
    const inBundle = sources.map((s, i) => {
      const rel = `src/${i}/${basename(s.display).replace(/[^\w.-]/g, '_')}`;
      mkdirSync(join(work, 'src', String(i)), { recursive: true });
      writeFileSync(join(work, rel), s.text);
      names.set(rel, s.display);
      return rel;
    });
    const unmap = (text: string): string => {
      let out = text;
      for (const [rel, display] of names) out = out.split(rel).join(display);
      return out.replace(/\b(\w+)__kn_file\d+\b/g, '$1');
    };

    const v0: string[] = [];
    const defs: Definition[] = [];
    const errors: RegoError[] = [];
    const hints = new Set<string>();
    const parsedAll = parseRego(opa, inBundle.map((rel, i) => ({ rel, cwd: work, display: sources[i]!.display })));
    inBundle.forEach((rel, i) => {
      const parsed = parsedAll[i]!;
      if ('errors' in parsed) {
        errors.push(...parsed.errors);
        if (parsed.hint) hints.add(parsed.hint);
        return;
      }
      if (parsed.regoV0) v0.push(rel);
      defs.push(...definitions(parsed.module, i));
    });
    if (errors.length > 0) throw new RegoErrors(errors, [...hints].join(' '));
    const rules = attribute(defs, sources, work, inBundle, names);
    if (!rules.some((r) => r.kind !== 'exception')) {
      throw new InputError(
        `no deny, violation or warn rules found in ${sources.map((s) => s.display).join(', ')}: conftest-style rules are named deny, violation or warn (or deny_<name>, ...), e.g. \`deny contains msg if { ... }\``,
        origin,
      );
    }

    writeFileSync(join(work, 'capabilities.json'), caps);
    const args = ['build', '-b', 'src', '-t', 'wasm', '--capabilities', 'capabilities.json', '-o', 'bundle.tar.gz'];
    if (v0.length === inBundle.length) {
      args.push('--v0-compatible');
    } else if (v0.length > 0) {
      // v0 and v1 files together: the bundle manifest gives each v0 file its version.
      const manifest = { rego_version: 1, file_rego_versions: Object.fromEntries(v0.map((rel) => [`/${rel.slice('src/'.length)}`, 0])) };
      writeFileSync(join(work, 'src', '.manifest'), JSON.stringify(manifest));
    }
    for (const r of rules) args.push('-e', r.entrypoint);
    const r = opa.run(args, work);
    if (r.status !== 0) {
      // `opa check` on the same bundle gives every error with its column; build's own text is the fallback.
      const check = opa.run(['check', '-b', 'src', '--format', 'json', '--max-errors', '-1', '--capabilities', 'capabilities.json', ...(v0.length === inBundle.length ? ['--v0-compatible'] : [])], work);
      const found = check.status !== 0 ? opaErrors(check.stdout || check.stderr) : [];
      if (found.length > 0) throw new RegoErrors(found.map((e) => regoError(e, (file) => unmap(file.replace(/^\//, 'src/')), origin)).map((e) => withBuiltinNote(e, opa)));
      throw buildError(unmap(`${r.stderr}\n${r.stdout}`), origin, (name) => isOpaBuiltin(opa, name));
    }
    const wasm = readBundle(join(work, 'bundle.tar.gz'), origin).get('/policy.wasm');
    if (!wasm) throw new InputError('opa build wrote a bundle without /policy.wasm: is this opa built without wasm support?', origin);
    return { wasm, rules };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One head of a conftest-style rule in one file. */
interface Definition {
  source: number;
  namespace: string;
  rule: string;
  kind: RuleKind;
  row: number | null;
  col: number | null;
  /** `deny contains msg if` / v0 `deny[msg]`: the only kind a union can be rebuilt from. */
  partialSet: boolean;
}

function definitions(module: ParsedModule, source: number): Definition[] {
  const namespace = (module.package?.path ?? []).slice(1).map((t) => String(t.value)).join('.');
  const out: Definition[] = [];
  for (const r of module.rules ?? []) {
    const ref = r.head?.ref ?? [];
    const rule = ref.length === 1 ? String(ref[0]?.value) : r.head?.name;
    if (!rule) continue;
    const kind = ruleKind(rule);
    if (!kind) continue;
    const at = ref.length === 1 ? ref[0]?.location : undefined;
    const partialSet = r.head?.key !== undefined && r.head?.value === undefined;
    out.push({ source, namespace, rule, kind, row: at?.row ?? r.head?.location?.row ?? null, col: at?.col ?? null, partialSet });
  }
  return out;
}

/**
 * One PolicyRule per rule, naming the file and line it is written at. A deny
 * (or warn, violation) written in several files (conftest users spread one
 * package over many) is split so that each finding names the file that made
 * it: in each file its heads are renamed to <rule>__kn_file<i>, each of those
 * becomes its own entrypoint, and a generated module restores <rule> as their
 * union for every other rule and exception that reads it.
 */
function attribute(defs: Definition[], sources: readonly RegoSource[], work: string, inBundle: string[], names: Map<string, string>): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const union: string[] = [];
  const edits = new Map<number, Definition[]>();
  const keys = [...new Set(defs.map((d) => `${d.namespace}\0${d.rule}`))];
  for (const key of keys) {
    const mine = defs.filter((d) => `${d.namespace}\0${d.rule}` === key);
    const first = mine[0]!;
    const files = [...new Set(mine.map((d) => d.source))];
    const splittable = files.length > 1 && first.kind !== 'exception' && mine.every((d) => d.partialSet && d.col !== null && headAt(sources[d.source]!.text, d));
    if (!splittable) {
      rules.push({ namespace: first.namespace, rule: first.rule, kind: first.kind, entrypoint: entrypointOf(first.namespace, first.rule), file: sources[first.source]!.display, line: first.row });
      continue;
    }
    for (const file of files) {
      const here = mine.filter((d) => d.source === file);
      const renamed = splitName(first.rule, file);
      rules.push({ namespace: first.namespace, rule: first.rule, kind: first.kind, entrypoint: entrypointOf(first.namespace, renamed), file: sources[file]!.display, line: here[0]!.row });
      edits.set(file, [...(edits.get(file) ?? []), ...here]);
      union.push(`package ${first.namespace}\n\nimport rego.v1\n\n${first.rule} contains r if some r in ${renamed}\n`);
    }
  }
  for (const [file, here] of edits) {
    const lines = sources[file]!.text.split('\n');
    // Right to left within a line, so earlier columns stay where they were.
    for (const d of [...here].sort((a, b) => b.row! - a.row! || b.col! - a.col!)) {
      const line = lines[d.row! - 1]!;
      const at = byteColumn(line, d.col!);
      lines[d.row! - 1] = line.slice(0, at) + splitName(d.rule, file) + line.slice(at + d.rule.length);
    }
    writeFileSync(join(work, inBundle[file]!), lines.join('\n'));
  }
  // Generated modules in v1 syntax: `import rego.v1` gives it even when the bundle is built --v0-compatible.
  union.forEach((text, i) => {
    const rel = `src/kn-union/${i}.rego`;
    mkdirSync(join(work, 'src', 'kn-union'), { recursive: true });
    writeFileSync(join(work, rel), text);
    names.set(rel, 'kube-netcheck\'s union of the rule across files');
  });
  return rules;
}

function splitName(rule: string, file: number): string {
  return `${rule}__kn_file${file}`;
}

/** OPA's columns count bytes; the head's name must be found where OPA says it is. */
function headAt(text: string, d: Definition): boolean {
  const line = text.split('\n')[d.row! - 1];
  if (line === undefined) return false;
  const at = byteColumn(line, d.col!);
  return at >= 0 && line.startsWith(d.rule, at) && !/[\w]/.test(line.charAt(at + d.rule.length));
}

/** 1-based byte column -> index into the JS string (-1 when it falls inside a character). */
function byteColumn(line: string, col: number): number {
  let bytes = 0;
  for (let i = 0; i <= line.length; i++) {
    if (bytes === col - 1) return i;
    if (bytes > col - 1) return -1;
    const c = line.codePointAt(i)!;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c >= 0x10000) i++;
  }
  return -1;
}

type Parsed = { module: ParsedModule; regoV0: boolean } | { errors: RegoError[]; hint?: string };

export interface ToParse {
  /** The path opa is given, relative to cwd or absolute. */
  rel: string;
  cwd: string;
  display: string;
}

/**
 * Parses each file as Rego v1, else as v0 (see parseResult). The embedded
 * back end gets both parses of every file in one batch; opa is asked for v0
 * only where v1 failed.
 */
export function parseRego(opa: RegoBackend, files: readonly ToParse[]): Parsed[] {
  const cmd = (f: ToParse, v0: boolean): Command => ({ args: ['parse', ...(v0 ? ['--v0-compatible'] : []), '--format', 'json', '--json-include', 'locations,-comments', f.rel], cwd: f.cwd });
  const both = opa.cheapExtra;
  const first = opa.batch(files.flatMap((f) => (both ? [cmd(f, false), cmd(f, true)] : [cmd(f, false)])));
  const v1 = files.map((_, i) => first[both ? 2 * i : i]!);
  const v0: (RunResult | undefined)[] = files.map((_, i) => (both ? first[2 * i + 1] : undefined));
  if (!both) {
    const again = files.map((_, i) => i).filter((i) => v1[i]!.status !== 0);
    opa.batch(again.map((i) => cmd(files[i]!, true))).forEach((r, k) => (v0[again[k]!] = r));
  }
  return files.map((f, i) => parseResult(f, v1[i]!, v0[i]));
}

/**
 * One file's parse: its v1 AST, else its v0 one; when neither parses, every
 * error of the likelier syntax, and what to do when the file mixes the two.
 */
function parseResult(f: ToParse, v1: RunResult, v0: RunResult | undefined): Parsed {
  const display = f.display;
  if (v1.status === 0) return { module: JSON.parse(v1.stdout) as ParsedModule, regoV0: false };
  const v1Errors = opaErrors(v1.stderr || v1.stdout);
  if (!v0) throw new Error(`no v0 parse of ${display}`);
  if (v0.status === 0) return { module: JSON.parse(v0.stdout) as ParsedModule, regoV0: true };
  const v0Errors = opaErrors(v0.stderr || v0.stdout);
  // v1 insisting on `if`/`contains` means the file is written in v0: its v0 errors are the real ones.
  const looksV0 = v1Errors.some((e) => /`(if|contains)` keyword is required/.test(e.message ?? ''));
  const chosen = looksV0 && v0Errors.length > 0 ? v0Errors : v1Errors;
  const mapName = (): string => display;
  if (chosen.length === 0) {
    const said = (v1.stderr || v1.stdout).trim().split('\n')[0] ?? '';
    return { errors: [{ file: display, row: null, col: null, code: 'rego_parse_error', message: `opa parse failed: ${said}` }] };
  }
  const errors = chosen.map((e) => regoError(e, mapName, display));
  const usesV1 = /^\s*import\s+rego\.v1\b/m.test(readFileSync(resolve(f.cwd, f.rel), 'utf8'));
  let hint: string | undefined;
  if (looksV0 && usesV1) {
    hint = `${display} imports rego.v1, which asks for Rego v1 (\`deny contains msg if { ... }\`), but its rules are written in v0 (\`deny[msg] { ... }\`): drop the import to keep v0, or add \`if\` and \`contains\` to the rules.`;
  } else if (looksV0) {
    hint = `${display} is Rego v0 (OPA before 1.0), which kube-netcheck reads as such; the errors above are v0 errors.`;
  } else if (v0Errors.length > 0 && !usesV1 && v1Errors.some((e) => /\b(if|contains|every|in)\b/.test(e.message ?? ''))) {
    hint = `Rego v1 (OPA 1.0 and later) needs \`if\` before a rule body and \`contains\` for partial sets; a v0 policy must not mix in v1 keywords without \`import rego.v1\`.`;
  }
  return hint ? { errors, hint } : { errors };
}

/** opa's JSON error -> a RegoError naming the user's file. */
function regoError(e: OpaError, mapName: (file: string) => string, fallback: string): RegoError {
  const file = e.location?.file ? mapName(e.location.file) : fallback;
  return { file, row: e.location?.row ?? null, col: e.location?.col ?? null, code: e.code ?? 'rego_error', message: e.message ?? '' };
}

/** A builtin that OPA has and the wasm SDK lacks is named as such. */
function withBuiltinNote(e: RegoError, opa: RegoBackend): RegoError {
  const undef = /undefined function (\S+)/.exec(e.message);
  if (!undef?.[1] || !isOpaBuiltin(opa, undef[1])) return e;
  return { ...e, message: `${e.message} (kube-netcheck runs policies with @open-policy-agent/opa-wasm, which does not implement ${undef[1]}; its capabilities.json lists the builtins that work)` };
}

export function opaErrors(text: string): OpaError[] {
  try {
    const doc = JSON.parse(text) as { errors?: OpaError[] };
    return Array.isArray(doc.errors) ? doc.errors : [];
  } catch {
    return [];
  }
}

/** `opa build`'s stderr -> one line: the first `file:line: code: message`, with the rest counted. */
function buildError(text: string, origin: string, isBuiltin: (name: string) => boolean): InputError {
  // opa prefixes the first error with what failed: "error: load error: bundle src: 2 errors occurred:".
  const prefix = /^(error: )?(load error: )?(bundle \S+: )?(\d+ errors? occurred:\s*)?/;
  const lines = text.split('\n').map((l) => l.trim().replace(prefix, '')).filter((l) => l !== '');
  const located = lines.map((l) => /^(.+?):(\d+): (rego_\w+: .*)$/.exec(l)).filter((m): m is RegExpExecArray => m !== null);
  const first = located[0];
  if (!first) return new InputError(`opa build failed: ${lines.join(' ').slice(0, 500)}`, origin);
  let message = first[3]!;
  const undef = /undefined function (\S+)/.exec(message);
  if (undef?.[1] && isBuiltin(undef[1])) {
    message += ` (kube-netcheck runs policies with @open-policy-agent/opa-wasm, which does not implement ${undef[1]}; its capabilities.json lists the builtins that work)`;
  }
  if (located.length > 1) message += ` (and ${located.length - 1} more)`;
  return new InputError(message, first[1], Number(first[2]));
}

/** Whether OPA itself knows the builtin (so only the wasm SDK lacks it); asked only on a failed build. */
function isOpaBuiltin(opa: RegoBackend, name: string): boolean {
  const r = opa.run(['capabilities', '--current']);
  if (r.status !== 0) return false;
  try {
    const caps = JSON.parse(r.stdout) as { builtins?: { name?: string }[] };
    return (caps.builtins ?? []).some((b) => b.name === name);
  } catch {
    return false;
  }
}

