/**
 * The seed's lab cluster (examples/lab-complete) and its broken variant
 * (examples/lab-broken) as API objects, shaped as kubeadm and the manifests of
 * kube-proxy and weave-net create them (kubeadm's kube-proxy DaemonSet and
 * ConfigMap, its static pod manifests seen as mirror pods, weave-net 2.8.1's
 * DaemonSet), with the logs the lab write-ups quote served for their pods.
 * Status is written through /status, as a kubelet and the DaemonSet controller would.
 */
import { must, type Harness } from './apiserver.js';

export type Lab = 'complete' | 'broken';

interface NodeSpec {
  name: string;
  /** Its InternalIP; null for a node whose kubelet reported none (node02 of the broken lab). */
  ip: string | null;
  controlPlane: boolean;
}

interface LabSpec {
  version: string;
  nodes: NodeSpec[];
  podRange: string;
  proxyMode: string;
  /** DESIRED/CURRENT/READY/UP-TO-DATE/AVAILABLE of each DaemonSet. */
  kubeProxyCount: number;
  weaveCount: number;
  /** Pods whose logs the write-up quotes, with the text. */
  logs: { pod: string; node: string; container: string; ds: 'kube-proxy' | 'weave-net'; text: string }[];
}

export const LABS: Record<Lab, LabSpec> = {
  complete: {
    version: 'v1.31.0',
    nodes: [
      { name: 'controlplane', ip: '192.8.33.6', controlPlane: true },
      { name: 'node01', ip: '192.8.33.8', controlPlane: false },
    ],
    podRange: '10.244.0.0/16',
    proxyMode: 'iptables',
    kubeProxyCount: 2,
    weaveCount: 2,
    logs: [
      {
        pod: 'weave-net-wmjc2',
        node: 'node01',
        container: 'weave',
        ds: 'weave-net',
        text: 'INFO: 2024/12/31 10:16:52.609239 Command line options: map[conn-limit:200 datapath:datapath db-prefix:/weavedb/weave-net docker-api: expect-npc:true http-addr:127.0.0.1:6784 ipalloc-init:consensus=1 ipalloc-range:10.244.0.0/16 metrics-addr:0.0.0.0:6782 name:aa:ea:81:48:84:39 nickname:node01 no-dns:true no-masq-local:true port:6783]\n',
      },
      {
        pod: 'kube-proxy-f6h8r',
        node: 'node01',
        container: 'kube-proxy',
        ds: 'kube-proxy',
        text: [
          'I1231 10:16:50.420139       1 server_linux.go:66] "Using iptables proxy"',
          'I1231 10:16:50.589282       1 server.go:677] "Successfully retrieved node IP(s)" IPs=["192.8.33.8"]',
          'I1231 10:16:50.610996       1 conntrack.go:60] "Setting nf_conntrack_max" nfConntrackMax=1179648',
          'I1231 10:16:50.612501       1 conntrack.go:121] "Set sysctl" entry="net/netfilter/nf_conntrack_tcp_ti',
          '',
        ].join('\n'),
      },
    ],
  },
  broken: {
    version: 'v1.24.17',
    nodes: [
      { name: 'controlplane', ip: '192.8.33.6', controlPlane: true },
      { name: 'node01', ip: '192.8.33.8', controlPlane: false },
      { name: 'node02', ip: null, controlPlane: false },
    ],
    podRange: '10.100.0.0/16',
    proxyMode: 'userspace',
    kubeProxyCount: 2,
    weaveCount: 3,
    logs: [
      {
        pod: 'weave-net-wmjc2',
        node: 'node01',
        container: 'weave',
        ds: 'weave-net',
        text: 'INFO: 2025/01/07 09:02:11.118302 Command line options: map[conn-limit:200 datapath:datapath db-prefix:/weavedb/weave-net docker-api: expect-npc:true http-addr:127.0.0.1:6784 ipalloc-init:consensus=2 ipalloc-range:10.100.0.0/16 metrics-addr:0.0.0.0:6782 name:aa:ea:81:48:84:39 nickname:node01 no-dns:true no-masq-local:true port:6783]\n',
      },
      {
        pod: 'kube-proxy-x7k2p',
        node: 'node01',
        container: 'kube-proxy',
        ds: 'kube-proxy',
        text: [
          'I0107 09:01:58.201447       1 server_others.go:254] Using userspace Proxier.',
          'I0107 09:01:58.201931       1 server.go:650] Version: v1.24.17',
          'I0107 09:01:58.203315       1 conntrack.go:52] Setting nf_conntrack_max to 131072',
          '',
        ].join('\n'),
      },
    ],
  },
};

type Obj = { metadata: { name: string; [key: string]: unknown }; [key: string]: unknown };

const KS = '/api/v1/namespaces/kube-system';
const MERGE = { contentType: 'application/merge-patch+json' };

/** The ranges a lab may be seeded with instead of its own (a fleet of labs whose ranges collide or not). */
export interface LabRanges {
  podRange?: string;
  serviceRange?: string;
}

const SERVICE_RANGE = '10.96.0.0/12';

export async function seedLab(h: Harness, lab: Lab, ranges: LabRanges = {}): Promise<void> {
  const spec = { ...LABS[lab], ...(ranges.podRange ? { podRange: ranges.podRange } : {}) };
  const serviceRange = ranges.serviceRange ?? SERVICE_RANGE;
  await Promise.all(spec.nodes.map((n) => createNode(h, n, spec.version)));
  for (const sa of ['kube-proxy', 'weave-net']) {
    await must(h.request('POST', `${KS}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: 'kube-system' } }), `create ServiceAccount ${sa}`);
  }
  await must(h.request('POST', `${KS}/configmaps`, kubeProxyConfigMap(spec.proxyMode)), 'create ConfigMap kube-proxy');
  await must(h.request('POST', `${KS}/configmaps`, kubeadmConfig(spec.version, serviceRange)), 'create ConfigMap kubeadm-config');
  const ds = [
    { obj: kubeProxyDaemonSet(spec.version), count: spec.kubeProxyCount },
    { obj: weaveDaemonSet(spec.podRange), count: spec.weaveCount },
  ];
  for (const { obj, count } of ds) {
    await must(h.request('POST', '/apis/apps/v1/namespaces/kube-system/daemonsets', obj), `create DaemonSet ${obj.metadata.name}`);
    await must(
      h.request(
        'PATCH',
        `/apis/apps/v1/namespaces/kube-system/daemonsets/${obj.metadata.name}/status`,
        {
          status: {
            currentNumberScheduled: count,
            desiredNumberScheduled: count,
            numberMisscheduled: 0,
            numberReady: count,
            updatedNumberScheduled: count,
            numberAvailable: count,
            observedGeneration: 1,
          },
        },
        MERGE,
      ),
      `write the status of DaemonSet ${obj.metadata.name}`,
    );
  }
  const cp = spec.nodes.find((n) => n.controlPlane)!;
  await createPod(h, apiserverPod(cp, spec.version, serviceRange));
  await createPod(h, controllerManagerPod(cp, spec.version, serviceRange));
  for (const log of spec.logs) {
    await createPod(h, log.ds === 'kube-proxy' ? kubeProxyPod(log.pod, log.node, spec.version) : weavePod(log.pod, log.node, spec.podRange));
    h.setLog('kube-system', log.pod, log.container, log.text);
  }
}

export async function createNode(h: Harness, n: NodeSpec, version: string, opts: { skipStatus?: boolean } = {}): Promise<void> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
  };
  await must(
    h.request('POST', '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: n.name,
        labels,
        annotations: {
          'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: n.controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {},
    }),
    `create Node ${n.name}`,
  );
  if (opts.skipStatus) return;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await must(
    h.request(
      'PATCH',
      `/api/v1/nodes/${n.name}/status`,
      {
        status: {
          // The stand-in kubelet answers on localhost: the API server reaches a node by its Hostname address first.
          addresses: [...(n.ip ? [{ type: 'InternalIP', address: n.ip }] : []), { type: 'Hostname', address: 'localhost' }],
          daemonEndpoints: { kubeletEndpoint: { Port: h.kubeletPort } },
          capacity: { cpu: '2', 'ephemeral-storage': '101430960Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '4025760Ki', pods: '110' },
          allocatable: { cpu: '2', 'ephemeral-storage': '93478772582', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '3923360Ki', pods: '110' },
          conditions: [
            { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
            { type: 'DiskPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
            { type: 'PIDPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
            { type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
          ],
          nodeInfo: {
            architecture: 'amd64',
            bootID: '3f6d7a0e-6a1c-4c1f-9d51-0c7b1f0d2a11',
            containerRuntimeVersion: 'containerd://1.6.26',
            kernelVersion: '5.15.0-1071-gcp',
            kubeProxyVersion: version,
            kubeletVersion: version,
            machineID: 'c1c3bd4b3a8e4f7c9a6d2e5f8b0a1c2d',
            operatingSystem: 'linux',
            osImage: 'Ubuntu 22.04.4 LTS',
            systemUUID: 'c1c3bd4b-3a8e-4f7c-9a6d-2e5f8b0a1c2d',
          },
        },
      },
      MERGE,
    ),
    `write the status of Node ${n.name}`,
  );
}

async function createPod(h: Harness, pod: Obj): Promise<void> {
  await must(h.request('POST', `${KS}/pods`, pod), `create Pod ${pod.metadata.name}`);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await must(
    h.request('PATCH', `${KS}/pods/${pod.metadata.name}/status`, { status: { phase: 'Running', startTime: now, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] } }, MERGE),
    `write the status of Pod ${pod.metadata.name}`,
  );
}

function kubeProxyConfigMap(mode: string): object {
  // kubeadm's kube-proxy ConfigMap (cmd/kubeadm/app/phases/addons/proxy), mode set by the lab.
  const conf = [
    'apiVersion: kubeproxy.config.k8s.io/v1alpha1',
    'bindAddress: 0.0.0.0',
    'bindAddressHardFail: false',
    'clientConnection:',
    '  acceptContentTypes: ""',
    '  burst: 0',
    '  contentType: ""',
    '  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf',
    '  qps: 0',
    'clusterCIDR: ""',
    'configSyncPeriod: 0s',
    'conntrack:',
    '  maxPerCore: null',
    '  min: null',
    '  tcpCloseWaitTimeout: null',
    '  tcpEstablishedTimeout: null',
    'detectLocalMode: ""',
    'enableProfiling: false',
    'healthzBindAddress: ""',
    'hostnameOverride: ""',
    'iptables:',
    '  masqueradeAll: false',
    '  masqueradeBit: null',
    '  minSyncPeriod: 0s',
    '  syncPeriod: 0s',
    'ipvs:',
    '  excludeCIDRs: null',
    '  minSyncPeriod: 0s',
    '  scheduler: ""',
    '  strictARP: false',
    '  syncPeriod: 0s',
    'kind: KubeProxyConfiguration',
    'metricsBindAddress: ""',
    `mode: ${mode}`,
    'nodePortAddresses: null',
    'oomScoreAdj: null',
    'portRange: ""',
    'showHiddenMetricsForVersion: ""',
    'winkernel:',
    '  enableDSR: false',
    '  forwardHealthCheckVip: false',
    '  networkName: ""',
    '  rootHnsEndpointName: ""',
    '  sourceVip: ""',
    '',
  ].join('\n');
  const kubeconfig = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- cluster:',
    '    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    '    server: https://192.8.33.6:6443',
    '  name: default',
    'contexts:',
    '- context:',
    '    cluster: default',
    '    namespace: default',
    '    user: default',
    '  name: default',
    'current-context: default',
    'users:',
    '- name: default',
    '  user:',
    '    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token',
    '',
  ].join('\n');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { app: 'kube-proxy' }, annotations: { 'kubeadm.kubernetes.io/component-config.hash': 'sha256:4a1b9f0e3c6d2a7b8e5f1c0d9a3b6e2f7c4d8a1b5e9f2c6d0a3b7e1f4c8d2a5b' } },
    data: { 'config.conf': conf, 'kubeconfig.conf': kubeconfig },
  };
}

function kubeadmConfig(version: string, serviceRange: string): object {
  const cc = [
    'apiServer: {}',
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'caCertificateValidityPeriod: 87600h0m0s',
    'certificateValidityPeriod: 8760h0m0s',
    'certificatesDir: /etc/kubernetes/pki',
    'clusterName: kubernetes',
    'controllerManager: {}',
    'dns: {}',
    'encryptionAlgorithm: RSA-2048',
    'etcd:',
    '  local:',
    '    dataDir: /var/lib/etcd',
    'imageRepository: registry.k8s.io',
    'kind: ClusterConfiguration',
    `kubernetesVersion: ${version}`,
    'networking:',
    '  dnsDomain: cluster.local',
    `  serviceSubnet: ${serviceRange}`,
    'proxy: {}',
    'scheduler: {}',
    '',
  ].join('\n');
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kubeadm-config', namespace: 'kube-system' }, data: { ClusterConfiguration: cc } };
}

function kubeProxyDaemonSet(version: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          containers: [
            {
              name: 'kube-proxy',
              image: `registry.k8s.io/kube-proxy:${version}`,
              command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
              env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
              securityContext: { privileged: true },
              volumeMounts: [
                { name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' },
                { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
                { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
              ],
            },
          ],
          hostNetwork: true,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'kube-proxy',
          tolerations: [{ operator: 'Exists' }],
          volumes: [
            { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
            { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
            { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
          ],
        },
      },
    },
  };
}

function weaveDaemonSet(range: string): Obj {
  // weave-net 2.8.1's published manifest (weave-daemonset-k8s.yaml), IPALLOC_RANGE as the lab set it.
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'weave-net', namespace: 'kube-system', labels: { name: 'weave-net' } },
    spec: {
      minReadySeconds: 5,
      selector: { matchLabels: { name: 'weave-net' } },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels: { name: 'weave-net' } },
        spec: {
          containers: [
            {
              name: 'weave',
              image: 'weaveworks/weave-kube:2.8.1',
              command: ['/home/weave/launch.sh'],
              env: [
                { name: 'IPALLOC_RANGE', value: range },
                { name: 'INIT_CONTAINER', value: 'true' },
                { name: 'HOSTNAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
              ],
              readinessProbe: { httpGet: { host: '127.0.0.1', path: '/status', port: 6784 } },
              securityContext: { privileged: true },
            },
            {
              name: 'weave-npc',
              image: 'weaveworks/weave-npc:2.8.1',
              env: [{ name: 'HOSTNAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
              securityContext: { privileged: true },
            },
          ],
          hostNetwork: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          hostPID: false,
          priorityClassName: 'system-node-critical',
          restartPolicy: 'Always',
          securityContext: { seLinuxOptions: {} },
          serviceAccountName: 'weave-net',
          tolerations: [
            { effect: 'NoSchedule', operator: 'Exists' },
            { effect: 'NoExecute', operator: 'Exists' },
          ],
        },
      },
    },
  };
}

function mirrorPod(name: string, component: string, node: NodeSpec, command: string[], image: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${name}-${node.name}`,
      namespace: 'kube-system',
      labels: { component, tier: 'control-plane' },
      annotations: {
        'kubernetes.io/config.hash': '9c2d1e4b7a3f6e8d0c5b2a1f4e7d3c6b',
        'kubernetes.io/config.mirror': '9c2d1e4b7a3f6e8d0c5b2a1f4e7d3c6b',
        'kubernetes.io/config.seen': '2024-12-31T10:15:40.112345678Z',
        'kubernetes.io/config.source': 'file',
        ...(component === 'kube-apiserver' ? { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${node.ip}:6443` } : {}),
      },
    },
    spec: {
      nodeName: node.name,
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: component, image, command, resources: { requests: { cpu: component === 'kube-apiserver' ? '250m' : '200m' } } }],
      tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
    },
  };
}

function apiserverPod(node: NodeSpec, version: string, serviceRange: string): Obj {
  return mirrorPod(
    'kube-apiserver',
    'kube-apiserver',
    node,
    [
      'kube-apiserver',
      `--advertise-address=${node.ip}`,
      '--allow-privileged=true',
      '--authorization-mode=Node,RBAC',
      '--client-ca-file=/etc/kubernetes/pki/ca.crt',
      '--enable-admission-plugins=NodeRestriction',
      '--enable-bootstrap-token-auth=true',
      '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
      '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
      '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
      '--etcd-servers=https://127.0.0.1:2379',
      '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
      '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
      '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
      '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
      '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-username-headers=X-Remote-User',
      '--secure-port=6443',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
      '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
      `--service-cluster-ip-range=${serviceRange}`,
      '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
      '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
    ],
    `registry.k8s.io/kube-apiserver:${version}`,
  );
}

function controllerManagerPod(node: NodeSpec, version: string, serviceRange: string): Obj {
  return mirrorPod(
    'kube-controller-manager',
    'kube-controller-manager',
    node,
    [
      'kube-controller-manager',
      '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
      '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
      '--bind-address=127.0.0.1',
      '--client-ca-file=/etc/kubernetes/pki/ca.crt',
      '--cluster-name=kubernetes',
      '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
      '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
      '--controllers=*,bootstrapsigner,tokencleaner',
      '--kubeconfig=/etc/kubernetes/controller-manager.conf',
      '--leader-elect=true',
      '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
      '--root-ca-file=/etc/kubernetes/pki/ca.crt',
      '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
      `--service-cluster-ip-range=${serviceRange}`,
      '--use-service-account-credentials=true',
    ],
    `registry.k8s.io/kube-controller-manager:${version}`,
  );
}

function kubeProxyPod(name: string, node: string, version: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'kube-system', labels: { 'controller-revision-hash': '7f5c9d8b6', 'k8s-app': 'kube-proxy', 'pod-template-generation': '1' } },
    spec: {
      nodeName: node,
      hostNetwork: true,
      serviceAccountName: 'kube-proxy',
      automountServiceAccountToken: false,
      containers: [{ name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${version}`, command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf'] }],
      tolerations: [{ operator: 'Exists' }],
    },
  };
}

function weavePod(name: string, node: string, range: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'kube-system', labels: { 'controller-revision-hash': '6d8c7b9f5', name: 'weave-net', 'pod-template-generation': '1' } },
    spec: {
      nodeName: node,
      hostNetwork: true,
      serviceAccountName: 'weave-net',
      automountServiceAccountToken: false,
      containers: [
        { name: 'weave', image: 'weaveworks/weave-kube:2.8.1', env: [{ name: 'IPALLOC_RANGE', value: range }] },
        { name: 'weave-npc', image: 'weaveworks/weave-npc:2.8.1' },
      ],
      tolerations: [{ effect: 'NoSchedule', operator: 'Exists' }],
    },
  };
}
