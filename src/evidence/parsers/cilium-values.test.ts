/**
 * Cilium Helm values: an excerpt of install/kubernetes/cilium/values.yaml as the chart
 * ships it (1.16: comments, `# -- ` doc lines, `routingMode: ""`, ipam.operator lists,
 * ipv6.enabled false) and a user's override file for kube-proxy replacement with
 * native routing, as in the Cilium docs (network/kubernetes/kubeproxy-free).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { ParseResult } from '../types.js';
import { ciliumValues } from './cilium-values.js';

const summary = (r: ParseResult | null | undefined): [string, number, boolean][] =>
  (r?.observations ?? []).map((o) => {
    const c = o.claim;
    const s =
      c.type === 'ipPool' ? `pool ${c.cidr}/${String(c.blockSize)}` : c.type === 'cniSetting' ? `${c.field} ${String(c.value)}` : c.type === 'cni' ? `cni ${c.name}` : c.type === 'kubeProxyReplacement' ? `kpr ${c.name}` : c.type;
    return [s, o.line, o.inferred === true];
  });

const UPSTREAM = `# -- Enable native-routing mode or tunneling mode.
# Possible values:
#   - ""
#   - native
#   - tunnel
# @default -- \`"tunnel"\`
routingMode: ""
# -- Tunneling protocol to use in tunneling mode and for ad-hoc tunnels.
# Possible values:
#   - ""
#   - vxlan
#   - geneve
# @default -- \`"vxlan"\`
tunnelProtocol: ""
# -- Configure the kube-proxy replacement in Cilium BPF datapath
# Valid options are "true" or "false".
# ref: https://docs.cilium.io/en/stable/network/kubernetes/kubeproxy-free/
#kubeProxyReplacement: "false"
# -- Configure the underlying network MTU to overwrite auto-detected MTU.
# This value doesn't change the host network interface MTU i.e. eth0 or ens0.
# It changes the MTU for cilium_net@cilium_host, cilium_host@cilium_net,
# cilium_vxlan and lxc_health interfaces.
MTU: 0
ipv4:
  # -- Enable IPv4 support.
  enabled: true
ipv6:
  # -- Enable IPv6 support.
  enabled: false
ipam:
  # -- Configure IP Address Management mode.
  # ref: https://docs.cilium.io/en/stable/network/concepts/ipam/
  mode: "cluster-pool"
  # -- Maximum rate at which the CiliumNode custom resource is updated.
  ciliumNodeUpdateRate: "15s"
  operator:
    # -- IPv4 CIDR list range to delegate to individual nodes for IPAM.
    clusterPoolIPv4PodCIDRList: ["10.0.0.0/8"]
    # -- IPv4 CIDR mask size to delegate to individual nodes for IPAM.
    clusterPoolIPv4MaskSize: 24
    # -- IPv6 CIDR list range to delegate to individual nodes for IPAM.
    clusterPoolIPv6PodCIDRList: ["fd00::/104"]
    # -- IPv6 CIDR mask size to delegate to individual nodes for IPAM.
    clusterPoolIPv6MaskSize: 120
`;

test('the chart values: cluster-pool IPv4 only (IPv6 disabled), MTU detected, the commented KPR is not a value', () => {
  const r = parseText(splitLines(UPSTREAM), { path: 'values.yaml' });
  assert.is(r?.kind, 'cilium-helm-values');
  assert.equal(summary(r), [
    ['cni cilium', 33, false],
    ['ipam pool', 33, false],
    ['pool 10.0.0.0/8/24', 38, false],
    ['enforcesNetworkPolicy true', 33, true],
  ]);
  assert.equal(r?.diagnostics.map((d) => [d.level, d.line]), [
    ['skipped', 42],
    ['skipped', 23],
  ]);
});

const KPR = `kubeProxyReplacement: true
k8sServiceHost: 192.168.56.10
k8sServicePort: 6443
routingMode: native
autoDirectNodeRoutes: true
ipv4NativeRoutingCIDR: 10.244.0.0/16
ipv6:
  enabled: true
ipam:
  mode: kubernetes
MTU: 1500
policyEnforcementMode: "default"
`;

test('kube-proxy-free override file: replacement, kubernetes IPAM, native routing, MTU', () => {
  const r = parseText(splitLines(KPR), { path: 'cilium-values.yaml' });
  assert.is(r?.kind, 'cilium-helm-values');
  assert.equal(summary(r), [
    ['cni cilium', 1, false],
    ['ipam node-podcidr', 10, false],
    ['kpr cilium', 1, false],
    ['encapsulation none', 4, false],
    ['mtu 1500', 11, false],
    ['enforcesNetworkPolicy true', 12, false],
  ]);
});

test('older values: tunnel: geneve, kubeProxyReplacement: strict, a string CIDR; dual-stack lists', () => {
  const r = ciliumValues.parse(
    splitLines('kubeProxyReplacement: strict\ntunnel: geneve\nipv6:\n  enabled: true\nipam:\n  operator:\n    clusterPoolIPv4PodCIDR: 10.8.0.0/13\n    clusterPoolIPv6PodCIDRList:\n      - fd00:8::/104\n    clusterPoolIPv6MaskSize: 112\n'),
    {},
  );
  assert.equal(summary(r), [
    ['cni cilium', 1, false],
    ['pool 10.8.0.0/13/24', 7, false],
    ['pool fd00:8::/104/112', 9, false],
    ['kpr cilium', 1, false],
    ['encapsulation geneve', 2, false],
    ['enforcesNetworkPolicy true', 1, true],
  ]);
  const pool = r.observations.find((o) => o.claim.type === 'ipPool');
  assert.equal(pool?.claim.type === 'ipPool' ? pool.claim.inferredFields : null, ['blockSize']);
});

test('templated and invalid values; not Helm values when the file is an object', () => {
  const t = ciliumValues.parse(splitLines('kubeProxyReplacement: "${KPR}"\nipam:\n  mode: cluster-pool\n  operator:\n    clusterPoolIPv4PodCIDRList: ["10.0.0/8"]\n'), {});
  assert.equal(t.diagnostics.map((d) => [d.level, d.line]), [
    ['error', 5],
    ['skipped', 1],
  ]);
  assert.is(ciliumValues.detect(splitLines('apiVersion: v1\nkind: ConfigMap\ndata:\n  kubeProxyReplacement: "true"'), {}), 0);
  assert.is(ciliumValues.detect(splitLines('replicaCount: 1\nimage:\n  tag: v1'), {}), 0);
});

test('CNI chaining (cni.chainingMode): the network is the other CNI\'s; Cilium\'s IPAM and routing are not read', () => {
  const values = (mode: string): string =>
    ['cni:', `  chainingMode: ${mode}`, '  exclusive: false', 'enableIPv4Masquerade: false', 'routingMode: native', 'kubeProxyReplacement: false', 'ipam:', '  mode: cluster-pool', '  operator:', '    clusterPoolIPv4PodCIDRList: ["10.0.0.0/8"]', ''].join('\n');
  const aws = parseText(splitLines(values('aws-cni')), { path: 'cilium-values.yaml' });
  assert.is(aws?.kind, 'cilium-helm-values');
  assert.equal(summary(aws), [
    ['cni amazon-vpc-cni', 2, false],
    ['enforcesNetworkPolicy true', 6, true],
  ]);
  assert.equal(
    aws?.diagnostics.map((d) => [d.level, d.line]),
    [['skipped', 2]],
  );
  assert.match(aws!.diagnostics[0]!.message, /chained onto amazon-vpc-cni.*not read as the cluster's: ipam\.mode, ipam\.operator\.clusterPoolIPv4PodCIDRList, routingMode/);
  // generic-veth names no CNI: the conflist or the DaemonSets say which.
  assert.equal(summary(parseText(splitLines(values('generic-veth')), { path: 'cilium-values.yaml' })).map((x) => x[0]), ['enforcesNetworkPolicy true']);
  // portmap chains portmap after Cilium, which stays the CNI; none is no chaining.
  for (const mode of ['portmap', 'none']) {
    assert.equal(summary(parseText(splitLines(values(mode)), { path: 'cilium-values.yaml' })).map((x) => x[0]), ['cni cilium', 'ipam pool', 'pool 10.0.0.0/8/24', 'encapsulation none', 'enforcesNetworkPolicy true']);
  }
});


test('encryption and load balancer values: encryption.type wireguard, loadBalancer.mode dsr with the default dispatch', () => {
  const r = parseText(splitLines('routingMode: tunnel\ntunnelProtocol: vxlan\nencryption:\n  enabled: true\n  type: wireguard\nloadBalancer:\n  mode: dsr\n'), { path: 'values.yaml' });
  assert.is(r?.kind, 'cilium-helm-values');
  const got = summary(r).filter(([s]) => /^(encryption|dsrDispatch) /.test(s));
  assert.equal(got, [
    ['encryption wireguard', 5, false],
    ['dsrDispatch opt', 7, true],
  ]);
  const off = parseText(splitLines('routingMode: tunnel\ntunnelProtocol: vxlan\nencryption:\n  enabled: false\n  type: wireguard\n'), { path: 'values.yaml' });
  assert.equal(summary(off).filter(([s]) => s.startsWith('encryption ')), [['encryption none', 4, false]]);
});

// The Cluster Mesh guide's values (network/clustermesh/clustermesh.rst): cluster.name and cluster.id per cluster.
test('Cluster Mesh values: cluster.name, cluster.id, clustermesh.maxConnectedClusters', () => {
  const r = parseText(splitLines('cluster:\n  name: cluster1\n  id: 1\nclustermesh:\n  useAPIServer: true\n  maxConnectedClusters: 511\nkubeProxyReplacement: true\n'), { path: 'values.yaml' });
  assert.is(r?.kind, 'cilium-helm-values');
  const got = (r?.observations ?? []).flatMap((o) => (o.claim.type === 'ciliumCluster' ? [[o.claim.field, o.claim.value, o.line]] : []));
  assert.equal(got, [
    ['maxConnectedClusters', 511, 6],
    ['clusterName', 'cluster1', 2],
    ['clusterId', 1, 3],
  ]);
});

test.run();
