/**
 * weave-net's DaemonSet as weaveworks/weave prog/weave-kube/weave-daemonset-k8s.yaml
 * ships it (container `weave`, env HOSTNAME / INIT_CONTAINER, with IPALLOC_RANGE and
 * WEAVE_MTU added as its docs describe, WEAVE_PASSWORD from a Secret).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';
import type { ParseResult } from '../../types.js';

const parse = (text: string): ParseResult => k8sObjects.parse(splitLines(text), {});

const DS = (env: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: weave-net
  labels:
    name: weave-net
  namespace: kube-system
spec:
  minReadySeconds: 5
  selector:
    matchLabels:
      name: weave-net
  template:
    metadata:
      labels:
        name: weave-net
    spec:
      containers:
        - name: weave
          command:
            - /home/weave/launch.sh
          env:
            - name: HOSTNAME
              valueFrom:
                fieldRef:
                  apiVersion: v1
                  fieldPath: spec.nodeName
            - name: INIT_CONTAINER
              value: "true"
${env}          image: 'weaveworks/weave-kube:latest'
`;

test('IPALLOC_RANGE and WEAVE_MTU stated; the password is never read', () => {
  const text = DS(`            - name: IPALLOC_RANGE
              value: 10.244.0.0/16
            - name: WEAVE_MTU
              value: "1337"
            - name: WEAVE_PASSWORD
              value: s3cr3t-weave-pass
`);
  const r = parse(text);
  assert.equal(r.diagnostics, []);
  // The DaemonSet's own status and scheduling are the daemonSet handler's (objects/core/daemonset.ts).
  const got = r.observations.filter((o) => o.claim.type !== 'daemonSet').map((o) => [o.claim, o.line, o.inferred === true]);
  assert.equal(got, [
    [{ type: 'cni', name: 'weave-net' }, 4, false],
    [{ type: 'cniSetting', field: 'ipam', value: 'pool' }, 4, true],
    [{ type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, 4, true],
    [{ type: 'ipPool', name: null, cidr: '10.244.0.0/16', blockSize: null, encapsulation: null, disabled: false }, 31, false],
    [{ type: 'cniSetting', field: 'mtu', value: 1337 }, 33, false],
  ]);
  assert.not.match(JSON.stringify(r), /s3cr3t/);
});

test('nothing stated: the documented defaults 10.32.0.0/12 and MTU 1376, inferred', () => {
  const r = parse(DS(''));
  const got = r.observations.filter((o) => o.claim.type === 'ipPool' || (o.claim.type === 'cniSetting' && o.claim.field === 'mtu'));
  assert.equal(got.map((o) => [o.claim, o.inferred]), [
    [{ type: 'ipPool', name: null, cidr: '10.32.0.0/12', blockSize: null, encapsulation: null, disabled: false }, true],
    [{ type: 'cniSetting', field: 'mtu', value: 1376 }, true],
  ]);
});

test('a templated range is skipped; an IPv4-mapped IPv6 range is an error', () => {
  const t = parse(DS('            - name: IPALLOC_RANGE\n              value: "{{ .Values.podCIDR }}"\n'));
  assert.equal(t.observations.filter((o) => o.claim.type === 'ipPool'), []);
  assert.equal(t.diagnostics.map((d) => [d.level, d.line]), [['skipped', 31]]);
  const e = parse(DS('            - name: IPALLOC_RANGE\n              value: "::ffff:10.0.0.0/104"\n'));
  assert.match(e.diagnostics[0]?.message ?? '', /IPv4-mapped/);
});

test.run();
