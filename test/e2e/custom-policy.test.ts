/**
 * End to end: bring-your-own policy, as a user runs it: --policy with .rego
 * (v1 and v0, compiled by the embedded OPA with no opa on PATH, as a user who
 * installed only kube-netcheck has it; the pinned opa stands in for a user's
 * own where --opa is the point), .wasm and OPA bundles; --data, --param, --namespace, --no-builtin; every error a
 * user can cause, each one line with exit 2; and the compile cache, asserted
 * by its entry and by counting opa invocations (never by time).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REGOC_WASM } from '../../src/policy/backend.js';
import { readBundle } from '../../src/policy/bundle.js';
import { locateOpa } from '../../src/policy/opa.js';
import { repo, ROOT, runCli, type Run } from '../helpers.js';
import { wasmModule } from '../wasm.js';

const OPA = process.env.OPA ?? repo('tools', 'bin', 'opa');
const haveOpa = existsSync(OPA);
if (!haveOpa && process.env.CI !== 'true') {
  process.stderr.write(`custom policy tests that compile Rego skipped: no pinned opa at ${OPA} (node scripts/opa.mjs version builds it)\n`);
}
const haveRegoc = existsSync(REGOC_WASM);
if (!haveRegoc && process.env.CI !== 'true') {
  process.stderr.write(`custom policy tests that compile Rego skipped: no embedded compiler at ${REGOC_WASM} (npm run build:regoc builds it)\n`);
}
/** Tests that compile Rego (embedded, and opa where named): skipped without them, except in CI, where a missing one fails. */
const otest = (haveOpa && haveRegoc) || process.env.CI === 'true' ? test : test.skip;

/** A PATH with no opa on it (asserted), for the runs that must use the embedded OPA. */
const NO_OPA_PATH = '/usr/bin:/bin';
test('the PATH the embedded-OPA tests run with has no opa on it', () => {
  assert.is(locateOpa(undefined, { PATH: NO_OPA_PATH }), null);
});

interface JsonFinding {
  id: string;
  severity: string;
  title: string;
  message: string;
  locations: { file: string; line: number }[];
  policy?: { file: string; line: number | null; rule: string };
  metadata?: Record<string, unknown>;
}
interface JsonReport {
  passed: boolean;
  summary: { error: number; warning: number; info: number; unknown: number };
  findings: JsonFinding[];
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'knc-policy-'));
}

/** One cache for the suite, so a policy several tests use compiles once; the cache test has its own. */
const CACHE = tmp();

/** check with the suite's cache unless one is given; the embedded OPA with no opa on PATH unless an opa is named. */
function check(args: string[], opts: { cache?: string; opa?: string; env?: Record<string, string> } = {}): Run {
  const opa = opts.opa === undefined ? [] : ['--opa', opts.opa];
  return runCli(['check', ...args, '--cache-dir', opts.cache ?? CACHE, ...opa], { env: { PATH: NO_OPA_PATH, ...(opts.env ?? {}) } });
}

function report(r: Run): JsonReport {
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonReport;
}

function brief(f: JsonFinding): unknown[] {
  return [f.id, f.severity, f.message, f.locations.map((l) => `${l.file}:${l.line}`)];
}

function write(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/** `opa build` into dir/bundle.tar.gz; extra args decide the target and entrypoints. */
function opaBuild(dir: string, args: string[]): string {
  const out = join(dir, 'bundle.tar.gz');
  const r = spawnSync(OPA, ['build', ...args, '-o', out], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return out;
}

const CONFTEST_EXPECTED = (file: string, denyLine: number, warnLine: number): unknown[] => [
  [
    'main.deny',
    'error',
    'kube-proxy runs the userspace proxier, removed in Kubernetes 1.26: switch to iptables, ipvs or nftables',
    [],
    { file, line: denyLine, rule: 'main.deny' },
    undefined,
  ],
  [
    'main.warn',
    'warning',
    'weave-net is unmaintained since Weaveworks closed in 2024: plan the move to another CNI',
    ['examples/lab-broken/lab.md:28'],
    { file, line: warnLine, rule: 'main.warn' },
    { owner: 'platform-networking' },
  ],
];

otest('a conftest-style policy in Rego v1 runs unchanged; its results are json findings with their own ids', () => {
  const rep = report(check(['examples/lab-broken', '--policy', 'examples/policies/conftest-v1/policy.rego', '--no-builtin', '-o', 'json']));
  const got = rep.findings.map((f) => [...brief(f), f.policy, f.metadata]);
  assert.equal(got, CONFTEST_EXPECTED('examples/policies/conftest-v1/policy.rego', 5, 16));
  assert.equal(rep.summary, { error: 1, warning: 1, info: 0, unknown: 0, waived: 0 });
  assert.is(rep.passed, false);
});

otest('its results appear in the sarif and junit outputs too, with a rule for each custom rule', () => {
  const dir = tmp();
  for (const v of ['v0', 'v1']) {
    const sarifFile = join(dir, `${v}.sarif`);
    const junitFile = join(dir, `${v}.xml`);
    const r = check(['examples/lab-broken', '--policy', `examples/policies/conftest-${v}`, '--no-builtin', '-o', `sarif=${sarifFile}`, '-o', `junit=${junitFile}`]);
    assert.is(r.code, 1, r.stderr);
    const run = (JSON.parse(readFileSync(sarifFile, 'utf8')) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; ruleIndex?: number }[] }[] }).runs[0]!;
    assert.equal(run.results.map((x) => [x.ruleId, x.level]), [['main.deny', 'error'], ['main.warn', 'warning']]);
    for (const x of run.results) assert.is(run.tool.driver.rules[x.ruleIndex ?? -1]?.id, x.ruleId);
    const junit = readFileSync(junitFile, 'utf8');
    assert.match(junit, /<testsuite name="main\.deny Custom policy main\.deny" tests="1" failures="1"/);
    assert.match(junit, /<failure type="error" message="kube-proxy runs the userspace proxier, removed in Kubernetes 1\.26: switch to iptables, ipvs or nftables">/);
    assert.match(junit, /<testsuite name="main\.warn Custom policy main\.warn" tests="1" failures="0"/);
  }
});

otest('the same policy in Rego v0 (deny[msg] { ... }) is detected and gives the same results', () => {
  const rep = report(check(['examples/lab-broken', '--policy', 'examples/policies/conftest-v0', '--no-builtin', '-o', 'json']));
  const got = rep.findings.map((f) => [...brief(f), f.policy, f.metadata]);
  assert.equal(got, CONFTEST_EXPECTED('examples/policies/conftest-v0/policy.rego', 6, 17));
});

otest('v0 and v1 sources compile together (the v0 file marked in the bundle manifest)', () => {
  const rep = report(check(['examples/lab-broken', '-p', 'examples/policies/conftest-v0', '-p', 'examples/policies/node-internal-ip', '--no-builtin', '-o', 'json']));
  assert.equal(rep.findings.map((f) => [f.id, f.policy?.file]), [
    ['ACME-NET-003', 'examples/policies/node-internal-ip/node_internal_ip.rego'],
    ['main.deny', 'examples/policies/conftest-v0/policy.rego'],
    ['main.warn', 'examples/policies/conftest-v0/policy.rego'],
  ]);
  const broken = write(tmp(), 'v0.rego', 'package main\n\ndeny[msg] {\n\tmsg := concat("", [input.kubeProxy.mode\n}\n');
  failsCompiling(check(['examples/lab-broken', '-p', broken, '-p', 'examples/policies/conftest-v1']), [`${broken}:5:1: rego_parse_error: unexpected } token: expected "," or "]"`]);
});

otest('a rule written in several files names, in each finding, the file and line that made it', () => {
  const dir = tmp();
  // One package over three files, as conftest users spread it: v1, v0, and a helper that reads the union.
  write(dir, 'ranges.rego', 'package main\n\n# é: columns count bytes\ndeny contains msg if {\n\tinput.networks.pod[_].cidr == "10.100.0.0/16"\n\tmsg := "pod range 10.100.0.0/16 is reserved"\n}\n');
  write(dir, 'proxy.rego', 'package main\n\ndeny[msg] {\n  input.kubeProxy.mode == "userspace"\n  msg := "no userspace"\n}\n\ndeny[msg] { input.kubeProxy.mode == "gone"; msg := "never" }\n');
  write(dir, 'summary.rego', 'package main\n\nwarn contains msg if {\n\tcount(deny) > 1\n\tmsg := sprintf("%d denials", [count(deny)])\n}\n');
  const rep = report(check(['examples/lab-broken', '-p', dir, '--no-builtin', '-o', 'json']));
  assert.equal(
    rep.findings.map((f) => [f.message, f.policy?.file.slice(dir.length + 1), f.policy?.line]),
    [
      ['no userspace', 'proxy.rego', 3],
      ['pod range 10.100.0.0/16 is reserved', 'ranges.rego', 4],
      ['2 denials', 'summary.rego', 3],
    ],
  );
  // OPA's messages name the rule as written, never the split one.
  write(dir, 'summary.rego', 'package main\n\nwarn contains msg if {\n\tmsg := deny + 1\n}\n');
  const bad = check(['examples/lab-broken', '-p', dir, '--no-builtin']);
  assert.is(bad.code, 2);
  assert.not.match(bad.stderr, /__kn_file/);
  assert.match(bad.stderr, /summary\.rego:4:\d+: rego_type_error/);
});

otest('custom findings join the built-in ones, sorted together, and their warnings do not fail the gate alone', () => {
  const rep = report(check(['examples/lab-broken', '--policy', 'examples/policies/conftest-v1', '-o', 'json']));
  // KN602: the lab runs weave-net, which is unmaintained (a warning).
  assert.equal(rep.findings.map((f) => f.id), ['KN101', 'KN201', 'KN301', 'main.deny', 'KN602', 'main.warn']);
  const ok = report(check(['examples/lab-complete', '--policy', 'examples/policies/conftest-v1', '-o', 'json']));
  assert.equal(ok.findings.map((f) => [f.id, f.severity]), [['KN602', 'warning'], ['main.warn', 'warning']]);
  assert.is(ok.passed, true);
});

otest("a custom policy's findings can be waived by their id, dotted conftest ids included", () => {
  const dir = tmp();
  const waivers = write(
    dir,
    'waivers.yaml',
    'waivers:\n  - rule: main.deny\n    reason: the lab keeps userspace until it is rebuilt\n    owner: platform-team\n    expires: 2099-12-31\n',
  );
  const rep = report(check(['examples/lab-broken', '-p', 'examples/policies/conftest-v1', '--no-builtin', '--waivers', waivers, '-o', 'json']));
  const findings = rep.findings as (JsonFinding & { waived?: { rule: string } })[];
  // Waived findings are listed after the others.
  assert.equal(findings.map((f) => [f.id, f.waived?.rule ?? null]), [
    ['main.warn', null],
    ['main.deny', 'main.deny'],
  ]);
  assert.is(rep.passed, true);
});

otest('the three example policies fire on the broken lab with the company data and the upgrade target, and pass on the complete one', () => {
  const policies = ['-p', 'examples/policies/pod-range-allocation', '-p', 'examples/policies/nftables-from-1.33', '-p', 'examples/policies/node-internal-ip'];
  const expected = (target: string) => [
    ['ACME-NET-001', 'error', "pod range 10.100.0.0/16 is outside the company's pod allocation (10.244.0.0/14, fd00:10:244::/48)", ['examples/lab-broken/lab.md:28']],
    [
      'ACME-NET-002',
      'error',
      `kube-proxy runs in userspace mode, but from Kubernetes 1.33 on the company requires nftables (upgrade target ${target})`,
      ['examples/lab-broken/lab.md:52'],
    ],
    ['ACME-NET-003', 'error', 'node node02 has no InternalIP address', ['examples/lab-broken/lab.md:81']],
  ];
  // The upgrade target as data (examples/data/upgrade-1.33.yaml) or as the flag the built-in rules read.
  const withData = check(['examples/lab-broken', ...policies, '--data', 'examples/data/company.yaml', '--data', 'examples/data/upgrade-1.33.yaml', '--no-builtin', '-o', 'json']);
  assert.is(withData.code, 1, withData.stderr);
  assert.equal(report(withData).findings.map(brief), expected('1.33'));
  const withFlag = report(check(['examples/lab-broken', ...policies, '--data', 'examples/data/company.yaml', '--target-version', 'v1.33.2', '--no-builtin', '-o', 'json']));
  assert.equal(withFlag.findings.map(brief), expected('v1.33.2'));
  // Without a target the lab's own version (1.24) is judged: nftables is not required yet.
  const today = report(check(['examples/lab-broken', ...policies, '--data', 'examples/data/company.yaml', '--no-builtin', '-o', 'json']));
  assert.equal(today.findings.map((f) => f.id), ['ACME-NET-001', 'ACME-NET-003']);
  const complete = check(['examples/lab-complete', ...policies, '--data', 'examples/data/company.yaml', '--no-builtin', '-o', 'json']);
  assert.is(complete.code, 0, complete.stdout);
  assert.equal(report(complete).findings, []);
  const noIp = report(check(['examples/policies/node-internal-ip/samples', ...policies, '--data', 'examples/data/company.yaml', '--no-builtin', '-o', 'json']));
  assert.equal(noIp.findings.map(brief), [
    [
      'ACME-NET-003',
      'error',
      'node node02 has no InternalIP address',
      ['examples/policies/node-internal-ip/samples/kubectl-get-nodes-wide.txt:4'],
    ],
  ]);
});

otest('the example policies pass their own tests (opa test; v0 with --v0-compatible) and are formatted', () => {
  const run = (args: string[]): { code: number | null; out: string } => {
    const r = spawnSync(OPA, args, { cwd: ROOT, encoding: 'utf8' });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const v1 = ['examples/policies/pod-range-allocation', 'examples/policies/nftables-from-1.33', 'examples/policies/node-internal-ip', 'examples/policies/conftest-v1'];
  for (const dir of v1) {
    const t = run(['test', dir]);
    assert.is(t.code, 0, t.out);
    assert.match(t.out, /PASS: \d+\/\d+/);
  }
  const v0 = run(['test', '--v0-compatible', 'examples/policies/conftest-v0']);
  assert.is(v0.code, 0, v0.out);
  // Type-checked against the facts schema, as docs/custom-policies.md tells users to.
  const schema = join(tmp(), 'facts.schema.json');
  writeFileSync(schema, runCli(['schema']).stdout);
  const typed = run(['check', '--schema', schema, ...v1]);
  assert.is(typed.code, 0, typed.out);
  assert.is(run(['fmt', '--list', '--fail', ...v1]).code, 0);
  assert.is(run(['fmt', '--v0-compatible', '--list', '--fail', 'examples/policies/conftest-v0']).code, 0);
});

otest('the second run on the same .rego hits the cache: the entry exists and opa is not run again', () => {
  const dir = tmp();
  const cache = join(dir, 'cache');
  const calls = join(dir, 'calls');
  const wrapper = write(dir, 'opa-counting', `#!/bin/sh\necho "$1" >> '${calls}'\nexec '${OPA}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const args = ['examples/lab-broken', '--policy', 'examples/policies/conftest-v1', '--no-builtin', '-o', 'json'];
  const first = check(args, { cache, opa: wrapper });
  const count = (): string[] => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []);
  const afterFirst = count();
  assert.ok(afterFirst.includes('build'), `opa build was not run: ${afterFirst.join(' ')}`);
  const entries = readdirSync(join(cache, 'wasm')).sort();
  assert.is(entries.length, 2);
  assert.match(entries[0] ?? '', /^[0-9a-f]{64}\.json$/);
  assert.match(entries[1] ?? '', /^[0-9a-f]{64}\.wasm$/);
  const second = check(args, { cache, opa: wrapper });
  assert.equal(count(), afterFirst, 'opa was run again on a cache hit');
  assert.equal(report(second).findings, report(first).findings);
  // A damaged entry is rebuilt, not trusted.
  writeFileSync(join(cache, 'wasm', entries[0]!), '{"trunc');
  assert.equal(report(check(args, { cache, opa: wrapper })).findings, report(first).findings);
  assert.ok(count().filter((c) => c === 'build').length === 2, 'a damaged entry was not rebuilt');
  assert.not.throws(() => JSON.parse(readFileSync(join(cache, 'wasm', entries[0]!), 'utf8')));
  // A changed source is a new entry.
  const edited = write(dir, 'p/policy.rego', readFileSync(repo('examples/policies/conftest-v1/policy.rego'), 'utf8').replace('NotReady', 'not Ready'));
  check(['examples/lab-broken', '--policy', edited, '--no-builtin', '-o', 'json'], { cache, opa: wrapper });
  assert.is(readdirSync(join(cache, 'wasm')).length, 4);
  assert.is(count().filter((c) => c === 'build').length, 3);
});

otest('the cache goes to $XDG_CACHE_HOME/kube-netcheck without --cache-dir; the embedded OPA compiles even with opa on PATH', () => {
  const xdg = tmp();
  const r = runCli(['check', 'examples/lab-broken', '--policy', 'examples/policies/conftest-v1', '--no-builtin', '-o', 'json', '--verbose'], {
    env: { XDG_CACHE_HOME: xdg, PATH: `${dirname(OPA)}:${NO_OPA_PATH}` },
  });
  assert.is(r.code, 1, r.stderr);
  assert.is(readdirSync(join(xdg, 'kube-netcheck', 'wasm')).length, 2);
  assert.match(r.stderr, /^kube-netcheck: examples\/policies\/conftest-v1: compiled with the embedded OPA 1\.\d+\.\d+ \(.*regoc\.wasm\) in \d+ ms; cached at /m);
  // The next run is answered by the cache, and says so.
  const again = runCli(['check', 'examples/lab-broken', '--policy', 'examples/policies/conftest-v1', '--no-builtin', '-o', 'json', '--verbose'], { env: { XDG_CACHE_HOME: xdg, PATH: NO_OPA_PATH } });
  assert.match(again.stderr, /^kube-netcheck: examples\/policies\/conftest-v1: compiled policy reused from the cache \(/m);
});

otest('without the embedded compiler (a source checkout never built), opa on PATH compiles, and --verbose names it', () => {
  const r = runCli(['check', 'examples/lab-broken', '--policy', 'examples/policies/conftest-v1', '--no-builtin', '-o', 'json', '--verbose', '--cache-dir', tmp()], {
    env: { KUBE_NETCHECK_REGOC: '/nonexistent/regoc.wasm', PATH: `${dirname(OPA)}:${NO_OPA_PATH}` },
  });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`compiled with opa 1\\.\\d+\\.\\d+ \\(${OPA.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
});

otest('a cache hit never loads the embedded compiler: a damaged module is not read', () => {
  const dir = tmp();
  const cache = join(dir, 'cache');
  // A copy of the module with its build record, so that it can be damaged afterwards.
  const copy = join(dir, 'regoc.wasm');
  writeFileSync(copy, readFileSync(REGOC_WASM));
  writeFileSync(join(dir, 'regoc.json'), readFileSync(REGOC_WASM.replace(/\.wasm$/, '.json')));
  const args = ['examples/lab-broken', '--policy', 'examples/policies/conftest-v0', '--no-builtin', '-o', 'json'];
  const first = check(args, { cache, env: { KUBE_NETCHECK_REGOC: copy } });
  writeFileSync(copy, 'not wasm');
  const second = check(args, { cache, env: { KUBE_NETCHECK_REGOC: copy } });
  assert.equal(report(second).findings, report(first).findings);
  // A source it has not seen needs the module, and the damage is named.
  const edited = write(dir, 'p/policy.rego', readFileSync(repo('examples/policies/conftest-v1/policy.rego'), 'utf8').replace('NotReady', 'not Ready'));
  fails(check(['examples/lab-broken', '--policy', edited], { cache, env: { KUBE_NETCHECK_REGOC: copy } }), new RegExp(`^kube-netcheck: ${copy}: the embedded Rego compiler is not a WebAssembly module \\(.*\\): build it with \`npm run build:regoc\``));
});

const EXAMPLES: string[][] = [
  ['examples/policies/conftest-v1'],
  ['examples/policies/conftest-v0'],
  ['examples/policies/conftest-v0', 'examples/policies/node-internal-ip'],
  ['examples/policies/pod-range-allocation', 'examples/policies/nftables-from-1.33', 'examples/policies/node-internal-ip'],
];

for (const policies of EXAMPLES) {
  otest(`${policies.join(' + ')}: the embedded OPA and opa compile to the same verdicts on both labs`, () => {
    const flags = [...policies.flatMap((p) => ['-p', p]), '--data', 'examples/data/company.yaml', '--target-version', 'v1.33.0', '-o', 'json'];
    for (const lab of ['examples/lab-broken', 'examples/lab-complete']) {
      const embedded = report(check([lab, ...flags]));
      const external = report(check([lab, ...flags], { opa: OPA }));
      assert.equal(embedded.findings, external.findings);
      assert.equal(embedded.summary, external.summary);
      assert.ok(embedded.findings.length > 0);
    }
  });
}

otest('a compiled .wasm and an OPA wasm bundle run without opa, with the bundle data', () => {
  const dir = tmp();
  const bundle = opaBuild(dir, ['-t', 'wasm', '-e', 'main/deny', '-e', 'main/warn', 'examples/policies/conftest-v1/policy.rego']);
  const wasmFile = write(dir, 'policy.wasm', '');
  writeFileSync(wasmFile, readBundle(bundle, bundle).get('/policy.wasm')!);
  const noOpa = { env: { PATH: '/nonexistent', KUBE_NETCHECK_REGOC: '/nonexistent/regoc.wasm' } };
  const fromWasm = report(check(['examples/lab-broken', '--policy', wasmFile, '--no-builtin', '-o', 'json'], noOpa));
  assert.equal(fromWasm.findings.map((f) => [f.id, f.severity, f.policy]), [
    ['main.deny', 'error', { file: wasmFile, line: null, rule: 'main.deny' }],
    ['main.warn', 'warning', { file: wasmFile, line: null, rule: 'main.warn' }],
  ]);
  const fromBundle = report(check(['examples/lab-broken', '--policy', bundle, '--no-builtin', '-o', 'json'], noOpa));
  assert.equal(fromBundle.findings.map(brief), fromWasm.findings.map(brief));

  // A bundle carrying its own data.json under /company: the allocation reaches data.company.
  const src = tmp();
  write(src, 'policy.rego', readFileSync(repo('examples/policies/pod-range-allocation/pod_range_allocation.rego'), 'utf8'));
  write(src, 'company/data.json', JSON.stringify({ allocations: { pod: ['10.244.0.0/14'] } }));
  const withData = opaBuild(src, ['-t', 'wasm', '-e', 'main/deny', '-e', 'main/warn', src]);
  const rep = report(check(['examples/lab-broken', '--policy', withData, '--no-builtin', '-o', 'json'], noOpa));
  assert.equal(rep.findings.map((f) => f.message), ["pod range 10.100.0.0/16 is outside the company's pod allocation (10.244.0.0/14)"]);
});

otest('a plain Rego bundle (.tar.gz of .rego) is compiled like a folder', () => {
  const dir = tmp();
  const bundle = opaBuild(dir, ['examples/policies/conftest-v1/policy.rego']);
  const rep = report(check(['examples/lab-broken', '--policy', bundle, '--no-builtin', '-o', 'json']));
  assert.equal(rep.findings.map((f) => [f.id, f.policy?.file]), [
    ['main.deny', `${bundle}!/examples/policies/conftest-v1/policy.rego`],
    ['main.warn', `${bundle}!/examples/policies/conftest-v1/policy.rego`],
  ]);
});

otest('--data (YAML and JSON, deep-merged) is data for custom policies; built-in parameters stay at data.netcheck.params', () => {
  const dir = tmp();
  const a = write(dir, 'a.yaml', 'company:\n  allocations:\n    pod: [10.0.0.0/8]\n');
  const b = write(dir, 'b.json', '{"company": {"allocations": {"pod": ["10.100.0.0/16"]}}, "netcheck": {"params": {"allowedProxyModes": ["iptables", "userspace"]}}}\n');
  const rep = report(check(['examples/lab-broken', '-p', 'examples/policies/pod-range-allocation', '--data', a, '--data', b, '-o', 'json']));
  // b's allocation replaced a's list; b's parameters allow userspace, so KN301 is gone.
  assert.equal(rep.findings.map((f) => f.id), ['KN101', 'KN201', 'KN602']);
});

test('--param sets one built-in parameter, typed by the params schema', () => {
  const rep = report(runCli(['check', 'examples/lab-broken', '--param', 'allowedProxyModes=iptables,userspace', '-o', 'json']));
  assert.equal(rep.findings.map((f) => f.id), ['KN101', 'KN201', 'KN602']);
  const bad = runCli(['check', 'examples/lab-broken', '--param', 'allowedProxyModez=iptables']);
  assert.is(bad.code, 2);
  assert.is(
    bad.stderr,
    'kube-netcheck: --param allowedProxyModez=iptables: unknown parameter "allowedProxyModez": expected one of allowedProxyModes, allowedWindowsProxyModes, mode, targetVersion, targetProxyMode, capacityWarningThreshold, avoid, allowPublicRanges, families (kube-netcheck schema params)\n',
  );
  const wrong = runCli(['check', 'examples/lab-broken', '--param', 'allowedProxyModes=bpf']);
  assert.is(wrong.code, 2);
  assert.match(wrong.stderr, /^kube-netcheck: policy parameters: parameters do not match schemas\/params\.schema\.json: \/allowedProxyModes\/0: must be equal to one of the allowed values: "iptables", "ipvs", "nftables", "userspace"\n$/);
});

otest('--namespace picks the packages whose rules run; --all-namespaces runs every one', () => {
  const dir = tmp();
  const p = write(dir, 'team.rego', 'package team.network\n\nwarn contains "from team.network" if true\n\ndeny_ranges contains {"msg": "from deny_ranges", "id": "TEAM-1"} if true\n');
  const missing = check(['examples/lab-complete', '--policy', p]);
  assert.is(missing.code, 2);
  assert.is(
    missing.stderr,
    `kube-netcheck: ${p}: no deny, violation or warn rules in namespace main (rules found in: team.network): name the package with --namespace, or use --all-namespaces\n`,
  );
  const named = report(check(['examples/lab-complete', '--policy', p, '--namespace', 'team.network', '--no-builtin', '-o', 'json']));
  assert.equal(named.findings.map((f) => [f.id, f.severity]), [
    ['TEAM-1', 'error'],
    ['team.network.warn', 'warning'],
  ]);
  const all = report(check(['examples/lab-complete', '--policy', p, '--all-namespaces', '--no-builtin', '-o', 'json']));
  assert.is(all.findings.length, 2);
});

otest("conftest's exceptions waive the rules they name", () => {
  const dir = tmp();
  const p = write(
    dir,
    'policy.rego',
    [
      'package main',
      '',
      'deny_userspace contains "kube-proxy runs userspace" if input.kubeProxy.mode == "userspace"',
      '',
      'warn_weave contains "weave-net is unmaintained" if input.cni.name == "weave-net"',
      '',
      '# The lab is being rebuilt: its proxy mode is known and accepted until then.',
      'exception contains ["userspace"] if { some node in input.nodes; node.name == "node02" }',
      '',
    ].join('\n'),
  );
  const rep = report(check(['examples/lab-broken', '--policy', p, '--no-builtin', '-o', 'json']));
  assert.equal(rep.findings.map((f) => f.id), ['main.warn_weave']);
  const bad = write(dir, 'bad.rego', 'package main\n\nwarn contains "x" if false\n\nexception contains 7 if true\n');
  fails(check(['examples/lab-broken', '--policy', bad]), `${bad}:5: main.exception must be a set of lists of rule names (\`exception contains ["ranges"] if { ... }\`), got [7]`);
});

// ---- errors: each one line on stderr, exit 2 ----

function fails(r: Run, expected: string | RegExp): void {
  assert.is(r.code, 2, `exit ${r.code}: ${r.stdout}${r.stderr}`);
  assert.is(r.stdout, '');
  assert.is(r.stderr.split('\n').length, 2, r.stderr);
  if (typeof expected === 'string') assert.is(r.stderr, `kube-netcheck: ${expected}\n`);
  else assert.match(r.stderr, expected);
}

test('no embedded compiler, no opa on PATH and no --opa: says how to build it, get opa, or pass a compiled bundle', () => {
  const r = runCli(['check', 'examples/lab-broken', '--policy', 'examples/policies/conftest-v1', '--cache-dir', tmp()], { env: { PATH: '/nonexistent', KUBE_NETCHECK_REGOC: '/nonexistent/regoc.wasm' } });
  fails(r, /^kube-netcheck: examples\/policies\/conftest-v1: compiling Rego needs OPA: this installation lacks its embedded compiler \(\/nonexistent\/regoc\.wasm\) and there is no opa on PATH: build it with `npm run build:regoc` \(needs Go; the npm package ships it built\), or install OPA .*, pass its path with --opa PATH, or compile the policy yourself \(`opa build -t wasm -e main\/deny -e main\/warn POLICY`\) and give the bundle\.tar\.gz to --policy\n$/);
  fails(runCli(['check', 'examples/lab-broken', '--policy', 'examples/policies/conftest-v1', '--opa', '/no/such/opa']), /^kube-netcheck: --opa \/no\/such\/opa: no executable file there: install OPA/);
});

/** A policy that does not compile: exit 2, every error at file:line:col as opa check words it, then any hint. */
function failsCompiling(r: Run, errors: string[], hint?: string): void {
  assert.is(r.code, 2, `exit ${r.code}: ${r.stdout}${r.stderr}`);
  assert.is(r.stdout, '');
  const head = `kube-netcheck: the policy does not compile (${errors.length} error${errors.length === 1 ? '' : 's'}):`;
  assert.is(r.stderr, `${[head, ...errors.map((e) => `  ${e}`), ...(hint ? [`  ${hint}`] : [])].join('\n')}\n`);
}

otest('a policy that does not compile: every error at once, as opa check gives them (file:line:col)', () => {
  const dir = tmp();
  const p = write(dir, 'broken.rego', 'package main\n\ndeny contains msg if {\n\tinput.kubeProxy.mode == \n}\n');
  failsCompiling(check(['examples/lab-broken', '--policy', p]), [`${p}:5:1: rego_parse_error: unexpected } token`]);
  const undef = write(dir, 'undef.rego', 'package main\n\ndeny contains msg if {\n\tmsg := helper(input.kubeProxy.mode)\n}\n');
  failsCompiling(check(['examples/lab-broken', '--policy', undef]), [`${undef}:4:9: rego_type_error: undefined function helper`]);
  const v0 = write(dir, 'v0.rego', 'package main\n\ndeny[msg] {\n\tmsg := concat("", [input.kubeProxy.mode\n}\n');
  failsCompiling(check(['examples/lab-broken', '--policy', v0]), [`${v0}:5:1: rego_parse_error: unexpected } token: expected "," or "]"`]);
  // Errors in several files, of both kinds, all in one report.
  const other = write(dir, 'other.rego', 'package main\n\nwarn contains msg if {\n\tmsg := nope(1)\n\tx := also_nope(2)\n}\n');
  failsCompiling(check(['examples/lab-broken', '--policy', undef, '--policy', other]), [
    `${undef}:4:9: rego_type_error: undefined function helper`,
    `${other}:4:9: rego_type_error: undefined function nope`,
    `${other}:5:7: rego_type_error: undefined function also_nope`,
  ]);
  failsCompiling(check(['examples/lab-broken', '--policy', p, '--policy', v0]), [`${p}:5:1: rego_parse_error: unexpected } token`, `${v0}:5:1: rego_parse_error: unexpected } token: expected "," or "]"`]);
});

otest('a v0/v1 mismatch says what fixes it', () => {
  const dir = tmp();
  // v0 rules under `import rego.v1`, which asks for v1.
  const mixed = write(dir, 'mixed.rego', 'package main\n\nimport rego.v1\n\ndeny[msg] {\n\tmsg := "x"\n}\n');
  failsCompiling(
    check(['examples/lab-broken', '--policy', mixed]),
    [`${mixed}:5:1: rego_parse_error: \`if\` keyword is required before rule body`, `${mixed}:5:1: rego_parse_error: \`contains\` keyword is required for partial set rules`],
    `${mixed} imports rego.v1, which asks for Rego v1 (\`deny contains msg if { ... }\`), but its rules are written in v0 (\`deny[msg] { ... }\`): drop the import to keep v0, or add \`if\` and \`contains\` to the rules.`,
  );
});

otest('a builtin opa-wasm lacks: the file and line, and why (either OPA)', () => {
  const dir = tmp();
  const p = write(dir, 'semver.rego', 'package main\n\nwarn contains msg if {\n\tsemver.compare(input.cluster.version, "1.33.0") < 0\n\tmsg := "old"\n}\n');
  const want = `${p}:4:2: rego_type_error: undefined function semver.compare (kube-netcheck runs policies with @open-policy-agent/opa-wasm, which does not implement semver.compare; its capabilities.json lists the builtins that work)`;
  failsCompiling(check(['examples/lab-broken', '--policy', p]), [want]);
  failsCompiling(check(['examples/lab-broken', '--policy', p], { opa: OPA }), [want]);
});

otest('a compiled module calling a builtin opa-wasm lacks: named when it is called', () => {
  const dir = tmp();
  // Built without kube-netcheck's capabilities, so opa lets semver.compare through.
  const src = write(dir, 'semver.rego', 'package main\n\nwarn contains "old" if semver.compare("1.31.0", "1.33.0") < 0\n');
  const bundle = opaBuild(dir, ['-t', 'wasm', '-e', 'main/warn', src]);
  fails(
    runCli(['check', 'examples/lab-broken', '--policy', bundle]),
    `${bundle}!/policy.wasm: main.warn: the policy calls the builtin semver.compare, which @open-policy-agent/opa-wasm does not implement: rewrite it without semver.compare (its capabilities.json lists the builtins that work)`,
  );
});

otest('no deny, violation or warn rules at all', () => {
  const dir = tmp();
  const p = write(dir, 'allow.rego', 'package main\n\nallow if input.kubeProxy.mode == "iptables"\n');
  fails(
    check(['examples/lab-broken', '--policy', p]),
    `${p}: no deny, violation or warn rules found in ${p}: conftest-style rules are named deny, violation or warn (or deny_<name>, ...), e.g. \`deny contains msg if { ... }\``,
  );
});

otest('a rule returning the wrong shape names the rule and its line', () => {
  const dir = tmp();
  const num = write(dir, 'num.rego', 'package main\n\nwarn contains 42 if true\n');
  fails(check(['examples/lab-broken', '--policy', num]), `${num}:3: main.warn: a result must be a string or an object with a string "msg" (conftest's shape), got 42`);
  const obj = write(dir, 'obj.rego', 'package main\n\ndeny contains {"message": "x"} if true\n');
  fails(check(['examples/lab-broken', '--policy', obj]), `${obj}:3: main.deny: a result must be a string or an object with a string "msg" (conftest's shape), got {"message":"x"}`);
  const bool = write(dir, 'bool.rego', 'package main\n\ndeny := true\n');
  fails(
    check(['examples/lab-broken', '--policy', bool]),
    `${bool}:3: main.deny must be a set of results (\`deny contains msg if { ... }\`, or \`deny[msg] { ... }\` in v0), got true`,
  );
});

test('a .wasm that is not WebAssembly, or not OPA\'s, or of another ABI', () => {
  const dir = tmp();
  const text = write(dir, 'policy.wasm', 'package main\n');
  fails(runCli(['check', 'examples/lab-broken', '--policy', text]), `${text}: not a WebAssembly module (it does not start with the bytes \\0asm): give a .wasm built by \`opa build -t wasm\``);
  const plain = join(dir, 'plain.wasm');
  writeFileSync(plain, wasmModule({ abi: null }));
  fails(
    runCli(['check', 'examples/lab-broken', '--policy', plain]),
    `${plain}: a WebAssembly module, but not an OPA policy (no opa_wasm_abi_version export): build it with \`opa build -t wasm\``,
  );
  const abi2 = join(dir, 'abi2.wasm');
  writeFileSync(abi2, wasmModule({ abi: 2 }));
  fails(
    runCli(['check', 'examples/lab-broken', '--policy', abi2]),
    `${abi2}: OPA wasm ABI version 2, but @open-policy-agent/opa-wasm runs ABI 1.x only: rebuild it with an OPA whose \`opa build -t wasm\` emits ABI 1 (every OPA 0.x and 1.x does)`,
  );
  const notTar = write(dir, 'bundle.tar.gz', 'hello');
  fails(runCli(['check', 'examples/lab-broken', '--policy', notTar]), `${notTar}: not a gzip-compressed tar archive: an OPA bundle is the .tar.gz \`opa build\` writes`);
  fails(runCli(['check', 'examples/lab-broken', '--policy', join(dir, 'policy.txt')]), `--policy ${join(dir, 'policy.txt')}: no such file or folder`);
  fails(runCli(['check', 'examples/lab-broken', '--no-builtin']), '--no-builtin: no --policy given, so there would be no rules to run');
});

otest('a cache folder that cannot be written, and a policy named twice', () => {
  const dir = tmp();
  const file = write(dir, 'not-a-folder', 'x');
  fails(
    check(['examples/lab-broken', '--policy', 'examples/policies/conftest-v1'], { cache: join(file, 'cache') }),
    /^kube-netcheck: .*\/not-a-folder\/cache\/wasm: cannot write the compiled-policy cache \(ENOTDIR\): give a writable folder with --cache-dir, or set XDG_CACHE_HOME\n$/,
  );
  const twice = report(check(['examples/lab-broken', '-p', 'examples/policies/conftest-v1', '-p', 'examples/policies/conftest-v1/policy.rego', '--no-builtin', '-o', 'json']));
  assert.equal(twice.findings.map((f) => f.id), ['main.deny', 'main.warn']);
});

otest('a compiled module without the entrypoints asked for', () => {
  const dir = tmp();
  const bundle = opaBuild(dir, ['-t', 'wasm', '-e', 'main/allow', write(dir, 'p.rego', 'package main\n\nallow if true\n')]);
  fails(
    runCli(['check', 'examples/lab-broken', '--policy', bundle]),
    `${bundle}!/policy.wasm: no deny, violation or warn entrypoint in the module (its entrypoints: main/allow): build it with \`opa build -t wasm -e main/deny -e main/warn ...\``,
  );
});

test('a --data file of the wrong shape: exit 2 with its file and line', () => {
  const dir = tmp();
  const list = write(dir, 'list.yaml', '# allocations\n- 10.0.0.0/8\n- 10.1.0.0/16\n');
  fails(runCli(['check', 'examples/lab-broken', '--data', list]), `${list}:2: data must be a mapping of names to values at the top level (it becomes OPA's data), got a list`);
  const syntax = write(dir, 'bad.json', '{\n  "company": {\n    "allocations": [1, 2,\n}\n');
  fails(runCli(['check', 'examples/lab-broken', '--data', syntax]), new RegExp(`^kube-netcheck: ${syntax.replace(/[.]/g, '\\.')}:4: not valid JSON: Flow sequence in block collection must be sufficiently indented and end with a \\]\n$`));
  const yaml = write(dir, 'bad.yaml', 'company:\n  allocations: [10.0.0.0/8\n');
  fails(runCli(['check', 'examples/lab-broken', '--data', yaml]), new RegExp(`^kube-netcheck: ${yaml.replace(/[.]/g, '\\.')}:3: not valid YAML: `));
  const params = write(dir, 'params.yaml', 'company: {}\nnetcheck:\n  params:\n    allowedProxyModes:\n      - iptables\n      - bpf\n');
  fails(
    runCli(['check', 'examples/lab-broken', '--data', params]),
    `${params}:6: netcheck.params.allowedProxyModes[1]: must be equal to one of the allowed values: "iptables", "ipvs", "nftables", "userspace"`,
  );
  const unknown = write(dir, 'unknown.yaml', 'netcheck:\n  params:\n    allowedModes: [iptables]\n');
  fails(runCli(['check', 'examples/lab-broken', '--data', unknown]), `${unknown}:3: netcheck.params.allowedModes: not a parameter kube-netcheck knows (see kube-netcheck schema params)`);
  const notMap = write(dir, 'netcheck.yaml', 'netcheck: [1]\n');
  fails(runCli(['check', 'examples/lab-broken', '--data', notMap]), `${notMap}:1: netcheck must be a mapping (kube-netcheck reads its parameters from netcheck.params)`);
});

test.run();
