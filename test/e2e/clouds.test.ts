/** End to end: managed clusters (EKS, GKE, AKS) and eksctl configs through the real CLI, facts and verdicts. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, runCli } from '../helpers.js';

interface Facts {
  networks: Record<'node' | 'pod' | 'service', { cidr: string }[]>;
  cluster: { distribution: string | null; name?: string | null; version: string | null; nodeCIDRMaskSize: { IPv4: number | null } };
  kubeProxy: { present: boolean | null; replacement: string | null; mode: string | null };
  cni: { name: string | null; ipam: string | null };
  nodes: { name: string }[];
  observations: { pointer: string; inferred?: boolean; source: { kind: string; file: string; line: number | null; excerpt: string } }[];
  clusters?: { seen: { name: string }[]; picked: string | null };
}
interface Report {
  summary: Record<string, number>;
  findings: { id: string; severity: string; message: string; locations: { file: string; line: number | null }[] }[];
}

const facts = (...args: string[]): Facts => {
  const r = runCli(['facts', ...args]);
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Facts;
};
const json = (args: string[], code: number): Report => {
  const r = runCli([...args, '-o', 'json']);
  assert.is(r.code, code, r.stdout + r.stderr);
  return JSON.parse(r.stdout) as Report;
};
const cidrs = (f: Facts, role: 'node' | 'pod' | 'service'): string[] => f.networks[role].map((n) => n.cidr);

test('eks-cluster: describe-cluster, nodes and DaemonSets pass; the VPC CNI is inferred, IPAM vpc', () => {
  const f = facts('examples/eks-cluster');
  assert.is(f.cluster.distribution, 'eks');
  assert.is(f.cluster.name, 'prod-eu');
  assert.equal(cidrs(f, 'service'), ['172.20.0.0/16']);
  assert.equal(cidrs(f, 'pod'), []);
  assert.equal(cidrs(f, 'node'), ['10.42.0.0/19']);
  assert.is(f.cni.ipam, 'vpc');
  const ipam = f.observations.filter((o) => o.pointer === '/cni/ipam');
  assert.equal(ipam.map((o) => [o.source.kind, o.source.line, o.inferred === true]), [['eks-describe-cluster', 2, true]]);
  const rep = json(['check', 'examples/eks-cluster'], 0);
  assert.equal(rep.findings, []);
});

test('aks-overlay passes: Azure CNI Overlay with Cilium, no kube-proxy by design', () => {
  const f = facts('examples/aks-overlay');
  assert.equal([f.cluster.distribution, f.cni.name, f.cni.ipam, f.kubeProxy.present, f.kubeProxy.replacement], ['aks', 'cilium', 'node-podcidr', false, 'cilium']);
  assert.equal([cidrs(f, 'pod'), cidrs(f, 'service')], [['10.244.0.0/16'], ['10.0.0.0/16']]);
  assert.equal(json(['check', 'examples/aks-overlay'], 0).findings, []);
});

test('gke-dataplane-v2: Cilium without kube-proxy, the node mask from maxPodsPerNode', () => {
  const f = facts('examples/gke-dataplane-v2');
  assert.equal([f.cluster.distribution, f.cni.name, f.kubeProxy.present, f.kubeProxy.replacement], ['gke', 'cilium', false, 'cilium']);
  assert.equal([cidrs(f, 'pod'), cidrs(f, 'service')], [['10.48.0.0/14'], ['10.52.0.0/20']]);
  assert.is(f.cluster.nodeCIDRMaskSize.IPv4, 24);
  const rep = json(['check', 'examples/gke-dataplane-v2', '--allow-unknown'], 0);
  assert.equal(rep.findings.filter((x) => x.severity !== 'unknown'), []);
});

test('review judges an eksctl ClusterConfig before the cluster exists', () => {
  const ok = json(['review', 'examples/eksctl-config/cluster.yaml', '--allow-unknown'], 0);
  assert.equal(ok.findings.filter((x) => x.severity !== 'unknown'), []);
  const dir = mkdtempSync(join(tmpdir(), 'knc-eksctl-'));
  const bad = join(dir, 'cluster.yaml');
  writeFileSync(bad, readFileSync(repo('examples', 'eksctl-config', 'cluster.yaml'), 'utf8').replace('serviceIPv4CIDR: 172.20.0.0/16', 'serviceIPv4CIDR: 10.42.0.0/20'));
  const rep = json(['review', bad, '--allow-unknown'], 1);
  const kn101 = rep.findings.filter((x) => x.id === 'KN101');
  assert.equal(kn101.map((x) => x.message), [
    'service range 10.42.0.0/20 overlaps node range 10.42.0.0/16 (10.42.0.0/16 contains 10.42.0.0/20) (pods take addresses from the node subnets, IPAM vpc: pods collide with Services too)',
  ]);
});

test('an eksctl config that leaves the service range out gets EKS\'s default, worded as a default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-eksctl-'));
  const file = join(dir, 'cluster.yaml');
  writeFileSync(file, 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: lab\n  region: eu-west-1\nvpc:\n  cidr: 10.10.0.0/16\n');
  const f = facts(file);
  const svc = f.observations.filter((o) => o.pointer === '/networks/service/0');
  assert.equal(svc.map((o) => [o.source.line, o.inferred === true, o.source.excerpt]), [[2, true, 'default of EKS for a VPC of 10.10.0.0/16 (service range 172.20.0.0/16), not stated']]);
});

test('two clusters in one folder are never merged: KN901 names both', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-two-'));
  const prod = readFileSync(repo('examples', 'eks-cluster', 'describe-cluster.json'), 'utf8');
  writeFileSync(join(dir, 'prod.json'), prod);
  writeFileSync(join(dir, 'test.json'), prod.replace('"name": "prod-eu"', '"name": "test-eu"'));
  const rep = json(['check', dir, '--allow-unknown'], 1);
  const kn901 = rep.findings.filter((x) => x.id === 'KN901');
  assert.is(kn901.length, 1);
  assert.is(
    kn901[0]!.message.replaceAll(`${dir}/`, ''),
    "the evidence describes 2 clusters: prod-eu (eks) at prod.json:3 and test-eu (eks) at test.json:3: their facts are not judged as one cluster's; pick one with --cluster-name NAME, or give each its own folder",
  );
  assert.equal(kn901[0]!.locations.map((l) => [l.file.replace(`${dir}/`, ''), l.line]), [['prod.json', 3], ['test.json', 3]]);
  // --cluster-name picks one: the other's file is not read, and the report says which were seen.
  const picked = json(['check', dir, '--allow-unknown', '--cluster-name', 'test-eu'], 0);
  assert.is(picked.findings.filter((x) => x.id === 'KN901').length, 0);
  const f = facts(dir, '--cluster-name', 'test-eu');
  assert.equal([f.cluster.name, f.clusters?.picked, f.clusters?.seen.map((c) => c.name)], ['test-eu', 'test-eu', ['prod-eu', 'test-eu']]);
  assert.ok(f.observations.every((o) => !o.source.file.endsWith('prod.json') || o.pointer.startsWith('/clusters/')));
});

test('Terraform: a GKE module is read with its variables; two cluster resources are KN901, never merged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-tf-'));
  writeFileSync(
    join(dir, 'main.tf'),
    'resource "google_container_cluster" "web" {\n  name              = var.name\n  datapath_provider = "ADVANCED_DATAPATH"\n  ip_allocation_policy {\n    cluster_ipv4_cidr_block  = "10.48.0.0/14"\n    services_ipv4_cidr_block = var.services\n  }\n}\n',
  );
  writeFileSync(join(dir, 'variables.tf'), 'variable "name" {}\n\nvariable "services" {\n  default = "10.52.0.0/20"\n}\n');
  writeFileSync(join(dir, 'terraform.tfvars'), 'name = "web-prod"\n');
  const f = facts(dir);
  assert.equal([f.cluster.distribution, f.cluster.name, f.cni.name, f.kubeProxy.present], ['gke', 'web-prod', 'cilium', false]);
  assert.equal([cidrs(f, 'pod'), cidrs(f, 'service')], [['10.48.0.0/14'], ['10.52.0.0/20']]);
  const svc = f.observations.find((o) => o.pointer === '/networks/service/0');
  assert.is(svc?.source.excerpt, 'services_ipv4_cidr_block = var.services (var.services = "10.52.0.0/20" at variables.tf:4)');
  writeFileSync(join(dir, 'staging.tf'), 'resource "google_container_cluster" "staging" {\n  name = "web-staging"\n}\n');
  const rep = json(['check', dir, '--allow-unknown'], 1);
  assert.equal(
    rep.findings.filter((x) => x.id === 'KN901').map((x) => x.message.replaceAll(`${dir}/`, '')),
    ["the evidence describes 2 clusters: web-prod (gke) at main.tf:2 and web-staging (gke) at staging.tf:2: their facts are not judged as one cluster's; pick one with --cluster-name NAME, or give each its own folder"],
  );
});

test.run();
