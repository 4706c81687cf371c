/** End to end: the real CLI on the bundled examples, as a user runs it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers.js';

interface JsonReport {
  passed: boolean;
  summary: { error: number; warning: number; info: number; unknown: number; waived: number };
  findings: { id: string; severity: string; title: string; message: string; remediation: string; locations: { file: string; line: number }[] }[];
}

test('facts on the seed: every manual step of the write-up, with its source line', () => {
  const r = runCli(['facts', 'examples/lab-seed.md']);
  assert.is(r.code, 0, r.stderr);
  const facts = JSON.parse(r.stdout);
  assert.equal(facts.networks.node.map((n: { cidr: string }) => n.cidr), ['192.8.33.0/24']);
  assert.equal(facts.networks.pod.map((n: { cidr: string }) => n.cidr), ['10.244.0.0/16']);
  assert.equal(facts.networks.service.map((n: { cidr: string }) => n.cidr), ['10.96.0.0/12']);
  assert.is(facts.kubeProxy.mode, 'iptables');
  assert.is(facts.cni.name, 'weave-net');
  const ds = facts.daemonSets.map((d: Record<string, unknown>) => [d.namespace, d.name, d.desired, d.current, d.ready, d.upToDate, d.available]);
  assert.equal(ds, [
    ['kube-system', 'kube-proxy', 2, 2, 2, 2, 2],
    ['kube-system', 'weave-net', 2, 2, 2, 2, 2],
  ]);
  const at = (pointer: string): string[] =>
    facts.observations.filter((o: { pointer: string }) => o.pointer === pointer).map((o: { source: { file: string; line: number } }) => `${o.source.file}:${o.source.line}`);
  assert.equal(at('/networks/node/0'), ['examples/lab-seed.md:15']);
  assert.equal(at('/networks/pod/0'), ['examples/lab-seed.md:32']);
  assert.equal(at('/networks/service/0'), ['examples/lab-seed.md:49']);
  assert.equal(at('/kubeProxy/mode'), ['examples/lab-seed.md:66']);
  assert.equal(at('/daemonSets/0'), ['examples/lab-seed.md:87']);
  assert.equal(at('/daemonSets/1'), ['examples/lab-seed.md:88']);
});

test('check on the seed alone: the DaemonSet rule is unknown, and unknown fails the gate', () => {
  const r = runCli(['check', 'examples/lab-seed.md', '-o', 'json']);
  assert.is(r.code, 1);
  const rep = JSON.parse(r.stdout) as JsonReport;
  // weave-net is unmaintained (KN602): a warning, which does not fail the gate.
  assert.equal(rep.summary, { error: 0, warning: 1, info: 0, unknown: 2, waived: 0 });
  assert.ok(rep.findings.filter((f) => f.severity === 'unknown').every((f) => f.id === 'KN201'));
  assert.equal(rep.findings.filter((f) => f.severity === 'warning').map((f) => f.id), ['KN602']);
  assert.match(rep.findings[0]?.message ?? '', /no node list was given/);
});

test('--allow-unknown lets the seed pass', () => {
  const r = runCli(['check', 'examples/lab-seed.md', '--allow-unknown']);
  assert.is(r.code, 0, r.stdout);
  assert.match(r.stdout, /0 errors, 1 warning, 0 info, 2 unknown, 0 waived: PASSED \(fail-on error, unknown allowed\)/);
});

test('check on the complete example passes with exit 0', () => {
  const r = runCli(['check', 'examples/lab-complete']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /0 errors, 1 warning, 0 info, 0 unknown, 0 waived: PASSED \(fail-on error\)/);
  assert.match(r.stdout, /WARNING KN602/);
  assert.is(r.stderr, '');
});

test('check on the broken example: each finding with the file:line of its evidence', () => {
  const r = runCli(['check', 'examples/lab-broken', '-o', 'json']);
  assert.is(r.code, 1);
  const rep = JSON.parse(r.stdout) as JsonReport;
  assert.equal(rep.summary, { error: 3, warning: 1, info: 0, unknown: 0, waived: 0 });
  const got = rep.findings.map((f) => [f.id, f.severity, f.message, f.locations.map((l) => `${l.file}:${l.line}`)]);
  assert.equal(got, [
    [
      'KN101',
      'error',
      "pod range 10.100.0.0/16 overlaps service range 10.96.0.0/12 (10.96.0.0/12 contains 10.100.0.0/16): the CNI's IPAM gives pods addresses from its own pools, which nothing keeps out of the service range",
      ['examples/lab-broken/lab.md:28', 'examples/lab-broken/lab.md:40'],
    ],
    [
      'KN201',
      'error',
      'DaemonSet kube-system/kube-proxy DESIRED is 2, but 3 of the 3 nodes should run it (node selector kubernetes.io/os=linux)',
      ['examples/lab-broken/lab.md:67', 'examples/lab-broken/lab.md:79'],
    ],
    ['KN301', 'error', 'kube-proxy runs in userspace mode, which is not allowed (allowed: iptables, ipvs, nftables)', ['examples/lab-broken/lab.md:52']],
    [
      'KN602',
      'warning',
      'the CNI is weave-net, which is no longer maintained: Weaveworks closed in February 2024 and archived weave-net: it gets no more fixes',
      ['examples/lab-broken/lab.md:28'],
    ],
  ]);
  assert.ok(rep.findings.every((f) => f.remediation.length > 20 && f.title.length > 10));
});

test('text output of the broken example names file:line and the fix', () => {
  const r = runCli(['check', 'examples/lab-broken']);
  assert.is(r.code, 1);
  assert.match(r.stdout, /ERROR   KN301  kube-proxy's mode must be one the cluster allows\n  kube-proxy runs in userspace mode/);
  assert.match(r.stdout, /at examples\/lab-broken\/lab\.md:52  I0107 09:01:58\.201447/);
  assert.match(r.stdout, /\n3 errors, 1 warning, 0 info, 0 unknown, 0 waived: FAILED/);
  assert.not.match(r.stdout, /\x1b\[/);
});

test('--allow-proxy-mode changes the allowed list', () => {
  const r = runCli(['check', 'examples/lab-broken', '-o', 'json', '--allow-proxy-mode', 'iptables,userspace']);
  const rep = JSON.parse(r.stdout) as JsonReport;
  assert.not.ok(rep.findings.some((f) => f.id === 'KN301'));
});

test('--fail-on never always exits 0 but still reports', () => {
  const r = runCli(['check', 'examples/lab-broken', '--fail-on', 'never']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /3 errors, .* not gating/);
});

test('a file that is not evidence: exit 2, one line, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-'));
  const f = join(dir, 'notes.txt');
  writeFileSync(f, 'shopping list\neggs\nmilk\n');
  const r = runCli(['check', f]);
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.is(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^kube-netcheck: .*notes\.txt: not evidence of any known kind: expected /);
  assert.not.match(r.stderr, /\n\s+at /);
});

test('an invalid range in evidence: exit 2 naming file, line and what was expected', () => {
  const r = runCli(['check', '-'], { input: '    - --service-cluster-ip-range=10.0.0/8\n' });
  assert.is(r.code, 2);
  assert.is(r.stderr, 'kube-netcheck: -:1: --service-cluster-ip-range: "10.0.0/8" is not an IPv4 address: expected four dot-separated decimal numbers\n');
});

test('a missing path and a bad flag are usage errors (exit 2)', () => {
  assert.is(runCli(['check', 'no/such/file']).code, 2);
  const bad = runCli(['check', 'examples/lab-seed.md', '--fail-on', 'sometimes']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--fail-on sometimes: expected error, warning, info or never/);
  assert.is(runCli(['frobnicate']).code, 2);
  assert.is(runCli(['check', 'examples/lab-seed.md', '--nope']).code, 2);
});

test('stdin with -', () => {
  const r = runCli(['facts', '-'], { input: 'I1231 10:16:50.420139       1 server_linux.go:66] "Using ipvs Proxier"\n' });
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).kubeProxy.mode, 'ipvs');
});

test('rules and explain come from the METADATA annotations', () => {
  const r = runCli(['rules', '-o', 'json']);
  assert.is(r.code, 0);
  const rules = JSON.parse(r.stdout) as { id: string; severity: string; remediation: string }[];
  assert.ok(['KN101', 'KN201', 'KN301', 'KN901'].every((id) => rules.some((x) => x.id === id)));
  // The waiver notices are listed too, last, with their family.
  assert.equal(rules.slice(-2).map((x) => x.id), ['KN991', 'KN992']);
  assert.match(runCli(['rules']).stdout, /^KN992 +warning +waivers +A waiver matches no finding$/m);
  assert.ok(rules.length >= 20);
  const e = runCli(['explain', 'kn101']);
  assert.is(e.code, 0);
  assert.match(e.stdout, /^KN101: Pod, service and node ranges must not overlap\n/);
  assert.match(e.stdout, /Remediation:\n/);
  assert.is(runCli(['explain', 'KN999']).code, 2);
});

test('schema prints the facts schema', () => {
  const r = runCli(['schema']);
  assert.is(r.code, 0);
  assert.is(JSON.parse(r.stdout).title, 'kube-netcheck facts document');
});

test('-o json=FILE and text to stdout in one run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-'));
  const out = join(dir, 'report.json');
  const r = runCli(['check', 'examples/lab-complete', '-o', `json=${out}`, '-o', 'text']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /PASSED/);
  const rep = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
  assert.is(rep.passed, true);
});

test('colour only when asked: FORCE_COLOR on, NO_COLOR off', () => {
  const on = runCli(['check', 'examples/lab-broken'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
  assert.match(on.stdout, /\x1b\[31m/);
  const off = runCli(['check', 'examples/lab-broken'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.not.match(off.stdout, /\x1b\[/);
});

test.run();
