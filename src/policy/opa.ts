/**
 * The user's `opa` binary, needed only to compile .rego given to --policy:
 * found on PATH or named by --opa. Its version is part of the compile cache
 * key; it is remembered per binary (path, size, mtime) so a cache hit runs no
 * opa at all.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';

export interface Opa {
  path: string;
  /** `opa version`'s Version line, e.g. "1.22.3". */
  version: string;
}

/** Where to get OPA, for the error a user without one sees. */
export const GET_OPA =
  'install OPA (a single static binary: https://www.openpolicyagent.org/docs/latest/#1-download-opa) and put it on PATH, ' +
  'pass its path with --opa PATH, or compile the policy yourself (`opa build -t wasm -e main/deny -e main/warn POLICY`) ' +
  'and give the bundle.tar.gz to --policy';

/** The opa to use: --opa PATH, else the first executable `opa` on PATH; null when there is none. */
export function locateOpa(explicit: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (explicit !== undefined) {
    const path = resolve(explicit);
    if (!isExecutable(path)) throw new UsageError(`--opa ${explicit}: no executable file there: ${GET_OPA}`);
    return path;
  }
  const names = process.platform === 'win32' ? ['opa.exe', 'opa'] : ['opa'];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of names) {
      const path = resolve(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

type VersionCache = Record<string, string>;

/**
 * The binary's version: from the cache file when this exact binary (path,
 * size, mtime) was asked before, else from `opa version`.
 */
export function opaVersion(path: string, cacheDir: string): string {
  const st = statSync(path);
  const key = `${path}\0${st.size}\0${st.mtimeMs}`;
  const file = join(cacheDir, 'opa-versions.json');
  let known: VersionCache = {};
  try {
    known = JSON.parse(readFileSync(file, 'utf8')) as VersionCache;
  } catch {
    known = {};
  }
  const cached = known[key];
  if (cached) return cached;
  const r = runOpa(path, ['version']);
  const version = /^Version:\s*(\S+)/m.exec(r.stdout)?.[1];
  if (r.status !== 0 || !version) {
    throw new InputError(`${path}: \`opa version\` failed or printed no version (exit ${r.status}): is it OPA? ${GET_OPA}`);
  }
  known[key] = version;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(known, null, 2)}\n`);
    renameSync(tmp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new InputError(`cannot write the compiled-policy cache (${code}): give a writable folder with --cache-dir, or set XDG_CACHE_HOME`, cacheDir);
  }
  return version;
}

export function runOpa(path: string, args: string[], cwd?: string): SpawnSyncReturns<string> {
  const r = spawnSync(path, args, { cwd, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error) throw new InputError(`cannot run ${path}: ${r.error.message}: ${GET_OPA}`);
  return r;
}
