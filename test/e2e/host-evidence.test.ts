/** End to end: host and CNI state (ifconfig, netplan, NetworkManager, subnet.env, describe configmap, cilium status, calicoctl) through the real CLI. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers.js';

interface Net {
  cidr: string;
}
interface Facts {
  networks: { node: Net[]; pod: Net[]; service: Net[] };
  kubeProxy: { mode: string | null; present: boolean | null; replacement: string | null; clusterCIDR: Net[] };
  cni: { name: string | null; mtu: number | null; encapsulation: string | null; pools: { network: Net; encapsulation: string | null }[] };
  nodes: { name: string; podCIDRs: Net[] }[];
  cluster: { version: string | null };
  interfaces: { name: string; mtu: number | null }[];
  observations: { pointer: string; inferred?: boolean; source: { kind: string; file: string; line: number | null } }[];
}

const facts = (...paths: string[]): Facts => {
  const r = runCli(['facts', ...paths]);
  assert.is(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Facts;
};
const source = (f: Facts, pointer: string): string[] => f.observations.filter((o) => o.pointer === pointer).map((o) => `${o.source.kind} ${o.source.file}:${o.source.line}`);

test('host-evidence example: node networks from ifconfig, netplan and a keyfile; ranges and version from the write-up', () => {
  const f = facts('examples/host-evidence');
  assert.equal(
    f.networks.node.map((n) => n.cidr),
    ['10.0.2.0/24', '192.168.56.0/24'],
  );
  assert.equal(f.networks.pod.map((n) => n.cidr), ['10.244.0.0/16']);
  assert.equal(f.networks.service.map((n) => n.cidr), ['10.96.0.0/12']);
  assert.is(f.cluster.version, 'v1.31.4');
  assert.is(f.cni.name, 'flannel');
  assert.is(f.cni.mtu, 1450);
  assert.is(f.kubeProxy.mode, 'iptables');
  assert.equal(f.kubeProxy.clusterCIDR.map((n) => n.cidr), ['10.244.0.0/16']);
  // node01's podCIDR from subnet.env, read at the root@node01 prompt.
  assert.equal(f.nodes.find((n) => n.name === 'node01')?.podCIDRs.map((p) => p.cidr), ['10.244.1.0/24']);
  const nodeNet = source(f, '/networks/node/1');
  for (const kind of ['ifconfig examples/host-evidence/controlplane-ifconfig.txt:12', 'netplan examples/host-evidence/node01-netplan.yaml:10', 'nm-keyfile examples/host-evidence/node02-enp0s8.nmconnection:11']) {
    assert.ok(nodeNet.includes(kind), `${kind} in ${nodeNet.join(', ')}`);
  }
  assert.ok(source(f, '/networks/pod/0').includes('component-flags examples/host-evidence/lab.md:6'));
  assert.equal(source(f, '/kubeProxy/clusterCIDR/0'), ['kubectl-describe examples/host-evidence/kube-proxy-describe-cm.txt:14']);
  const r = runCli(['check', 'examples/host-evidence', '--allow-unknown']);
  assert.is(r.code, 0, r.stdout + r.stderr);
});

test('cilium status and calicoctl tables through the CLI; a bad netmask names file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kn-host-'));
  writeFileSync(
    join(dir, 'cilium-status.txt'),
    'KVStore:                 Ok   Disabled\r\nKubernetes:              Ok   1.30 (v1.30.2) [linux/amd64]\r\nKubeProxyReplacement:    True   [eth0   192.168.1.5 (Direct Routing)]\r\nCilium:                  Ok   1.15.6 (v1.15.6-a09e05e6)\r\nIPAM:                    IPv4: 5/254 allocated from 10.0.1.0/24,\r\nRouting:                 Network: Tunnel [geneve]   Host: BPF\r\n',
  );
  const f = facts(dir);
  assert.is(f.cni.name, 'cilium');
  assert.is(f.kubeProxy.replacement, 'cilium');
  assert.is(f.cni.encapsulation, 'geneve');
  assert.is(f.cluster.version, 'v1.30.2');

  const calico = mkdtempSync(join(tmpdir(), 'kn-host-'));
  writeFileSync(join(calico, 'pools.txt'), 'NAME                  CIDR             NAT    IPIPMODE   VXLANMODE     DISABLED   DISABLEBGPEXPORT   SELECTOR\ndefault-ipv4-ippool   172.16.0.0/16    true   Never      CrossSubnet   false      false              all()\n');
  const c = facts(calico);
  assert.equal(c.cni.pools.map((p) => [p.network.cidr, p.encapsulation]), [['172.16.0.0/16', 'vxlan']]);

  const bad = mkdtempSync(join(tmpdir(), 'kn-host-'));
  writeFileSync(join(bad, 'ifconfig.txt'), 'eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet 10.0.0.5  netmask 255.0.255.0  broadcast 10.0.0.255\n');
  const r = runCli(['facts', bad]);
  assert.is(r.code, 2);
  assert.match(r.stderr, /ifconfig\.txt:2: interface address 10\.0\.0\.5: netmask 255\.0\.255\.0: expected a contiguous netmask/);
  assert.not.match(r.stderr, /\n\s+at /);
});

test.run();
