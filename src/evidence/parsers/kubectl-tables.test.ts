import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines } from '../text.js';
import { kubectlDaemonSetTable } from './kubectl-ds-table.js';
import { kubectlNodesTable } from './kubectl-nodes-table.js';

test('kubectl get ds -n kube-system (the seed)', () => {
  const text = `NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
kube-proxy   2         2         2       2            2           kubernetes.io/os=linux   54m
weave-net    2         2         2       2            2           <none>                   53m`;
  const res = kubectlDaemonSetTable.parse(splitLines(text), { command: 'k get ds -n kube-system' });
  assert.equal(res.diagnostics, []);
  assert.equal(
    res.observations.map((o) => [o.claim, o.line]),
    [
      [{ type: 'daemonSet', namespace: 'kube-system', name: 'kube-proxy', desired: 2, current: 2, ready: 2, upToDate: 2, available: 2, nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: null }, 2],
      [{ type: 'daemonSet', namespace: 'kube-system', name: 'weave-net', desired: 2, current: 2, ready: 2, upToDate: 2, available: 2, nodeSelector: {}, tolerations: null }, 3],
    ],
  );
});

test('kubectl get ds -A -o wide', () => {
  const text = `NAMESPACE     NAME          DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE    CONTAINERS    IMAGES                                  SELECTOR
calico-system calico-node   3         3         2       3            2           kubernetes.io/os=linux   12d    calico-node   docker.io/calico/node:v3.28.0           k8s-app=calico-node
kube-system   kube-proxy    3         3         3       3            3           kubernetes.io/os=linux   12d    kube-proxy    registry.k8s.io/kube-proxy:v1.30.2      k8s-app=kube-proxy`;
  const res = kubectlDaemonSetTable.parse(splitLines(text), {});
  const ds = res.observations.map((o) => (o.claim.type === 'daemonSet' ? [o.claim.namespace, o.claim.name, o.claim.ready] : null));
  assert.equal(ds, [
    ['calico-system', 'calico-node', 2],
    ['kube-system', 'kube-proxy', 3],
  ]);
});

test('non-numeric and negative counts are errors; truncated rows are warnings', () => {
  const text = `NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
kube-proxy   two       2         2       2            2           kubernetes.io/os=linux   54m
weave-net    -1        2         2       2            2           <none>                   53m
cilium       2         2`;
  const res = kubectlDaemonSetTable.parse(splitLines(text), {});
  assert.equal(res.observations, []);
  assert.equal(res.diagnostics.map((d) => [d.level, d.line]), [['error', 2], ['error', 3], ['warning', 4]]);
  assert.match(res.diagnostics[0]?.message ?? '', /DESIRED "two": expected a non-negative whole number/);
});

test('-L label columns: a node or DaemonSet without the label has an empty cell, which is read by position', () => {
  // kubectl get nodes -L topology.kubernetes.io/zone -L node.kubernetes.io/instance-type
  const nodes = `NAME       STATUS                     ROLES           AGE   VERSION   ZONE         INSTANCE-TYPE
cp-1       Ready                      control-plane   41d   v1.31.4   eu-west-1a   m6i.large
worker-1   Ready,SchedulingDisabled   <none>          41d   v1.31.4                m6i.xlarge
worker-2   NotReady                   <none>          41d   v1.31.4   eu-west-1b
worker-3   Ready                      <none>          41d   v1.31.4`;
  const res = kubectlNodesTable.parse(splitLines(nodes), {});
  assert.equal(res.diagnostics, []);
  assert.equal(
    res.observations.map((o) => (o.claim.type === 'node' ? [o.claim.name, o.claim.ready, o.claim.kubeletVersion, o.line] : null)),
    [
      ['cp-1', true, 'v1.31.4', 2],
      ['worker-1', true, 'v1.31.4', 3],
      ['worker-2', false, 'v1.31.4', 4],
      ['worker-3', true, 'v1.31.4', 5],
    ],
  );
  // A row cut short in kubectl's own columns is still not believed.
  const cut = kubectlNodesTable.parse(splitLines(`${nodes.split('\n')[0]}\nworker-4   Ready      <none>`), {});
  assert.equal(cut.diagnostics.map((d) => [d.level, d.line]), [['warning', 2]]);
  // kubectl get ds -A -L app.kubernetes.io/version
  const ds = `NAMESPACE     NAME          DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE   VERSION
kube-system   calico-node   3         3         3       3            3           kubernetes.io/os=linux   12d   v3.28.2
kube-system   kube-proxy    3         3         3       3            3           kubernetes.io/os=linux   12d`;
  const d = kubectlDaemonSetTable.parse(splitLines(ds), {});
  assert.equal(d.diagnostics, []);
  assert.equal(d.observations.map((o) => (o.claim.type === 'daemonSet' ? [o.claim.name, o.claim.desired] : null)), [['calico-node', 3], ['kube-proxy', 3]]);
});

test('kubectl get nodes -o wide with spaces in OS-IMAGE', () => {
  const text = `NAME           STATUS                     ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION      CONTAINER-RUNTIME
controlplane   Ready                      control-plane   55m   v1.31.0   192.8.33.6    <none>        Ubuntu 22.04.4 LTS               5.15.0-1071-gcp     containerd://1.6.26
win01          Ready                      <none>          10d   v1.31.0   10.0.0.7      <none>        Windows Server 2022 Datacenter   10.0.20348.2340     containerd://1.7.1
node02         NotReady,SchedulingDisabled   <none>       3d    v1.31.0   fd00::9       <none>        Ubuntu 22.04.4 LTS               5.15.0-1071-gcp     containerd://1.6.26`;
  const nodes = kubectlNodesTable.parse(splitLines(text), {}).observations.map((o) => o.claim);
  assert.equal(nodes, [
    { type: 'node', name: 'controlplane', internalIPs: ['192.8.33.6'], ready: true, os: 'linux', kernelVersion: '5.15.0-1071-gcp', kubeletVersion: 'v1.31.0', roles: ['control-plane'] },
    { type: 'node', name: 'win01', internalIPs: ['10.0.0.7'], ready: true, os: 'windows', kernelVersion: '10.0.20348.2340', kubeletVersion: 'v1.31.0', roles: [] },
    { type: 'node', name: 'node02', internalIPs: ['fd00::9'], ready: false, os: 'linux', kernelVersion: '5.15.0-1071-gcp', kubeletVersion: 'v1.31.0', roles: [] },
  ]);
});

test('plain kubectl get nodes has no IPs or OS: they stay unknown', () => {
  const text = `NAME     STATUS   ROLES           AGE   VERSION
cp-1     Ready    control-plane   1d    v1.30.1
worker   Ready    <none>          1d    v1.30.1`;
  const nodes = kubectlNodesTable.parse(splitLines(text), {}).observations.map((o) => o.claim);
  assert.equal(nodes[1], { type: 'node', name: 'worker', ready: true, kubeletVersion: 'v1.30.1', roles: [] });
});

test('kubectl get nodes -o wide | grep: rows without the header are read under the columns the command prints', () => {
  const rows = ['bpf1   Ready    control-plane,master   3d20h   v1.23.4   192.168.2.71   <none>        Ubuntu 20.04.5 LTS   5.15.0-52-generic   docker://20.10.21', 'bpf3   Ready    <none>                 3d20h   v1.23.4   192.168.2.73   <none>        Ubuntu 20.04.5 LTS   5.15.0-52-generic   docker://20.10.21'];
  const ctx = { command: 'kubectl get node -owide | grep -E "bpf1|bpf3"' };
  assert.is(kubectlNodesTable.detect(rows, ctx), 0.9);
  const nodes = kubectlNodesTable.parse(rows, ctx).observations.flatMap((o) => (o.claim.type === 'node' ? [[o.line, o.claim.name, o.claim.internalIPs, o.claim.kubeletVersion]] : []));
  assert.equal(nodes, [
    [1, 'bpf1', ['192.168.2.71'], 'v1.23.4'],
    [2, 'bpf3', ['192.168.2.73'], 'v1.23.4'],
  ]);
  // Without the command, or for other output, rows are not guessed.
  assert.is(kubectlNodesTable.detect(rows, {}), 0);
  assert.is(kubectlNodesTable.detect(['some other line'], ctx), 0);
});

test.run();
