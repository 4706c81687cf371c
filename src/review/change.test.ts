import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { liveEvidence } from '../collect/evidence.js';
import type { KubeObject } from '../evidence/objects/types.js';
import { readEvidence } from '../evidence/read.js';
import { repo } from '../../test/helpers.js';
import { clusterBase, judgeChange, refKey, replacedBy, type ChangeOptions } from './change.js';
import { objectKey, objectSpans } from './objects.js';

const REFS: [string, string | null][] = [
  ['v1/ConfigMap/kube-system/kube-proxy', '/ConfigMap/kube-system/kube-proxy'],
  ['crd.projectcalico.org/v1/IPPool/default-ipv4-ippool', 'projectcalico.org/IPPool//default-ipv4-ippool'],
  ['projectcalico.org/v3/IPPool/default-ipv4-ippool', 'projectcalico.org/IPPool//default-ipv4-ippool'],
  ['apps/v1/DaemonSet/kube-system/kube-proxy', 'apps/DaemonSet/kube-system/kube-proxy'],
  ['v1/Node/node01', '/Node//node01'],
  ['networking.k8s.io/v1beta1/ServiceCIDR/kubernetes', 'networking.k8s.io/ServiceCIDR//kubernetes'],
  // A pod's log and a file are not objects.
  ['v1/Pod/kube-system/kube-proxy-x7k2p/log/kube-proxy', null],
  ['examples/review/cluster/kube-apiserver.yaml', null],
  ['-', null],
];

for (const [ref, want] of REFS) {
  test(`refKey ${ref}`, () => assert.is(refKey(ref), want));
}

test('refKey is the key objectKey gives the object the reference names', () => {
  const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system' } };
  assert.is(refKey('v1/ConfigMap/kube-system/kube-proxy'), objectKey(cm));
});

const USERSPACE = readFileSync(repo('test', 'fixtures', 'review-change', 'kube-proxy-userspace.yaml'), 'utf8');

/** The live evidence of a cluster whose only object is its kube-proxy ConfigMap (mode userspace), as `--cluster` reads it. */
function liveCluster(): ReturnType<typeof liveEvidence> {
  const cm = parseYaml(USERSPACE) as KubeObject;
  return liveEvidence({ server: 'https://127.0.0.1:6443', context: 'test', lists: [{ file: 'configmaps.json', path: '/api/v1/configmaps', items: [cm] }], logs: [], notes: [] });
}

test('replacedBy: a live object, located by its reference, is replaced by the reviewed object of the same key', () => {
  const evidence = liveCluster();
  assert.ok(evidence.observations.length > 0);
  assert.ok(evidence.observations.every((o) => o.source.file === 'v1/ConfigMap/kube-system/kube-proxy' && o.source.line === null));
  const base = clusterBase(evidence, { params: { mode: 'review' } });
  assert.ok(evidence.observations.every(replacedBy(base, new Set(['/ConfigMap/kube-system/kube-proxy']))));
  assert.ok(!evidence.observations.some(replacedBy(base, new Set(['/ConfigMap/kube-system/kubeadm-config']))));
});

test('judgeChange against live evidence: a fix of the kube-proxy ConfigMap resolves the cluster\'s userspace mode', () => {
  const base = clusterBase(liveCluster(), { params: { mode: 'review' } });
  assert.ok(base.report?.findings.some((f) => f.id === 'KN301' && f.severity === 'error'));
  const fixed = USERSPACE.replace(/^ {4}mode: userspace$/m, '    mode: iptables');
  const change = readEvidence(['-'], { stdin: () => Buffer.from(fixed) });
  const keys = new Set(objectSpans(fixed).map((s) => s.key));
  const { report, preexisting, resolved } = judgeChange(base, change, keys, { params: { mode: 'review' }, against: ['live cluster https://127.0.0.1:6443'] });
  assert.equal(report.findings.filter((f) => f.id === 'KN301'), []);
  assert.equal(preexisting.filter((f) => f.id === 'KN301'), []);
  // Userspace (and whether this version has it) is gone with the change.
  assert.equal(resolved.map((f) => `${f.id} ${f.severity} ${f.message}`), [
    'KN301 error kube-proxy runs in userspace mode, which is not allowed (allowed: iptables, ipvs, nftables)',
    'KN302 unknown kube-proxy runs in userspace mode, whose support depends on the Kubernetes version, and no version is known',
  ]);
  assert.equal(report.change?.against, ['live cluster https://127.0.0.1:6443']);
  assert.equal(report.change?.resolved, resolved);
});

test('judgeChange: the same ConfigMap again keeps the problem: pre-existing, and the gate passes unless failOnExisting', () => {
  const opts: ChangeOptions = { params: { mode: 'review', targetVersion: 'v1.25' }, allowUnknown: true };
  const base = clusterBase(liveCluster(), opts);
  const change = readEvidence(['-'], { stdin: () => Buffer.from(USERSPACE) });
  const keys = new Set(objectSpans(USERSPACE).map((s) => s.key));
  const kept = judgeChange(base, change, keys, opts);
  assert.equal(kept.report.findings, [], JSON.stringify(kept.report.findings));
  assert.equal(kept.preexisting.filter((f) => f.severity === 'error').map((f) => `${f.id} ${f.severity}`), ['KN301 error']);
  assert.is(kept.report.passed, true);
  assert.is(kept.report.change?.failOnExisting, false);
  const strict = judgeChange(base, readEvidence(['-'], { stdin: () => Buffer.from(USERSPACE) }), keys, { ...opts, failOnExisting: true });
  assert.is(strict.report.passed, false);
  assert.is(strict.report.change?.failOnExisting, true);
});

test('judgeChange with no cluster evidence: no change section, every finding the change\'s', () => {
  const base = clusterBase({ observations: [], diagnostics: [], files: [] }, {});
  const change = readEvidence(['-'], { stdin: () => Buffer.from(USERSPACE) });
  const { report, preexisting, resolved } = judgeChange(base, change, new Set(), { params: { mode: 'review' } });
  assert.is(report.change, undefined);
  assert.equal([preexisting, resolved], [[], []]);
  assert.ok(report.findings.some((f) => f.id === 'KN301' && f.severity === 'error'));
});

test.run();
