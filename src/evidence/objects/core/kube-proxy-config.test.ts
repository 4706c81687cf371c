/**
 * KubeProxyConfiguration as kubeadm writes it into the kube-proxy ConfigMap
 * (`kubeadm config print init-defaults --component-configs KubeProxyConfiguration`,
 * kubeadm 1.31: every field printed, nulls and "" for defaults).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

export const KUBE_PROXY_CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: 10.244.0.0/16,fd00:10:244::/56
configSyncPeriod: 0s
conntrack:
  maxPerCore: null
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
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
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: ""
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""
`;

test('kubeadm defaults: mode "" is iptables, inferred; dual-stack clusterCIDR; null conntrack states nothing', () => {
  const res = k8sObjects.parse(splitLines(KUBE_PROXY_CONFIG), {});
  assert.equal(res.diagnostics, []);
  assert.equal(res.observations.map((o) => [o.claim, o.line, o.inferred === true]), [
    [{ type: 'proxyMode', mode: 'iptables' }, 50, true],
    [{ type: 'kubeProxyClusterCIDR', cidr: '10.244.0.0/16' }, 10, false],
    [{ type: 'kubeProxyClusterCIDR', cidr: 'fd00:10:244::/56' }, 10, false],
  ]);
});

test('a stated mode, conntrack settings, and bad values', () => {
  const table: [string, unknown[], [string, number][]][] = [
    [KUBE_PROXY_CONFIG.replace('mode: ""', 'mode: ipvs').replace('maxPerCore: null', 'maxPerCore: 65536').replace('  min: null', '  min: 262144'), [
      { type: 'proxyMode', mode: 'ipvs' },
      { type: 'kubeProxyClusterCIDR', cidr: '10.244.0.0/16' },
      { type: 'kubeProxyClusterCIDR', cidr: 'fd00:10:244::/56' },
      { type: 'conntrack', field: 'maxPerCore', value: 65536 },
      { type: 'conntrack', field: 'min', value: 262144 },
    ], []],
    [KUBE_PROXY_CONFIG.replace('mode: ""', 'mode: nftables').replace('clusterCIDR: 10.244.0.0/16,fd00:10:244::/56', 'clusterCIDR: ""'), [{ type: 'proxyMode', mode: 'nftables' }], []],
    [KUBE_PROXY_CONFIG.replace('mode: ""', 'mode: ipvs1').replace('clusterCIDR: 10.244.0.0/16,', 'clusterCIDR: 10.244.0/16,').replace('excludeCIDRs: null', 'excludeCIDRs:\n  - 10.0.0.0/33'), [
      { type: 'kubeProxyClusterCIDR', cidr: 'fd00:10:244::/56' },
    ], [['error', 51], ['error', 10], ['error', 35]]],
  ];
  for (const [text, claims, diags] of table) {
    const res = k8sObjects.parse(splitLines(text), {});
    assert.equal(res.observations.map((o) => o.claim), claims);
    assert.equal(res.diagnostics.map((d) => [d.level, d.line]), diags);
  }
});

test('detectLocalMode: stated modes are read ("" is the default ClusterCIDR and states nothing); an unknown mode is an error at its line', () => {
  const of = (mode: string) => k8sObjects.parse(splitLines(KUBE_PROXY_CONFIG.replace('detectLocalMode: ""', `detectLocalMode: ${mode}`)), {});
  const nodeCIDR = of('NodeCIDR');
  assert.equal(nodeCIDR.observations.filter((o) => o.claim.type === 'kubeProxyDetectLocalMode').map((o) => [o.claim, o.line]), [[{ type: 'kubeProxyDetectLocalMode', mode: 'NodeCIDR' }, 23]]);
  assert.equal(k8sObjects.parse(splitLines(KUBE_PROXY_CONFIG), {}).observations.filter((o) => o.claim.type === 'kubeProxyDetectLocalMode'), []);
  assert.equal(of('NodeCidr').diagnostics.map((d) => [d.level, d.line, d.message]), [
    ['error', 23, 'KubeProxyConfiguration detectLocalMode "NodeCidr": expected ClusterCIDR, NodeCIDR, BridgeInterface or InterfaceNamePrefix'],
  ]);
});

test.run();
