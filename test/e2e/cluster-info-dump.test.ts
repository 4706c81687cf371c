/** End to end: a `kubectl cluster-info dump --output-directory` folder (test/fixtures/cluster-info-dump, see its README). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers.js';

interface Obs {
  pointer: string;
  value: unknown;
  source: { kind: string; file: string; line: number };
}

test('facts from a cluster-info dump: typed lists without item kinds, pods\' flags, kube-dns, kube-proxy logs', () => {
  const r = runCli(['facts', 'test/fixtures/cluster-info-dump']);
  assert.is(r.code, 0, r.stderr);
  const facts = JSON.parse(r.stdout);
  assert.equal(facts.networks.pod.map((n: { cidr: string }) => n.cidr), ['10.244.0.0/16']);
  assert.equal(facts.networks.service.map((n: { cidr: string }) => n.cidr), ['10.96.0.0/12']);
  assert.is(facts.kubeProxy.mode, 'iptables');
  assert.equal(facts.kubeProxy.nodeIPs, ['192.8.33.9']);
  assert.is(facts.cluster.dnsServiceIP, '10.96.0.10');
  assert.is(facts.cluster.allocateNodeCIDRs, true);
  assert.equal(
    facts.nodes.map((n: { name: string; internalIPs: string[]; podCIDRs: { cidr: string }[]; taints: unknown[]; roles: string[]; ready: boolean }) => [n.name, n.internalIPs, n.podCIDRs.map((p) => p.cidr), n.taints.length, n.roles, n.ready]),
    [
      ['controlplane', ['192.8.33.6'], ['10.244.0.0/24'], 1, ['control-plane'], true],
      ['node01', ['192.8.33.9'], ['10.244.1.0/24'], 0, [], true],
    ],
  );
  assert.equal(
    facts.daemonSets.map((d: Record<string, unknown>) => [d.namespace, d.name, d.desired, d.current, d.ready, d.upToDate, d.available, d.tolerationsSource]),
    [
      ['kube-system', 'kube-proxy', 2, 2, 2, 2, 2, 'stated'],
      ['kube-system', 'weave-net', 2, 2, 2, 2, 2, 'stated'],
    ],
  );
  const src = (pointer: string): string[] => facts.observations.filter((o: Obs) => o.pointer === pointer).map((o: Obs) => `${o.source.kind} ${o.source.file}:${o.source.line}`);
  assert.equal(src('/kubeProxy/mode'), [
    'kube-proxy-log test/fixtures/cluster-info-dump/kube-system/kube-proxy-7xk2p/logs.txt:2',
    'kube-proxy-log test/fixtures/cluster-info-dump/kube-system/kube-proxy-7xk2p/logs.txt:6',
  ]);
  // weave-net's IPALLOC_RANGE and the controller-manager's --cluster-cidr agree.
  assert.equal(src('/networks/pod/0'), [
    'k8s-objects test/fixtures/cluster-info-dump/kube-system/daemonsets.json:115',
    'k8s-objects test/fixtures/cluster-info-dump/kube-system/pods.json:98',
  ]);
  assert.equal(src('/nodes/1'), ['k8s-objects test/fixtures/cluster-info-dump/nodes.json:100']);
});

test.run();
