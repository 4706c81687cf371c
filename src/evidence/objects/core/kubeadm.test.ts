/**
 * kubeadm configs as operators write them: the v1beta4 shape of `kubeadm config
 * print init-defaults` (kubeadm 1.31) edited for a dual-stack cluster, with
 * KubeletConfiguration and KubeProxyConfiguration documents; v1beta3 (kubeadm
 * 1.22-1.30) with map extraArgs; and a legacy v1beta2 ClusterConfiguration.
 * Field names from cmd/kubeadm/app/apis/kubeadm/v1beta{3,4}/types.go.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

export const V1BETA4 = `apiVersion: kubeadm.k8s.io/v1beta4
bootstrapTokens:
- groups:
  - system:bootstrappers:kubeadm:default-node-token
  token: abcdef.0123456789abcdef
  ttl: 24h0m0s
  usages:
  - signing
  - authentication
certificateKey: e6a2eb8581237ab72a4f494f30285ec12a9694d750b9785706a83bfcbbbd2204
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: 192.8.33.6
  bindPort: 6443
nodeRegistration:
  criSocket: unix:///var/run/containerd/containerd.sock
  imagePullPolicy: IfNotPresent
  name: controlplane
  taints:
  - effect: NoSchedule
    key: node-role.kubernetes.io/control-plane
---
apiServer:
  extraArgs:
  - name: service-node-port-range
    value: 30000-32767
apiVersion: kubeadm.k8s.io/v1beta4
clusterName: kubernetes
controllerManager:
  extraArgs:
  - name: node-cidr-mask-size-ipv4
    value: "24"
  - name: node-cidr-mask-size-ipv6
    value: "64"
kind: ClusterConfiguration
kubernetesVersion: v1.31.0
networking:
  dnsDomain: cluster.local
  podSubnet: 10.244.0.0/16,fd00:10:244::/56
  serviceSubnet: 10.96.0.0/12,fd00:10:96::/112
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ipvs
ipvs:
  strictARP: true
`;

type Row = [string, unknown, number, boolean];
const rows = (text: string): Row[] =>
  k8sObjects.parse(splitLines(text), {}).observations.map((o) => [o.claim.type, o.claim, o.line, o.inferred === true]);

test('v1beta4 multi-document: networking, {name, value} extraArgs, clusterDNS, proxy mode', () => {
  const res = k8sObjects.parse(splitLines(V1BETA4), {});
  assert.equal(res.diagnostics, [{ level: 'skipped', line: 1, message: 'InitConfiguration: no networking facts (its bootstrap tokens and keys are never read)' }]);
  assert.equal(rows(V1BETA4).map(([, c, l, inf]) => [c, l, inf]), [
    [{ type: 'distribution', name: 'kubeadm' }, 35],
    [{ type: 'clusterVersion', version: 'v1.31.0' }, 36],
    [{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, 39],
    [{ type: 'network', role: 'pod', cidr: 'fd00:10:244::/56' }, 39],
    [{ type: 'network', role: 'service', cidr: '10.96.0.0/12' }, 40],
    [{ type: 'network', role: 'service', cidr: 'fd00:10:96::/112' }, 40],
    [{ type: 'nodePortRange', range: '30000-32767' }, 25],
    [{ type: 'proxyMode', mode: 'iptables', installerDefault: 'kubeadm' }, 35],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 24 }, 31],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv6', size: 64 }, 33],
    [{ type: 'allocateNodeCIDRs', value: true }, 39],
    [{ type: 'controllerManagerServiceRange', value: true }, 39],
    [{ type: 'clusterDNS', ip: '10.96.0.10' }, 46],
    [{ type: 'proxyMode', mode: 'ipvs' }, 50],
  ].map(([c, l], i) => [c, l, i === 0 || i === 7 || i === 10 || i === 11]));
});

test('no excerpt or message carries the bootstrap token or certificateKey', () => {
  const res = k8sObjects.parse(splitLines(V1BETA4), {});
  const all = JSON.stringify(res);
  assert.not.match(all, /0123456789abcdef/);
  assert.not.match(all, /e6a2eb8581237ab7/);
});

export const V1BETA3 = `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
kubernetesVersion: stable-1.29
apiServer:
  extraArgs:
    service-cluster-ip-range: 10.112.0.0/12
controllerManager:
  extraArgs:
    allocate-node-cidrs: "false"
    cluster-cidr: 10.32.0.0/12
    node-cidr-mask-size: "26"
networking:
  podSubnet: 10.32.0.0/12
`;

test('v1beta3 map extraArgs; a version label is skipped; the apiserver flag stands in for serviceSubnet', () => {
  const res = k8sObjects.parse(splitLines(V1BETA3), {});
  assert.equal(res.diagnostics, [{ level: 'skipped', line: 3, message: 'kubernetesVersion stable-1.29: a release label resolved when kubeadm runs, not a version' }]);
  assert.equal(rows(V1BETA3).map(([, c, l, inf]) => [c, l, inf]), [
    [{ type: 'distribution', name: 'kubeadm' }, 2, true],
    [{ type: 'network', role: 'pod', cidr: '10.32.0.0/12' }, 13, false],
    [{ type: 'network', role: 'service', cidr: '10.112.0.0/12' }, 6, false],
    [{ type: 'proxyMode', mode: 'iptables', installerDefault: 'kubeadm' }, 2, true],
    [{ type: 'allocateNodeCIDRs', value: false }, 9, false],
    [{ type: 'network', role: 'pod', cidr: '10.32.0.0/12' }, 10, false],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 26 }, 11, false],
    [{ type: 'controllerManagerServiceRange', value: true }, 13, true],
  ]);
});

test("without serviceSubnet or the flag, kubeadm's default 10.96.0.0/12, inferred, at the object", () => {
  const text = 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16\n';
  assert.equal(rows(text).filter(([t]) => t === 'network').map(([, c, l, inf]) => [c, l, inf]), [
    [{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, 4, false],
    [{ type: 'network', role: 'service', cidr: '10.96.0.0/12' }, 1, true],
  ]);
});

test('legacy v1beta2 is read with a warning; other versions and bad ranges are errors', () => {
  const v2 = `apiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n`;
  const res = k8sObjects.parse(splitLines(v2), {});
  assert.equal(res.diagnostics.map((d) => [d.level, d.line]), [['warning', 1]]);
  assert.match(res.diagnostics[0]!.message, /removed in kubeadm 1\.27/);
  assert.is(res.observations.length, 6); // distribution, pod, service, kube-proxy's default mode; allocate-node-cidrs and the controller-manager's service range (inferred)
  const v1 = k8sObjects.parse(splitLines(v2.replace('v1beta2', 'v1beta1')), {});
  assert.equal(v1.diagnostics.map((d) => [d.level, d.line]), [['error', 1]]);
  assert.equal(v1.observations, []);
  const bad = k8sObjects.parse(splitLines(V1BETA4.replace('podSubnet: 10.244.0.0/16', 'podSubnet: 10.244.0.0/33').replace('value: "24"', 'value: "40"')), {});
  assert.equal(bad.diagnostics.filter((d) => d.level === 'error').map((d) => d.line), [39, 31]);
});

// kubeadm 1.37 refuses v1beta3 ("your configuration file uses an old API spec ... Please use kubeadm
// v1.36 instead and run 'kubeadm config migrate'"): said, with the command, and the networking still read.
test('v1beta3 for Kubernetes 1.37 or newer: a warning with the migrate command; the networking is still read', () => {
  const text = `apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.37.2\nnetworking:\n  podSubnet: 10.244.0.0/16\n  serviceSubnet: 10.96.0.0/12\n`;
  const res = k8sObjects.parse(splitLines(text), {});
  assert.equal(res.diagnostics.map((d) => [d.level, d.line]), [['warning', 1]]);
  assert.match(res.diagnostics[0]!.message, /kubeadm 1\.37 and newer refuse this API version .*kubeadm config migrate --old-config old\.yaml --new-config new\.yaml/);
  assert.ok(res.observations.some((o) => o.claim.type === 'network' && o.claim.role === 'pod'));
  assert.equal(k8sObjects.parse(splitLines(text.replace('v1.37.2', 'v1.36.4')), {}).diagnostics, []);
  assert.equal(k8sObjects.parse(splitLines(text.replace('v1beta3', 'v1beta4')), {}).diagnostics, []);
});

test('JoinConfiguration: skipped, its discovery token never read', () => {
  const join = `apiVersion: kubeadm.k8s.io/v1beta4
kind: JoinConfiguration
discovery:
  bootstrapToken:
    apiServerEndpoint: 192.8.33.6:6443
    token: abcdef.0123456789abcdef
    caCertHashes:
    - sha256:7c2e4a7a0d5bd8c4e1b1f1e1e1c5b9c1c0e1e1f1a1b1c1d1e1f1a1b1c1d1e1f1
nodeRegistration:
  name: node01
`;
  const res = k8sObjects.parse(splitLines(join), {});
  assert.equal(res.observations, []);
  assert.equal(res.diagnostics.map((d) => d.level), ['skipped']);
  assert.not.match(JSON.stringify(res), /0123456789abcdef/);
});


const CLUSTER_ONLY = `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: v1.33.0
networking:
  podSubnet: 10.244.0.0/16,fd00:10:244::/56
  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112
`;

test("kube-proxy's mode: kubeadm's default (iptables) as an installer default, unless kube-proxy is disabled", () => {
  const mode = rows(CLUSTER_ONLY).filter(([t]) => t === 'proxyMode' || t === 'kubeProxyPresent');
  assert.equal(mode, [['proxyMode', { type: 'proxyMode', mode: 'iptables', installerDefault: 'kubeadm' }, 2, true]]);
  const disabled = `${CLUSTER_ONLY}proxy:\n  disabled: true\n`;
  assert.equal(rows(disabled).filter(([t]) => t === 'proxyMode' || t === 'kubeProxyPresent'), [['kubeProxyPresent', { type: 'kubeProxyPresent', present: false }, 8, false]]);
});

test('InitConfiguration skipPhases addon/kube-proxy (or addon): kube-proxy is not deployed; nothing else of it is read', () => {
  for (const phase of ['addon/kube-proxy', 'addon']) {
    const text = `apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nbootstrapTokens:\n- token: abcdef.0123456789abcdef\nskipPhases:\n- preflight\n- ${phase}\n`;
    const res = k8sObjects.parse(splitLines(text), {});
    assert.equal(rows(text), [['kubeProxyPresent', { type: 'kubeProxyPresent', present: false }, 7, false]]);
    assert.equal(res.diagnostics, []);
    assert.not.match(JSON.stringify(res), /abcdef/);
  }
  const other = 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nskipPhases:\n- addon/coredns\n';
  assert.equal(rows(other), []);
});

test("podSubnet and serviceSubnet lists as kubeadm splits them: an empty or spaced element, or three CIDRs, is an error at the field's line", () => {
  const at = (podSubnet: string): [string, number | null][] =>
    k8sObjects
      .parse(splitLines(`apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: "${podSubnet}"\n`), {})
      .diagnostics.filter((d) => d.level === 'error')
      .map((d) => [d.message, d.line]);
  assert.equal(at('10.244.0.0/16,'), [['networking.podSubnet "10.244.0.0/16,": an empty element: kubeadm splits the list on commas alone and cannot parse it', 4]]);
  assert.equal(at('10.244.0.0/16, fd00:10:244::/56'), [['networking.podSubnet "10.244.0.0/16, fd00:10:244::/56": " fd00:10:244::/56" has spaces: kubeadm splits the list on commas alone and cannot parse it', 4]]);
  assert.equal(at('10.244.0.0/16,fd00:10:244::/56,10.245.0.0/16'), [['networking.podSubnet "10.244.0.0/16,fd00:10:244::/56,10.245.0.0/16": 3 CIDRs: expected one (IPv4 or IPv6), or two of different families for dual-stack', 4]]);
  assert.equal(at('10.244.0.0/16,fd00:10:244::/56'), []);
});

test('networking.dnsDomain must be a DNS-1123 subdomain, as kubeadm requires', () => {
  const errors = (domain: string): string[] =>
    k8sObjects
      .parse(splitLines(`apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  dnsDomain: "${domain}"\n`), {})
      .diagnostics.filter((d) => d.level === 'error')
      .map((d) => `${d.line}: ${d.message}`);
  for (const good of ['cluster.local', 'k8s.example.com', 'a'.repeat(64), '']) assert.equal(errors(good), [], good);
  for (const bad of ['Cluster.Local', 'cluster_local', 'cluster..local', '-cluster.local', 'cluster.local.']) {
    assert.equal(errors(bad), [`4: networking.dnsDomain ${JSON.stringify(bad)}: must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. cluster.local)`], bad);
  }
  assert.equal(errors(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`), ['4: networking.dnsDomain "' + `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}` + '": must be no more than 253 characters (a DNS-1123 subdomain), has 255']);
});

test.run();
