import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers.js';

interface DiffJson {
  passed: boolean;
  changes: { subject: string; kind: string; before: string | null; after: string | null }[];
  findings: Record<'appeared' | 'cleared' | 'persisted', { id: string; message: string; locations: { file: string; line: number }[] }[]>;
}

test('seed to broken: each change and the findings that appeared', () => {
  const r = runCli(['diff', 'examples/lab-seed.md', 'examples/lab-broken', '-o', 'json']);
  assert.is(r.code, 1, r.stderr);
  const d = JSON.parse(r.stdout) as DiffJson;
  assert.equal(
    d.changes.map((c) => `${c.kind} ${c.subject}`),
    ['added networks.pod', 'removed networks.pod', 'changed kubeProxy.mode', 'changed daemonSet kube-system/weave-net', 'added node controlplane', 'added node node01', 'added node node02'],
  );
  assert.equal(d.findings.appeared.map((f) => f.id), ['KN101', 'KN201', 'KN301']);
  // The seed's unknowns (no node list) cleared once nodes are known.
  assert.equal(d.findings.cleared.map((f) => f.id), ['KN201', 'KN201']);
  assert.equal(d.findings.appeared[0]?.locations.map((l) => `${l.file}:${l.line}`), ['examples/lab-broken/lab.md:28', 'examples/lab-broken/lab.md:40']);
});

test('broken to complete: findings cleared, exit 0', () => {
  const r = runCli(['diff', 'examples/lab-broken', 'examples/lab-complete']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /Findings that appeared \(0\):\nFindings that cleared \(3\):/);
  assert.match(r.stdout, /~ kubeProxy\.mode: userspace -> iptables/);
  assert.match(r.stdout, /PASSED: no finding that fails the gate appeared\./);
});

test('a snapshot against itself, as a facts file: nothing changed, findings persisted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-diff-'));
  const facts = join(dir, 'facts.json');
  writeFileSync(facts, runCli(['facts', 'examples/lab-broken']).stdout);
  const r = runCli(['diff', facts, 'examples/lab-broken', '-o', 'json']);
  assert.is(r.code, 0, r.stderr);
  const d = JSON.parse(r.stdout) as DiffJson;
  assert.equal(d.changes, []);
  // KN101, KN201, KN301 and the weave-net warning KN602.
  assert.is(d.findings.persisted.length, 4);
});

test('markdown for a change ticket', () => {
  const r = runCli(['diff', 'examples/lab-complete', 'examples/lab-broken', '-o', 'markdown']);
  assert.is(r.code, 1);
  assert.match(r.stdout, /^## kube-netcheck diff: new failing findings\n/);
  assert.match(r.stdout, /\| appeared \| cleared \| persisted \| facts changed \|\n\|---\|---\|---\|---\|\n\| 3 \| 0 \| 1 \| 7 \|/);
  assert.match(r.stdout, /- \*\*error\*\* KN301: kube-proxy runs in userspace mode/);
});

test('usage errors', () => {
  assert.is(runCli(['diff', 'examples/lab-seed.md']).code, 2);
  assert.is(runCli(['diff', 'examples/lab-seed.md', 'examples/lab-broken', '-o', 'sarif']).code, 2);
});

test.run();
