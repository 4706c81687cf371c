/**
 * End to end: `kube-netcheck verify`, the policy tests, as a user with only
 * kube-netcheck installed runs them: the embedded OPA, no opa on PATH. Each
 * outcome (pass, a failing test, a policy that does not compile, no tests),
 * each output (text, json, junit), --run and --coverage; and the two back
 * ends, embedded and opa, against each other and against `opa test` itself on
 * the example policies and the built-in rules: the same tests, the same verdicts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REGOC_WASM } from '../../src/policy/backend.js';
import { locateOpa } from '../../src/policy/opa.js';
import { CLI, repo, ROOT, runCli, type Run } from '../helpers.js';

const OPA = process.env.OPA ?? repo('tools', 'bin', 'opa');
const ready = existsSync(REGOC_WASM) && existsSync(OPA);
if (!ready && process.env.CI !== 'true') {
  process.stderr.write(`verify tests skipped: they need the embedded compiler (${REGOC_WASM}: npm run build:regoc) and the pinned opa (${OPA})\n`);
}
/** Skipped without the compiler and opa, except in CI, where a missing one fails. */
const vtest = ready || process.env.CI === 'true' ? test : test.skip;

const NO_OPA_PATH = '/usr/bin:/bin';

function verify(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}): Run {
  return runCli(['verify', ...args], { env: { PATH: NO_OPA_PATH, ...(opts.env ?? {}) } });
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'knc-verify-'));
}

function write(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

interface JsonVerify {
  regoVersion: number;
  tests: { name: string; file: string; line: number; outcome: string; output: string; error?: string }[];
  passed: number;
  failed: number;
  skipped: number;
  coverage?: { coverage: number; files: { file: string; notCovered: [number, number][] }[] };
  coverageNote?: string;
}

function json(r: Run): JsonVerify {
  return JSON.parse(r.stdout) as JsonVerify;
}

const POLICY = `package main

deny contains msg if {
	input.kubeProxy.mode == "userspace"
	msg := "kube-proxy runs userspace"
}

warn contains msg if {
	input.cni.name == "weave-net"
	msg := "weave-net is unmaintained"
}
`;

const TESTS = `package main

test_userspace_denied if {
	deny["kube-proxy runs userspace"] with input as {"kubeProxy": {"mode": "userspace"}}
}

test_weave_warned if {
	print("checking weave")
	warn["weave-net is unmaintained"] with input as {"cni": {"name": "calico"}}
}
`;

test('the PATH these tests run with has no opa on it', () => {
  assert.is(locateOpa(undefined, { PATH: NO_OPA_PATH }), null);
});

vtest('a passing suite: PASS per test, the count, exit 0 (embedded OPA, no opa on PATH)', () => {
  const r = verify(['examples/policies/conftest-v1']);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stderr, '');
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /^PASS {2}examples\/policies\/conftest-v1\/policy_test\.rego:3: data\.main\.test_userspace_is_denied \(\d+(\.\d)?ms\)$/);
  assert.is(lines.filter((l) => l.startsWith('PASS')).length, 4);
  assert.ok(r.stdout.endsWith('\n4 passed, 0 failed: PASSED\n'), r.stdout);
});

vtest('a failing test: FAIL with what it printed, exit 1; --run picks tests; json and junit say the same', () => {
  const dir = tmp();
  write(dir, 'policy.rego', POLICY);
  const t = write(dir, 'policy_test.rego', TESTS);
  const r = verify([dir]);
  assert.is(r.code, 1, r.stderr);
  assert.ok(r.stdout.includes(`FAIL  ${t}:7: data.main.test_weave_warned (`), r.stdout);
  assert.ok(r.stdout.includes('\n      checking weave\n'), r.stdout);
  assert.ok(r.stdout.endsWith('1 passed, 1 failed: FAILED\n'), r.stdout);

  const only = verify([dir, '--run', 'userspace']);
  assert.is(only.code, 0, only.stdout);
  assert.ok(only.stdout.endsWith('1 passed, 0 failed: PASSED\n'));

  const j = json(verify([dir, '-o', 'json']));
  assert.equal(
    j.tests.map((x) => [x.name, x.line, x.outcome, x.output]),
    [
      ['data.main.test_userspace_denied', 3, 'pass', ''],
      ['data.main.test_weave_warned', 7, 'fail', 'checking weave\n'],
    ],
  );
  assert.equal([j.passed, j.failed, j.skipped, j.regoVersion], [1, 1, 0, 1]);

  const xmlFile = join(dir, 'verify.xml');
  const x = verify([dir, '-o', `junit=${xmlFile}`, '-o', 'text']);
  assert.is(x.code, 1);
  const xml = readFileSync(xmlFile, 'utf8');
  assert.match(xml, /<testsuites name="kube-netcheck verify" tests="2" failures="1" errors="0"/);
  assert.match(xml, /<testcase name="data\.main\.test_weave_warned" classname="main" time="[\d.]+">\n {6}<failure message="data\.main\.test_weave_warned failed at [^"]+policy_test\.rego:7">checking weave\n<\/failure>/);
  const lint = spawnSync('xmllint', ['--noout', '--schema', repo('test', 'schemas', 'junit-10.xsd'), xmlFile], { encoding: 'utf8' });
  if (lint.error === undefined || process.env.CI === 'true') assert.is(lint.status, 0, lint.stderr);
});

vtest('--coverage: the lines no test reached, once every test passes', () => {
  const dir = tmp();
  const p = write(dir, 'policy.rego', POLICY);
  write(dir, 'policy_test.rego', TESTS.replace('"calico"', '"weave-net"'));
  const only = verify([dir, '--coverage', '--run', 'userspace']);
  assert.is(only.code, 0, only.stderr);
  // The warn rule (lines 8-10) is never entered when only the deny test runs.
  assert.match(only.stdout, new RegExp(`\\n {2}${p.replace(/[.]/g, '\\.')}: 50\\.0%, not covered: lines 8-10\\n`));
  const all = json(verify([dir, '--coverage', '-o', 'json']));
  assert.is(all.failed, 0);
  assert.equal(all.coverage!.files.find((f) => f.file === p)!.notCovered, []);
  // With a failing test there is no coverage, and the output says why.
  write(dir, 'policy_test.rego', TESTS);
  const failing = verify([dir, '--coverage']);
  assert.is(failing.code, 1);
  assert.match(failing.stdout, /\nno coverage: it is measured once every test passes\n$/);
});

vtest('a policy that does not compile: every error at file:line:col, exit 2, and no test runs', () => {
  const dir = tmp();
  const p = write(dir, 'policy.rego', 'package main\n\ndeny contains msg if {\n\tmsg := helper(1)\n}\n');
  const t = write(dir, 'policy_test.rego', 'package main\n\ntest_x if {\n\tdeny["x"] with input as {\n}\n');
  const r = verify([dir]);
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  // Parse errors come first (nothing is compiled until every file parses); then the type errors.
  // An error at the end of the file has a line and no column, as opa gives it.
  assert.is(r.stderr, `kube-netcheck: the policy does not compile (1 error):\n  ${t}:6: rego_parse_error: unexpected eof token\n`);
  write(dir, 'policy_test.rego', 'package main\n\ntest_x if {\n\tdeny["x"] with input as {}\n\tnope(2)\n}\n');
  const typed = verify([dir]);
  assert.is(typed.code, 2);
  assert.is(typed.stderr, `kube-netcheck: the policy does not compile (2 errors):\n  ${p}:4:9: rego_type_error: undefined function helper\n  ${t}:5:2: rego_type_error: undefined function nope\n`);
});

vtest('Rego v0 policies and tests run as v0; v0 and v1 in one run is refused with the way out; no tests is exit 2', () => {
  const v0 = json(verify(['examples/policies/conftest-v0', '-o', 'json']));
  assert.is(v0.regoVersion, 0);
  assert.equal([v0.passed, v0.failed], [4, 0]);
  const mixed = verify(['examples/policies/conftest-v0', 'examples/policies/conftest-v1']);
  assert.is(mixed.code, 2);
  assert.match(mixed.stderr, /^kube-netcheck: examples\/policies\/conftest-v0, examples\/policies\/conftest-v1: these files mix Rego v0 \(examples\/policies\/conftest-v0\/policy\.rego, examples\/policies\/conftest-v0\/policy_test\.rego\) and v1 \(.*\), and opa test reads one version per run: verify each kind in its own run, or bring the v0 files to v1 /);
  const none = verify(['examples/policies/conftest-v1/policy.rego']);
  assert.is(none.code, 2);
  assert.match(none.stderr, /: no tests found: a test is a rule named test_\.\.\./);
  const unmatched = verify(['examples/policies/conftest-v1', '--run', 'nothing_matches_this']);
  assert.is(unmatched.code, 2);
  assert.match(unmatched.stderr, /: no test matches --run nothing_matches_this\n$/);
  const badRegex = verify(['examples/policies/conftest-v1', '--run', '(']);
  assert.is(badRegex.code, 2);
  assert.match(badRegex.stderr, /^kube-netcheck: verify: --run \(: not a regular expression/);
  const missing = verify(['no/such/dir']);
  assert.is(missing.code, 2);
  assert.is(missing.stderr, 'kube-netcheck: verify: no/such/dir: no such file or folder\n');
});

vtest('without a PATH: policy/ when there is one (as conftest verify), else the current folder', () => {
  const dir = tmp();
  write(dir, 'policy/policy.rego', POLICY);
  write(dir, 'policy/policy_test.rego', TESTS.replace('"calico"', '"weave-net"'));
  // A second suite outside policy/, which the default does not read.
  write(dir, 'other/other_test.rego', 'package other\n\ntest_never_run if false\n');
  const inDir = (cwd: string): Run => {
    const r = spawnSync(process.execPath, [CLI, 'verify', '-o', 'json'], { cwd, env: { PATH: NO_OPA_PATH, NO_COLOR: '1' }, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const policy = inDir(dir);
  assert.is(policy.code, 0, policy.stderr);
  assert.equal(json(policy).tests.map((t) => [t.name, t.file]), [
    ['data.main.test_userspace_denied', 'policy/policy_test.rego'],
    ['data.main.test_weave_warned', 'policy/policy_test.rego'],
  ]);
  const here = inDir(join(dir, 'other'));
  assert.is(here.code, 1, here.stderr);
  assert.equal(json(here).tests.map((t) => [t.name, t.outcome]), [['data.other.test_never_run', 'fail']]);
});

/** opa test's own verdicts: name -> pass/fail. */
function opaTest(paths: string[], v0 = false): Map<string, boolean> {
  const r = spawnSync(OPA, ['test', '--format', 'json', ...(v0 ? ['--v0-compatible'] : []), ...paths], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 2, r.stderr);
  const list = JSON.parse(r.stdout) as { package: string; name: string; fail?: boolean; error?: unknown }[];
  return new Map(list.map((t) => [`${t.package}.${t.name}`, !t.fail && !t.error]));
}

function verdicts(r: Run): Map<string, boolean> {
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return new Map(json(r).tests.map((t) => [t.name, t.outcome === 'pass']));
}

const SUITES: [string[], boolean][] = [
  [['examples/policies/conftest-v1'], false],
  [['examples/policies/conftest-v0'], true],
  [['examples/policies/node-internal-ip'], false],
  [['examples/policies/pod-range-allocation'], false],
  [['examples/policies/nftables-from-1.33'], false],
  [['policies'], false],
];

for (const [paths, v0] of SUITES) {
  vtest(`${paths.join(' ')}: the embedded OPA, --opa and opa test itself run the same tests to the same verdicts`, () => {
    const embedded = verdicts(verify([...paths, '-o', 'json']));
    const external = verdicts(verify([...paths, '-o', 'json', '--opa', OPA]));
    const reference = opaTest(paths, v0);
    assert.ok(reference.size > 0);
    assert.equal([...embedded].sort(), [...reference].sort());
    assert.equal([...external].sort(), [...reference].sort());
  });
}

test.run();
