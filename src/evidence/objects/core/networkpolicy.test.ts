/** NetworkPolicies as `kubectl get netpol -A -o yaml` prints them (networking.k8s.io/v1). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

const LIST = `apiVersion: v1
items:
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: default-deny-ingress
    namespace: shop
  spec:
    podSelector: {}
    policyTypes:
    - Ingress
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: allow-frontend
    namespace: shop
  spec:
    ingress:
    - from:
      - podSelector:
          matchLabels:
            app: frontend
    podSelector:
      matchLabels:
        app: api
kind: List
metadata:
  resourceVersion: ""
`;

test('each NetworkPolicy is one observation, by namespace and name', () => {
  const res = k8sObjects.parse(splitLines(LIST), {});
  assert.equal(res.diagnostics, []);
  assert.equal(res.observations.map((o) => [o.claim, o.line]), [
    [{ type: 'networkPolicy', namespace: 'shop', name: 'default-deny-ingress' }, 6],
    [{ type: 'networkPolicy', namespace: 'shop', name: 'allow-frontend' }, 15],
  ]);
});

test.run();
