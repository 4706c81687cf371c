import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { objectKey, objectSpans } from './objects.js';

const KEYS: [string, Record<string, unknown>, string | null][] = [
  ['kubeadm ClusterConfiguration is the kubeadm-config ConfigMap', { apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration' }, '/ConfigMap/kube-system/kubeadm-config'],
  ['v1beta3 too', { apiVersion: 'kubeadm.k8s.io/v1beta3', kind: 'ClusterConfiguration' }, '/ConfigMap/kube-system/kubeadm-config'],
  ['InitConfiguration is node-local', { apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'InitConfiguration' }, null],
  ['JoinConfiguration is node-local', { apiVersion: 'kubeadm.k8s.io/v1beta3', kind: 'JoinConfiguration' }, null],
  ['KubeProxyConfiguration is the kube-proxy ConfigMap', { apiVersion: 'kubeproxy.config.k8s.io/v1alpha1', kind: 'KubeProxyConfiguration' }, '/ConfigMap/kube-system/kube-proxy'],
  ['KubeletConfiguration is kubelet-config', { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' }, '/ConfigMap/kube-system/kubelet-config'],
  ['a ConfigMap by namespace and name', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system' } }, '/ConfigMap/kube-system/kube-proxy'],
  ['Calico IPPool, CRD API', { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'default-ipv4-ippool' } }, 'projectcalico.org/IPPool//default-ipv4-ippool'],
  ['Calico IPPool, aggregated v3 API: the same resource', { apiVersion: 'projectcalico.org/v3', kind: 'IPPool', metadata: { name: 'default-ipv4-ippool' } }, 'projectcalico.org/IPPool//default-ipv4-ippool'],
  ['a static pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kube-apiserver', namespace: 'kube-system' } }, '/Pod/kube-system/kube-apiserver'],
  ['no name: nothing to replace', { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }, null],
  ['no kind', { apiVersion: 'v1' }, null],
];

for (const [name, o, want] of KEYS) {
  test(`objectKey: ${name}`, () => {
    assert.is(objectKey(o), want);
  });
}

test('objectSpans: multi-document kubeadm config, CRLF line ends', () => {
  const text = [
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: InitConfiguration',
    '---',
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'kind: ClusterConfiguration',
    'networking:',
    '  podSubnet: 10.244.0.0/16',
    '---',
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'kind: KubeProxyConfiguration',
    'mode: ipvs',
    '',
  ].join('\r\n');
  assert.equal(objectSpans(text), [
    { key: '/ConfigMap/kube-system/kubeadm-config', first: 4, last: 7 },
    { key: '/ConfigMap/kube-system/kube-proxy', first: 9, last: 11 },
  ]);
});

test('objectSpans: the items of a kubectl get -o json List', () => {
  const text = JSON.stringify(
    {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { 'config.conf': 'mode: ipvs\n' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubeadm-config', namespace: 'kube-system' }, data: {} },
      ],
    },
    null,
    2,
  );
  const spans = objectSpans(text);
  assert.equal(spans.map((s) => s.key), ['/ConfigMap/kube-system/kube-proxy', '/ConfigMap/kube-system/kubeadm-config']);
  const lines = text.split('\n');
  assert.match(lines[spans[0]!.first - 1] ?? '', /{/);
  assert.ok(spans[0]!.last < spans[1]!.first);
  assert.match(lines[spans[1]!.last - 1] ?? '', /}/);
});

test('objectSpans: broken YAML gives no spans, and does not throw', () => {
  assert.equal(objectSpans('kind: ConfigMap\n  bad: [indent\n'), []);
  assert.equal(objectSpans(''), []);
});

test.run();
