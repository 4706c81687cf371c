/**
 * ServiceCIDRs as `kubectl get servicecidrs -o yaml` prints them (Kubernetes 1.33,
 * networking.k8s.io/v1): the default "kubernetes" object kube-apiserver creates from
 * its flags, and one added by an operator; a v1beta1 object from 1.31.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

export const LIST = `apiVersion: v1
items:
- apiVersion: networking.k8s.io/v1
  kind: ServiceCIDR
  metadata:
    creationTimestamp: "2025-05-02T10:11:12Z"
    finalizers:
    - networking.k8s.io/service-cidr-finalizer
    name: kubernetes
    resourceVersion: "12"
  spec:
    cidrs:
    - 10.96.0.0/28
    - fd00:10:96::/112
  status:
    conditions:
    - lastTransitionTime: "2025-05-02T10:11:12Z"
      message: Kubernetes Service CIDR is ready
      reason: ""
      status: "True"
      type: Ready
- apiVersion: networking.k8s.io/v1
  kind: ServiceCIDR
  metadata:
    name: newcidr1
  spec:
    cidrs:
    - 10.96.0.0/24
kind: List
metadata:
  resourceVersion: ""
`;

test('every range of every ServiceCIDR is a service network, at its line', () => {
  const res = k8sObjects.parse(splitLines(LIST), {});
  assert.equal(res.diagnostics, []);
  assert.equal(res.observations.map((o) => [o.claim, o.line]), [
    [{ type: 'network', role: 'service', cidr: '10.96.0.0/28' }, 13],
    [{ type: 'network', role: 'service', cidr: 'fd00:10:96::/112' }, 14],
    [{ type: 'network', role: 'service', cidr: '10.96.0.0/24' }, 28],
  ]);
});

test('v1beta1, and bad or missing ranges', () => {
  const beta = '{"apiVersion":"networking.k8s.io/v1beta1","kind":"ServiceCIDR","metadata":{"name":"extra"},"spec":{"cidrs":["10.100.0.0/16"]}}';
  assert.equal(k8sObjects.parse([beta], {}).observations.map((o) => o.claim), [{ type: 'network', role: 'service', cidr: '10.100.0.0/16' }]);
  assert.equal(k8sObjects.parse(splitLines(LIST.replace('- 10.96.0.0/24', '- 10.96.0/24')), {}).diagnostics.map((d) => [d.level, d.line]), [['error', 28]]);
  assert.equal(k8sObjects.parse([beta.replace('"cidrs":["10.100.0.0/16"]', '"cidrs":[]')], {}).diagnostics.map((d) => d.level), ['error']);
});

test.run();
