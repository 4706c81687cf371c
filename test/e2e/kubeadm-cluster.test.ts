/** End to end: the bundled kubeadm cluster (examples/kubeadm-cluster, see its README), as a user runs the CLI. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers.js';

const DIR = 'examples/kubeadm-cluster';
// The InitConfiguration's secrets: never in facts, excerpts, explanations or reports.
const SECRETS = ['9a08jv', 'c0izixklcxtmnze7', '3a7f5c2e9b1d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a', '3a7f5c2e'];

interface Obs {
  pointer: string;
  inferred?: boolean;
  source: { kind: string; file: string; line: number; excerpt: string };
}

test('facts: kubeadm config, static pods, node list and DaemonSets, each with its file:line', () => {
  const r = runCli(['facts', DIR]);
  assert.is(r.code, 0, r.stderr);
  const f = JSON.parse(r.stdout);
  assert.equal(f.cluster, { version: 'v1.31.2', nodePortRange: '30000-32767', nodeCIDRMaskSize: { IPv4: 24, IPv6: null }, allocateNodeCIDRs: true, clusterDNS: ['10.96.0.10'], dnsServiceIP: null, distribution: 'kubeadm' });
  assert.equal(f.networks.pod.map((n: { cidr: string }) => n.cidr), ['10.244.0.0/16']);
  assert.equal(f.networks.service.map((n: { cidr: string }) => n.cidr), ['10.96.0.0/12']);
  assert.equal(f.networks.node.map((n: { cidr: string }) => n.cidr), ['192.8.33.0/24']);
  assert.is(f.kubeProxy.mode, 'iptables');
  assert.equal(f.kubeProxy.conntrack, { max: null, maxPerCore: 32768, min: 131072 });
  assert.equal(f.kubeProxy.clusterCIDR.map((n: { cidr: string }) => n.cidr), ['10.244.0.0/16']);
  assert.equal(
    f.nodes.map((n: Record<string, unknown>) => [n.name, n.os, n.internalIPs, (n.podCIDRs as { cidr: string }[]).map((p) => p.cidr), (n.taints as unknown[]).length, n.roles, n.ready, n.kernelVersion]),
    [
      ['controlplane', 'linux', ['192.8.33.6'], ['10.244.0.0/24'], 1, ['control-plane'], true, '5.15.0-131-generic'],
      ['node01', 'linux', ['192.8.33.9'], ['10.244.1.0/24'], 0, [], true, '5.15.0-131-generic'],
      ['win01', 'windows', ['192.8.33.20'], ['10.244.2.0/24'], 1, [], true, '10.0.20348.2849'],
    ],
  );
  assert.equal(f.daemonSets.map((d: Record<string, unknown>) => [d.namespace, d.name, d.role, d.desired]), [
    ['kube-flannel', 'kube-flannel-ds', 'cni', 2],
    ['kube-system', 'kube-proxy', 'kube-proxy', 2],
    ['kube-system', 'kube-proxy-windows', 'other', 1],
  ]);
  assert.is(f.cni.name, 'flannel');
  const at = (pointer: string): string[] => f.observations.filter((o: Obs) => o.pointer === pointer).map((o: Obs) => `${o.source.file}:${o.source.line}${o.inferred ? ' inferred' : ''}`);
  assert.equal(at('/networks/pod/0'), [`${DIR}/etc/kubernetes/manifests/kube-controller-manager.yaml:19`, `${DIR}/kubeadm-config.yaml:33`]);
  assert.equal(at('/networks/service/0'), [
    `${DIR}/etc/kubernetes/manifests/kube-apiserver.yaml:40`,
    `${DIR}/etc/kubernetes/manifests/kube-controller-manager.yaml:30`,
    `${DIR}/kubeadm-config.yaml:34`,
  ]);
  assert.equal(at('/cluster/clusterDNS/0'), [`${DIR}/kubeadm-config.yaml:51`]);
  assert.equal(at('/kubeProxy/mode'), [`${DIR}/kubeadm-config.yaml:56`]);
  assert.equal(at('/nodes/2'), [`${DIR}/kubectl-get-nodes.json:280`]);
});

test('check passes on the healthy cluster: flannel\'s required node affinity keeps it off the Windows node', () => {
  const r = runCli(['check', DIR]);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /No findings: PASSED \(fail-on error\)/);
});

test('facts --explain names the sources of each fact', () => {
  const r = runCli(['facts', '--explain', DIR]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, `/networks/pod/0 = 10.244.0.0/16 (IPv4)\n  ${DIR}/etc/kubernetes/manifests/kube-controller-manager.yaml:19 [k8s-objects]  - --cluster-cidr=10.244.0.0/16\n  ${DIR}/kubeadm-config.yaml:33 [k8s-objects]  podSubnet: 10.244.0.0/16\n`);
  assert.match(r.stdout, /Sources agree: no fact was stated with two different values\./);
});

test('a second pod range from another source: both entries stay, each with its observations, and --explain shows the disagreement', () => {
  const weave = 'INFO: 2025/03/04 10:16:52.609239 Command line options: map[conn-limit:200 datapath:datapath ipalloc-range:10.32.0.0/12 mtu:1376 name:6a:1c:53:c2:9e:0f]\n';
  const r = runCli(['facts', '--explain', DIR, '-'], { input: weave });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /\/networks\/pod\/1 = 10\.32\.0\.0\/12 \(IPv4\)\n {2}-:1 \[weave-log\]/);
  assert.match(r.stdout, `  pod range (IPv4):\n    10.244.0.0/16\n      ${DIR}/etc/kubernetes/manifests/kube-controller-manager.yaml:19 [k8s-objects]`);
  assert.match(r.stdout, /\n {4}10\.32\.0\.0\/12\n {6}-:1 \[weave-log\]/);
});

test('bootstrap tokens and certificateKey reach no output of facts or check', () => {
  const runs = [
    ['facts', DIR],
    ['facts', '--compact', DIR],
    ['facts', '--explain', DIR],
    ['check', DIR, '--verbose'],
    ['check', DIR, '-o', 'json'],
    ['facts', `${DIR}/kubeadm-config.yaml`],
    ['facts', '--explain', `${DIR}/kubeadm-config.yaml`],
  ];
  for (const args of runs) {
    const r = runCli(args);
    assert.is(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    for (const s of SECRETS) {
      assert.not.ok(r.stdout.includes(s), `${args.join(' ')} prints ${s}`);
      assert.not.ok(r.stderr.includes(s), `${args.join(' ')} prints ${s} on stderr`);
    }
  }
});

test.run();
