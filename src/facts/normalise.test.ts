import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Claim, Observation } from '../evidence/types.js';
import { normalise } from './normalise.js';

// Merging by key (maps, linear at 50,000 nodes) must give exactly what a scan of
// the lists gave: the first match wins, indexes follow first appearance, and
// every observation keeps its order and the pointer of the fact it supports.

let line = 0;
const ob = (claim: Claim): Observation => ({ claim, inferred: false, source: { kind: 'test', file: 'evidence.txt', line: ++line, excerpt: '' } });
const ds = (namespace: string | null, name: string, desired: number | null): Claim => ({
  type: 'daemonSet',
  namespace,
  name,
  desired,
  current: null,
  ready: null,
  upToDate: null,
  available: null,
  nodeSelector: null,
  tolerations: null,
});

const cases: { name: string; claims: Claim[]; check: (f: ReturnType<typeof normalise>) => void }[] = [
  {
    name: 'a node named twice is one node, at its first index, with both observations',
    claims: [
      { type: 'node', name: 'a', internalIPs: ['10.0.0.1'] },
      { type: 'node', name: 'b' },
      { type: 'node', name: 'a', internalIPs: ['10.0.0.1', '10.0.0.2'], podCIDRs: ['10.244.0.0/24'] },
    ],
    check: (f) => {
      assert.equal(f.nodes.map((n) => n.name), ['a', 'b']);
      assert.equal(f.nodes[0]!.internalIPs, ['10.0.0.1', '10.0.0.2']);
      assert.equal(f.nodes[0]!.podCIDRs.map((p) => p.cidr), ['10.244.0.0/24']);
      assert.equal(f.observations.map((o) => o.pointer), ['/nodes/0', '/nodes/1', '/nodes/0']);
    },
  },
  {
    name: 'DaemonSets: a table without namespaces merges into the namespaced one; same name elsewhere stays apart',
    claims: [ds('kube-system', 'kube-proxy', 3), ds('other', 'kube-proxy', 1), ds(null, 'kube-proxy', 4), ds('other', 'kube-proxy', 2)],
    check: (f) => {
      assert.equal(f.daemonSets.map((d) => [d.namespace, d.desired]), [['kube-system', 4], ['other', 2]]);
      assert.equal(f.observations.map((o) => o.pointer), ['/daemonSets/0', '/daemonSets/1', '/daemonSets/0', '/daemonSets/1']);
    },
  },
  {
    name: 'a namespace learnt later fills a DaemonSet first seen without one',
    claims: [ds(null, 'weave-net', 2), ds('kube-system', 'weave-net', 3), ds('other', 'weave-net', 1)],
    check: (f) => {
      assert.equal(f.daemonSets.map((d) => [d.namespace, d.desired]), [['kube-system', 3], ['other', 1]]);
      assert.equal(f.observations.map((o) => o.pointer), ['/daemonSets/0', '/daemonSets/0', '/daemonSets/1', '/cni/name', '/cni/ipam']);
    },
  },
  {
    name: 'networks by canonical range: a form with host bits set replaces the clean one at the same index',
    claims: [
      { type: 'network', role: 'pod', cidr: '10.244.0.0/16' },
      { type: 'network', role: 'service', cidr: '10.96.0.0/12' },
      { type: 'network', role: 'pod', cidr: '10.244.7.0/16' },
      { type: 'ipPool', name: 'default', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: null, disabled: false },
      { type: 'ipPool', name: 'extra', cidr: '10.250.0.0/16', blockSize: 26, encapsulation: null, disabled: false },
    ],
    check: (f) => {
      assert.equal(f.networks.pod.map((n) => [n.cidr, n.written]), [['10.244.0.0/16', '10.244.7.0/16'], ['10.250.0.0/16', '10.250.0.0/16']]);
      assert.equal(f.observations.map((o) => o.pointer), [
        '/networks/pod/0',
        '/networks/service/0',
        '/networks/pod/0',
        '/cni/pools/0',
        '/cni/pools/0/blockSize',
        '/networks/pod/0',
        '/cni/pools/1',
        '/cni/pools/1/blockSize',
        '/networks/pod/1',
      ]);
    },
  },
  {
    name: 'kube-proxy clusterCIDR stated twice is one range',
    claims: [
      { type: 'kubeProxyClusterCIDR', cidr: '10.244.0.0/16' },
      { type: 'kubeProxyClusterCIDR', cidr: 'fd00:10:244::/56' },
      { type: 'kubeProxyClusterCIDR', cidr: '10.244.0.0/16' },
    ],
    check: (f) => {
      assert.equal(f.kubeProxy.clusterCIDR.map((n) => n.cidr), ['10.244.0.0/16', 'fd00:10:244::/56']);
      assert.equal(f.observations.map((o) => o.pointer), ['/kubeProxy/clusterCIDR/0', '/kubeProxy/clusterCIDR/1', '/kubeProxy/clusterCIDR/0']);
    },
  },
];

for (const c of cases) test(c.name, () => c.check(normalise(c.claims.map(ob))));

test('50,000 nodes merge in one pass: each node once, observations in input order', () => {
  const claims: Claim[] = [];
  for (let i = 0; i < 50_000; i++) claims.push({ type: 'node', name: `node-${i}` });
  for (let i = 0; i < 50_000; i += 1000) claims.push({ type: 'node', name: `node-${i}`, ready: true });
  const f = normalise(claims.map(ob));
  assert.is(f.nodes.length, 50_000);
  assert.is(f.nodes[49_000]!.ready, true);
  assert.is(f.observations[50_049]!.pointer, '/nodes/49000');
});

test.run();
