/**
 * kube-system ConfigMaps as `kubectl get cm -n kube-system NAME -o yaml|json`
 * prints them on a kubeadm 1.31 cluster: kube-proxy (config.conf and
 * kubeconfig.conf, written by cmd/kubeadm/app/phases/addons/proxy),
 * kubeadm-config (ClusterConfiguration) and kubelet-config (kubelet).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

const KUBE_PROXY_CM = `apiVersion: v1
data:
  config.conf: |-
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    bindAddress: 0.0.0.0
    clientConnection:
      kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
    clusterCIDR: 10.244.0.0/16
    conntrack:
      maxPerCore: null
      min: null
    ipvs:
      scheduler: ""
      strictARP: false
    kind: KubeProxyConfiguration
    mode: ipvs
    nftables:
      masqueradeAll: false
  kubeconfig.conf: |-
    apiVersion: v1
    kind: Config
    clusters:
    - cluster:
        certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
        server: https://192.8.33.6:6443
      name: default
kind: ConfigMap
metadata:
  annotations:
    kubeadm.kubernetes.io/component-config.hash: sha256:9d5f0f1b4c6a3e2b1d0c9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c
  creationTimestamp: "2025-01-07T08:51:04Z"
  labels:
    app: kube-proxy
  name: kube-proxy
  namespace: kube-system
  resourceVersion: "233"
  uid: 8f1c6f3e-7d2b-4c1a-9e0f-5a4b3c2d1e0f
`;

test('kube-proxy ConfigMap: config.conf read with true file lines', () => {
  const res = k8sObjects.parse(splitLines(KUBE_PROXY_CM), {});
  assert.equal(res.diagnostics, []);
  assert.equal(res.observations.map((o) => [o.claim, o.line, o.excerpt]), [
    [{ type: 'proxyMode', mode: 'ipvs' }, 16, 'mode: ipvs'],
    [{ type: 'kubeProxyClusterCIDR', cidr: '10.244.0.0/16' }, 8, 'clusterCIDR: 10.244.0.0/16'],
  ]);
});

test('the same ConfigMap as -o json: the config is one quoted line, excerpts come from inside it', () => {
  const json = JSON.stringify(
    {
      apiVersion: 'v1',
      data: { 'config.conf': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nclusterCIDR: 10.244.0.0/16\nkind: KubeProxyConfiguration\nmode: ""\n', 'kubeconfig.conf': 'apiVersion: v1\n' },
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: 'kube-system' },
    },
    null,
    4,
  );
  const res = k8sObjects.parse(splitLines(json), {});
  assert.equal(res.diagnostics, []);
  assert.equal(res.observations.map((o) => [o.claim, o.line, o.excerpt, o.inferred === true]), [
    [{ type: 'proxyMode', mode: 'iptables' }, 4, 'apiVersion: kubeproxy.config.k8s.io/v1alpha1', true],
    [{ type: 'kubeProxyClusterCIDR', cidr: '10.244.0.0/16' }, 4, 'clusterCIDR: 10.244.0.0/16', false],
  ]);
});

const KUBEADM_CONFIG_CM = `apiVersion: v1
data:
  ClusterConfiguration: |
    apiServer: {}
    apiVersion: kubeadm.k8s.io/v1beta4
    caCertificateValidityPeriod: 87600h0m0s
    certificateValidityPeriod: 8760h0m0s
    certificatesDir: /etc/kubernetes/pki
    clusterName: kubernetes
    controllerManager: {}
    dns: {}
    encryptionAlgorithm: RSA-2048
    etcd:
      local:
        dataDir: /var/lib/etcd
    imageRepository: registry.k8s.io
    kind: ClusterConfiguration
    kubernetesVersion: v1.31.0
    networking:
      dnsDomain: cluster.local
      podSubnet: 10.244.0.0/16
      serviceSubnet: 10.96.0.0/12
    proxy: {}
    scheduler: {}
kind: ConfigMap
metadata:
  creationTimestamp: "2025-01-07T08:51:03Z"
  name: kubeadm-config
  namespace: kube-system
  resourceVersion: "205"
  uid: 2b7d3c4e-1f0a-4b9c-8d7e-6f5a4b3c2d1e
---
apiVersion: v1
data:
  kubelet: |
    apiVersion: kubelet.config.k8s.io/v1beta1
    clusterDNS:
    - 10.96.0.10
    clusterDomain: cluster.local
    kind: KubeletConfiguration
kind: ConfigMap
metadata:
  name: kubelet-config
  namespace: kube-system
`;

test('kubeadm-config and kubelet-config ConfigMaps', () => {
  const res = k8sObjects.parse(splitLines(KUBEADM_CONFIG_CM.replace(/\n/g, '\r\n')), {});
  assert.equal(res.diagnostics, []);
  assert.equal(res.observations.map((o) => [o.claim, o.line]), [
    [{ type: 'distribution', name: 'kubeadm' }, 17],
    [{ type: 'clusterVersion', version: 'v1.31.0' }, 18],
    [{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, 21],
    [{ type: 'network', role: 'service', cidr: '10.96.0.0/12' }, 22],
    [{ type: 'proxyMode', mode: 'iptables', installerDefault: 'kubeadm' }, 17],
    [{ type: 'allocateNodeCIDRs', value: true }, 21],
    [{ type: 'controllerManagerServiceRange', value: true }, 21],
    [{ type: 'clusterDNS', ip: '10.96.0.10' }, 38],
  ]);
});

test('other ConfigMaps and other namespaces are not read; a bad embedded value is an error at its file line', () => {
  const other = k8sObjects.parse(splitLines(KUBE_PROXY_CM.replace('namespace: kube-system', 'namespace: default')), {});
  assert.equal(other.observations, []);
  assert.equal(other.diagnostics.map((d) => d.level), ['skipped']);
  const bad = k8sObjects.parse(splitLines(KUBE_PROXY_CM.replace('clusterCIDR: 10.244.0.0/16', 'clusterCIDR: 10.244.0.0/8x')), {});
  assert.equal(bad.diagnostics.map((d) => [d.level, d.line]), [['error', 8]]);
  const broken = k8sObjects.parse(splitLines(KUBE_PROXY_CM.replace('    mode: ipvs', '    mode: [ipvs')), {});
  assert.equal(broken.diagnostics.map((d) => d.level), ['error']);
  assert.ok((broken.diagnostics[0]?.line ?? 0) >= 16);
});

test.run();
