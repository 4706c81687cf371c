/**
 * Nodes as `kubectl get node NAME -o yaml` and `kubectl get nodes -o json` print
 * them (kubectl 1.31 against kubeadm clusters; field order and shape as in
 * k8s.io/api core/v1 NodeSpec/NodeStatus, managedFields as the API server writes them).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';
import { roles } from './node.js';

const CONTROL_PLANE = `apiVersion: v1
kind: Node
metadata:
  annotations:
    kubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/containerd/containerd.sock
    node.alpha.kubernetes.io/ttl: "0"
    volumes.kubernetes.io/controller-managed-attach-detach: "true"
  creationTimestamp: "2025-01-07T08:51:02Z"
  labels:
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: controlplane
    kubernetes.io/os: linux
    node-role.kubernetes.io/control-plane: ""
    node.kubernetes.io/exclude-from-external-load-balancers: ""
  managedFields:
  - apiVersion: v1
    fieldsType: FieldsV1
    fieldsV1:
      f:spec:
        f:podCIDR: {}
        f:podCIDRs:
          .: {}
          v:"10.244.0.0/24": {}
    manager: kube-controller-manager
    operation: Update
    time: "2025-01-07T08:51:20Z"
  name: controlplane
  resourceVersion: "1432"
  uid: 3c0b6a3e-6b44-4a43-9a4b-0b4f1a5e5f21
spec:
  podCIDR: 10.244.0.0/24
  podCIDRs:
  - 10.244.0.0/24
  - fd00:10:244::/64
  taints:
  - effect: NoSchedule
    key: node-role.kubernetes.io/control-plane
status:
  addresses:
  - address: 192.8.33.6
    type: InternalIP
  - address: fd00:192:8:33::6
    type: InternalIP
  - address: controlplane
    type: Hostname
  allocatable:
    cpu: "4"
    memory: 16283784Ki
    pods: "110"
  capacity:
    cpu: "4"
    ephemeral-storage: 101430960Ki
    memory: 16386184Ki
    pods: "110"
  conditions:
  - lastHeartbeatTime: "2025-01-07T09:41:09Z"
    lastTransitionTime: "2025-01-07T08:51:02Z"
    message: kubelet has sufficient memory available
    reason: KubeletHasSufficientMemory
    status: "False"
    type: MemoryPressure
  - lastHeartbeatTime: "2025-01-07T09:41:09Z"
    lastTransitionTime: "2025-01-07T08:51:33Z"
    message: kubelet is posting ready status
    reason: KubeletReady
    status: "True"
    type: Ready
  daemonEndpoints:
    kubeletEndpoint:
      Port: 10250
  nodeInfo:
    architecture: amd64
    bootID: 4a4c5b7e-3f9e-4e7a-9d0c-2c5f0f0b9f9e
    containerRuntimeVersion: containerd://1.7.22
    kernelVersion: 5.15.0-1071-gcp
    kubeProxyVersion: v1.31.0
    kubeletVersion: v1.31.0
    machineID: 8b0c1f0d6c0f4e0a9c1c7f6f0c2a9b1e
    operatingSystem: linux
    osImage: Ubuntu 22.04.4 LTS
    systemUUID: 8b0c1f0d-6c0f-4e0a-9c1c-7f6f0c2a9b1e
`;

test('a dual-stack control-plane node: both InternalIPs, podCIDRs, taint, Ready, nodeInfo, cpu, role', () => {
  const res = k8sObjects.parse(splitLines(CONTROL_PLANE), {});
  assert.equal(res.diagnostics, []);
  assert.is(res.observations.length, 1);
  const o = res.observations[0]!;
  assert.is(o.line, 29);
  assert.is(o.excerpt, 'name: controlplane');
  assert.equal(o.claim, {
    type: 'node',
    name: 'controlplane',
    internalIPs: ['192.8.33.6', 'fd00:192:8:33::6'],
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
    cpu: 4,
  });
});

const LIST_JSON = `{
    "apiVersion": "v1",
    "items": [
        {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": {
                "labels": {
                    "kubernetes.io/hostname": "node01",
                    "kubernetes.io/os": "linux",
                    "kubernetes.io/role": "worker"
                },
                "name": "node01"
            },
            "spec": {
                "podCIDR": "10.244.1.0/24"
            },
            "status": {
                "addresses": [
                    { "address": "192.8.33.9", "type": "InternalIP" },
                    { "address": "node01", "type": "Hostname" }
                ],
                "capacity": { "cpu": "3500m" },
                "conditions": [
                    { "status": "Unknown", "type": "Ready", "reason": "NodeStatusUnknown" }
                ],
                "nodeInfo": { "kernelVersion": "6.8.0-1015-aws", "kubeletVersion": "v1.31.2", "operatingSystem": "linux", "osImage": "Ubuntu 24.04.1 LTS" }
            }
        },
        {
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": { "name": "win01", "labels": { "kubernetes.io/os": "windows" } },
            "spec": {
                "taints": [ { "effect": "NoSchedule", "key": "os", "value": "windows" } ]
            },
            "status": {
                "addresses": [ { "address": "192.8.33.20", "type": "InternalIP" } ],
                "nodeInfo": { "kernelVersion": "10.0.20348.2849", "kubeletVersion": "v1.31.2", "operatingSystem": "windows", "osImage": "Windows Server 2022 Datacenter" }
            }
        }
    ],
    "kind": "List",
    "metadata": {
        "resourceVersion": ""
    }
}`;

test('a JSON list: single-stack podCIDR, legacy role label, Unknown is not ready, millicores, a Windows node', () => {
  const res = k8sObjects.parse(splitLines(LIST_JSON.replace(/\n/g, '\r\n')), {});
  assert.equal(res.diagnostics, []);
  assert.equal(
    res.observations.map((o) => {
      const c = o.claim as Extract<typeof o.claim, { type: 'node' }>;
      return [o.line, c.name, c.internalIPs, c.podCIDRs, c.ready, c.os, c.roles, c.cpu, c.taints];
    }),
    [
      [13, 'node01', ['192.8.33.9'], ['10.244.1.0/24'], false, 'linux', ['worker'], 3, []],
      [33, 'win01', ['192.8.33.20'], [], null, 'windows', [], null, [{ key: 'os', value: 'windows', effect: 'NoSchedule' }]],
    ],
  );
});

test('bad addresses, ranges and taints are errors at their own lines', () => {
  const bad = CONTROL_PLANE.replace('  - 10.244.0.0/24\n  - fd00', '  - 10.244.0/24\n  - fd00')
    .replace('address: 192.8.33.6', 'address: 300.8.33.6')
    .replace('effect: NoSchedule', 'effect: NoSchedulee');
  const res = k8sObjects.parse(splitLines(bad), {});
  assert.equal(
    res.diagnostics.map((d) => [d.level, d.line]),
    [
      ['error', 42],
      ['error', 35],
      ['error', 38],
    ],
  );
  assert.match(res.diagnostics[0]!.message, /node controlplane InternalIP/);
  assert.match(res.diagnostics[2]!.message, /NoSchedule, PreferNoSchedule or NoExecute/);
});

test('roles as kubectl prints them', () => {
  const table: [Record<string, string>, string[]][] = [
    [{ 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' }, ['control-plane', 'master']],
    [{ 'kubernetes.io/role': 'worker' }, ['worker']],
    [{ 'kubernetes.io/role': '', 'node-role.kubernetes.io/': '' }, []],
  ];
  for (const [labels, want] of table) assert.equal(roles(labels), want);
});

test('CNI annotations of a node object: Calico names itself, its node address and its VXLAN tunnel; Cilium names itself', () => {
  const calico = CONTROL_PLANE.replace(
    '    kubeadm.alpha.kubernetes.io/cri-socket',
    '    projectcalico.org/IPv4Address: 192.168.56.10/24\n    projectcalico.org/IPv4VXLANTunnelAddr: 10.244.49.64\n    kubeadm.alpha.kubernetes.io/cri-socket',
  );
  const res = k8sObjects.parse(splitLines(calico), {});
  assert.equal(
    res.observations.filter((o) => o.claim.type !== 'node').map((o) => [o.line, o.claim]),
    [
      [5, { type: 'network', role: 'node', cidr: '192.168.56.10/24', isAddress: true }],
      [5, { type: 'cni', name: 'calico' }],
      [6, { type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }],
    ],
  );
  const cilium = CONTROL_PLANE.replace('    kubeadm.alpha.kubernetes.io/cri-socket', '    io.cilium.network.ipv4-pod-cidr: 10.0.0.0/24\n    kubeadm.alpha.kubernetes.io/cri-socket');
  assert.equal(
    k8sObjects.parse(splitLines(cilium), {}).observations.filter((o) => o.claim.type !== 'node').map((o) => [o.line, o.claim]),
    [[5, { type: 'cni', name: 'cilium' }]],
  );
});

test.run();
