import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import { k8sObjects } from './k8s-objects.js';

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=192.8.33.6
    - --service-cluster-ip-range=10.96.0.0/12
    image: registry.k8s.io/kube-apiserver:v1.31.0
`;

test('a static pod manifest goes to the object reader and keeps its flag lines', () => {
  const res = parseText(splitLines(MANIFEST), { path: 'kube-apiserver.yaml' });
  assert.is(res?.kind, 'k8s-objects');
  assert.equal(res?.observations.map((o) => [o.claim, o.line, o.excerpt]), [
    [{ type: 'network', role: 'service', cidr: '10.96.0.0/12' }, 11, '- --service-cluster-ip-range=10.96.0.0/12'],
  ]);
});

test('the same pod as JSON, inside a List, keeps lines too', () => {
  const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-apiserver-cp' }, spec: { containers: [{ command: ['kube-apiserver', '--service-cluster-ip-range=10.96.0.0/12'] }] } }] }, null, 2);
  const res = k8sObjects.parse(splitLines(json), {});
  assert.is(res.observations.length, 1);
  assert.is(res.observations[0]?.line, 16);
});

test('objects with nothing for us are skipped with their kind and name', () => {
  const res = k8sObjects.parse(splitLines('apiVersion: v1\nkind: Secret\nmetadata:\n  name: bootstrap-token-abcdef\ndata:\n  token-secret: MDEyMzQ1Njc4OWFiY2RlZg==\n'), {});
  assert.equal(res.observations, []);
  assert.equal(res.diagnostics, [{ level: 'skipped', line: 1, message: 'Secret bootstrap-token-abcdef: no networking facts in this kind of object' }]);
});

test('invalid YAML is an error with its line', () => {
  const res = k8sObjects.parse(splitLines('apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n'), {});
  assert.is(res.diagnostics[0]?.level, 'error');
  assert.ok((res.diagnostics[0]?.line ?? 0) >= 4);
});

test('duplicate keys are an error, not a silent choice', () => {
  const res = k8sObjects.parse(splitLines('apiVersion: v1\nkind: Pod\nkind: Node\n'), {});
  assert.is(res.diagnostics[0]?.level, 'error');
  assert.is(res.diagnostics[0]?.line, 3);
});

test('a YAML alias bomb is refused', () => {
  const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (const [i, ch] of ['b', 'c', 'd', 'e', 'f', 'g', 'h'].entries()) {
    const prev = i === 0 ? 'a' : ['b', 'c', 'd', 'e', 'f', 'g', 'h'][i - 1];
    bomb.push(`${ch}: &${ch} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
  }
  const res = k8sObjects.parse(bomb, {});
  assert.is(res.diagnostics[0]?.level, 'error');
  assert.match(res.diagnostics[0]?.message ?? '', /alias/i);
});

test.run();
