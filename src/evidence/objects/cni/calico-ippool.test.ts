/**
 * Calico IPPools as `calicoctl get ippool -o yaml` (projectcalico.org/v3) and
 * `kubectl get ippools.crd.projectcalico.org -o yaml` (crd.projectcalico.org/v1)
 * print them; fields from Calico's reference/resources/ippool docs and
 * manifests/custom-resources.yaml.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';
import type { ParseResult } from '../../types.js';

const parse = (text: string): ParseResult => k8sObjects.parse(splitLines(text), {});
const pools = (r: ParseResult): unknown[] => r.observations.flatMap((o) => (o.claim.type === 'ipPool' ? [[o.claim, o.line]] : []));

// calicoctl get ippool -o yaml: a v3 List with a dual-stack pair.
const CALICOCTL = `apiVersion: projectcalico.org/v3
items:
- apiVersion: projectcalico.org/v3
  kind: IPPool
  metadata:
    creationTimestamp: "2025-03-02T10:11:12Z"
    name: default-ipv4-ippool
    resourceVersion: "812"
    uid: 6a0b8c1e-4a4f-4cde-9d7b-1f1a2b3c4d5e
  spec:
    allowedUses:
    - Workload
    - Tunnel
    blockSize: 26
    cidr: 10.244.0.0/16
    ipipMode: Always
    natOutgoing: true
    nodeSelector: all()
    vxlanMode: Never
- apiVersion: projectcalico.org/v3
  kind: IPPool
  metadata:
    name: default-ipv6-ippool
  spec:
    blockSize: 122
    cidr: fd00:10:244::/56
    ipipMode: Never
    nodeSelector: all()
    vxlanMode: CrossSubnet
kind: IPPoolList
metadata:
  resourceVersion: "9923"
`;

test('calicoctl v3 list: both families with block size, encapsulation and line', () => {
  const r = parse(CALICOCTL);
  assert.equal(r.diagnostics, []);
  assert.equal(pools(r), [
    [{ type: 'ipPool', name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'ipip', disabled: false }, 15],
    [{ type: 'ipPool', name: 'default-ipv6-ippool', cidr: 'fd00:10:244::/56', blockSize: 122, encapsulation: 'vxlan', disabled: false }, 26],
  ]);
  const settings = r.observations.flatMap((o) => (o.claim.type === 'cniSetting' || o.claim.type === 'cni' ? [[o.claim, o.inferred === true]] : []));
  assert.ok(settings.some(([c, inf]) => JSON.stringify(c) === JSON.stringify({ type: 'cniSetting', field: 'ipam', value: 'pool' }) && inf === true));
  assert.ok(settings.some(([c]) => JSON.stringify(c) === JSON.stringify({ type: 'cni', name: 'calico' })));
});

test('crd.projectcalico.org/v1 without blockSize: default 26 / 122 marked inferred', () => {
  const r = parse(`apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: pool-a
spec:
  cidr: 192.168.0.0/16
  natOutgoing: true
---
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: pool-v6
spec:
  cidr: 2001:db8:42::/56
`);
  assert.equal(pools(r), [
    [{ type: 'ipPool', name: 'pool-a', cidr: '192.168.0.0/16', blockSize: 26, encapsulation: 'none', disabled: false, inferredFields: ['blockSize', 'encapsulation'] }, 6],
    [{ type: 'ipPool', name: 'pool-v6', cidr: '2001:db8:42::/56', blockSize: 122, encapsulation: 'none', disabled: false, inferredFields: ['blockSize', 'encapsulation'] }, 14],
  ]);
});

test('a disabled pool is kept as disabled; a LoadBalancer-only pool is not a pod range', () => {
  const r = parse(`apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: old-pool
spec:
  cidr: 10.10.0.0/16
  blockSize: 24
  disabled: true
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: lb-pool
spec:
  cidr: 203.0.113.0/24
  allowedUses: ["LoadBalancer"]
`);
  assert.equal(pools(r), [[{ type: 'ipPool', name: 'old-pool', cidr: '10.10.0.0/16', blockSize: 24, encapsulation: 'none', disabled: true, inferredFields: ['encapsulation'] }, 6]]);
  assert.equal(r.diagnostics.map((d) => [d.level, d.line, d.message]), [
    ['skipped', 16, 'IPPool lb-pool 203.0.113.0/24: allowedUses LoadBalancer excludes Workload, so no pod takes an address from it'],
  ]);
});

const bad: [string, string, number, RegExp][] = [
  ['three-part address', 'cidr: 10.244.0/16', 6, /expected four dot-separated/],
  ['octet over 255', 'cidr: 300.1.0.0/16', 6, /300 is greater than 255/],
  ['block size outside Calico limits', 'cidr: 10.244.0.0/16\n  blockSize: 18', 6, /block size 18 must be 20-32/],
  ['block larger than pool', 'cidr: 10.244.0.0/27\n  blockSize: 26', 6, /larger than the pool itself/],
  ['IPIP and VXLAN both on', 'cidr: 10.244.0.0/16\n  ipipMode: Always\n  vxlanMode: Always', 7, /only one encapsulation/],
  ['unknown mode', 'cidr: 10.244.0.0/16\n  ipipMode: Sometimes', 7, /expected Always, CrossSubnet or Never/],
];
for (const [name, spec, line, message] of bad) {
  test(`error with its line: ${name}`, () => {
    const r = parse(`apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  ${spec}\n`);
    assert.equal(pools(r), []);
    const err = r.diagnostics.find((d) => d.level === 'error');
    assert.ok(err, JSON.stringify(r.diagnostics));
    assert.is(err?.line, line);
    assert.match(err?.message ?? '', message);
  });
}

test('CRLF and a BOM do not change lines', () => {
  const r = parse(`\uFEFFapiVersion: projectcalico.org/v3\r\nkind: IPPool\r\nmetadata:\r\n  name: p\r\nspec:\r\n  cidr: 10.1.0.0/16   \r\n`);
  assert.equal(pools(r).map((p) => (p as [unknown, number])[1]), [6]);
});

test('a cidr that is not a string (a number, a list) is said to be one, at its line; a missing one is missing', () => {
  const pool = (cidr: string): string => `apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  blockSize: 26\n${cidr}`;
  const diags = (text: string): unknown[] => parse(text).diagnostics.map((d) => [d.level, d.line, d.message]);
  assert.equal(diags(pool('  cidr: 12345\n')), [['error', 7, 'IPPool p: spec.cidr is 12345, not a string: expected a CIDR such as 192.168.0.0/16']]);
  assert.equal(diags(pool('  cidr: [10.0.0.0/16]\n')), [['error', 7, 'IPPool p: spec.cidr is ["10.0.0.0/16"], not a string: expected a CIDR such as 192.168.0.0/16']]);
  assert.equal(diags(`{"apiVersion":"crd.projectcalico.org/v1","kind":"IPPool","metadata":{"name":"p"},"spec":{"cidr":12345}}`), [
    ['error', 1, 'IPPool p: spec.cidr is 12345, not a string: expected a CIDR such as 192.168.0.0/16'],
  ]);
  assert.equal(diags(pool('')), [['error', 6, 'IPPool p: spec.cidr is missing; an IPPool needs a range']]);
});

test.run();
