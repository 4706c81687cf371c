// Builds the embedded Rego compiler: tools/regoc (a small Go program over the OPA
// pinned in tools/go.mod) for GOOS=wasip1 GOARCH=wasm, into dist/regoc/regoc.wasm
// with regoc.json beside it ({opa, go, sha256}: the compile cache keys on it).
// The npm package ships it (prepack runs this); the repository does not commit
// the 40 MB module. Built once per input and cached: the key hashes go.mod,
// go.sum, the program's sources and the Go version, and the cache lives where
// tools/apiserver/build.sh caches its binaries ($KUBE_NETCHECK_APISERVER_CACHE,
// else .cache/apiserver), as regoc-<opa version>-<key>/.
//
//   node scripts/build-regoc.mjs          (npm run build:regoc; prepack; .ci/run)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './opa.mjs';

const TOOLS = join(ROOT, 'tools');
const SRC = join(TOOLS, 'regoc');
const OUT = join(ROOT, 'dist', 'regoc');

const go = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
if (go.status !== 0) {
  process.stderr.write('build-regoc: Go is not installed; it is needed to build the embedded Rego compiler (tools/regoc)\n');
  process.exit(2);
}
const goVersion = go.stdout.trim();
const goMod = readFileSync(join(TOOLS, 'go.mod'), 'utf8');
const opa = /^\s*(?:require\s+)?github\.com\/open-policy-agent\/opa\s+v(\S+)/m.exec(goMod)?.[1];
if (!opa) {
  process.stderr.write('build-regoc: tools/go.mod does not pin github.com/open-policy-agent/opa\n');
  process.exit(2);
}

const key = createHash('sha256');
key.update(`${goVersion}\0`);
for (const f of ['go.mod', 'go.sum']) key.update(`${f}\0${readFileSync(join(TOOLS, f))}\0`);
for (const f of readdirSync(SRC).filter((n) => n.endsWith('.go') && !n.endsWith('_test.go')).sort()) {
  key.update(`regoc/${f}\0${readFileSync(join(SRC, f))}\0`);
}
const root = process.env.KUBE_NETCHECK_APISERVER_CACHE || join(ROOT, '.cache', 'apiserver');
const cached = join(root, `regoc-${opa}-${key.digest('hex').slice(0, 16)}`);
const wasm = join(cached, 'regoc.wasm');

if (!existsSync(wasm)) {
  process.stderr.write(`building the embedded Rego compiler (OPA ${opa}, ${goVersion}, GOOS=wasip1) into ${cached} (first run only, a few minutes)...\n`);
  mkdirSync(root, { recursive: true });
  const tmp = mkdtempSync(join(root, '.regoc.'));
  try {
    // -s drops the symbol table (about a tenth of the module); -trimpath keeps the build reproducible.
    execFileSync('nice', ['-n', '10', 'go', 'build', '-trimpath', '-ldflags=-s', '-o', join(tmp, 'regoc.wasm'), './regoc'], {
      cwd: TOOLS,
      env: { ...process.env, GOOS: 'wasip1', GOARCH: 'wasm', CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    rmSync(cached, { recursive: true, force: true });
    renameSync(tmp, cached);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const bytes = readFileSync(wasm);
const meta = { opa, go: goVersion, sha256: createHash('sha256').update(bytes).digest('hex') };
mkdirSync(OUT, { recursive: true });
copyFileSync(wasm, join(OUT, 'regoc.wasm'));
writeFileSync(join(OUT, 'regoc.json'), `${JSON.stringify(meta, null, 2)}\n`);
process.stderr.write(`${join(OUT, 'regoc.wasm')} (${(bytes.length / 1e6).toFixed(1)} MB, OPA ${opa})\n`);
