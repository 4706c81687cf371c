#!/usr/bin/env node
// Synthetic but realistic clusters for the benchmarks, deterministic from a seed.
//
//   node bench/generate.mjs [--seed N] [--sizes 10,1000,5000,50000] [--out bench/out]
//
// For each size and variant (healthy, broken) it writes, under OUT/<size>-<variant>/:
//   evidence/nodes.json                  `kubectl get nodes -o json` (kind: List, keys sorted, 4-space indent, as kubectl prints)
//   evidence/daemonsets.json             `kubectl get ds -A -o json`
//   evidence/kube-apiserver.yaml         static pod manifest (/etc/kubernetes/manifests)
//   evidence/kube-controller-manager.yaml
//   evidence/kube-proxy-configmap.yaml   `kubectl -n kube-system get cm kube-proxy -o yaml`
//   evidence/kube-flannel-cfg.yaml       `kubectl -n kube-flannel get cm kube-flannel-cfg -o yaml` (net-conf.json)
//   evidence/10-flannel.conflist         /etc/cni/net.d on a node
//   evidence/ip-addr.txt                 `ip addr` on the first control-plane node
//   facts.json                           the facts document this evidence gives (`kube-netcheck check facts.json`)
//   policy-input.json                    the policy's input: the facts without observations (src/policy/findings.ts policyInput)
//
// The facts are made by the project's own normaliser (dist/src/facts/normalise.js) from the claims the
// parsers make of this evidence, with the file lines the generator wrote, and validated against
// schemas/facts.schema.json: one definition of the facts, not a second one here. Run `npm run build` first.
//
// Shapes follow upstream: Node and DaemonSet fields from k8s.io/api core/v1 and apps/v1 types.go; kubeadm's
// static pod manifests (cmd/kubeadm/app/phases/controlplane/manifests.go); kube-proxy's ConfigMap
// (cmd/kubeadm/app/phases/addons/proxy/manifests.go); flannel's Documentation/kube-flannel.yml.
//
// Broken variant: kube-proxy DESIRED short of the nodes by 3 (nodes joined without it), its READY one
// lower, kube-proxy in the removed userspace mode, and the controller-manager's --cluster-cidr overlapping
// the service range.
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const SIZES = [10, 1000, 5000, 50000];

// ---- deterministic randomness (mulberry32) ----
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
const hex = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const uid = (r) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;

/** Keys sorted at every level: kubectl prints objects from maps, which encoding/json sorts. */
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
  return out;
}

// ---- the cluster model ----
const K8S_VERSION = 'v1.31.4';
const NODE_NET = { cidr: '10.0.0.0/16', base: [10, 0] };
const SERVICE_CIDR = '10.96.0.0/12';
const POD_CIDR = '100.64.0.0/10'; // RFC 6598; /26 per node: 65,536 node blocks
const POD_CIDR_BROKEN = '10.96.0.0/11'; // contains the service range
const NODE_MASK = 26;
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const TYPES = [
  { type: 'm6i.2xlarge', cpu: '8', mem: '32105600Ki', pods: '110' },
  { type: 'm6i.4xlarge', cpu: '16', mem: '64463560Ki', pods: '110' },
  { type: 'c6i.4xlarge', cpu: '16', mem: '31871560Ki', pods: '110' },
  { type: 'r6i.2xlarge', cpu: '8', mem: '64463560Ki', pods: '110' },
];
const KERNELS = ['6.1.0-28-cloud-amd64', '6.1.0-31-cloud-amd64', '6.8.0-1021-aws'];
const IMAGES = [
  ['registry.k8s.io/kube-proxy@sha256:', 'registry.k8s.io/kube-proxy:v1.31.4', 30_231_007],
  ['docker.io/flannel/flannel@sha256:', 'docker.io/flannel/flannel:v0.26.2', 32_513_447],
  ['docker.io/flannel/flannel-cni-plugin@sha256:', 'docker.io/flannel/flannel-cni-plugin:v1.6.0-flannel1', 4_856_180],
  ['quay.io/prometheus/node-exporter@sha256:', 'quay.io/prometheus/node-exporter:v1.8.2', 12_049_385],
  ['registry.k8s.io/pause@sha256:', 'registry.k8s.io/pause:3.10', 320_368],
  ['docker.io/library/nginx@sha256:', 'docker.io/library/nginx:1.27.3', 72_099_501],
];

function controlPlaneCount(n) {
  return n >= 1000 ? 5 : n >= 100 ? 3 : 1;
}

function nodeIP(i) {
  // 10.0.0.10 onwards, skipping .0 and .255 of each /24.
  const k = i + 10;
  const third = Math.floor(k / 254);
  const fourth = (k % 254) + 1;
  return `${NODE_NET.base[0]}.${NODE_NET.base[1]}.${third}.${fourth}`;
}

function nodePodCIDR(i) {
  // 100.64.0.0/10 cut into /26: block i starts at 100.64.0.0 + 64*i.
  const off = i * 64;
  return `100.${64 + Math.floor(off / 65536)}.${Math.floor(off / 256) % 256}.${off % 256}/${NODE_MASK}`;
}

function makeNode(r, i, cp) {
  const ip = nodeIP(i);
  const name = `ip-${ip.replaceAll('.', '-')}.eu-west-1.compute.internal`;
  const t = cp ? TYPES[0] : pick(r, TYPES);
  const zone = ZONES[i % ZONES.length];
  const pool = cp ? 'control-plane' : pick(r, ['general', 'general', 'general', 'compute', 'memory']);
  const labels = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': t.type,
    'topology.kubernetes.io/region': 'eu-west-1',
    'topology.kubernetes.io/zone': zone,
    'example.com/node-pool': pool,
  };
  if (cp) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const taints = cp ? [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] : pool === 'memory' ? [{ effect: 'NoSchedule', key: 'example.com/dedicated', value: 'memory' }] : [];
  const notReady = !cp && r() < 0.002;
  if (notReady) taints.push({ effect: 'NoSchedule', key: 'node.kubernetes.io/not-ready' }, { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', timeAdded: '2025-01-07T09:12:44Z' });
  const created = new Date(Date.UTC(2024, 8, 1) + Math.floor(r() * 120 * 86400) * 1000).toISOString().replace('.000', '');
  const heartbeat = '2025-01-07T09:14:02Z';
  const cond = (type, status, reason, message) => ({
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: created,
    message,
    reason,
    status,
    type,
  });
  const podCIDR = nodePodCIDR(i);
  const images = IMAGES.filter((_, k) => k < 1 || (k === 4 && r() < 0.5)).map(([digestPrefix, tag, size]) => ({
    names: [`${digestPrefix}${hex(r, 64)}`, tag],
    sizeBytes: size,
  }));
  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: {
        'flannel.alpha.coreos.com/backend-data': `{"VNI":1,"VtepMAC":"${hex(r, 2)}:${hex(r, 2)}:${hex(r, 2)}:${hex(r, 2)}:${hex(r, 2)}:${hex(r, 2)}"}`,
        'flannel.alpha.coreos.com/backend-type': 'vxlan',
        'flannel.alpha.coreos.com/public-ip': ip,
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
      },
      creationTimestamp: created,
      labels,
      name,
      resourceVersion: String(1_000_000 + Math.floor(r() * 9_000_000)),
      uid: uid(r),
    },
    spec: {
      podCIDR,
      podCIDRs: [podCIDR],
      providerID: `aws:///${zone}/i-0${hex(r, 16)}`,
      ...(taints.length > 0 ? { taints } : {}),
    },
    status: {
      addresses: [
        { address: ip, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      allocatable: { cpu: t.cpu, 'ephemeral-storage': '95491281146', 'hugepages-2Mi': '0', memory: t.mem, pods: t.pods },
      capacity: { cpu: t.cpu, 'ephemeral-storage': '103614445Ki', 'hugepages-2Mi': '0', memory: t.mem, pods: t.pods },
      conditions: [
        cond('NetworkUnavailable', 'False', 'FlannelIsUp', 'Flannel is running on this node'),
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        notReady
          ? cond('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.')
          : cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images,
      nodeInfo: {
        architecture: 'amd64',
        bootID: uid(r),
        containerRuntimeVersion: 'containerd://1.7.24',
        kernelVersion: pick(r, KERNELS),
        kubeProxyVersion: '',
        kubeletVersion: K8S_VERSION,
        machineID: hex(r, 32),
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: `ec2${hex(r, 5)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`,
      },
    },
  };
  return { node: sortKeys(node), name, ip, podCIDR, labels, taints, cp, ready: !notReady, kernel: node.status.nodeInfo.kernelVersion, cpu: Number(t.cpu) };
}

/** Writes a kubectl `-o json` List item by item (never the whole text in memory); returns each item's first line. */
function writeList(path, items, lineOf) {
  const fd = createWriteStream(path);
  const lines = [];
  let line = 1;
  let buf = '{\n    "apiVersion": "v1",\n    "items": [\n';
  line += 3;
  items.forEach((item, k) => {
    const text = JSON.stringify(item, null, 4)
      .split('\n')
      .map((l) => `        ${l}`);
    if (k < items.length - 1) text[text.length - 1] += ',';
    lines.push(line + lineOf(text, item));
    line += text.length;
    buf += `${text.join('\n')}\n`;
    if (buf.length > 1 << 20) {
      fd.write(buf);
      buf = '';
    }
  });
  buf += '    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n';
  fd.write(buf);
  return { done: new Promise((res, rej) => fd.end(res).on('error', rej)), lines };
}

const nameLine = (text, item) => text.findIndex((l) => l === `                "name": "${item.metadata.name}",`);

function daemonSets(model, broken) {
  const n = model.nodes.length;
  const linux = n; // every node is linux
  const tolerated = (tols, node) =>
    node.taints.every(
      (t) =>
        t.effect === 'PreferNoSchedule' ||
        t.key.startsWith('node.kubernetes.io/') ||
        tols.some((tol) => (tol.effect === undefined || tol.effect === t.effect) && ((tol.operator === 'Exists' && tol.key === undefined) || tol.key === t.key)),
    );
  const flannelTols = [{ effect: 'NoSchedule', operator: 'Exists' }];
  const exporterTols = [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }];
  const flannelDesired = model.nodes.filter((x) => tolerated(flannelTols, x)).length;
  const exporterDesired = model.nodes.filter((x) => tolerated(exporterTols, x)).length;
  const kpDesired = broken ? linux - 3 : linux;
  const ds = (ns, name, app, image, desired, tols, selector, extra = {}) => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      annotations: { 'deprecated.daemonset.template.generation': '1' },
      creationTimestamp: '2024-09-01T08:00:00Z',
      generation: 1,
      labels: { 'k8s-app': app },
      name,
      namespace: ns,
      resourceVersion: '4120',
      uid: '3c8d50a0-1b2e-4b8e-9a9c-6f2f0a4f1c11',
    },
    spec: {
      revisionHistoryLimit: 10,
      selector: { matchLabels: { 'k8s-app': app } },
      template: {
        metadata: { creationTimestamp: null, labels: { 'k8s-app': app } },
        spec: {
          containers: [{ image, imagePullPolicy: 'IfNotPresent', name: app, resources: {}, securityContext: { privileged: true } }],
          hostNetwork: true,
          nodeSelector: selector,
          priorityClassName: 'system-node-critical',
          serviceAccountName: app,
          tolerations: tols,
        },
      },
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
    status: {
      currentNumberScheduled: desired,
      desiredNumberScheduled: desired,
      numberAvailable: desired,
      numberMisscheduled: 0,
      numberReady: desired,
      observedGeneration: 1,
      updatedNumberScheduled: desired,
      ...extra,
    },
  });
  return [
    ds('kube-flannel', 'kube-flannel-ds', 'flannel', 'docker.io/flannel/flannel:v0.26.2', flannelDesired, flannelTols, { 'kubernetes.io/os': 'linux' }),
    ds('kube-system', 'kube-proxy', 'kube-proxy', `registry.k8s.io/kube-proxy:${K8S_VERSION}`, kpDesired, [{ operator: 'Exists' }], { 'kubernetes.io/os': 'linux' }, broken ? { numberReady: kpDesired - 1, numberAvailable: kpDesired - 1 } : {}),
    ds('monitoring', 'node-exporter', 'node-exporter', 'quay.io/prometheus/node-exporter:v1.8.2', exporterDesired, exporterTols, { 'kubernetes.io/os': 'linux' }),
  ].map(sortKeys);
}

function apiserverManifest(cpIP) {
  return `apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: ${cpIP}:6443
  creationTimestamp: null
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=${cpIP}
    - --allow-privileged=true
    - --authorization-mode=Node,RBAC
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --enable-admission-plugins=NodeRestriction
    - --enable-bootstrap-token-auth=true
    - --etcd-servers=https://127.0.0.1:2379
    - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
    - --secure-port=6443
    - --service-account-issuer=https://kubernetes.default.svc.cluster.local
    - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    - --service-cluster-ip-range=${SERVICE_CIDR}
    - --service-node-port-range=30000-32767
    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    image: registry.k8s.io/kube-apiserver:${K8S_VERSION}
    imagePullPolicy: IfNotPresent
    name: kube-apiserver
    resources:
      requests:
        cpu: 250m
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
status: {}
`;
}

function controllerManagerManifest(podCIDR) {
  return `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    component: kube-controller-manager
    tier: control-plane
  name: kube-controller-manager
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-controller-manager
    - --allocate-node-cidrs=true
    - --authentication-kubeconfig=/etc/kubernetes/controller-manager.conf
    - --authorization-kubeconfig=/etc/kubernetes/controller-manager.conf
    - --bind-address=127.0.0.1
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --cluster-cidr=${podCIDR}
    - --cluster-name=kubernetes
    - --controllers=*,bootstrapsigner,tokencleaner
    - --kubeconfig=/etc/kubernetes/controller-manager.conf
    - --leader-elect=true
    - --node-cidr-mask-size-ipv4=${NODE_MASK}
    - --service-cluster-ip-range=${SERVICE_CIDR}
    - --use-service-account-credentials=true
    image: registry.k8s.io/kube-controller-manager:${K8S_VERSION}
    imagePullPolicy: IfNotPresent
    name: kube-controller-manager
    resources:
      requests:
        cpu: 200m
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
status: {}
`;
}

function kubeProxyConfigMap(mode) {
  return `apiVersion: v1
data:
  config.conf: |-
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    bindAddress: 0.0.0.0
    bindAddressHardFail: false
    clientConnection:
      acceptContentTypes: ""
      burst: 0
      contentType: ""
      kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
      qps: 0
    clusterCIDR: ${POD_CIDR}
    configSyncPeriod: 0s
    conntrack:
      maxPerCore: null
      min: null
      tcpCloseWaitTimeout: null
      tcpEstablishedTimeout: null
    detectLocalMode: ""
    enableProfiling: false
    healthzBindAddress: ""
    hostnameOverride: ""
    iptables:
      masqueradeAll: false
      masqueradeBit: null
      minSyncPeriod: 0s
      syncPeriod: 0s
    ipvs:
      excludeCIDRs: null
      minSyncPeriod: 0s
      scheduler: ""
      strictARP: false
      syncPeriod: 0s
    kind: KubeProxyConfiguration
    metricsBindAddress: ""
    mode: "${mode}"
    nodePortAddresses: null
    oomScoreAdj: null
    portRange: ""
    showHiddenMetricsForAlphaFeatures: false
    winkernel:
      enableDSR: false
      networkName: ""
      sourceVip: ""
  kubeconfig.conf: |-
    apiVersion: v1
    kind: Config
    clusters:
    - cluster:
        certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
        server: https://10.0.0.10:6443
      name: default
    contexts:
    - context:
        cluster: default
        namespace: default
        user: default
      name: default
    current-context: default
    users:
    - name: default
      user:
        tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
kind: ConfigMap
metadata:
  annotations:
    kubeadm.kubernetes.io/component-config.hash: sha256:8c3f0b8e0a2b7f1f6f0d0b7c4e1a9d2e5f3c6b8a7d9e0f1a2b3c4d5e6f708192
  creationTimestamp: "2024-09-01T08:00:02Z"
  labels:
    app: kube-proxy
  name: kube-proxy
  namespace: kube-system
  resourceVersion: "262"
  uid: 9a3b1c7e-2f4d-4e8a-b6c1-0d9e8f7a6b5c
`;
}

function flannelConfigMap(podCIDR) {
  return `apiVersion: v1
data:
  cni-conf.json: |
    {
      "name": "cbr0",
      "cniVersion": "0.3.1",
      "plugins": [
        {
          "type": "flannel",
          "delegate": {
            "hairpinMode": true,
            "isDefaultGateway": true
          }
        },
        {
          "type": "portmap",
          "capabilities": {
            "portMappings": true
          }
        }
      ]
    }
  net-conf.json: |
    {
      "Network": "${podCIDR}",
      "EnableNFTables": false,
      "Backend": {
        "Type": "vxlan"
      }
    }
kind: ConfigMap
metadata:
  labels:
    app: flannel
    k8s-app: flannel
    tier: node
  name: kube-flannel-cfg
  namespace: kube-flannel
`;
}

const FLANNEL_CONFLIST = `{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
`;

function ipAddr(cpIP, podCIDR) {
  const cni0 = podCIDR.replace(/\.0\/26$/, '.1/26');
  return `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host noprefixroute
       valid_lft forever preferred_lft forever
2: ens5: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP group default qlen 1000
    link/ether 02:5e:1c:7a:3b:41 brd ff:ff:ff:ff:ff:ff
    altname enp0s5
    inet ${cpIP}/16 metric 100 brd 10.0.255.255 scope global dynamic ens5
       valid_lft 2810sec preferred_lft 2810sec
    inet6 fe80::5e:1cff:fe7a:3b41/64 scope link
       valid_lft forever preferred_lft forever
3: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 8951 qdisc noqueue state UNKNOWN group default
    link/ether 7a:21:9c:44:0e:d3 brd ff:ff:ff:ff:ff:ff
    inet ${podCIDR.replace(/\/26$/, '/32')} scope global flannel.1
       valid_lft forever preferred_lft forever
4: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 8951 qdisc noqueue state UP group default qlen 1000
    link/ether 5a:8f:21:0c:9e:11 brd ff:ff:ff:ff:ff:ff
    inet ${cni0} brd ${podCIDR.replace(/\.0\/26$/, '.63')} scope global cni0
       valid_lft forever preferred_lft forever
`;
}

/** The claims the parsers make of this evidence, at the lines written: what `normalise` turns into facts. */
function observations(model, files) {
  const obs = [];
  const add = (file, kind, line, excerpt, claim, inferred = false) =>
    obs.push({ claim, inferred, source: { kind, file: `evidence/${file}`, line, excerpt: excerpt.trim() } });
  const lineOf = (text, needle) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  // ip addr: the host interface and its network
  const ip = files['ip-addr.txt'];
  add('ip-addr.txt', 'ip-addr', lineOf(ip, 'inet 10.0.'), `inet ${model.nodes[0].ip}/16`, { type: 'network', role: 'node', cidr: `${model.nodes[0].ip}/16`, isAddress: true });
  // manifests
  const api = files['kube-apiserver.yaml'];
  add('kube-apiserver.yaml', 'k8s-objects', lineOf(api, '--service-cluster-ip-range'), `- --service-cluster-ip-range=${SERVICE_CIDR}`, { type: 'network', role: 'service', cidr: SERVICE_CIDR });
  add('kube-apiserver.yaml', 'k8s-objects', lineOf(api, '--service-node-port-range'), '- --service-node-port-range=30000-32767', { type: 'nodePortRange', range: '30000-32767' });
  const kcm = files['kube-controller-manager.yaml'];
  add('kube-controller-manager.yaml', 'k8s-objects', lineOf(kcm, '--cluster-cidr'), `- --cluster-cidr=${model.podCIDR}`, { type: 'network', role: 'pod', cidr: model.podCIDR });
  add('kube-controller-manager.yaml', 'k8s-objects', lineOf(kcm, '--allocate-node-cidrs'), '- --allocate-node-cidrs=true', { type: 'allocateNodeCIDRs', value: true });
  add('kube-controller-manager.yaml', 'k8s-objects', lineOf(kcm, '--node-cidr-mask-size-ipv4'), `- --node-cidr-mask-size-ipv4=${NODE_MASK}`, { type: 'nodeCIDRMaskSize', family: 'IPv4', size: NODE_MASK });
  add('kube-controller-manager.yaml', 'k8s-objects', lineOf(kcm, '--service-cluster-ip-range'), `- --service-cluster-ip-range=${SERVICE_CIDR}`, { type: 'network', role: 'service', cidr: SERVICE_CIDR });
  // kube-proxy ConfigMap
  const kp = files['kube-proxy-configmap.yaml'];
  add('kube-proxy-configmap.yaml', 'k8s-objects', lineOf(kp, '    mode: '), `mode: "${model.proxyMode}"`, { type: 'proxyMode', mode: model.proxyMode });
  add('kube-proxy-configmap.yaml', 'k8s-objects', lineOf(kp, 'clusterCIDR:'), `clusterCIDR: ${POD_CIDR}`, { type: 'kubeProxyClusterCIDR', cidr: POD_CIDR });
  // flannel
  const fl = files['kube-flannel-cfg.yaml'];
  add('kube-flannel-cfg.yaml', 'k8s-objects', lineOf(fl, '"Network"'), `"Network": "${POD_CIDR}",`, { type: 'cni', name: 'flannel' });
  add('kube-flannel-cfg.yaml', 'k8s-objects', lineOf(fl, '"Network"'), `"Network": "${POD_CIDR}",`, { type: 'network', role: 'pod', cidr: POD_CIDR });
  add('kube-flannel-cfg.yaml', 'k8s-objects', lineOf(fl, '"Type": "vxlan"'), '"Type": "vxlan"', { type: 'cniSetting', field: 'encapsulation', value: 'vxlan' });
  add('10-flannel.conflist', 'cni-conf', lineOf(FLANNEL_CONFLIST, '"type": "flannel"'), '"type": "flannel",', { type: 'cni', name: 'flannel' });
  // DaemonSets
  model.daemonSets.forEach((d, k) => {
    const s = d.status;
    const t = d.spec.template.spec;
    add('daemonsets.json', 'k8s-objects', model.dsLines[k], `"name": "${d.metadata.name}",`, {
      type: 'daemonSet',
      namespace: d.metadata.namespace,
      name: d.metadata.name,
      desired: s.desiredNumberScheduled,
      current: s.currentNumberScheduled,
      ready: s.numberReady,
      upToDate: s.updatedNumberScheduled,
      available: s.numberAvailable,
      nodeSelector: t.nodeSelector,
      tolerations: t.tolerations,
      requiredNodeAffinity: null,
    });
  });
  // Nodes
  model.nodes.forEach((x, k) => {
    const roles = x.cp ? ['control-plane'] : [];
    add('nodes.json', 'k8s-objects', model.nodeLines[k], `"name": "${x.name}",`, {
      type: 'node',
      name: x.name,
      internalIPs: [x.ip],
      podCIDRs: [x.podCIDR],
      labels: x.labels,
      taints: x.taints.map(({ key, value, effect }) => ({ key, ...(value ? { value } : {}), effect })),
      ready: x.ready,
      os: 'linux',
      kernelVersion: x.kernel,
      kubeletVersion: K8S_VERSION,
      roles,
      cpu: x.cpu,
    });
  });
  return obs;
}

export async function generate({ seed = 42, size, broken, out }) {
  const r = rng(seed * 1_000_003 + size * 2 + (broken ? 1 : 0));
  const dir = join(out, `${size}-${broken ? 'broken' : 'healthy'}`);
  const ev = join(dir, 'evidence');
  mkdirSync(ev, { recursive: true });
  const cps = controlPlaneCount(size);
  const nodes = Array.from({ length: size }, (_, i) => makeNode(r, i, i < cps));
  const model = { nodes, podCIDR: broken ? POD_CIDR_BROKEN : POD_CIDR, proxyMode: broken ? 'userspace' : 'iptables' };
  const nodeList = writeList(join(ev, 'nodes.json'), nodes.map((x) => x.node), nameLine);
  model.nodeLines = nodeList.lines;
  model.daemonSets = daemonSets(model, broken);
  const dsList = writeList(join(ev, 'daemonsets.json'), model.daemonSets, nameLine);
  model.dsLines = dsList.lines;
  const files = {
    'kube-apiserver.yaml': apiserverManifest(nodes[0].ip),
    'kube-controller-manager.yaml': controllerManagerManifest(model.podCIDR),
    'kube-proxy-configmap.yaml': kubeProxyConfigMap(model.proxyMode),
    'kube-flannel-cfg.yaml': flannelConfigMap(POD_CIDR),
    '10-flannel.conflist': FLANNEL_CONFLIST,
    'ip-addr.txt': ipAddr(nodes[0].ip, nodes[0].podCIDR),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(ev, name), text);
  await Promise.all([nodeList.done, dsList.done]);

  const { normalise } = await import(join(ROOT, 'dist/src/facts/normalise.js'));
  const { validateFacts } = await import(join(ROOT, 'dist/src/schema/validate.js'));
  const { policyInput } = await import(join(ROOT, 'dist/src/policy/findings.js'));
  const facts = normalise(observations(model, files));
  validateFacts(facts, `generated facts (${size} nodes)`);
  writeFileSync(join(dir, 'facts.json'), `${JSON.stringify(facts, null, 2)}\n`);
  writeFileSync(join(dir, 'policy-input.json'), policyInput(facts));
  return dir;
}

async function main() {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '42' },
      sizes: { type: 'string', default: SIZES.join(',') },
      out: { type: 'string', default: join(ROOT, 'bench', 'out') },
    },
  });
  for (const size of values.sizes.split(',').map(Number)) {
    for (const broken of [false, true]) {
      const t = performance.now();
      const dir = await generate({ seed: Number(values.seed), size, broken, out: values.out });
      process.stderr.write(`${dir} (${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
