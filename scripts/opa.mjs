// Locates the pinned OPA built from tools/go.mod, building it on first use.
// Users never need this: only the policy build, `opa test` and CI do.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = join(ROOT, 'tools');
const BIN = join(TOOLS, 'bin', 'opa');

/** Path of the pinned opa binary; builds it with Go when missing. Returns null when it cannot. */
export function findOpa({ build = true, quiet = false } = {}) {
  if (process.env.OPA && existsSync(process.env.OPA)) return process.env.OPA;
  if (existsSync(BIN)) return BIN;
  if (!build) return null;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return null;
  if (!quiet) process.stderr.write('building the pinned OPA from tools/go.mod (first run only)...\n');
  execFileSync('go', ['install', 'github.com/open-policy-agent/opa'], {
    cwd: TOOLS,
    env: { ...process.env, GOBIN: join(TOOLS, 'bin'), GOFLAGS: '-mod=mod' },
    stdio: quiet ? 'ignore' : 'inherit',
  });
  return existsSync(BIN) ? BIN : null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const opa = findOpa();
  if (!opa) {
    process.stderr.write('opa: cannot build it: Go is not installed (needed only to rebuild policies)\n');
    process.exit(2);
  }
  const r = spawnSync(opa, process.argv.slice(2), { stdio: 'inherit' });
  process.exit(r.status ?? 3);
}
