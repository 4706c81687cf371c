/**
 * End to end: the installers' own configs (RKE, kubespray, OpenShift, Talos)
 * through the real CLI: facts with provenance and defaults marked inferred,
 * `review` judging a cluster before it exists, and secrets never printed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers.js';

interface Facts {
  cluster: { version: string | null; distribution: string | null; clusterDNS: string[]; nodeCIDRMaskSize: { IPv4: number | null; IPv6: number | null } };
  networks: Record<'node' | 'pod' | 'service', { cidr: string }[]>;
  kubeProxy: { present: boolean | null; mode: string | null; replacement: string | null };
  cni: { name: string | null; encapsulation: string | null; mtu: number | null };
  nodes: { name: string; internalIPs: string[]; roles: string[] }[];
  observations: { pointer: string; inferred?: boolean; source: { kind: string; file: string; line: number | null; excerpt: string } }[];
}

const facts = (...paths: string[]): Facts => {
  const r = runCli(['facts', ...paths]);
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Facts;
};
const at = (f: Facts, pointer: string): string[] =>
  f.observations.filter((o) => o.pointer === pointer).map((o) => `${o.source.kind} ${o.source.file}:${o.source.line}${o.inferred ? ' (inferred)' : ''}`);
const cidrs = (f: Facts, role: 'node' | 'pod' | 'service'): string[] => f.networks[role].map((n) => n.cidr);

test('examples/rke: the cluster.yml read with lines; three nodes; kube-proxy in ipvs; canal over vxlan', () => {
  const f = facts('examples/rke');
  assert.is(f.cluster.distribution, 'rke');
  assert.is(f.cluster.version, 'v1.30.4');
  assert.equal(cidrs(f, 'service'), ['10.43.0.0/16']);
  assert.equal(cidrs(f, 'pod'), ['10.42.0.0/16']);
  assert.equal(at(f, '/networks/pod/0'), ['rke-cluster examples/rke/cluster.yml:25']);
  assert.equal(at(f, '/kubeProxy/mode'), ['rke-cluster examples/rke/cluster.yml:34']);
  assert.equal(f.cni.name, 'canal');
  assert.equal(f.cni.encapsulation, 'vxlan');
  assert.equal(f.cluster.clusterDNS, ['10.43.0.10']);
  assert.equal(f.nodes.map((n) => [n.name, n.internalIPs, n.roles]), [
    ['rke-cp-1', ['172.16.10.11'], ['control-plane', 'etcd']],
    ['172.16.10.21', ['172.16.10.21'], ['worker']],
    ['172.16.10.22', ['172.16.10.22'], ['worker']],
  ]);
});

test('examples/kubespray: group_vars and hosts.yaml together; the commented dual-stack lines are not read', () => {
  const f = facts('examples/kubespray');
  assert.is(f.cluster.distribution, 'kubespray');
  assert.equal(cidrs(f, 'service'), ['10.233.0.0/18']);
  assert.equal(cidrs(f, 'pod'), ['10.233.64.0/18']);
  assert.is(f.cluster.nodeCIDRMaskSize.IPv4, 24);
  assert.is(f.cluster.nodeCIDRMaskSize.IPv6, null);
  assert.is(f.kubeProxy.mode, 'ipvs');
  assert.is(f.cni.name, 'calico');
  assert.is(f.cni.encapsulation, 'vxlan');
  assert.equal(f.nodes.map((n) => [n.name, n.internalIPs, n.roles]), [
    ['node1', ['10.20.0.11'], ['control-plane']],
    ['node2', ['10.20.0.12'], ['worker']],
    ['node3', ['10.20.0.13'], ['worker']],
  ]);
  assert.equal(at(f, '/cluster/version'), ['kubespray-vars examples/kubespray/inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml:4']);
});

test('examples/openshift: dual-stack OVN-Kubernetes, no kube-proxy by design; the pull secret is never printed', () => {
  const r = runCli(['facts', 'examples/openshift', '--explain']);
  assert.is(r.code, 0, r.stderr);
  assert.not.match(r.stdout, /auths|redacted in this example|AAAA-example-only/);
  const f = facts('examples/openshift');
  assert.is(f.cluster.distribution, 'openshift');
  assert.equal(cidrs(f, 'pod'), ['10.128.0.0/14', 'fd01::/48']);
  assert.equal(cidrs(f, 'service'), ['172.30.0.0/16', 'fd02::/112']);
  assert.equal(cidrs(f, 'node'), ['192.168.111.0/24', 'fd2e:6f44:5dd8:c956::/120']);
  assert.equal(f.cluster.nodeCIDRMaskSize, { IPv4: 23, IPv6: 64 });
  assert.equal([f.cni.name, f.kubeProxy.replacement, f.kubeProxy.present], ['ovn-kubernetes', 'ovn-kubernetes', false]);
});

test('examples/talos: talconfig nets, nodes and interfaces; the ipvs patch file; Talos flannel named', () => {
  const f = facts('examples/talos');
  assert.is(f.cluster.distribution, 'talos');
  assert.equal(cidrs(f, 'pod'), ['10.244.0.0/16']);
  assert.equal(cidrs(f, 'service'), ['10.96.0.0/12']);
  assert.equal(cidrs(f, 'node'), ['10.40.0.0/24']);
  assert.is(f.kubeProxy.mode, 'ipvs');
  assert.is(f.cni.name, 'flannel');
  assert.equal(f.nodes.map((n) => n.name), ['cp-1', 'worker-1']);
  assert.equal(at(f, '/kubeProxy/mode'), ['talos-config examples/talos/patches/kube-proxy-ipvs.yaml:5']);
});

test('defaults the files leave out are inferred and say whose default they are', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-rke-'));
  writeFileSync(join(dir, 'cluster.yml'), 'nodes:\n  - address: 10.10.0.11\n    user: rke\n    role: [controlplane,etcd,worker]\n');
  const f = facts(dir);
  // kube-api's and kube-controller's ranges, each RKE's default, at the document's first line (no services: section).
  assert.equal(at(f, '/networks/service/0'), [`rke-cluster ${join(dir, 'cluster.yml')}:1 (inferred)`, `rke-cluster ${join(dir, 'cluster.yml')}:1 (inferred)`]);
  const excerpt = f.observations.find((o) => o.pointer === '/networks/pod/0')?.source.excerpt;
  assert.is(excerpt, 'default of RKE v1.6 (services.kube-controller.cluster_cidr 10.42.0.0/16), not stated');
});

test('review: every example passes before the cluster exists', () => {
  for (const path of ['examples/rke', 'examples/kubespray', 'examples/openshift', 'examples/talos']) {
    const r = runCli(['review', path]);
    assert.is(r.code, 0, `${path}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /PASSED/);
  }
});

test('review: an RKE cluster.yml whose pod range holds its service range fails KN101 at the file lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-rke-'));
  const file = join(dir, 'cluster.yml');
  writeFileSync(
    file,
    'nodes:\n  - address: 10.0.0.11\n    role: [controlplane,etcd,worker]\nservices:\n  kube-api:\n    service_cluster_ip_range: 10.42.128.0/20\n  kube-controller:\n    cluster_cidr: 10.42.0.0/16\n    service_cluster_ip_range: 10.42.128.0/20\nnetwork:\n  plugin: canal\n',
  );
  const r = runCli(['review', file, '-o', 'json']);
  assert.is(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: { id: string; verdict: string; locations: { file: string; line: number | null }[] }[] };
  const kn101 = report.findings.filter((x) => x.id === 'KN101' && x.verdict === 'fail');
  assert.ok(kn101.length > 0, r.stdout);
  const lines = kn101.flatMap((x) => x.locations.filter((l) => l.file === file).map((l) => l.line));
  assert.ok(lines.includes(8) && lines.includes(6), `locations ${JSON.stringify(lines)}`);
});

test('review: OVN-Kubernetes has no kube-proxy, and KN201 does not fail for it', () => {
  const r = runCli(['review', 'examples/openshift/install-config.yaml', '-o', 'json']);
  assert.is(r.code, 0, r.stdout);
  const report = JSON.parse(r.stdout) as { findings: { id: string; verdict: string }[] };
  assert.equal(report.findings.filter((x) => x.id === 'KN201' && x.verdict === 'fail'), []);
});

test.run();
