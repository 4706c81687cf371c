import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detect, PARSERS } from '../registry.js';
import { splitLines } from '../text.js';
import { ciliumConfigView } from './cilium-config-view.js';
import { ciliumStatus } from './cilium-status.js';

// cilium-dbg status in the agent, Cilium 1.15 (pkg/command/status.go).
const AGENT = `KVStore:                 Ok   Disabled
Kubernetes:              Ok   1.29 (v1.29.2) [linux/amd64]
Kubernetes APIs:         ["EndpointSliceOrEndpoint", "cilium/v2::CiliumClusterwideNetworkPolicy", "core/v1::Namespace"]
KubeProxyReplacement:    True   [eth0   192.168.1.5 fe80::a00:27ff:fe4e:66a1 (Direct Routing)]
Host firewall:           Disabled
CNI Chaining:            none
Cilium:                  Ok   1.15.1 (v1.15.1-a368c8f0)
NodeMonitor:             Listening for events on 2 CPUs with 64x4096 of shared memory
Cilium health daemon:    Ok
IPAM:                    IPv4: 5/254 allocated from 10.0.1.0/24, IPv6: 2/65534 allocated from fd00:10:0:1::/112
IPv4 BIG TCP:            Disabled
Routing:                 Network: Tunnel [vxlan]   Host: Legacy
Masquerading:            IPTables [IPv4: Enabled, IPv6: Disabled]
Controller Status:       27/27 healthy
Cluster health:          2/2 reachable   (2024-03-01T10:00:00Z)
`;

// Cilium 1.7 (cilium/cilium#10059): Strict, no Routing line.
const OLD = `KVStore:                Ok   Disabled
Kubernetes:             Ok   1.17 (v1.17.2) [linux/amd64]
KubeProxyReplacement:   Strict   [NodePort, ExternalIPs, HostReachableServicesTCP, HostReachableServicesUDP]
Cilium:                 Ok   OK
IPAM:                   IPv4: 4/65535 allocated from 10.1.0.0/16,
Cluster health:       0/1 reachable   (2020-02-05T14:02:54+01:00)
  Name                IP              Reachable   Endpoints reachable
    ceuse (localhost)   10.5.57.1       true        false
`;

// cilium-cli's summary.
const CLI = `    /¯¯\\
 /¯¯\\__/¯¯\\    Cilium:             OK
 \\__/¯¯\\__/    Operator:           OK
 /¯¯\\__/¯¯\\    Envoy DaemonSet:    disabled (using embedded mode)
 \\__/¯¯\\__/    Hubble Relay:       disabled
    \\__/       ClusterMesh:        disabled

DaemonSet              cilium             Desired: 2, Ready: 2/2, Available: 2/2
Deployment             cilium-operator    Desired: 1, Ready: 1/1, Available: 1/1
Containers:            cilium             Running: 2
                       cilium-operator    Running: 1
Cluster Pods:          3/3 managed by Cilium
Helm chart version:    1.15.1
`;

const claims = (text: string, command?: string) =>
  ciliumStatus.parse(splitLines(text), command ? { command } : {}).observations.map((o) => [o.line, o.claim, o.inferred === true]);

test('agent status: replacement, routing, chaining, the API version; IPAM tied to the named node only', () => {
  const got = claims(AGENT);
  assert.equal(got, [
    [2, { type: 'clusterVersion', version: 'v1.29.2' }, false],
    [1, { type: 'cni', name: 'cilium' }, false],
    [4, { type: 'kubeProxyReplacement', name: 'cilium' }, false],
    [12, { type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }, false],
    [1, { type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, true],
  ]);
  const named = claims(AGENT, 'kubectl exec -n kube-system cilium-x -- ssh node02 cilium-dbg status').filter(([, c]) => (c as { type: string }).type === 'node');
  assert.equal(named, [
    [10, { type: 'node', name: 'node02', podCIDRs: ['10.0.1.0/24'] }, false],
    [10, { type: 'node', name: 'node02', podCIDRs: ['fd00:10:0:1::/112'] }, false],
  ]);
});

test('Cilium 1.7 status: Strict is a replacement; False and Partial are not', () => {
  assert.ok(claims(OLD).some(([, c]) => (c as { type: string }).type === 'kubeProxyReplacement'));
  for (const v of ['False', 'Disabled', 'Partial']) {
    const text = OLD.replace('Strict', v);
    assert.not.ok(claims(text).some(([, c]) => (c as { type: string }).type === 'kubeProxyReplacement'), v);
  }
  const native = claims(AGENT.replace('Network: Tunnel [vxlan]', 'Network: Native')).find(([, c]) => (c as { field?: string }).field === 'encapsulation');
  assert.equal(native?.[1], { type: 'cniSetting', field: 'encapsulation', value: 'none' });
});

test('cilium-cli summary: Cilium is the CNI, nothing else claimed', () => {
  assert.equal(claims(CLI), [[2, { type: 'cni', name: 'cilium' }, false]]);
  assert.is(detect(PARSERS, splitLines(CLI), {})?.kind, 'cilium-status');
});

test('CRLF, ANSI colour and truncated output read the same', () => {
  const ugly = AGENT.split('\n')
    .map((l) => (l.startsWith('KubeProxyReplacement') ? `\x1b[32m${l}\x1b[0m` : l))
    .join('\r\n');
  assert.equal(claims(ugly), claims(AGENT));
  const cut = AGENT.slice(0, AGENT.indexOf('Routing:') + 30);
  assert.ok(claims(cut).some(([, c]) => (c as { type: string }).type === 'kubeProxyReplacement'));
  const bad = ciliumStatus.parse(splitLines(AGENT.replace('Network: Tunnel [vxlan]', 'Netw')), {});
  assert.equal(bad.diagnostics.filter((d) => d.level === 'error').map((d) => d.line), [12]);
});

// cilium config view (cilium-cli), Cilium 1.15 Helm defaults plus KPR.
const VIEW = `agent-not-ready-taint-key                         node.cilium.io/agent-not-ready
auto-direct-node-routes                           false
cluster-id                                        0
cluster-name                                      default
cluster-pool-ipv4-cidr                            10.0.0.0/8
cluster-pool-ipv4-mask-size                       24
cni-exclusive                                     true
custom-cni-conf                                   false
enable-ipv4                                       true
enable-ipv6                                       false
enable-policy                                     default
ipam                                              cluster-pool
kube-proxy-replacement                            true
routing-mode                                      tunnel
tunnel-protocol                                   vxlan
`;

test('cilium config view: read as the cilium-config keys, at their lines', () => {
  assert.is(detect(PARSERS, splitLines(VIEW), {})?.kind, 'cilium-config-view');
  const res = ciliumConfigView.parse(splitLines(VIEW), {});
  assert.equal(
    res.observations.map((o) => [o.line, o.claim.type === 'ipPool' ? `pool ${o.claim.cidr}/${o.claim.blockSize}` : o.claim.type === 'cniSetting' ? `${o.claim.field}=${o.claim.value}` : o.claim.type]),
    [
      [1, 'cni'],
      [12, 'ipam=pool'],
      [5, 'pool 10.0.0.0/8/24'],
      [13, 'kubeProxyReplacement'],
      [15, 'encapsulation=vxlan'],
      [11, 'enforcesNetworkPolicy=true'],
      [4, 'ciliumCluster'],
      [3, 'ciliumCluster'],
    ],
  );
  // A bad value names its line.
  const bad = ciliumConfigView.parse(splitLines(VIEW.replace('cluster-pool-ipv4-cidr                            10.0.0.0/8', 'cluster-pool-ipv4-cidr                            10.0.0.0/40')), {});
  assert.equal(bad.diagnostics.filter((d) => d.level === 'error').map((d) => d.line), [5]);
});

test('readers never throw, lines stay in range (property)', () => {
  fc.assert(
    fc.property(fc.constantFrom(AGENT, OLD, CLI, VIEW), fc.string({ maxLength: 40 }), fc.nat(), fc.nat({ max: 30 }), (text, insert, at, len) => {
      const i = at % (text.length + 1);
      const lines = splitLines(text.slice(0, i) + insert + text.slice(i + len));
      for (const p of [ciliumStatus, ciliumConfigView]) {
        p.detect(lines, {});
        const res = p.parse(lines, { command: 'ssh n1 cilium status' });
        for (const o of [...res.observations, ...res.diagnostics]) assert.ok(o.line === null || (o.line >= 1 && o.line <= Math.max(lines.length, 1)));
      }
    }),
  );
});

test.run();
