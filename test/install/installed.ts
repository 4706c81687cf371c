/**
 * The package as a user installs it: `npm pack` of this checkout (dist built by
 * `npm test` first), then `npm install -g` of the tarball into an empty prefix. Done
 * once per test run and shared by the tests under test/install/ (uvu runs every test
 * file in one process). The install prefers npm's cache (`--prefer-offline`): after
 * `npm ci` it holds every dependency's tarball, and the registry is asked only for the
 * metadata the cache lacks; nothing after the install reaches the network (the
 * commands run with a proxy that refuses every connection).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../helpers.js';

export interface PackedFile {
  path: string;
  size: number;
}

export interface Installed {
  /** The tarball npm pack wrote. */
  tarball: string;
  /** npm pack --json: packed (tarball) and unpacked sizes, every file. */
  pack: { filename: string; size: number; unpackedSize: number; files: PackedFile[] };
  /** The global prefix: bin/kube-netcheck, bin/kubectl-netcheck, lib/node_modules/kube-netcheck, share/man/man1. */
  prefix: string;
  /** The installed package's folder (its bundled examples are under it). */
  pkg: string;
  /** An environment with only the prefix's bin and Node.js's folder on PATH, no network. */
  env: Record<string, string>;
  /** A scratch folder for the tests' own files. */
  scratch: string;
  /** npm's cache (`npm config get cache`), for the tests' own installs under another HOME. */
  npmCache: string;
}

let cached: Installed | undefined;

function must(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.error?.message ?? ''}\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

export function installed(): Installed {
  if (cached) return cached;
  const work = mkdtempSync(join(tmpdir(), 'knc-installed-'));
  const packDir = join(work, 'pack');
  const prefix = join(work, 'prefix');
  const scratch = join(work, 'scratch');
  for (const d of [packDir, prefix, scratch]) mkdirSync(d);
  const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  // --ignore-scripts: dist is built already (npm test builds it); `prepare` would build it again.
  const packed = JSON.parse(
    must(spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8', env: npmEnv, maxBuffer: 64 << 20 }), 'npm pack'),
  ) as Installed['pack'][];
  const pack = packed[0]!;
  const tarball = join(packDir, pack.filename);
  must(
    spawnSync('npm', ['install', '--global', '--prefer-offline', '--prefix', prefix, tarball], { cwd: work, encoding: 'utf8', env: npmEnv, maxBuffer: 64 << 20 }),
    `npm install --global --prefix ${prefix} ${tarball}`,
  );
  const pkg = join(prefix, 'lib', 'node_modules', 'kube-netcheck');
  const env: Record<string, string> = {
    PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: scratch,
    NO_COLOR: '1',
    // Any connection attempt fails: the installed commands need no network.
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
  };
  const npmCache = must(spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8', env: npmEnv }), 'npm config get cache').trim();
  cached = { tarball, pack, prefix, pkg, env, scratch, npmCache };
  return cached;
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program of the installed package (or any program) by name, from its PATH. */
export function runInstalled(program: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Run {
  const inst = installed();
  const r = spawnSync(program, args, { cwd: opts.cwd ?? inst.pkg, env: { ...inst.env, ...(opts.env ?? {}) }, encoding: 'utf8', input: opts.input ?? '', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The version package.json gives. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
