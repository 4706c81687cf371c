/** Which cluster each observation describes, and --cluster-name's pick, on evidence sets as folders hold them. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../errors.js';
import { attribute, describeCluster, pickCluster } from './clusters.js';
import type { Evidence } from './read.js';
import type { Claim, Observation } from './types.js';

const obs = (file: string, line: number, claim: Claim, extra: Partial<Observation> = {}): Observation => ({
  claim,
  inferred: false,
  source: { kind: 'test', file, line, excerpt: '' },
  ...extra,
});
const net = (cidr: string): Claim => ({ type: 'network', role: 'pod', cidr });
const ev = (observations: Observation[]): Evidence => ({
  observations,
  diagnostics: [...new Set(observations.map((o) => o.source.file))].map((file) => ({ level: 'warning' as const, file, line: null, message: 'note' })),
  files: [...new Set(observations.map((o) => o.source.file))].map((file) => ({ file, kind: 'test', observations: 1 })),
});

test('a named file is its cluster; an unnamed file of the same installer joins it; host outputs belong to none', () => {
  const o = [
    obs('describe.json', 3, { type: 'clusterName', name: 'prod' }),
    obs('describe.json', 2, { type: 'distribution', name: 'eks' }),
    obs('describe.json', 9, net('10.0.0.0/16')),
    obs('nodes.json', 1, { type: 'distribution', name: 'eks' }),
    obs('nodes.json', 4, { type: 'node', name: 'ip-10-0-1-1' }),
    obs('ip-a.txt', 2, net('192.168.1.0/24')),
  ];
  const { keys, seen } = attribute(o);
  assert.equal(keys, ['prod', 'prod', 'prod', 'prod', 'prod', undefined]);
  assert.equal(seen.map(describeCluster), ['prod (eks, describe.json:3)']);
});

test('two installers, one named and one not: two clusters; an inferred installer (kubeadm) names none', () => {
  const o = [
    obs('kind.yaml', 1, { type: 'distribution', name: 'kind' }),
    obs('kind.yaml', 3, { type: 'clusterName', name: 'dev' }),
    obs('kind.yaml', 1, { type: 'distribution', name: 'kubeadm' }, { inferred: true }),
    obs('config.yaml', 1, { type: 'distribution', name: 'k3s' }),
    obs('config.yaml', 2, net('10.42.0.0/16')),
    obs('kubeadm.yaml', 1, { type: 'distribution', name: 'kubeadm' }, { inferred: true }),
  ];
  const { keys, seen } = attribute(o);
  assert.equal(keys, ['dev', 'dev', 'dev', 'k3s', 'k3s', undefined]);
  assert.equal(seen.map(describeCluster), ['dev (kind, kind.yaml:3)', 'k3s (k3s, no name given, config.yaml:1)']);
});

test('Terraform: two cluster resources in one file are two clusters; the VPC beside them belongs to none', () => {
  const o = [
    obs('main.tf', 2, { type: 'clusterName', name: 'web-prod' }, { cluster: 'web-prod' }),
    obs('main.tf', 2, { type: 'distribution', name: 'gke' }, { cluster: 'web-prod' }),
    obs('main.tf', 5, net('10.48.0.0/14'), { cluster: 'web-prod' }),
    obs('main.tf', 20, { type: 'clusterName', name: 'web-staging' }, { cluster: 'web-staging' }),
    obs('main.tf', 20, { type: 'distribution', name: 'gke' }, { cluster: 'web-staging' }),
    obs('main.tf', 22, net('10.60.0.0/14'), { cluster: 'web-staging' }),
    obs('main.tf', 40, { type: 'network', role: 'node', cidr: '10.0.0.0/16' }),
  ];
  const { keys, seen } = attribute(o);
  assert.equal(keys, ['web-prod', 'web-prod', 'web-prod', 'web-staging', 'web-staging', 'web-staging', undefined]);
  assert.equal(seen.map((c) => c.name), ['web-prod', 'web-staging']);
  // An unnamed file of an installer with two named clusters is neither's: kept whichever is picked.
  const more = attribute([...o, obs('nodes.txt', 1, { type: 'distribution', name: 'gke' })]);
  assert.is(more.keys.at(-1), undefined);
});

test('pickCluster keeps the picked cluster and what belongs to none; files wholly another cluster\'s go, notes and all', () => {
  const e = ev([
    obs('dev.yaml', 3, { type: 'clusterName', name: 'dev' }),
    obs('dev.yaml', 5, net('10.244.0.0/16')),
    obs('prod.yaml', 3, { type: 'clusterName', name: 'prod' }),
    obs('prod.yaml', 5, net('10.245.0.0/16')),
    obs('sysctl.txt', 1, { type: 'sysctl', key: 'net.ipv4.ip_forward', value: '1', node: null }),
  ]);
  const p = pickCluster(e, 'prod');
  assert.equal(p.observations.map((o) => `${o.source.file}:${o.source.line}`), ['prod.yaml:3', 'prod.yaml:5', 'sysctl.txt:1']);
  assert.equal(p.files.map((f) => f.file), ['prod.yaml', 'sysctl.txt']);
  assert.equal(p.diagnostics.map((d) => d.file), ['prod.yaml', 'sysctl.txt']);
  assert.equal([p.clusters?.picked, p.clusters?.seen.map((c) => c.name)], ['prod', ['dev', 'prod']]);
  // Without a pick, everything stays and the clusters are recorded.
  const all = pickCluster(e);
  assert.is(all.observations.length, 5);
  assert.equal(all.clusters?.picked, null);
});

test('an unknown name is an input error listing the clusters seen; with none seen, it says so', () => {
  const e = ev([obs('dev.yaml', 3, { type: 'clusterName', name: 'dev' }), obs('ip.txt', 1, net('10.0.0.0/8'))]);
  assert.throws(() => pickCluster(e, 'prod'), (err: unknown) => err instanceof InputError && err.message === '--cluster-name prod: no such cluster in the evidence (clusters seen: dev (installer unknown, dev.yaml:3))');
  assert.throws(() => pickCluster(ev([obs('ip.txt', 1, net('10.0.0.0/8'))]), 'prod'), /names no cluster and states no installer/);
  // Seen in another part of the evidence (review's cluster evidence): no error, this part keeps only what is not another's.
  const other = pickCluster(e, 'prod', [{ name: 'prod', named: true, distribution: 'kind', source: { kind: 'x', file: 'p.yaml', line: 3, excerpt: '' } }]);
  assert.equal(other.observations.map((o) => o.source.file), ['ip.txt']);
});

test.run();
