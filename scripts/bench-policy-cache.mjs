// Measures the compile cache of --policy: the same `check --policy X.rego` run
// with an empty cache (opa parses and builds) and again with the entry in place
// (no opa run). Prints the medians of wall time and of CPU time (kube-netcheck plus
// the opa it starts, from bash's `times`: steadier than wall time on a busy machine)
// as markdown table rows for docs/benchmarks.md.
//
//   OPA=/path/to/opa node scripts/bench-policy-cache.mjs [runs=5] [policy=examples/policies/conftest-v1/policy.rego]
//   node scripts/bench-policy-cache.mjs --embedded [runs] [policy]   (the embedded OPA, dist/regoc: npm run build:regoc)
//
// Needs `npm run build` first. Timing lives here, never in a test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOpa, ROOT } from './opa.mjs';

const { loadCustomPolicies } = await import(join(ROOT, 'dist', 'src', 'policy', 'custom.js'));

const embedded = process.argv.includes('--embedded');
const argv = process.argv.slice(2).filter((a) => a !== '--embedded');
const runs = Number(argv[0] ?? 5);
const policy = argv[1] ?? 'examples/policies/conftest-v1/policy.rego';
const opa = embedded ? null : findOpa({ build: false });
if (!opa && !embedded) {
  process.stderr.write('bench-policy-cache: no opa: set OPA or build the pinned one (node scripts/opa.mjs version)\n');
  process.exit(2);
}
const cli = join(ROOT, 'dist', 'bundle', 'main.js');

function once(cache) {
  // bash's `times` prints the CPU time of its waited-for children, opa included (node waits for it).
  const cmd = ['"$0"', '"$@"', '>/dev/null', '2>&1;', 'echo "exit=$?";', 'times'].join(' ');
  const args = [cli, 'check', 'examples/lab-broken', '--policy', policy, ...(opa ? ['--opa', opa] : []), '--cache-dir', cache, '-o', 'json'];
  const start = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', cmd, process.execPath, ...args], { cwd: ROOT, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (!/exit=1\n/.test(r.stdout)) throw new Error(`unexpected result: ${r.stdout}${r.stderr}`);
  // times: "0m0.001s 0m0.002s\n0m0.512s 0m0.103s" (shell user/sys, then children user/sys)
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60e3 + Number(m[2]) * 1e3, 0);
  return { wall, cpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** The policy stage alone, in this process: load (and compile, or take from the cache) the policy. */
function stage(cache) {
  const start = process.hrtime.bigint();
  loadCustomPolicies({ policies: [join(ROOT, policy)], ...(opa ? { opa } : {}), cacheDir: cache });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const first = [];
const second = [];
for (let i = 0; i < runs; i++) {
  const cache = mkdtempSync(join(tmpdir(), 'knc-bench-'));
  try {
    first.push(once(cache));
    second.push(once(cache));
    rmSync(cache, { recursive: true, force: true });
    first.at(-1).stage = stage(cache);
    second.at(-1).stage = stage(cache);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}
const opaVersion = embedded
  ? `embedded ${JSON.parse(readFileSync(join(ROOT, 'dist', 'regoc', 'regoc.json'), 'utf8')).opa}`
  : /Version:\s*(\S+)/.exec(spawnSync(opa, ['version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
const label = { wall: 'whole run, wall', cpu: 'whole run, CPU', stage: 'policy stage, wall' };
for (const what of ['wall', 'cpu', 'stage']) {
  const f = median(first.map((x) => x[what]));
  const s = median(second.map((x) => x[what]));
  process.stdout.write(
    `| \`${policy}\` | ${label[what]} | ${runs} | ${f.toFixed(0)} ms | ${s.toFixed(0)} ms | ${(f - s).toFixed(0)} ms (${((1 - s / f) * 100).toFixed(0)} %) | opa ${opaVersion}, node ${process.version}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')} |\n`,
  );
}
