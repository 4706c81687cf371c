/**
 * `kube-netcheck verify`: runs the tests of Rego policies (rules named test_*,
 * usually in *_test.rego files beside the policy, with their sample data) as
 * `opa test` does, through the same back end that compiles --policy
 * (backend.ts): every file is parsed first (v1, else v0, as check --policy
 * reads it), then `opa check` gives every compile error with its column, then
 * `opa test --format json` runs the tests, and with coverage, once they all
 * pass, `opa test --coverage` reports the lines no test reached.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { Command, RegoBackend } from './backend.js';
import { parseRego, RegoErrors, type RegoError } from './compile.js';

export interface TestResult {
  /** data.<package>.<name>, as opa test names it. */
  name: string;
  package: string;
  file: string;
  line: number | null;
  outcome: 'pass' | 'fail' | 'error' | 'skip';
  /** Nanoseconds, as opa reports them. */
  durationNs: number;
  /** What the test printed (print()), and for an error its message. */
  output: string;
  error?: string;
}

export interface FileCoverage {
  file: string;
  coverage: number;
  coveredLines: number;
  notCoveredLines: number;
  /** Line ranges no test reached, [first, last]. */
  notCovered: [number, number][];
}

export interface Coverage {
  coverage: number;
  coveredLines: number;
  notCoveredLines: number;
  files: FileCoverage[];
}

export interface VerifyResult {
  paths: string[];
  regoVersion: 0 | 1;
  tests: TestResult[];
  passed: number;
  failed: number;
  skipped: number;
  /** Present with --coverage when every test passed (opa reports coverage only then). */
  coverage?: Coverage;
  /** Why --coverage gave none. */
  coverageNote?: string;
}

export interface VerifyOptions {
  paths: readonly string[];
  backend: RegoBackend;
  run?: string;
  coverage?: boolean;
}

/** Paths as the user gave them, relative to the working directory when under it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** Every .rego under the paths (tests included), as opa's loader finds them; hidden folders skipped. */
export function regoUnder(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name))) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.rego')) out.push(p);
    }
  };
  for (const given of paths) {
    const path = resolve(given);
    if (!existsSync(path)) throw new UsageError(`verify: ${given}: no such file or folder`);
    if (statSync(path).isDirectory()) walk(path);
    else out.push(path);
  }
  return [...new Set(out)];
}

export function verify(opts: VerifyOptions): VerifyResult {
  const opa = opts.backend;
  if (opts.run !== undefined) {
    try {
      new RegExp(opts.run);
    } catch (e) {
      throw new UsageError(`verify: --run ${opts.run}: not a regular expression (${(e as Error).message})`);
    }
  }
  const files = regoUnder(opts.paths);
  const paths = opts.paths.map((p) => shown(resolve(p)));
  if (files.length === 0) throw new InputError('no .rego files here: verify runs the tests (rules named test_...) of Rego policies', paths.join(', '));

  // Parse each file as check --policy does: v1, else v0. One run tests one Rego version.
  const errors: RegoError[] = [];
  const hints = new Set<string>();
  const v0: string[] = [];
  const v1: string[] = [];
  const parsedAll = parseRego(opa, files.map((file) => ({ rel: file, cwd: process.cwd(), display: shown(file) })));
  files.forEach((file, i) => {
    const display = shown(file);
    const parsed = parsedAll[i]!;
    if ('errors' in parsed) {
      errors.push(...parsed.errors);
      if (parsed.hint) hints.add(parsed.hint);
    } else {
      (parsed.regoV0 ? v0 : v1).push(display);
    }
  });
  if (errors.length > 0) throw new RegoErrors(errors.map(relativeError), [...hints].join(' '));
  if (v0.length > 0 && v1.length > 0) {
    throw new InputError(
      `these files mix Rego v0 (${v0.join(', ')}) and v1 (${v1.join(', ')}), and opa test reads one version per run: verify each kind in its own run, or bring the v0 files to v1 (\`if\` before each rule body, \`contains\` for partial sets; \`opa fmt --v0-v1 --write\` does it)`,
      paths.join(', '),
    );
  }
  const version: string[] = v1.length === 0 ? ['--v0-compatible'] : [];
  const targets = opts.paths.map((p) => resolve(p));

  // check, then the tests (and their coverage): together in one batch where that is cheap.
  const run = opts.run !== undefined ? ['--run', opts.run] : [];
  const steps: Command[] = [
    { args: ['check', '--format', 'json', '--max-errors', '-1', ...version, ...targets] },
    { args: ['test', '--format', 'json', ...version, ...run, ...targets] },
    ...(opts.coverage ? [{ args: ['test', '--coverage', '--format', 'json', ...version, ...run, ...targets] }] : []),
  ];
  const [check, t, cov] = opa.cheapExtra ? opa.batch(steps) : [opa.run(steps[0]!.args)];
  if (check!.status !== 0) {
    const found = opaJsonErrors(check!.stdout || check!.stderr);
    if (found.length > 0) throw new RegoErrors(found.map(relativeError));
    throw new InputError(`opa check failed: ${firstLines(check!.stdout || check!.stderr)}`, paths.join(', '));
  }
  const tested = t ?? opa.run(steps[1]!.args);
  if (tested.status !== 0 && tested.status !== 2) {
    // Loading failed after check passed: bad data files, a path conflict between data and rules.
    throw new InputError(`the tests could not run: ${firstLines(tested.stderr || tested.stdout)}`, paths.join(', '));
  }
  const tests = parseResults(tested.stdout);
  if (tests.length === 0) {
    throw new InputError(
      opts.run !== undefined
        ? `no test matches --run ${opts.run}`
        : 'no tests found: a test is a rule named test_... (in a file named *_test.rego by convention) that must be true, e.g. `test_denied if deny["..."] with input as {...}`',
      paths.join(', '),
    );
  }
  const result: VerifyResult = {
    paths,
    regoVersion: v1.length === 0 ? 0 : 1,
    tests,
    passed: tests.filter((x) => x.outcome === 'pass').length,
    failed: tests.filter((x) => x.outcome === 'fail' || x.outcome === 'error').length,
    skipped: tests.filter((x) => x.outcome === 'skip').length,
  };
  if (opts.coverage) {
    if (result.failed > 0) {
      result.coverageNote = 'no coverage: it is measured once every test passes';
    } else {
      const c = cov ?? opa.run(steps[2]!.args);
      if (c.status !== 0) throw new InputError(`opa test --coverage failed: ${firstLines(c.stderr || c.stdout)}`, paths.join(', '));
      result.coverage = parseCoverage(c.stdout);
    }
  }
  return result;
}

/** Code-point order, the same in every locale (policy.rego before policy_test.rego). */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function relativeError(e: RegoError): RegoError {
  return isAbsolute(e.file) ? { ...e, file: shown(e.file) } : e;
}

function firstLines(text: string): string {
  return text.trim().split('\n').slice(0, 5).join(' ').slice(0, 600);
}

function opaJsonErrors(text: string): { file: string; row: number | null; col: number | null; code: string; message: string }[] {
  try {
    const doc = JSON.parse(text) as { errors?: { message?: string; code?: string; location?: { file?: string; row?: number; col?: number } }[] };
    return (doc.errors ?? []).map((e) => ({
      file: e.location?.file ?? '',
      row: e.location?.row ?? null,
      col: e.location?.col ?? null,
      code: e.code ?? 'rego_error',
      message: e.message ?? '',
    }));
  } catch {
    return [];
  }
}

interface OpaResult {
  location?: { file?: string; row?: number };
  package?: string;
  name?: string;
  fail?: boolean;
  error?: { message?: string; code?: string } | string;
  skip?: boolean;
  duration?: number;
  output?: string;
}

/** opa test --format json: one object per test, in no set order; sorted here by file and line. */
export function parseResults(stdout: string): TestResult[] {
  let list: OpaResult[];
  try {
    list = JSON.parse(stdout || '[]') as OpaResult[];
  } catch {
    throw new InputError(`opa test printed no JSON: ${firstLines(stdout)}`);
  }
  const tests = list.map((r): TestResult => {
    const outcome = r.error ? 'error' : r.fail ? 'fail' : r.skip ? 'skip' : 'pass';
    const error = typeof r.error === 'string' ? r.error : r.error ? `${r.error.code ? `${r.error.code}: ` : ''}${r.error.message ?? JSON.stringify(r.error)}` : undefined;
    return {
      name: `${r.package ?? 'data'}.${r.name ?? '?'}`,
      package: (r.package ?? 'data').replace(/^data\./, ''),
      file: r.location?.file ? shown(resolve(r.location.file)) : '',
      line: r.location?.row ?? null,
      outcome,
      durationNs: r.duration ?? 0,
      // opa's JSON carries print() output base64-encoded (a Go []byte).
      output: r.output ? Buffer.from(r.output, 'base64').toString('utf8') : '',
      ...(error !== undefined ? { error } : {}),
    };
  });
  return tests.sort((a, b) => byName(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || byName(a.name, b.name));
}

interface OpaCoverage {
  files?: Record<string, { covered_lines?: number; not_covered_lines?: number; coverage?: number; not_covered?: { start?: { row?: number }; end?: { row?: number } }[] }>;
  covered_lines?: number;
  not_covered_lines?: number;
  coverage?: number;
}

export function parseCoverage(stdout: string): Coverage {
  let doc: OpaCoverage;
  try {
    doc = JSON.parse(stdout) as OpaCoverage;
  } catch {
    throw new InputError(`opa test --coverage printed no JSON: ${firstLines(stdout)}`);
  }
  const files = Object.entries(doc.files ?? {})
    .map(([file, f]): FileCoverage => ({
      file: shown(resolve(file)),
      coverage: f.coverage ?? 0,
      coveredLines: f.covered_lines ?? 0,
      notCoveredLines: f.not_covered_lines ?? 0,
      notCovered: mergeRanges((f.not_covered ?? []).map((r) => [r.start?.row ?? 0, r.end?.row ?? r.start?.row ?? 0] as [number, number])),
    }))
    .sort((a, b) => byName(a.file, b.file));
  return { coverage: doc.coverage ?? 0, coveredLines: doc.covered_lines ?? 0, notCoveredLines: doc.not_covered_lines ?? 0, files };
}

/** opa lists uncovered lines one range each; adjacent ones are one range here (7, 8, 9 -> 7-9). */
export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
