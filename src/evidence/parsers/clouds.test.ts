/**
 * The managed-cluster readers on their outputs as the CLIs print them:
 * `aws eks describe-cluster` (JSON and `--output yaml`, IPv4 and IPv6),
 * `gcloud container clusters describe` (YAML and `--format=json`, Dataplane V2
 * and legacy) and `az aks show` (overlay, Azure CNI without overlay, kubenet),
 * plus ugly forms (CRLF, a truncated document).
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../../test/helpers.js';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { Claim, ParseResult } from '../types.js';

type Read = ParseResult & { kind: string };
const read = (text: string, command?: string): Read => {
  const r = parseText(splitLines(text), command ? { command } : {});
  assert.ok(r, 'recognised');
  return r;
};
const nets = (r: Read, role: string): [string, number, boolean][] =>
  r.observations.flatMap((o) => (o.claim.type === 'network' && o.claim.role === role ? [[o.claim.cidr, o.line, o.inferred === true] as [string, number, boolean]] : []));
const claims = <T extends Claim['type']>(r: Read, type: T): (Extract<Claim, { type: T }> & { line: number; inferred: boolean })[] =>
  r.observations.flatMap((o) => (o.claim.type === type ? [{ ...(o.claim as Extract<Claim, { type: T }>), line: o.line, inferred: o.inferred === true }] : []));
const ipam = (r: Read): [string, boolean][] => r.observations.flatMap((o) => (o.claim.type === 'cniSetting' && o.claim.field === 'ipam' ? [[String(o.claim.value), o.inferred === true] as [string, boolean]] : []));

const EKS_JSON = readFileSync(repo('examples', 'eks-cluster', 'describe-cluster.json'), 'utf8');

test('eks describe-cluster JSON: service range, version, the VPC CNI inferred', () => {
  const r = read(EKS_JSON, 'aws eks describe-cluster --name prod-eu');
  assert.is(r.kind, 'eks-describe-cluster');
  assert.equal(nets(r, 'service'), [['172.20.0.0/16', 22, false]]);
  assert.equal(nets(r, 'node'), []);
  assert.equal(nets(r, 'pod'), []);
  assert.equal(claims(r, 'clusterVersion').map((c) => [c.version, c.line]), [['v1.31', 6]]);
  assert.equal(claims(r, 'distribution').map((c) => [c.name, c.line]), [['eks', 4]]);
  assert.equal(claims(r, 'cni').map((c) => [c.name, c.inferred]), [['aws-vpc-cni', true]]);
  assert.equal(ipam(r), [['vpc', true]]);
  assert.ok(r.observations.find((o) => o.inferred)?.excerpt.startsWith('default of EKS'));
  assert.equal(r.diagnostics, []);
});

test('eks describe-cluster --output yaml, IPv6 cluster, CRLF', () => {
  const text = [
    'cluster:',
    '  arn: arn:aws:eks:us-west-2:111122223333:cluster/v6',
    '  kubernetesNetworkConfig:',
    '    ipFamily: ipv6',
    '    serviceIpv6Cidr: fd8c:4b1e:9ea0::/108',
    '  name: v6',
    '  platformVersion: eks.9',
    '  resourcesVpcConfig:',
    '    clusterSecurityGroupId: sg-0123456789abcdef0',
    '    subnetIds:',
    '    - subnet-0123456789abcdef0',
    "  version: '1.30'",
    '',
  ].join('\r\n');
  const r = read(text);
  assert.is(r.kind, 'eks-describe-cluster');
  assert.equal(nets(r, 'service'), [['fd8c:4b1e:9ea0::/108', 5, false]]);
  assert.equal(claims(r, 'clusterVersion').map((c) => c.version), ['v1.30']);
});

test('eks describe-cluster cut short is an error with its line, not a crash', () => {
  const cut = EKS_JSON.slice(0, EKS_JSON.indexOf('"serviceIpv4Cidr"') + 10);
  const r = read(cut, 'aws eks describe-cluster --name prod-eu');
  assert.equal(r.observations, []);
  assert.is(r.diagnostics.length, 1);
  assert.match(r.diagnostics[0]!.message, /describe-cluster output is not valid JSON or YAML/);
});

const GKE_YAML = readFileSync(repo('examples', 'gke-dataplane-v2', 'clusters-describe.yaml'), 'utf8');

test('gke clusters describe YAML: Dataplane V2 is Cilium without kube-proxy, node mask from the node pool', () => {
  const r = read(GKE_YAML);
  assert.is(r.kind, 'gke-describe-cluster');
  assert.equal(nets(r, 'pod'), [['10.48.0.0/14', 4, false]]);
  assert.equal(nets(r, 'service'), [['10.52.0.0/20', 36, false]]);
  assert.equal(claims(r, 'clusterVersion').map((c) => c.version), ['v1.31.5-gke.1023000']);
  assert.equal(claims(r, 'cni').map((c) => [c.name, c.line]), [['cilium', 23]]);
  assert.equal(claims(r, 'kubeProxyReplacement').map((c) => c.name), ['cilium']);
  assert.equal(claims(r, 'kubeProxyPresent').map((c) => c.present), [false]);
  assert.equal(ipam(r), [['node-podcidr', true]]);
  // The pool prints podIpv4CidrSize 24: stated, not inferred from maxPodsPerNode.
  assert.equal(claims(r, 'nodeCIDRMaskSize').map((c) => [c.size, c.inferred, c.line]), [[24, false, 33]]);
  assert.equal(claims(r, 'node'), []);
});

test('gke clusters describe: node mask from the pools when they agree, unknown when they differ, max pods otherwise', () => {
  const doc = (pools: unknown[]): string =>
    JSON.stringify(
      {
        clusterIpv4Cidr: '192.168.0.0/18',
        currentMasterVersion: '1.27.3-gke.100',
        defaultMaxPodsConstraint: { maxPodsPerNode: '110' },
        ipAllocationPolicy: { clusterIpv4CidrBlock: '192.168.0.0/18', servicesIpv4CidrBlock: '192.168.64.0/18', useIpAliases: true },
        nodePools: pools,
        servicesIpv4Cidr: '192.168.64.0/18',
      },
      null,
      2,
    );
  const masks = (text: string): [number, boolean, number][] => claims(read(text), 'nodeCIDRMaskSize').map((c) => [c.size, c.inferred, c.line]);
  const two = doc([
    { name: 'default-pool', maxPodsConstraint: { maxPodsPerNode: '110' }, podIpv4CidrSize: 24 },
    { name: 'small', maxPodsConstraint: { maxPodsPerNode: '110' }, podIpv4CidrSize: 24 },
  ]);
  const line = two.split('\n').findIndex((l) => l.includes('"podIpv4CidrSize"')) + 1;
  assert.equal(masks(two), [[24, false, line]]);
  // Pools of different sizes: no single node mask, and no default put in its place.
  assert.equal(masks(doc([{ name: 'a', podIpv4CidrSize: 24 }, { name: 'b', maxPodsConstraint: { maxPodsPerNode: '32' }, podIpv4CidrSize: 26 }])), []);
  // No pool prints a size: the cluster's maxPodsPerNode gives the default mask, inferred.
  assert.equal(masks(doc([{ name: 'default-pool' }])).map((m) => [m[0], m[1]]), [[24, true]]);
});

test('gke clusters describe --format=json, legacy datapath, dual-stack, nodeIpv4CidrSize stated', () => {
  const text = JSON.stringify(
    {
      clusterIpv4Cidr: '10.8.0.0/14',
      currentMasterVersion: '1.29.8-gke.1031000',
      ipAllocationPolicy: { clusterIpv4CidrBlock: '10.8.0.0/14', servicesIpv4CidrBlock: '10.12.0.0/20', servicesIpv6CidrBlock: '2600:1900:4120:7f3b:0:1::/112', stackType: 'IPV4_IPV6', useIpAliases: true },
      networkConfig: { datapathProvider: 'LEGACY_DATAPATH' },
      nodeIpv4CidrSize: 25,
      selfLink: 'https://container.googleapis.com/v1/projects/p/locations/us-central1/clusters/c',
      servicesIpv4Cidr: '10.12.0.0/20',
    },
    null,
    2,
  );
  const r = read(text);
  assert.is(r.kind, 'gke-describe-cluster');
  assert.equal(nets(r, 'service').map((n) => n[0]), ['10.12.0.0/20', '2600:1900:4120:7f3b:0:1::/112']);
  assert.equal(claims(r, 'nodeCIDRMaskSize').map((c) => [c.size, c.inferred]), [[25, false]]);
  assert.equal(claims(r, 'cni'), []);
  assert.equal(claims(r, 'kubeProxyPresent'), []);
});

const AKS_JSON = readFileSync(repo('examples', 'aks-overlay', 'aks-show.json'), 'utf8');

test('az aks show, Azure CNI Overlay with the Cilium dataplane', () => {
  const r = read(AKS_JSON);
  assert.is(r.kind, 'aks-show');
  assert.equal(nets(r, 'pod'), [['10.244.0.0/16', 34, false]]);
  assert.equal(nets(r, 'service'), [['10.0.0.0/16', 38, false]]);
  assert.equal(claims(r, 'clusterDNS').map((c) => [c.ip, c.line]), [['10.0.0.10', 21]]);
  assert.equal(claims(r, 'dnsServiceIP').map((c) => c.ip), ['10.0.0.10']);
  // The IPAM model follows from the plugin: inferred, as every CNI's is.
  assert.equal(ipam(r), [['node-podcidr', true]]);
  assert.equal(claims(r, 'cni').map((c) => c.name), ['cilium']);
  assert.equal(claims(r, 'kubeProxyReplacement').map((c) => c.name), ['cilium']);
  assert.equal(claims(r, 'clusterVersion').map((c) => c.version), ['v1.30.6']);
  assert.equal(claims(r, 'nodeCIDRMaskSize').map((c) => [c.size, c.inferred]), [[24, true]]);
});

test('az aks show, Azure CNI without overlay: IPAM vpc, podCidr unused', () => {
  const text = AKS_JSON.replace('"networkPluginMode": "overlay"', '"networkPluginMode": null').replace('"networkDataplane": "cilium"', '"networkDataplane": "azure"').replace('"networkPolicy": "cilium"', '"networkPolicy": "azure"');
  const r = read(text);
  assert.equal(ipam(r), [['vpc', true]]);
  assert.equal(nets(r, 'pod'), []);
  assert.equal(claims(r, 'cni').map((c) => c.name), ['azure-cni']);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && /podCidr is unused/.test(d.message)));
});

test('az aks show, kubenet dual-stack with podCidrs and serviceCidrs', () => {
  const text = AKS_JSON.replace('"networkPlugin": "azure"', '"networkPlugin": "kubenet"')
    .replace('"networkPluginMode": "overlay"', '"networkPluginMode": null')
    .replace('"networkDataplane": "cilium"', '"networkDataplane": "azure"')
    .replace('"10.244.0.0/16"\n    ]', '"10.244.0.0/16",\n      "fd12:3456:789a::/64"\n    ]')
    .replace('"10.0.0.0/16"\n    ]', '"10.0.0.0/16",\n      "fd12:3456:789a:1::/108"\n    ]');
  const r = read(text);
  assert.equal(nets(r, 'pod').map((n) => n[0]), ['10.244.0.0/16', 'fd12:3456:789a::/64']);
  assert.equal(nets(r, 'service').map((n) => n[0]), ['10.0.0.0/16', 'fd12:3456:789a:1::/108']);
  assert.equal(claims(r, 'cni').map((c) => c.name), ['kubenet']);
});

test('az aks show with a bad range names the field and line', () => {
  const r = read(AKS_JSON.replace('"serviceCidrs": [\n      "10.0.0.0/16"', '"serviceCidrs": [\n      "10.0.0.0/33"'));
  const d = r.diagnostics.find((x) => x.level === 'error');
  assert.ok(d);
  assert.is(d.line, 38);
  assert.match(d.message, /az aks show networkProfile\.serviceCidrs\.0/);
});

test('az prints its progress before the JSON on a terminal: the document is read from its first line, at its true lines', () => {
  const text = `Finished service principal creation[##################################]  100.0000%\r\n${AKS_JSON.replace(/\n/g, '\r\n')}`;
  const r = read(text);
  assert.is(r.kind, 'aks-show');
  assert.equal(nets(r, 'service'), [['10.0.0.0/16', 39, false]]);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && d.line === 1 && /line 1 before the JSON document/.test(d.message)));
  // Text that is not JSON after the preamble either is still an error, at its own line.
  const bad = read(`WARNING: something\n${AKS_JSON.replace('"networkPlugin": "azure",', '"networkPlugin": "azure"')}`);
  assert.ok(bad.diagnostics.some((d) => d.level === 'error' && d.line !== null && d.line > 1));
});

test.run();
