/**
 * cilium-config as the Cilium Helm chart renders it
 * (install/kubernetes/cilium/templates/cilium-configmap.yaml, 1.15/1.16: keys sorted
 * by `kubectl get cm cilium-config -o yaml`), and the pre-1.14 form with
 * `tunnel: vxlan` and `kube-proxy-replacement: strict`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';
import type { Claim, ParseResult } from '../../types.js';

const parse = (text: string): ParseResult => k8sObjects.parse(splitLines(text), {});
const of = (r: ParseResult, type: Claim['type']): [Claim, number, boolean][] =>
  r.observations.filter((o) => o.claim.type === type).map((o) => [o.claim, o.line, o.inferred === true]);
const setting = (r: ParseResult, field: string): unknown[] =>
  r.observations.flatMap((o) => (o.claim.type === 'cniSetting' && o.claim.field === field ? [[o.claim.value, o.line, o.inferred === true]] : []));

const KPR = `apiVersion: v1
data:
  agent-not-ready-taint-key: node.cilium.io/agent-not-ready
  arping-refresh-period: 30s
  auto-direct-node-routes: "false"
  bpf-lb-external-clusterip: "false"
  bpf-lb-map-max: "65536"
  bpf-lb-sock: "false"
  bpf-map-dynamic-size-ratio: "0.0025"
  bpf-policy-map-max: "16384"
  bpf-root: /sys/fs/bpf
  cgroup-root: /run/cilium/cgroupv2
  cluster-id: "0"
  cluster-name: default
  cluster-pool-ipv4-cidr: 10.0.0.0/16
  cluster-pool-ipv4-mask-size: "24"
  cluster-pool-ipv6-cidr: fd00:10:0::/104
  cluster-pool-ipv6-mask-size: "120"
  custom-cni-conf: "false"
  debug: "false"
  enable-ipv4: "true"
  enable-ipv6: "true"
  enable-l7-proxy: "true"
  enable-policy: default
  identity-allocation-mode: crd
  ipam: cluster-pool
  k8s-service-host: 192.168.56.10
  k8s-service-port: "6443"
  kube-proxy-replacement: "true"
  kube-proxy-replacement-healthz-bind-address: ""
  mtu: "1450"
  routing-mode: tunnel
  tunnel-protocol: vxlan
kind: ConfigMap
metadata:
  annotations:
    meta.helm.sh/release-name: cilium
    meta.helm.sh/release-namespace: kube-system
  labels:
    app.kubernetes.io/managed-by: Helm
  name: cilium-config
  namespace: kube-system
`;

test('kube-proxy replacement, dual-stack cluster-pool, vxlan, MTU: each at its line', () => {
  const r = parse(KPR);
  assert.equal(r.diagnostics, []);
  assert.equal(of(r, 'kubeProxyReplacement'), [[{ type: 'kubeProxyReplacement', name: 'cilium' }, 29, false]]);
  assert.equal(of(r, 'ipPool').map(([c, l]) => (c.type === 'ipPool' ? [c.name, c.cidr, c.blockSize, l] : null)), [
    ['cluster-pool', '10.0.0.0/16', 24, 15],
    ['cluster-pool', 'fd00:10:0::/104', 120, 17],
  ]);
  assert.equal(setting(r, 'ipam'), [['pool', 26, false]]);
  assert.equal(setting(r, 'encapsulation'), [['vxlan', 33, false]]);
  assert.equal(setting(r, 'mtu'), [[1450, 31, false]]);
  assert.equal(setting(r, 'enforcesNetworkPolicy'), [[true, 24, false]]);
  assert.equal(of(r, 'cni'), [[{ type: 'cni', name: 'cilium' }, 41, false]]);
});

test('kubernetes IPAM: node podCIDRs are authoritative, cluster-pool keys are unused; native routing', () => {
  const r = parse(`apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  ipam: kubernetes
  cluster-pool-ipv4-cidr: 10.0.0.0/8
  kube-proxy-replacement: "false"
  routing-mode: native
  ipv4-native-routing-cidr: 10.244.0.0/16
  enable-policy: never
`);
  assert.equal(of(r, 'ipPool'), []);
  assert.equal(setting(r, 'ipam'), [['node-podcidr', 7, false]]);
  assert.equal(setting(r, 'encapsulation'), [['none', 10, false]]);
  assert.equal(setting(r, 'enforcesNetworkPolicy'), [[false, 12, false]]);
  assert.equal(of(r, 'kubeProxyReplacement'), []);
  assert.equal(r.diagnostics.map((d) => [d.level, d.line]), [['skipped', 8]]);
});

test('before 1.14: tunnel: geneve and kube-proxy-replacement: strict; partial is not a replacement', () => {
  const cm = (kpr: string): ParseResult =>
    parse(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\n  namespace: kube-system\ndata:\n  tunnel: geneve\n  kube-proxy-replacement: ${kpr}\n  cluster-pool-ipv4-cidr: "10.0.0.0/11 10.64.0.0/11"\n`);
  const strict = cm('strict');
  assert.equal(of(strict, 'kubeProxyReplacement').length, 1);
  assert.equal(setting(strict, 'encapsulation'), [['geneve', 7, false]]);
  assert.equal(of(strict, 'ipPool').map(([c]) => (c.type === 'ipPool' ? [c.cidr, c.blockSize] : null)), [
    ['10.0.0.0/11', 24],
    ['10.64.0.0/11', 24],
  ]);
  const partial = cm('partial');
  assert.equal(of(partial, 'kubeProxyReplacement'), []);
  assert.equal(partial.diagnostics.map((d) => [d.level, d.line]), [['skipped', 8]]);
});

test('ENI IPAM: neither model, skipped with a reason; invalid values are errors', () => {
  const eni = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  ipam: eni\n');
  assert.equal(setting(eni, 'ipam'), []);
  assert.match(eni.diagnostics[0]?.message ?? '', /cloud/);
  const bad = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  ipam: cluster-pool\n  cluster-pool-ipv4-cidr: 10.0.0.0/8\n  cluster-pool-ipv4-mask-size: "33"\n  kube-proxy-replacement: "yes"\n');
  assert.equal(bad.diagnostics.map((d) => [d.level, d.line]), [
    ['error', 7],
    ['error', 9],
  ]);
});


// Cilium's WireGuard on a Geneve tunnel with a hybrid DSR load balancer using
// Geneve dispatch (option names: pkg/option/config.go, pkg/loadbalancer/config.go).
test('encryption and DSR dispatch: enable-wireguard, bpf-lb-mode hybrid, bpf-lb-dsr-dispatch geneve', () => {
  const r = parse(`apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  routing-mode: tunnel
  tunnel-protocol: geneve
  enable-wireguard: "true"
  bpf-lb-mode: hybrid
  bpf-lb-dsr-dispatch: geneve
  mtu: "1500"
`);
  assert.equal(r.diagnostics, []);
  assert.equal(setting(r, 'encryption'), [['wireguard', 9, false]]);
  assert.equal(setting(r, 'dsrDispatch'), [['geneve', 11, false]]);
  const snat = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  enable-wireguard: "false"\n  enable-ipsec: "true"\n  bpf-lb-mode: snat\n');
  assert.equal(setting(snat, 'encryption'), [['ipsec', 7, false]]);
  assert.equal(setting(snat, 'dsrDispatch'), [['none', 8, false]]);
  const bad = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  enable-wireguard: "yes please"\n  bpf-lb-mode: dsr\n  bpf-lb-dsr-dispatch: gre\n');
  assert.equal(bad.diagnostics.map((d) => [d.level, d.line, d.message]), [
    ['error', 6, 'cilium-config enable-wireguard "yes please": expected true or false'],
    ['error', 8, 'cilium-config bpf-lb-dsr-dispatch "gre": expected opt, ipip or geneve'],
  ]);
});

// Cluster Mesh identity (pkg/clustermesh/types/option.go): cluster-id 0..255, or
// 0..511 with max-connected-clusters 511; names of at most 32 lower-case characters.
test('Cluster Mesh identity: cluster-name, cluster-id and max-connected-clusters at their lines; invalid ones are errors', () => {
  const ident = (r: ParseResult): unknown[] => r.observations.flatMap((o) => (o.claim.type === 'ciliumCluster' ? [[o.claim.field, o.claim.value, o.line]] : []));
  const kpr = parse(KPR);
  assert.equal(ident(kpr), [
    ['clusterName', 'default', 14],
    ['clusterId', 0, 13],
  ]);
  const wide = parse('apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: cilium-config\r\ndata:\r\n  cluster-name: eu-west-1\r\n  cluster-id: "300"\r\n  max-connected-clusters: "511"\r\n');
  assert.equal(wide.diagnostics, []);
  assert.equal(ident(wide), [
    ['maxConnectedClusters', 511, 8],
    ['clusterName', 'eu-west-1', 6],
    ['clusterId', 300, 7],
  ]);
  const bad = parse('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cilium-config\ndata:\n  cluster-name: EU_West\n  cluster-id: "256"\n  max-connected-clusters: "300"\n');
  assert.equal(ident(bad), []);
  assert.equal(bad.diagnostics.map((d) => [d.level, d.line, d.message]), [
    ['error', 8, 'cilium-config max-connected-clusters "300": expected 255 or 511 (Cilium accepts no other)'],
    ['error', 6, `cilium-config cluster-name "EU_West": expected at most 32 lower-case letters, digits and '-', beginning and ending with a letter or digit`],
    ['error', 7, 'cilium-config cluster-id "256": expected a whole number from 0 to 255 (511 with max-connected-clusters 511)'],
  ]);
});

test.run();
