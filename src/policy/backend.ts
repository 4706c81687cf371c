/**
 * The one adapter that runs OPA for kube-netcheck: compiling --policy Rego to
 * WebAssembly (compile.ts) and running policy tests (verify.ts). Two back ends
 * answer the same `opa` command lines (version, parse, capabilities, build,
 * check, test) with the same flags and outputs:
 *
 * - embedded: tools/regoc, a small Go program over the OPA pinned in
 *   tools/go.mod, built for GOOS=wasip1 GOARCH=wasm into dist/regoc/regoc.wasm
 *   (scripts/build-regoc.mjs, run by prepack and CI) and run here with
 *   node:wasi. Nothing to install; loaded only when Rego needs compiling or
 *   testing, never by a plain `check`.
 * - external: the user's `opa` binary, named by --opa (or KUBE_NETCHECK_OPA).
 *
 * Choice: --opa wins; else the embedded module; else (a source checkout whose
 * module was never built) an `opa` on PATH. The embedded one is preferred over
 * PATH because it is the OPA release the built-in policy is built and tested
 * with, whatever opa a machine happens to have.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { InputError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { GET_OPA, locateOpa, opaVersion, runOpa } from './opa.js';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface RegoBackend {
  kind: 'embedded' | 'opa';
  /** What --verbose says compiled: `the embedded OPA 1.22.3 (dist/regoc/regoc.wasm)` or `opa 1.22.3 (/usr/local/bin/opa)`. */
  describe(cacheDir: string): string;
  /** Part of the compile cache key: the OPA release and which build of it. Never runs OPA on a known binary. */
  version(cacheDir: string): string;
  /** Runs one opa command line in cwd (default: the process's). */
  run(args: string[], cwd?: string): RunResult;
  /**
   * Runs several command lines, each as if alone. The embedded module runs
   * them in one instance (starting one costs far more than a parse), so a
   * step sends everything it may need at once; opa runs them one by one.
   */
  batch(cmds: Command[]): RunResult[];
  /** Whether a command sent needlessly costs little (embedded: yes, in a batch). */
  readonly cheapExtra: boolean;
}

export interface Command {
  args: string[];
  cwd?: string;
}

/** The embedded module and the facts its build recorded beside it. */
export const REGOC_WASM = join(PACKAGE_ROOT, 'dist', 'regoc', 'regoc.wasm');

interface RegocMeta {
  opa: string;
  sha256: string;
}

/** KUBE_NETCHECK_REGOC names another build of the module (tests, packagers); else the packaged one. */
export function regocPath(env: NodeJS.ProcessEnv): string {
  return env.KUBE_NETCHECK_REGOC || REGOC_WASM;
}

/** Whether the embedded module is there (a source checkout has it only after `npm run build:regoc`). */
export function haveEmbedded(env: NodeJS.ProcessEnv): boolean {
  return existsSync(regocPath(env));
}

export const BUILD_REGOC = 'build it with `npm run build:regoc` (needs Go; the npm package ships it built)';

/**
 * The back end to use: --opa PATH (external), else the embedded module, else
 * opa on PATH; an InputError naming both fixes when there is none.
 */
export function selectBackend(opts: { opa?: string; env: NodeJS.ProcessEnv; what?: string }): RegoBackend {
  if (opts.opa !== undefined) return externalBackend(locateOpa(opts.opa, opts.env)!);
  if (haveEmbedded(opts.env)) return embeddedBackend(regocPath(opts.env));
  const onPath = locateOpa(undefined, opts.env);
  if (onPath) return externalBackend(onPath);
  const wasm = regocPath(opts.env);
  const rel = relative(process.cwd(), wasm);
  throw new InputError(
    `compiling Rego needs OPA: this installation lacks its embedded compiler (${rel.startsWith('..') || isAbsolute(rel) ? wasm : rel}) and there is no opa on PATH: ${BUILD_REGOC}, or ${GET_OPA}`,
    opts.what,
  );
}

export function externalBackend(path: string): RegoBackend {
  const run = (args: string[], cwd?: string): RunResult => {
    const r = runOpa(path, args, cwd);
    return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    kind: 'opa',
    describe: (cacheDir) => `opa ${opaVersion(path, cacheDir)} (${path})`,
    version: (cacheDir) => opaVersion(path, cacheDir),
    run,
    batch: (cmds) => cmds.map((c) => run(c.args, c.cwd)),
    cheapExtra: false,
  };
}

export function embeddedBackend(wasmPath: string): RegoBackend {
  let meta: RegocMeta | undefined;
  const readMeta = (): RegocMeta => {
    if (meta) return meta;
    const file = wasmPath.replace(/\.wasm$/, '.json');
    try {
      const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<RegocMeta>;
      if (typeof m.opa === 'string' && typeof m.sha256 === 'string') return (meta = { opa: m.opa, sha256: m.sha256 });
    } catch {
      // Described below.
    }
    throw new InputError(`the embedded Rego compiler's build record is missing or damaged: ${BUILD_REGOC}`, file);
  };
  const batch = (cmds: Command[]): RunResult[] => {
    if (cmds.length === 0) return [];
    const input = JSON.stringify(cmds.map((c) => ({ args: c.args, cwd: c.cwd ?? process.cwd() })));
    const r = runWasi(wasmPath, ['batch'], process.cwd(), input);
    let results: unknown;
    try {
      results = JSON.parse(r.stdout);
    } catch {
      results = undefined;
    }
    if (r.status !== 0 || !Array.isArray(results) || results.length !== cmds.length) {
      throw new InputError(`the embedded Rego compiler failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
    }
    return results as RunResult[];
  };
  return {
    kind: 'embedded',
    describe: () => `the embedded OPA ${readMeta().opa} (${wasmPath})`,
    version: () => `${readMeta().opa} embedded ${readMeta().sha256.slice(0, 16)}`,
    run: (args, cwd) => batch([{ args, ...(cwd !== undefined ? { cwd } : {}) }])[0]!,
    batch,
    cheapExtra: true,
  };
}

/** The WebAssembly global, which the project's lib (ES2022, no DOM) does not declare: only what is used here. */
type WasmModule = object;
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (mod: WasmModule, imports: object) => object;
};

const modules = new Map<string, WasmModule>();

/**
 * Node 20's WASI calls go through V8's fast API path, where poll_oneoff
 * (which Go's scheduler calls whenever it waits) allocates, which may start a
 * garbage collection inside the fast call: the process then aborts in
 * node_wasi.cc (`Assertion failed: (current_uvwasi_memory_) == (0)` in
 * ~WASI) or segfaults, reliably once a batch parses a few dozen files
 * (observed with Node 20.20). While an instance runs, fast API calls are off;
 * they are restored when it returns. Later Node lines are left as they are.
 */
function slowWasiCalls(): () => void {
  if (process.versions.node.split('.')[0] !== '20') return () => {};
  const v8 = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString('--no-turbo-fast-api-calls');
  return () => v8.setFlagsFromString('--turbo-fast-api-calls');
}

/** Compiled once per process (some 0.4 s for the 40 MB module); each command gets a fresh instance. */
function wasmModule(path: string): WasmModule {
  let mod = modules.get(path);
  if (!mod) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw new InputError(`cannot read the embedded Rego compiler (${(e as NodeJS.ErrnoException).code ?? String(e)}): ${BUILD_REGOC}`, path);
    }
    try {
      mod = new WebAssembly.Module(bytes);
    } catch (e) {
      throw new InputError(`the embedded Rego compiler is not a WebAssembly module (${(e as Error).message}): ${BUILD_REGOC}`, path);
    }
    modules.set(path, mod);
  }
  return mod;
}

type WasiClass = typeof import('node:wasi').WASI;
let wasiClass: WasiClass | undefined;

/**
 * node:wasi, loaded on first use. Node 20 prints an ExperimentalWarning when
 * the module loads; that one warning is dropped for this load only, so a
 * report on stderr stays clean and every other warning still shows.
 */
function loadWasi(): WasiClass {
  if (wasiClass) return wasiClass;
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type ?? (warning instanceof Error ? warning.name : '');
    if (type === 'ExperimentalWarning' && /WASI/.test(text)) return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    wasiClass = (createRequire(import.meta.url)('node:wasi') as typeof import('node:wasi')).WASI;
  } finally {
    process.emitWarning = emit;
  }
  return wasiClass;
}

/**
 * One command in a fresh instance. The guest sees the host's file system
 * (preopened at /, so the paths in its messages are the host's) and starts in
 * cwd (Go's wasip1 runtime takes its working directory from PWD); stdout and
 * stderr go to temporary files, read back when it exits.
 */
function runWasi(wasmPath: string, args: string[], cwd: string, input = ''): RunResult {
  const mod = wasmModule(wasmPath);
  const WASI = loadWasi();
  const dir = mkdtempSync(join(tmpdir(), 'kube-netcheck-regoc-'));
  const outFile = join(dir, 'stdout');
  const errFile = join(dir, 'stderr');
  const inFile = join(dir, 'stdin');
  writeFileSync(inFile, input);
  const fds: number[] = [];
  try {
    const stdin = openSync(inFile, 'r');
    fds.push(stdin);
    const stdout = openSync(outFile, 'w');
    fds.push(stdout);
    const stderr = openSync(errFile, 'w');
    fds.push(stderr);
    const wasi = new WASI({
      version: 'preview1',
      args: ['regoc', ...args],
      env: { PWD: cwd },
      preopens: { '/': '/' },
      stdin,
      stdout,
      stderr,
      returnOnExit: true,
    });
    let status: number;
    const restore = slowWasiCalls();
    try {
      const instance = new WebAssembly.Instance(mod, wasi.getImportObject());
      status = wasi.start(instance);
    } catch (e) {
      // A trap (out of memory, a Go panic that aborts) is the compiler's failure, told with what it said.
      const said = safeRead(errFile).trim().split('\n').slice(-3).join(' ');
      throw new InputError(`the embedded Rego compiler failed (${(e as Error).message})${said ? `: ${said}` : ''}`);
    } finally {
      restore();
    }
    for (const fd of fds.splice(0)) closeSync(fd);
    return { status, stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
  } finally {
    for (const fd of fds) closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

function safeRead(file: string): string {
  try {
    return statSync(file).size > 0 ? readFileSync(file, 'utf8') : '';
  } catch {
    return '';
  }
}
