/**
 * A facts document piped in is read as a facts document, exactly as when named:
 * `kube-netcheck facts ... | kube-netcheck check -` equals `check facts.json`
 * (issue #23, item 1: stdin read it as weave-log evidence and passed lab-broken).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, runCli } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kn-facts-stdin-'));

interface JsonReport {
  passed: boolean;
  summary: Record<string, number>;
  findings: unknown[];
  files: { file: string; kind: string | null; observations: number }[];
}

function factsOf(example: string): { file: string; text: string } {
  const r = runCli(['facts', `examples/${example}`]);
  assert.is(r.code, 0, r.stderr);
  const file = join(dir, `${example}.json`);
  writeFileSync(file, r.stdout);
  return { file, text: r.stdout };
}

for (const [example, code] of [['lab-broken', 1], ['kubeadm-cluster', 0]] as const) {
  test(`${example}: check - on its facts document gives the findings of check facts.json, exactly`, () => {
    const { file, text } = factsOf(example);
    for (const extra of [[], ['--allow-unknown']]) {
      const named = runCli(['check', ...extra, '-o', 'json', file]);
      const piped = runCli(['check', ...extra, '-o', 'json', '-'], { input: text });
      assert.is(named.code, code, named.stderr);
      assert.is(piped.code, code, piped.stderr);
      assert.is(piped.stderr, '');
      const a = JSON.parse(named.stdout) as JsonReport;
      const b = JSON.parse(piped.stdout) as JsonReport;
      assert.equal(b.findings, a.findings);
      assert.equal(b.summary, a.summary);
      assert.is(b.passed, a.passed);
      assert.equal(b.files, [{ file: '-', kind: 'facts-document', observations: a.files[0]?.observations }]);
    }
  });
}

test('lab-broken facts on stdin with --allow-unknown: its 3 errors fail the gate (it passed as weave-log evidence)', () => {
  const { text } = factsOf('lab-broken');
  const r = runCli(['check', '--allow-unknown', '-'], { input: text });
  assert.is(r.code, 1, r.stdout);
  assert.match(r.stdout, /^Read 1 evidence file \(facts-document\): 14 observations\.\n/);
  assert.match(r.stdout, /3 errors, 1 warning, 0 info, 0 unknown, 0 waived: FAILED \(fail-on error, unknown allowed\)\n$/);
});

test('a compact facts document with CRLF line ends on stdin reads the same', () => {
  const compact = runCli(['facts', '--compact', 'examples/lab-broken']).stdout.replace(/\n/g, '\r\n');
  const r = runCli(['check', '-o', 'json', '-'], { input: compact });
  assert.is(r.code, 1, r.stderr);
  assert.equal((JSON.parse(r.stdout) as JsonReport).summary, { error: 3, warning: 1, info: 0, unknown: 0, waived: 0 });
});

test('a truncated facts document on stdin: its JSON error, naming stdin, exit 2', () => {
  const { text } = factsOf('kubeadm-cluster');
  const r = runCli(['check', '-'], { input: text.slice(0, Math.floor(text.length / 2)) });
  assert.is(r.code, 2);
  assert.match(r.stderr, /^kube-netcheck: stdin(:\d+)?: facts document is not valid JSON: /);
  assert.is(r.stdout, '');
});

test('a facts document on stdin with other evidence is refused, as a named one is', () => {
  const { text } = factsOf('lab-broken');
  const r = runCli(['check', '-', 'examples/lab-complete'], { input: text });
  assert.is(r.code, 2);
  assert.is(r.stderr, "kube-netcheck: a facts document (stdin) is a whole cluster's facts: give it alone, or give the evidence it was made from\n");
});

test('a facts document inside an evidence folder is not read as evidence: a KN900 error naming it, the rest judged', () => {
  const { text } = factsOf('kubeadm-cluster');
  const folder = join(dir, 'mixed');
  mkdirSync(folder);
  copyFileSync(repo('examples', 'lab-complete', 'lab.md'), join(folder, 'lab.md'));
  writeFileSync(join(folder, 'facts.json'), text);
  const r = runCli(['check', '-o', 'json', folder]);
  assert.is(r.code, 1, r.stderr);
  const rep = JSON.parse(r.stdout) as { findings: { id: string; severity: string; message: string; locations: { file: string; line: number }[] }[] };
  const kn900 = rep.findings.filter((f) => f.id === 'KN900');
  assert.is(kn900.length, 1);
  assert.is(kn900[0]!.severity, 'error');
  assert.equal(kn900[0]!.locations.map((l) => [l.file, l.line]), [[join(folder, 'facts.json'), 1]]);
  assert.match(kn900[0]!.message, /a facts document \(kube-netcheck facts output\) is not evidence to read with other evidence: give it alone/);
  // The write-up beside it is still judged: its weave-net CNI gives KN602.
  assert.ok(rep.findings.some((f) => f.id === 'KN602'));
});

test('evidence on stdin is still read as evidence', () => {
  const r = runCli(['check', '-o', 'json', '-'], { input: readFileSync(repo('examples', 'lab-seed.md'), 'utf8') });
  assert.is(r.code, 1, r.stderr);
  assert.equal((JSON.parse(r.stdout) as JsonReport).files, [{ file: '-', kind: 'markdown-runbook', observations: 11 }]);
});

test.run();
