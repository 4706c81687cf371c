/** CiliumPodIPPool as in the Cilium multi-pool IPAM docs (cilium.io/v2alpha1). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

test('dual-stack pool: each CIDR a pool with its mask size, at its line', () => {
  const r = k8sObjects.parse(
    splitLines(`apiVersion: cilium.io/v2alpha1
kind: CiliumPodIPPool
metadata:
  name: mars
spec:
  ipv4:
    cidrs:
    - 10.10.0.0/16
    - 10.20.0.0/16
    maskSize: 27
  ipv6:
    cidrs:
    - fd00:100::/80
    maskSize: 96
`),
    {},
  );
  assert.equal(r.diagnostics, []);
  assert.equal(
    r.observations.flatMap((o) => (o.claim.type === 'ipPool' ? [[o.claim.name, o.claim.cidr, o.claim.blockSize, o.line]] : [])),
    [
      ['mars', '10.10.0.0/16', 27, 8],
      ['mars', '10.20.0.0/16', 27, 9],
      ['mars', 'fd00:100::/80', 96, 13],
    ],
  );
});

test('a range of the wrong family and a mask shorter than the pool are errors', () => {
  const r = k8sObjects.parse(splitLines('apiVersion: cilium.io/v2alpha1\nkind: CiliumPodIPPool\nmetadata:\n  name: p\nspec:\n  ipv4:\n    cidrs: ["fd00::/80"]\n  ipv6:\n    cidrs: ["fd00:1::/80"]\n    maskSize: 64\n'), {});
  assert.equal(r.observations.filter((o) => o.claim.type === 'ipPool'), []);
  assert.equal(r.diagnostics.map((d) => [d.level, d.line]), [
    ['error', 7],
    ['error', 9],
  ]);
});

test.run();
