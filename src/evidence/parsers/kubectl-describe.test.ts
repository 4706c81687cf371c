/** Formats from kubectl pkg/describe/describe.go (describeNode, DescribeDaemonSet), as printed by kubectl 1.29–1.31. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import { kubectlDescribe, parseTaint, parseToleration } from './kubectl-describe.js';

const NODES = `Name:               controlplane
Roles:              control-plane
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=controlplane
                    kubernetes.io/os=linux
                    node-role.kubernetes.io/control-plane=
                    node.kubernetes.io/exclude-from-external-load-balancers=
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Tue, 31 Dec 2024 09:22:58 +0000
Taints:             node-role.kubernetes.io/control-plane:NoSchedule
Unschedulable:      false
Lease:
  HolderIdentity:  controlplane
  AcquireTime:     <unset>
  RenewTime:       Tue, 31 Dec 2024 10:17:41 +0000
Conditions:
  Type                 Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----                 ------  -----------------                 ------------------                ------                       -------
  NetworkUnavailable   False   Tue, 31 Dec 2024 09:23:31 +0000   Tue, 31 Dec 2024 09:23:31 +0000   WeaveIsUp                    Weave pod has set this
  MemoryPressure       False   Tue, 31 Dec 2024 10:16:44 +0000   Tue, 31 Dec 2024 09:22:56 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure         False   Tue, 31 Dec 2024 10:16:44 +0000   Tue, 31 Dec 2024 09:22:56 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure          False   Tue, 31 Dec 2024 10:16:44 +0000   Tue, 31 Dec 2024 09:22:56 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready                True    Tue, 31 Dec 2024 10:16:44 +0000   Tue, 31 Dec 2024 09:23:29 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  192.8.33.6
  Hostname:    controlplane
Capacity:
  cpu:                36
  ephemeral-storage:  1016057248Ki
  memory:             214587056Ki
  pods:               110
System Info:
  Machine ID:                 132e3d2451f947fe9214456160254717
  System UUID:                3d1a6e4f-8ae6-1f2a-0c53-2a06d5e8c2b4
  Boot ID:                    57b5d0a9-2c0a-4f45-9b6e-3f6e8c4f9a0e
  Kernel Version:             5.15.0-1071-gcp
  OS Image:                   Ubuntu 22.04.4 LTS
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.6.26
  Kubelet Version:            v1.31.0
  Kube-Proxy Version:         v1.31.0
PodCIDR:                      10.244.0.0/24
PodCIDRs:                     10.244.0.0/24,fd00:10:244::/64
Non-terminated Pods:          (8 in total)
  Namespace                   Name                                    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                                    ------------  ----------  ---------------  -------------  ---
  kube-system                 kube-proxy-f6h8r                        0 (0%)        0 (0%)      0 (0%)           0 (0%)         54m
Events:                       <none>


Name:               node01
Roles:              <none>
Labels:             kubernetes.io/hostname=node01
                    kubernetes.io/os=linux
Annotations:        node.alpha.kubernetes.io/ttl: 0
Taints:             dedicated=gpu:NoSchedule
                    spot:PreferNoSchedule
Unschedulable:      false
Conditions:
  Type                 Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----                 ------  -----------------                 ------------------                ------                       -------
  Ready                False   Tue, 31 Dec 2024 10:16:44 +0000   Tue, 31 Dec 2024 09:23:29 +0000   KubeletNotReady              container runtime network not ready
Addresses:
  InternalIP:  192.8.33.8
  Hostname:    node01
System Info:
  Kernel Version:             5.10.0-28-cloud-amd64
  Operating System:           linux
  Kubelet Version:            v1.31.0
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
Events:                       <none>
`;

test('describe nodes: every node with labels, taints, Ready, IPs, podCIDRs, kernel', () => {
  const res = kubectlDescribe.parse(splitLines(NODES), {});
  assert.equal(res.diagnostics, []);
  const [cp, n1] = res.observations.map((o) => o.claim);
  assert.equal(cp, {
    type: 'node',
    name: 'controlplane',
    internalIPs: ['192.8.33.6'],
    podCIDRs: ['10.244.0.0/24', 'fd00:10:244::/64'],
    labels: {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'controlplane',
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    },
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    ready: true,
    os: 'linux',
    kernelVersion: '5.15.0-1071-gcp',
    kubeletVersion: 'v1.31.0',
    roles: ['control-plane'],
    cpu: 36,
  });
  assert.equal(n1 && n1.type === 'node' ? [n1.taints, n1.ready, n1.kernelVersion, n1.podCIDRs] : null, [
    [
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'spot', effect: 'PreferNoSchedule' },
    ],
    false,
    '5.10.0-28-cloud-amd64',
    ['10.244.1.0/24'],
  ]);
  assert.equal(res.observations.map((o) => o.line), [1, 56]);
});

test('the registry picks describe by content, and CRLF and colour do not matter', () => {
  const ugly = NODES.replace(/\n/g, '\r\n').replace('Ready                True', '\x1b[32mReady\x1b[0m                True');
  const res = parseText(splitLines(ugly), {});
  assert.is(res?.kind, 'kubectl-describe');
  assert.is(res?.observations.length, 2);
});

const DS = `Name:           kube-proxy
Namespace:      kube-system
Selector:       k8s-app=kube-proxy
Node-Selector:  kubernetes.io/os=linux
Labels:         k8s-app=kube-proxy
Annotations:    deprecated.daemonset.template.generation: 1
Desired Number of Nodes Scheduled: 3
Current Number of Nodes Scheduled: 3
Number of Nodes Scheduled with Up-to-date Pods: 3
Number of Nodes Scheduled with Available Pods: 2
Number of Nodes Misscheduled: 0
Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:           k8s-app=kube-proxy
  Service Account:  kube-proxy
  Containers:
   kube-proxy:
    Image:      registry.k8s.io/kube-proxy:v1.31.0
    Port:       <none>
    Host Port:  <none>
    Command:
      /usr/local/bin/kube-proxy
      --config=/var/lib/kube-proxy/config.conf
      --hostname-override=$(NODE_NAME)
    Environment:
      NODE_NAME:   (v1:spec.nodeName)
  Volumes:
   kube-proxy:
    Type:               ConfigMap (a volume populated by a ConfigMap)
    Name:               kube-proxy
  Priority Class Name:  system-node-critical
  Node-Selectors:       kubernetes.io/os=linux
  Tolerations:          op=Exists
Events:                 <none>
`;

test('describe ds: counts, node selector, tolerations; READY is not shown and stays unknown', () => {
  const res = kubectlDescribe.parse(splitLines(DS), {});
  assert.equal(res.diagnostics, []);
  assert.equal(res.observations.map((o) => [o.claim, o.line]), [
    [
      {
        type: 'daemonSet',
        namespace: 'kube-system',
        name: 'kube-proxy',
        desired: 3,
        current: 3,
        ready: null,
        upToDate: 3,
        available: 2,
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ operator: 'Exists' }],
      },
      1,
    ],
  ]);
});

test('old describe ds without Namespace or tolerations, with tabs', () => {
  const old = 'Name:\t\tkube-flannel-ds\nSelector:      \tapp=flannel,tier=node\nNode-Selector: \tbeta.kubernetes.io/arch=amd64\nDesired Number of Nodes Scheduled: 1\nCurrent Number of Nodes Scheduled: 1\nNumber of Nodes Scheduled with Up-to-date Pods: 1\nNumber of Nodes Scheduled with Available Pods: 0\n';
  const res = kubectlDescribe.parse(splitLines(old), {});
  const c = res.observations[0]?.claim;
  assert.ok(c?.type === 'daemonSet');
  if (c?.type !== 'daemonSet') return;
  assert.equal([c.namespace, c.name, c.available, c.nodeSelector, c.tolerations], [null, 'kube-flannel-ds', 0, { 'beta.kubernetes.io/arch': 'amd64' }, null]);
});

test('taints and tolerations as describe prints them', () => {
  assert.equal(parseTaint('node.kubernetes.io/not-ready:NoExecute'), { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' });
  assert.equal(parseTaint('dedicated=gpu:NoSchedule'), { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' });
  assert.is(parseTaint('dedicated=gpu'), null);
  assert.equal(parseToleration('op=Exists'), { operator: 'Exists' });
  assert.equal(parseToleration('CriticalAddonsOnly op=Exists'), { operator: 'Exists', key: 'CriticalAddonsOnly' });
  assert.equal(parseToleration(':NoSchedule op=Exists'), { operator: 'Exists', effect: 'NoSchedule' });
  assert.equal(parseToleration('node.kubernetes.io/not-ready:NoExecute op=Exists for 300s'), { operator: 'Exists', key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' });
  assert.equal(parseToleration('dedicated=gpu:NoSchedule'), { operator: 'Equal', key: 'dedicated', value: 'gpu', effect: 'NoSchedule' });
});

test('a bad taint and a bad count are errors with their lines', () => {
  const res = kubectlDescribe.parse(splitLines('Name:    n1\nTaints:  dedicated=gpu\nAddresses:\n  InternalIP:  10.0.0.1\n'), {});
  assert.equal(res.diagnostics.map((d) => [d.level, d.line]), [['error', 2]]);
  const ds = kubectlDescribe.parse(splitLines('Name: x\nDesired Number of Nodes Scheduled: -1\n'), {});
  assert.equal(ds.diagnostics.map((d) => [d.level, d.line]), [['error', 2]]);
});

// kubectl 1.30 `kubectl -n kube-system describe cm kube-proxy kube-flannel-cfg` (two objects, data unindented).
const CONFIGMAPS = `Name:         kube-proxy
Namespace:    kube-system
Labels:       app=kube-proxy
Annotations:  kubeadm.kubernetes.io/component-config.hash: sha256:0f2d5c4a

Data
====
config.conf:
----
apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clusterCIDR: 10.244.0.0/16
kind: KubeProxyConfiguration
mode: ipvs

kubeconfig.conf:
----
apiVersion: v1
kind: Config
clusters:
- cluster:
    server: https://192.168.56.10:6443
  name: default


BinaryData
====

Events:  <none>


Name:         kube-flannel-cfg
Namespace:    kube-flannel
Labels:       app=flannel
Annotations:  <none>

Data
====
cni-conf.json:
----
{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [ { "type": "flannel", "delegate": { "hairpinMode": true, "isDefaultGateway": true } }, { "type": "portmap", "capabilities": { "portMappings": true } } ]
}

net-conf.json:
----
{
  "Network": "10.244.0.0/16",
  "Backend": {
    "Type": "vxlan"
  }
}

BinaryData
====

Events:  <none>
`;

test('describe configmap: each value read by the object handlers at its own lines', () => {
  const lines = splitLines(CONFIGMAPS);
  assert.is(kubectlDescribe.detect(lines, {}), 1.1);
  assert.is(parseText(lines, {})?.kind, 'kubectl-describe');
  const res = kubectlDescribe.parse(lines, {});
  const got = res.observations.map((o) => `${o.line}:${o.claim.type}:${o.claim.type === 'network' || o.claim.type === 'kubeProxyClusterCIDR' ? o.claim.cidr : o.claim.type === 'proxyMode' ? o.claim.mode : o.claim.type === 'cni' ? o.claim.name : o.claim.type === 'cniSetting' ? o.claim.value : ''}`);
  assert.ok(got.includes('12:kubeProxyClusterCIDR:10.244.0.0/16'), got.join(' '));
  assert.ok(got.includes('14:proxyMode:ipvs'), got.join(' '));
  assert.ok(got.includes('50:network:10.244.0.0/16'), got.join(' '));
  assert.ok(got.includes('52:cniSetting:vxlan'), got.join(' '));
  assert.ok(got.some((g) => /:cni:flannel$/.test(g)), got.join(' '));
  assert.equal(res.diagnostics.filter((d) => d.level === 'error'), []);
  // Excerpts are the file's lines.
  assert.is(res.observations.find((o) => o.claim.type === 'proxyMode')?.excerpt, 'mode: ipvs');
});

test('describe configmap: CRLF and colour; a ConfigMap nobody reads is skipped by name; a bad value names its file line', () => {
  const ugly = CONFIGMAPS.replace('mode: ipvs', '\x1b[1mmode: ipvs\x1b[0m').split('\n').join('\r\n');
  assert.ok(kubectlDescribe.parse(splitLines(ugly), {}).observations.some((o) => o.claim.type === 'proxyMode' && o.line === 14));
  const coredns = 'Name:         coredns\nNamespace:    kube-system\n\nData\n====\nCorefile:\n----\n.:53 {\n    errors\n}\n\nBinaryData\n====\n';
  const res = kubectlDescribe.parse(splitLines(coredns), {});
  assert.equal(res.observations, []);
  assert.equal(res.diagnostics.map((d) => [d.level, d.line]), [['skipped', 1]]);
  const bad = kubectlDescribe.parse(splitLines(CONFIGMAPS.replace('clusterCIDR: 10.244.0.0/16', 'clusterCIDR: 10.244.0.0/40')), {});
  assert.equal(bad.diagnostics.filter((d) => d.level === 'error').map((d) => d.line), [12]);
});

const ANNOTATED = `Name:               node01
Roles:              <none>
Labels:             kubernetes.io/hostname=node01
Annotations:        flannel.alpha.coreos.com/backend-data: {"VNI":1,"VtepMAC":"3a:5e:1b:77:42:10"}
                    flannel.alpha.coreos.com/backend-type: vxlan
                    flannel.alpha.coreos.com/kube-subnet-manager: true
                    flannel.alpha.coreos.com/public-ip: 192.168.56.11
                    kubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/containerd/containerd.sock
Taints:             <none>
Addresses:
  InternalIP:  192.168.56.11
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
`;

test('describe node: CNI annotations name the CNI and its backend', () => {
  const res = kubectlDescribe.parse(splitLines(ANNOTATED), {});
  assert.equal(
    res.observations.filter((o) => o.claim.type !== 'node').map((o) => [o.line, o.claim]),
    [
      [4, { type: 'cni', name: 'flannel' }],
      [5, { type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }],
    ],
  );
  const node = res.observations.find((o) => o.claim.type === 'node')?.claim;
  assert.ok(node?.type === 'node' && node.podCIDRs?.[0] === '10.244.1.0/24');
  const calico = ANNOTATED.replace(/Annotations:[\s\S]*?kubeadm/, 'Annotations:        projectcalico.org/IPv4Address: 192.168.56.11/24\n                    projectcalico.org/IPv4VXLANTunnelAddr: 10.244.1.0\n                    kubeadm');
  assert.equal(
    kubectlDescribe.parse(splitLines(calico), {}).observations.filter((o) => o.claim.type !== 'node').map((o) => [o.line, o.claim]),
    [
      [4, { type: 'network', role: 'node', cidr: '192.168.56.11/24', isAddress: true }],
      [4, { type: 'cni', name: 'calico' }],
      [5, { type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }],
    ],
  );
  // Leftovers of an earlier CNI: neither is taken.
  const both = ANNOTATED.replace('                    kubeadm.alpha', '                    projectcalico.org/IPv4IPIPTunnelAddr: 10.244.1.1\n                    kubeadm.alpha');
  const r = kubectlDescribe.parse(splitLines(both), {});
  assert.not.ok(r.observations.some((o) => o.claim.type === 'cni'));
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && /calico and flannel/.test(d.message)));
});

test.run();
