import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check } from '../check.js';
import { summarise } from '../report/model.js';
import { repo } from '../../test/helpers.js';
import { limitWarnings } from './admission.js';
import { asJudged, decisionFrom, objectEvidence } from './reviewer.js';

test('decisionFrom: error findings of the change deny, listing each with its location', () => {
  const report = check([repo('examples', 'lab-broken')]);
  const d = decisionFrom('v1/ConfigMap/kube-system/kube-proxy', { report, preexisting: [], resolved: [] });
  assert.is(d.allowed, false);
  assert.is(d.verdict, 'denied');
  const errors = report.findings.filter((f) => f.severity === 'error');
  const lines = (d.message ?? '').split('\n');
  assert.is(lines[0], `kube-netcheck denied v1/ConfigMap/kube-system/kube-proxy: ${errors.length} finding(s):`);
  assert.is(lines.length, errors.length + 1);
  assert.ok(lines.some((l) => /^- KN101 error: pod range 10\.100\.0\.0\/16 overlaps service range 10\.96\.0\.0\/12 .*\(at .*lab\.md:28\)$/.test(l)), d.message);
  assert.ok(lines.some((l) => /^- KN301 error: kube-proxy runs in userspace mode/.test(l)), d.message);
  // Findings below the gate are warnings, each once.
  assert.equal(d.warnings, report.findings.filter((f) => f.severity !== 'error').map((f) => `${f.id} ${f.severity}: ${f.message}`));
});

/** The lab's findings as the cluster's own, none the change's: `failOnExisting` as --fail-on-existing sets it. */
function keptByTheChange(failOnExisting: boolean): { report: ReturnType<typeof check>; preexisting: ReturnType<typeof check>['findings']; resolved: [] } {
  const report = check([repo('examples', 'lab-broken')]);
  const preexisting = report.findings;
  const own = { ...report, findings: [], summary: summarise([]), passed: !failOnExisting, change: { against: ['examples/lab-broken'], preexisting, resolved: [], failOnExisting } };
  return { report: own, preexisting, resolved: [] };
}

test('decisionFrom: findings already in the cluster allow by default, each a warning saying it is not the change\'s', () => {
  const verdict = keptByTheChange(false);
  const d = decisionFrom('v1/ConfigMap/kube-system/kube-proxy', verdict);
  assert.is(d.allowed, true);
  assert.is(d.verdict, 'warned');
  assert.is(d.message, undefined);
  assert.equal(d.warnings, limitWarnings(verdict.preexisting.map((f) => `${f.id} ${f.severity} (already in the cluster, not caused by this change): ${f.message}`)));
  assert.ok(d.warnings.some((w) => /^KN301 error \(already in the cluster, not caused by this change\): kube-proxy runs in userspace mode/.test(w)), d.warnings.join('\n'));
});

test('decisionFrom: with --fail-on-existing, an error the cluster already has denies, marked as pre-existing', () => {
  const verdict = keptByTheChange(true);
  const d = decisionFrom('v1/ConfigMap/kube-system/kube-proxy', verdict);
  assert.is(d.allowed, false);
  assert.is(d.verdict, 'denied');
  const errors = verdict.preexisting.filter((f) => f.severity === 'error');
  const lines = (d.message ?? '').split('\n');
  assert.is(lines[0], `kube-netcheck denied v1/ConfigMap/kube-system/kube-proxy: ${errors.length} finding(s):`);
  assert.ok(lines.some((l) => /^- KN301 error \[already in the cluster; --fail-on-existing\]: kube-proxy runs in userspace mode/.test(l)), d.message);
  // What is below the gate stays a warning.
  assert.equal(d.warnings, limitWarnings(verdict.preexisting.filter((f) => f.severity !== 'error').map((f) => `${f.id} ${f.severity} (already in the cluster, not caused by this change): ${f.message}`)));
});

test('decisionFrom: unknown verdicts of error rules deny unless unknowns are allowed', () => {
  const seed = check([repo('examples', 'lab-seed.md')]);
  assert.is(decisionFrom('x', { report: seed, preexisting: [], resolved: [] }).allowed, false);
  const allowing = check([repo('examples', 'lab-seed.md')], { allowUnknown: true });
  const d = decisionFrom('x', { report: allowing, preexisting: [], resolved: [] });
  assert.is(d.allowed, true);
  const unknown = allowing.findings.filter((f) => f.severity === 'unknown');
  assert.ok(unknown.length > 0 && unknown.every((f) => d.warnings.includes(`${f.id} unknown: ${f.message}`)), d.warnings.join('\n'));
});

test('asJudged: what the API server sets on each write is left out', () => {
  const o = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' }, resourceVersion: '241', uid: 'u', managedFields: [{}], annotations: { a: 'b' } },
    data: { 'config.conf': 'mode: ipvs\n' },
    status: {},
  };
  assert.equal(asJudged(o), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' } }, data: { 'config.conf': 'mode: ipvs\n' } });
});

test('objectEvidence: a static pod object gives observations located at the object reference', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-apiserver', namespace: 'kube-system' }, spec: { containers: [{ name: 'kube-apiserver', command: ['kube-apiserver', '--service-cluster-ip-range=10.96.0.0/12'] }] } };
  const text = JSON.stringify(pod, null, 2);
  const ev = objectEvidence(text, 'v1/Pod/kube-system/kube-apiserver');
  assert.equal(ev.observations.map((o) => [o.claim.type, o.source.file, text.split('\n')[(o.source.line ?? 0) - 1]?.trim()]), [
    ['network', 'v1/Pod/kube-system/kube-apiserver', '"--service-cluster-ip-range=10.96.0.0/12"'],
  ]);
});

test('objectEvidence: an IPPool whose cidr is a number is said to have a cidr that is not a string (it was "missing")', () => {
  const pool = { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'default-ipv4-ippool' }, spec: { cidr: 12345, blockSize: 26 } };
  const ev = objectEvidence(JSON.stringify(pool, null, 2), 'crd.projectcalico.org/v1/IPPool/default-ipv4-ippool');
  assert.equal(ev.diagnostics.map((d) => [d.level, d.line, d.message]), [
    ['error', 8, 'IPPool default-ipv4-ippool: spec.cidr is 12345, not a string: expected a CIDR such as 192.168.0.0/16'],
  ]);
});

test.run();
