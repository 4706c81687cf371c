/**
 * DaemonSets as `kubectl get ds -A -o yaml` prints them: kubeadm's kube-proxy
 * (cmd/kubeadm/app/phases/addons/proxy/manifests.go) and weave-net
 * (prog/weave-kube/weave-daemonset-k8s.yaml) as the API returns them, with
 * defaults filled in. Status field serialisation from k8s.io/api apps/v1
 * DaemonSetStatus: updatedNumberScheduled, numberAvailable, numberUnavailable
 * are omitempty.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

const LIST = `apiVersion: v1
items:
- apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    annotations:
      deprecated.daemonset.template.generation: "1"
    creationTimestamp: "2025-01-07T08:51:05Z"
    generation: 1
    labels:
      k8s-app: kube-proxy
    name: kube-proxy
    namespace: kube-system
    resourceVersion: "1502"
    uid: 0f1b8e0c-8d3c-4a5e-9b33-2f6d3c7f1a10
  spec:
    revisionHistoryLimit: 10
    selector:
      matchLabels:
        k8s-app: kube-proxy
    template:
      metadata:
        creationTimestamp: null
        labels:
          k8s-app: kube-proxy
      spec:
        containers:
        - command:
          - /usr/local/bin/kube-proxy
          - --config=/var/lib/kube-proxy/config.conf
          - --hostname-override=$(NODE_NAME)
          env:
          - name: NODE_NAME
            valueFrom:
              fieldRef:
                apiVersion: v1
                fieldPath: spec.nodeName
          image: registry.k8s.io/kube-proxy:v1.31.0
          imagePullPolicy: IfNotPresent
          name: kube-proxy
          securityContext:
            privileged: true
        dnsPolicy: ClusterFirst
        hostNetwork: true
        nodeSelector:
          kubernetes.io/os: linux
        priorityClassName: system-node-critical
        restartPolicy: Always
        schedulerName: default-scheduler
        serviceAccount: kube-proxy
        serviceAccountName: kube-proxy
        terminationGracePeriodSeconds: 30
        tolerations:
        - operator: Exists
    updateStrategy:
      rollingUpdate:
        maxSurge: 0
        maxUnavailable: 1
      type: RollingUpdate
  status:
    currentNumberScheduled: 3
    desiredNumberScheduled: 3
    numberAvailable: 3
    numberMisscheduled: 0
    numberReady: 3
    observedGeneration: 1
    updatedNumberScheduled: 3
- apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    labels:
      name: weave-net
    name: weave-net
    namespace: kube-system
  spec:
    selector:
      matchLabels:
        name: weave-net
    template:
      metadata:
        labels:
          name: weave-net
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - key: kubernetes.io/os
                  operator: In
                  values:
                  - linux
                - key: node.kubernetes.io/exclude-from-weave
                  operator: DoesNotExist
        containers:
        - env:
          - name: IPALLOC_RANGE
            value: 10.32.0.0/12
          image: weaveworks/weave-kube:latest
          name: weave
        hostNetwork: true
        tolerations:
        - effect: NoSchedule
          operator: Exists
        - effect: NoExecute
          operator: Exists
  status:
    currentNumberScheduled: 3
    desiredNumberScheduled: 3
    numberMisscheduled: 0
    numberReady: 0
    numberUnavailable: 3
    observedGeneration: 1
    updatedNumberScheduled: 3
kind: List
metadata:
  resourceVersion: ""
`;

test('kube-proxy and weave-net from kubectl get ds -A -o yaml', () => {
  const res = k8sObjects.parse(splitLines(LIST), {});
  assert.equal(res.diagnostics, []);
  assert.equal(
    // weave-net's env is the CNI handler's (objects/cni/weave-net.ts).
    res.observations.filter((o) => o.claim.type === 'daemonSet').map((o) => [o.line, o.excerpt, o.claim]),
    [
      [
        12,
        'name: kube-proxy',
        {
          type: 'daemonSet',
          namespace: 'kube-system',
          name: 'kube-proxy',
          desired: 3,
          current: 3,
          ready: 3,
          upToDate: 3,
          available: 3,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          tolerations: [{ operator: 'Exists' }],
          requiredNodeAffinity: [],
        },
      ],
      [
        73,
        'name: weave-net',
        {
          type: 'daemonSet',
          namespace: 'kube-system',
          name: 'weave-net',
          desired: 3,
          current: 3,
          ready: 0,
          upToDate: 3,
          // numberAvailable omitted by the API: 0.
          available: 0,
          nodeSelector: {},
          tolerations: [
            { operator: 'Exists', effect: 'NoSchedule' },
            { operator: 'Exists', effect: 'NoExecute' },
          ],
          requiredNodeAffinity: [
            {
              matchExpressions: [
                { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
                { key: 'node.kubernetes.io/exclude-from-weave', operator: 'DoesNotExist' },
              ],
            },
          ],
        },
      ],
    ],
  );
});

test('a manifest without status: counts unknown, not 0; no namespace stated', () => {
  const manifest = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-flannel-ds
spec:
  selector:
    matchLabels:
      app: flannel
  template:
    metadata:
      labels:
        app: flannel
    spec:
      tolerations:
      - operator: Exists
        effect: NoSchedule
      containers:
      - name: kube-flannel
        image: docker.io/flannel/flannel:v0.26.1
`;
  const res = k8sObjects.parse(splitLines(manifest), {});
  const c = res.observations.find((o) => o.claim.type === 'daemonSet')?.claim;
  assert.ok(c?.type === 'daemonSet');
  if (c?.type !== 'daemonSet') return;
  assert.equal([c.namespace, c.desired, c.current, c.ready, c.upToDate, c.available], [null, null, null, null, null, null]);
  assert.equal(c.tolerations, [{ operator: 'Exists', effect: 'NoSchedule' }]);
});

test('a status of status: {} (a brand-new DaemonSet that selects no node) counts 0 everywhere', () => {
  const res = k8sObjects.parse(splitLines('{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"x","namespace":"n"},"spec":{"template":{"spec":{}}},"status":{"currentNumberScheduled":0,"desiredNumberScheduled":0,"numberMisscheduled":0,"numberReady":0}}'), {});
  const c = res.observations[0]?.claim;
  assert.ok(c?.type === 'daemonSet' && c.desired === 0 && c.available === 0 && c.upToDate === 0);
});

test('bad counts, tolerations and affinity operators are errors at their lines', () => {
  const bad = LIST.replace('numberReady: 3', 'numberReady: -1').replace('        - operator: Exists\n    update', '        - operator: Equals\n    update').replace('operator: DoesNotExist', 'operator: NotExists');
  const res = k8sObjects.parse(splitLines(bad), {});
  assert.equal(res.diagnostics.map((d) => [d.level, d.line]), [['error', 65], ['error', 54], ['error', 93]]);
});

test.run();
