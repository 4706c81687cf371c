/** End to end: the CNI examples through the real CLI, facts and verdict. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers.js';

interface Net {
  cidr: string;
  family: string;
}
interface Facts {
  networks: { node: Net[]; pod: Net[]; service: Net[] };
  kubeProxy: { present: boolean | null; mode: string | null; replacement: string | null };
  cni: {
    name: string | null;
    ipam: string | null;
    encapsulation: string | null;
    mtu: number | null;
    enforcesNetworkPolicy: boolean | null;
    pools: { name: string | null; network: Net; blockSize: number | null; encapsulation: string | null; disabled: boolean }[];
  };
  sysctls: { key: string; value: string; node: string | null }[];
  routes: { destination: Net; via: string | null; dev: string | null }[];
  daemonSets: { namespace: string | null; name: string; role: string }[];
  observations: { pointer: string; value: unknown; inferred?: boolean; source: { kind: string; file: string; line: number | null } }[];
}

const facts = (dir: string): Facts => {
  const r = runCli(['facts', dir]);
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Facts;
};
const at = (f: Facts, pointer: string): string[] =>
  f.observations.filter((o) => o.pointer === pointer).map((o) => `${o.source.kind} ${o.source.file}:${o.source.line}${o.inferred ? ' (inferred)' : ''}`);

test('calico-cluster: Calico, pool IPAM, dual-stack pools from the Installation and the IPPools, VXLAN, MTU', () => {
  const f = facts('examples/calico-cluster');
  assert.is(f.cni.name, 'calico');
  assert.is(f.cni.ipam, 'pool');
  assert.is(f.cni.encapsulation, 'vxlan');
  assert.is(f.cni.mtu, 1450);
  assert.is(f.cni.enforcesNetworkPolicy, true);
  assert.equal(
    f.cni.pools.map((p) => [p.name, p.network.cidr, p.network.family, p.blockSize, p.encapsulation, p.disabled]),
    [
      ['default-ipv4-ippool', '10.244.0.0/16', 'IPv4', 26, 'vxlan', false],
      ['default-ipv6-ippool', 'fd00:10:244::/56', 'IPv6', 122, 'none', false],
    ],
  );
  assert.equal(at(f, '/cni/pools/0'), ['k8s-objects examples/calico-cluster/custom-resources.yaml:15', 'k8s-objects examples/calico-cluster/ippools.yaml:18']);
  assert.equal(f.networks.pod.map((n) => n.cidr), ['10.244.0.0/16', 'fd00:10:244::/56']);
  assert.equal(f.networks.service.map((n) => n.cidr), ['10.96.0.0/12', 'fd00:10:96::/112']);
  assert.equal(f.networks.node.map((n) => n.cidr), ['192.168.56.0/24', '2001:db8:56::/64']);
  assert.is(f.kubeProxy.mode, 'iptables');
  assert.is(f.kubeProxy.replacement, null);
  assert.equal(at(f, '/cni/mtu'), ['k8s-objects examples/calico-cluster/custom-resources.yaml:11']);
});

test('calico-cluster: node01 runbook gives sysctls for node01 and routes to the pod blocks', () => {
  const f = facts('examples/calico-cluster');
  assert.equal(
    f.sysctls.map((s) => `${s.node}:${s.key}=${s.value}`),
    [
      'node01:net.ipv4.ip_forward=1',
      'node01:net.ipv6.conf.all.forwarding=1',
      'node01:net.bridge.bridge-nf-call-iptables=1',
      'node01:net.bridge.bridge-nf-call-ip6tables=1',
      'node01:net.netfilter.nf_conntrack_max=131072',
    ],
  );
  const vxlan = f.routes.filter((r) => r.dev === 'vxlan.calico').map((r) => `${r.destination.cidr} via ${r.via}`);
  assert.equal(vxlan, ['10.244.33.64/26 via 10.244.33.64', '10.244.240.0/26 via 10.244.240.0']);
  assert.ok(f.routes.some((r) => r.destination.family === 'IPv6' && r.destination.cidr === 'fd00:10:244:4a:c4b1:8d3e:2f1a:c0/122'));
  assert.equal(at(f, '/sysctls/0'), ['sysctl examples/calico-cluster/node01.md:43']);
});

test('calico-cluster passes check', () => {
  const r = runCli(['check', 'examples/calico-cluster']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /No findings: PASSED \(fail-on error\)/);
});

test('cilium-kpr: Cilium replaces kube-proxy, cluster-pool, VXLAN, MTU, from values and cilium-config', () => {
  const f = facts('examples/cilium-kpr');
  assert.is(f.cni.name, 'cilium');
  assert.is(f.cni.ipam, 'pool');
  assert.is(f.cni.encapsulation, 'vxlan');
  assert.is(f.cni.mtu, 1450);
  assert.equal(f.cni.pools.map((p) => [p.name, p.network.cidr, p.blockSize]), [['cluster-pool', '10.0.0.0/16', 24]]);
  assert.equal(at(f, '/cni/pools/0'), ['k8s-objects examples/cilium-kpr/cilium-config.yaml:17', 'cilium-helm-values examples/cilium-kpr/values.yaml:11']);
  assert.is(f.kubeProxy.replacement, 'cilium');
  assert.is(f.kubeProxy.present, false);
  assert.is(f.kubeProxy.mode, null);
  assert.equal(at(f, '/kubeProxy/replacement'), ['k8s-objects examples/cilium-kpr/cilium-config.yaml:42', 'cilium-helm-values examples/cilium-kpr/values.yaml:2']);
  assert.equal(at(f, '/kubeProxy/present'), ['k8s-objects examples/cilium-kpr/cilium-config.yaml:42 (inferred)']);
  assert.equal(f.networks.node.map((n) => n.cidr), ['192.168.57.0/24']);
  assert.equal(f.daemonSets.map((d) => [d.name, d.role]), [
    ['cilium', 'cni'],
    ['cilium-envoy', 'other'],
  ]);
});

test('cilium-kpr passes check: no kube-proxy is not a fault when Cilium replaces it', () => {
  const r = runCli(['check', 'examples/cilium-kpr', '-o', 'json']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  const rep = JSON.parse(r.stdout) as { summary: Record<string, number>; findings: unknown[] };
  assert.equal([rep.summary.error, rep.summary.warning, rep.summary.info, rep.summary.unknown], [0, 0, 0, 0]);
  assert.equal(rep.findings, []);
});

test('a commented-out CIDR grepped from calico.yaml is skipped and listed under --verbose', () => {
  const text = '            # - name: CALICO_IPV4POOL_CIDR\n            #   value: "192.168.0.0/16"\n            - name: CALICO_IPV4POOL_IPIP\n              value: "Always"\n';
  const r = runCli(['facts', '-'], { input: text });
  assert.is(r.code, 0, r.stderr);
  const f = JSON.parse(r.stdout) as Facts;
  assert.equal(f.cni.pools, []);
  assert.equal(f.networks.pod, []);
  const v = runCli(['check', '-', '--verbose', '--allow-unknown'], { input: text });
  assert.match(v.stdout, /skipped: -:1: CALICO_IPV4POOL_CIDR is commented out: configuration not applied, not a value/);
});

test.run();
