import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BadReview, limitWarnings, parseReview, targetOf, type AdmissionRequest } from './admission.js';

const req = (over: Partial<AdmissionRequest> & Record<string, unknown>): AdmissionRequest => ({
  uid: 'u1',
  kind: { group: '', version: 'v1', kind: 'ConfigMap' },
  operation: 'UPDATE',
  object: { metadata: {} },
  ...over,
});

const TARGETS: [string, AdmissionRequest, string | null][] = [
  ['kubeadm-config', req({ name: 'kubeadm-config', namespace: 'kube-system' }), 'v1/ConfigMap/kube-system/kubeadm-config'],
  ['kube-proxy', req({ name: 'kube-proxy', namespace: 'kube-system' }), 'v1/ConfigMap/kube-system/kube-proxy'],
  ['cilium-config', req({ name: 'cilium-config', namespace: 'kube-system' }), 'v1/ConfigMap/kube-system/cilium-config'],
  ['weave-net', req({ name: 'weave-net', namespace: 'kube-system' }), 'v1/ConfigMap/kube-system/weave-net'],
  ['flannel in kube-flannel', req({ name: 'kube-flannel-cfg', namespace: 'kube-flannel' }), 'v1/ConfigMap/kube-flannel/kube-flannel-cfg'],
  ['name from the object on CREATE', req({ operation: 'CREATE', namespace: 'kube-system', object: { metadata: { name: 'kube-proxy' } } }), 'v1/ConfigMap/kube-system/kube-proxy'],
  ['a kube-proxy ConfigMap elsewhere is not judged', req({ name: 'kube-proxy', namespace: 'default' }), null],
  ['coredns is not judged', req({ name: 'coredns', namespace: 'kube-system' }), null],
  ['DELETE is not judged', req({ name: 'kube-proxy', namespace: 'kube-system', operation: 'DELETE', object: undefined }), null],
  ['Calico IPPool, crd API', req({ kind: { group: 'crd.projectcalico.org', version: 'v1', kind: 'IPPool' }, name: 'default-ipv4-ippool' }), 'crd.projectcalico.org/v1/IPPool/default-ipv4-ippool'],
  ['Calico IPPool, v3 API', req({ kind: { group: 'projectcalico.org', version: 'v3', kind: 'IPPool' }, name: 'pool-b' }), 'projectcalico.org/v3/IPPool/pool-b'],
  ['a Secret is not judged', req({ kind: { group: '', version: 'v1', kind: 'Secret' }, name: 'kube-proxy', namespace: 'kube-system' }), null],
];

for (const [name, r, want] of TARGETS) {
  test(`targetOf: ${name}`, () => {
    assert.is(targetOf(r)?.ref ?? null, want);
  });
}

test('parseReview: the fields the webhook uses, from a v1 request', () => {
  const r = parseReview(
    JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
        kind: { group: '', version: 'v1', kind: 'ConfigMap' },
        resource: { group: '', version: 'v1', resource: 'configmaps' },
        name: 'kube-proxy',
        namespace: 'kube-system',
        operation: 'UPDATE',
        userInfo: { username: 'admin', uid: '014fbff9a07c', groups: ['system:authenticated'] },
        object: { apiVersion: 'v1', kind: 'ConfigMap' },
        oldObject: { apiVersion: 'v1', kind: 'ConfigMap' },
        dryRun: true,
      },
    }),
  );
  assert.equal(r, {
    uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    operation: 'UPDATE',
    name: 'kube-proxy',
    namespace: 'kube-system',
    object: { apiVersion: 'v1', kind: 'ConfigMap' },
    oldObject: { apiVersion: 'v1', kind: 'ConfigMap' },
    dryRun: true,
    userInfo: { username: 'admin' },
  });
});

const BAD: [string, string, RegExp][] = [
  ['empty body', '', /not valid JSON/],
  ['CRLF garbage', 'apiVersion: admission.k8s.io/v1\r\n', /not valid JSON/],
  ['null', 'null', /not a JSON object/],
  ['v1beta1', '{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview"}', /expected admission\.k8s\.io\/v1 \(set admissionReviewVersions/],
  ['no apiVersion', '{"kind":"AdmissionReview"}', /apiVersion null/],
  ['a response, not a request', '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"x","allowed":true}}', /request: expected an object/],
  ['bad operation', '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","kind":{"group":"","version":"v1","kind":"ConfigMap"},"operation":"PATCH"}}', /request\.operation "PATCH"/],
  ['no kind', '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"x","operation":"CREATE","object":{}}}', /request\.kind/],
];

for (const [name, body, want] of BAD) {
  test(`parseReview refuses: ${name}`, () => {
    try {
      parseReview(body);
      assert.unreachable('accepted');
    } catch (e) {
      assert.instance(e, BadReview);
      assert.match((e as Error).message, want);
    }
  });
}

test('limitWarnings: one line each, at most 256 characters, at most 16', () => {
  const long = `KN101 error: ${'x'.repeat(400)}`;
  const out = limitWarnings(['a\nb   c', long, ...Array.from({ length: 20 }, (_, i) => `w${i}`)]);
  assert.is(out.length, 16);
  assert.is(out[0], 'a b c');
  assert.is(out[1]!.length, 256);
  assert.match(out[15]!, /^… and 7 more/);
});

test.run();
