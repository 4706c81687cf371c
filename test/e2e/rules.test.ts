/**
 * Every rule end to end: the real CLI on each rule's failing example reports the
 * rule with its severity, message and the file:line of its evidence; on each
 * passing example it reports nothing for that rule. The cluster fixtures (a
 * tainted control plane, a Windows node, Cilium without kube-proxy, Calico IPAM
 * with unused node podCIDRs, dual-stack) produce no failed finding at all.
 *
 * Some examples are evidence of kinds whose readers are being written beside
 * the rules (kubectl get nodes -o json, KubeletConfiguration, Services,
 * NetworkPolicies, Calico resources, cilium-config, sysctl output). Until the
 * evidence yields the facts the example is about, its test is skipped with the
 * reason, as the Rego toolchain tests are without OPA; once the reader exists,
 * the same test runs in full.
 */
import { basename } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectFacts } from '../../src/check.js';
import { repo, runCli } from '../helpers.js';
import { CLUSTERS, EXAMPLES, type Needs } from '../rule-examples.js';

interface JsonFinding {
  id: string;
  severity: string;
  verdict: string;
  message: string;
  locations: { file: string; line: number | null }[];
}

function missing(dir: string, needs: Needs | undefined): string | null {
  if (!needs) return null;
  const { facts } = collectFacts([repo(dir)]);
  return needs.ok(facts) ? null : `${dir}: the evidence does not yet yield ${needs.what}`;
}

function check(dir: string, args: readonly string[] = []): JsonFinding[] {
  const r = runCli(['check', dir, '-o', 'json', ...args]);
  assert.ok(r.code === 0 || r.code === 1, `${dir}: exit ${r.code}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

function where(f: JsonFinding): string[] {
  return f.locations.map((l) => `${basename(l.file)}${l.line === null ? '' : `:${l.line}`}`);
}

const skipped: string[] = [];

for (const ex of EXAMPLES) {
  const dir = `examples/rules/${ex.id}`;
  const why = missing(`${dir}/fail`, ex.needs);
  if (why) {
    skipped.push(why);
    test.skip(`${ex.id}: failing and passing examples`, () => undefined);
    continue;
  }
  test(`${ex.id}: the failing example reports it with its severity, message and evidence`, () => {
    const got = check(`${dir}/fail`, ex.args).filter((f) => f.id === ex.id && f.verdict === 'fail');
    const f = got.find((x) => x.message === ex.fail.message);
    assert.ok(f, `${ex.id} not reported as expected; got: ${JSON.stringify(got.map((x) => x.message))}`);
    if (!f) return;
    assert.is(f.severity, ex.fail.severity);
    const locations = where(f);
    for (const want of ex.fail.locations) {
      assert.ok(
        locations.some((l) => l === want || (!want.includes(':') && l.startsWith(`${want}:`)) || l === want),
        `${ex.id}: no location ${want} in ${locations.join(', ')}`,
      );
    }
  });
  test(`${ex.id}: the passing example reports nothing for it`, () => {
    const got = check(`${dir}/pass`, ex.args).filter((f) => f.id === ex.id);
    assert.equal(got.map((f) => `${f.severity} ${f.message}`), []);
  });
}

for (const c of CLUSTERS) {
  const why = missing(c.dir, c.needs);
  if (why) {
    skipped.push(why);
    test.skip(`${c.what}: no failed finding`, () => undefined);
    continue;
  }
  test(`${c.what}: no failed finding`, () => {
    const failed = check(c.dir).filter((f) => f.verdict === 'fail');
    assert.equal(failed.map((f) => `${f.id} ${f.message}`), []);
  });
}

test('--target-version judges the version being upgraded to, and says so', () => {
  const before = check('examples/rules/KN301/fail').filter((f) => f.id === 'KN302');
  assert.equal(before, []);
  const after = check('examples/rules/KN301/fail', ['--target-version', 'v1.26']).filter((f) => f.id === 'KN302');
  assert.equal(after.map((f) => `${f.severity} ${f.message}`), [
    'error kube-proxy runs in userspace mode, which Kubernetes removed in 1.26: it does not start on target version v1.26 (--target-version)',
  ]);
});

test('invalid parameters are usage errors (exit 2) naming the flag', () => {
  const version = runCli(['check', 'examples/rules/KN101/pass', '--target-version', 'latest']);
  assert.is(version.code, 2);
  assert.is(version.stderr, 'kube-netcheck: --target-version latest: expected a Kubernetes version such as v1.33 or 1.33.2\n');
  const avoid = runCli(['check', 'examples/rules/KN101/pass', '--avoid', '10.0.0/8']);
  assert.is(avoid.code, 2);
  assert.match(avoid.stderr, /^kube-netcheck: .*10\.0\.0\/8/);
  const v6 = runCli(['check', 'examples/rules/KN101/pass', '--avoid', 'fd00::/129']);
  assert.is(v6.code, 2);
  assert.match(v6.stderr, /--avoid fd00::\/129: "fd00::\/129": prefix length must be 0-128/);
});

if (skipped.length > 0) process.stderr.write(`rules e2e: ${skipped.length} example(s) skipped:\n  ${skipped.join('\n  ')}\n`);

test.run();
