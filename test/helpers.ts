/** Test helpers: run the real CLI as a user would, and find repository files. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Repository root: dist/test/helpers.js -> ../.. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The command line as installed: the bundle (scripts/bundle.mjs) of dist/src/cli/main.js. */
export const CLI = join(ROOT, 'dist', 'bundle', 'main.js');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}): Run {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...(opts.env ?? {}) };
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    input: opts.input ?? '',
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function repo(...parts: string[]): string {
  return join(ROOT, ...parts);
}
