/**
 * eksctl ClusterConfig (eksctl.io/v1alpha5) as users write it for `eksctl create cluster -f`:
 * stated ranges, eksctl's and EKS's defaults marked inferred, node groups, IPv6.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../../../test/helpers.js';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

const parse = (text: string) => k8sObjects.parse(splitLines(text), {});
const nets = (text: string, role: string) =>
  parse(text).observations.flatMap((o) => (o.claim.type === 'network' && o.claim.role === role ? [[o.claim.cidr, o.line, o.inferred === true]] : []));

const EXAMPLE = readFileSync(repo('examples', 'eksctl-config', 'cluster.yaml'), 'utf8');

test('stated service range and VPC, the vpc-cni add-on, three planned nodes', () => {
  const r = parse(EXAMPLE);
  assert.equal(nets(EXAMPLE, 'service'), [['172.20.0.0/16', 11, false]]);
  assert.equal(nets(EXAMPLE, 'node'), [['10.42.0.0/16', 14, false]]);
  assert.equal(r.observations.filter((o) => o.claim.type === 'node').map((o) => [o.claim.type === 'node' ? o.claim.name : '', o.line]), [
    ['general-1', 24],
    ['general-2', 24],
    ['general-3', 24],
  ]);
  assert.ok(r.observations.some((o) => o.claim.type === 'cniSetting' && o.claim.field === 'ipam' && o.claim.value === 'vpc' && o.inferred !== true && o.line === 17));
  assert.ok(r.observations.some((o) => o.claim.type === 'clusterVersion' && o.claim.version === 'v1.31'));
  assert.ok(r.observations.some((o) => o.claim.type === 'distribution' && o.claim.name === 'eks'));
});

test('no serviceIPv4CIDR: EKS picks 172.20.0.0/16 for a VPC in 10/8, 10.100.0.0/16 otherwise, inferred', () => {
  const ten = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n  region: eu-west-1\nvpc:\n  cidr: 10.10.0.0/16\n';
  assert.equal(nets(ten, 'service'), [['172.20.0.0/16', 2, true]]);
  const other = ten.replace('10.10.0.0/16', '172.31.0.0/16');
  assert.equal(nets(other, 'service'), [['10.100.0.0/16', 2, true]]);
  const none = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n  region: eu-west-1\n';
  assert.equal(nets(none, 'node'), [['192.168.0.0/16', 2, true]]);
  assert.equal(nets(none, 'service'), [['10.100.0.0/16', 2, true]]);
  const excerpt = parse(none).observations.find((o) => o.claim.type === 'network' && o.claim.role === 'service')?.excerpt;
  assert.match(excerpt ?? '', /^default of EKS for a VPC of 192\.168\.0\.0\/16/);
});

test('an existing VPC named by id without its CIDR: the service range is unknown, said so', () => {
  const text = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n  region: eu-west-1\nvpc:\n  id: vpc-0dd338ecf29863c55\n';
  const r = parse(text);
  assert.equal(nets(text, 'service'), []);
  assert.equal(nets(text, 'node'), []);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && /service range is unknown/.test(d.message)));
});

test('IPv6 family: no IPv4 service default; an IPv4 service range with IPv6 is an error', () => {
  const v6 = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n  region: us-west-2\nkubernetesNetworkConfig:\n  ipFamily: IPv6\n';
  assert.equal(nets(v6, 'service'), []);
  const bad = `${v6}  serviceIPv4CIDR: 10.100.0.0/16\n`;
  assert.ok(parse(bad).diagnostics.some((d) => d.level === 'error' && d.line === 8 && /ipFamily IPv6/.test(d.message)));
});

test('node groups: a group with only size limits leaves the node count unknown; no size at all is eksctl\'s 2', () => {
  const base = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n  region: us-west-2\nnodeGroups:\n  - name: ng1\n    desiredCapacity: 4\n';
  const limits = `${base}  - name: ng2\n    minSize: 2\n    maxSize: 8\n`;
  assert.equal(parse(limits).observations.filter((o) => o.claim.type === 'node'), []);
  assert.ok(parse(limits).diagnostics.some((d) => /node group ng2 gives no desiredCapacity/.test(d.message)));
  const bare = `${base}managedNodeGroups:\n  - name: mng\n`;
  const nodes = parse(bare).observations.filter((o) => o.claim.type === 'node');
  assert.equal(nodes.map((o) => [o.claim.type === 'node' ? o.claim.name : '', o.inferred === true]), [
    ['ng1-1', false],
    ['ng1-2', false],
    ['ng1-3', false],
    ['ng1-4', false],
    ['mng-1', true],
    ['mng-2', true],
  ]);
});

test('disableDefaultAddons without vpc-cni: no CNI is assumed', () => {
  const text = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n  region: us-west-2\naddonsConfig:\n  disableDefaultAddons: true\naddons:\n  - name: coredns\n';
  const r = parse(text);
  assert.equal(r.observations.filter((o) => o.claim.type === 'cni' || o.claim.type === 'cniSetting'), []);
  assert.ok(r.diagnostics.some((d) => d.line === 7 && /the CNI is one of your own/.test(d.message)));
});

test.run();
