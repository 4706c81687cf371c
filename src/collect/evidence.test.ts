import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../errors.js';
import { readEvidence } from '../evidence/read.js';
import type { Collection } from './collect.js';
import { fieldPath, liveEvidence, objectRef, writeCollection } from './evidence.js';

// A kubeadm mirror pod as `kubectl get pod -n kube-system kube-apiserver-controlplane -o json` prints it (trimmed).
const apiserver = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'kube-apiserver-controlplane',
    namespace: 'kube-system',
    labels: { component: 'kube-apiserver', tier: 'control-plane' },
    annotations: { 'kubernetes.io/config.mirror': '9c2d1e4b7a3f6e8d0c5b2a1f4e7d3c6b', 'kubernetes.io/config.source': 'file' },
  },
  spec: {
    nodeName: 'controlplane',
    containers: [
      {
        name: 'kube-apiserver',
        image: 'registry.k8s.io/kube-apiserver:v1.31.0',
        command: ['kube-apiserver', '--advertise-address=192.8.33.6', '--service-cluster-ip-range=10.96.0.0/12,fd00:10:96::/112', '--service-node-port-range=30000-32767'],
      },
    ],
  },
};
const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node01' }, status: { addresses: [{ type: 'InternalIP', address: '192.8.33.8' }] } };
const proxyLog = 'I1231 10:16:50.420139       1 server_linux.go:66] "Using iptables proxy"\r\nI1231 10:16:50.589282       1 server.go:677] "Successfully retrieved node IP(s)" IPs=["192.8.33.8"]\n';

const collection = (): Collection => ({
  server: 'https://127.0.0.1:6443',
  context: 'lab',
  lists: [
    { file: 'pods.json', path: '/api/v1/namespaces/kube-system/pods', items: [apiserver] },
    { file: 'nodes.json', path: '/api/v1/nodes', items: [node] },
    { file: 'configmaps.json', path: '/api/v1/namespaces/*/configmaps/*', items: [] },
  ],
  logs: [
    { file: 'logs/kube-system_kube-proxy-f6h8r_kube-proxy.log', namespace: 'kube-system', pod: 'kube-proxy-f6h8r', container: 'kube-proxy', text: proxyLog },
    { file: 'logs/kube-system_kube-proxy-zz9_kube-proxy.log', namespace: 'kube-system', pod: 'kube-proxy-zz9', container: 'kube-proxy', text: '', error: 'the API server answered 500: dial tcp 10.0.0.9:10250: connect: connection refused' },
  ],
  notes: [],
});

test('objectRef: core and grouped, cluster-scoped and namespaced', () => {
  assert.is(objectRef(node), 'v1/Node/node01');
  assert.is(objectRef(apiserver), 'v1/Pod/kube-system/kube-apiserver-controlplane');
  assert.is(objectRef({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'kube-proxy', namespace: 'kube-system' } }), 'apps/v1/DaemonSet/kube-system/kube-proxy');
});

test('fieldPath: dots for names, brackets for indexes and keys with dots or slashes', () => {
  assert.is(fieldPath(['status', 'addresses', 0, 'address']), 'status.addresses[0].address');
  assert.is(fieldPath(['data', 'config.conf']), 'data["config.conf"]');
  assert.is(fieldPath(['metadata', 'labels', 'kubernetes.io/os']), 'metadata.labels["kubernetes.io/os"]');
});

test('liveEvidence: objects located by reference and field path, logs by pod, container and line', () => {
  const ev = liveEvidence(collection());
  const service = ev.observations.filter((o) => o.claim.type === 'network' && o.claim.role === 'service');
  assert.equal(
    service.map((o) => [o.source.file, o.source.line, o.source.field, o.source.excerpt]),
    [
      ['v1/Pod/kube-system/kube-apiserver-controlplane', null, 'spec.containers[0].command[2]', '- --service-cluster-ip-range=10.96.0.0/12,fd00:10:96::/112'],
      ['v1/Pod/kube-system/kube-apiserver-controlplane', null, 'spec.containers[0].command[2]', '- --service-cluster-ip-range=10.96.0.0/12,fd00:10:96::/112'],
    ],
  );
  const mode = ev.observations.find((o) => o.claim.type === 'proxyMode');
  assert.equal(mode?.source, { kind: 'kube-proxy-log', file: 'v1/Pod/kube-system/kube-proxy-f6h8r/log/kube-proxy', line: 1, excerpt: mode?.source.excerpt });
  const warn = ev.diagnostics.find((d) => d.level === 'warning');
  assert.equal(warn, { level: 'warning', file: 'v1/Pod/kube-system/kube-proxy-zz9/log/kube-proxy', line: null, message: 'log not read: the API server answered 500: dial tcp 10.0.0.9:10250: connect: connection refused' });
});

test('writeCollection: the folder check reads back to the same claims, in the same order', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'kn-col-')), 'evidence');
  writeCollection(collection(), dir);
  assert.equal(readdirSync(dir).sort(), ['configmaps.json', 'logs', 'nodes.json', 'pods.json']);
  assert.equal(readdirSync(join(dir, 'logs')), ['kube-system_kube-proxy-f6h8r_kube-proxy.log']);
  const files = readEvidence([dir]);
  const live = liveEvidence(collection());
  assert.equal(
    files.observations.map((o) => o.claim),
    live.observations.map((o) => o.claim),
  );
  assert.ok(live.observations.length >= 4);
});

test('writeCollection: refuses a folder that already holds files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kn-col-'));
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  assert.throws(() => writeCollection(collection(), dir), (e: unknown) => e instanceof InputError && /folder is not empty/.test(e.message));
});

test.run();
