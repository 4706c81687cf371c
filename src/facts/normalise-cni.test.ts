/** Normalising CNI observations: one pool per range, stated beats inferred, a configured replacement. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Claim, Observation } from '../evidence/types.js';
import { validateFacts } from '../schema/validate.js';
import { normalise } from './normalise.js';

const obs = (claim: Claim, file: string, line: number, inferred = false): Observation => ({ claim, inferred, source: { kind: 'k8s-objects', file, line, excerpt: '' } });

test('the Installation and the IPPool state the same range: one pool, both sources; a stated block size replaces the default', () => {
  const f = normalise([
    obs({ type: 'ipPool', name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'ipip', disabled: false, inferredFields: ['blockSize', 'encapsulation'] }, 'installation.yaml', 8),
    obs({ type: 'ipPool', name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 24, encapsulation: 'vxlan', disabled: false }, 'ippool.yaml', 6),
    obs({ type: 'ipPool', name: null, cidr: 'fd00:10:244::/56', blockSize: 122, encapsulation: null, disabled: false, inferredFields: ['blockSize'] }, 'ippool.yaml', 20),
  ]);
  validateFacts(f);
  assert.equal(f.cni.pools.map((p) => [p.name, p.network.cidr, p.blockSize, p.encapsulation]), [
    ['default-ipv4-ippool', '10.244.0.0/16', 24, 'vxlan'],
    [null, 'fd00:10:244::/56', 122, null],
  ]);
  assert.equal(f.networks.pod.map((n) => n.cidr), ['10.244.0.0/16', 'fd00:10:244::/56']);
  const at = (p: string): string[] => f.observations.filter((o) => o.pointer === p).map((o) => `${o.source.file}:${o.source.line}${o.inferred ? ' inferred' : ''}`);
  assert.equal(at('/cni/pools/0'), ['installation.yaml:8', 'ippool.yaml:6']);
  assert.equal(at('/cni/pools/0/blockSize'), ['installation.yaml:8 inferred', 'ippool.yaml:6']);
  assert.equal(at('/cni/pools/0/encapsulation'), ['installation.yaml:8 inferred', 'ippool.yaml:6']);
  assert.equal(at('/cni/pools/1/blockSize'), ['ippool.yaml:20 inferred']);
});

test('a stated IPAM model beats an inferred one, whatever the order', () => {
  const f = normalise([
    obs({ type: 'cniSetting', field: 'ipam', value: 'pool' }, 'ippool.yaml', 6, true),
    obs({ type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, '10-calico.conflist', 12),
    obs({ type: 'cniSetting', field: 'ipam', value: 'pool' }, 'other.yaml', 3, true),
    obs({ type: 'cniSetting', field: 'mtu', value: 1376 }, 'weave.yaml', 4, true),
    obs({ type: 'cniSetting', field: 'mtu', value: 1337 }, 'weave.yaml', 30),
  ]);
  assert.is(f.cni.ipam, 'node-podcidr');
  assert.is(f.cni.mtu, 1337);
  assert.is(f.observations.filter((o) => o.pointer === '/cni/ipam').length, 3);
});

test('a replacement and no kube-proxy seen: kube-proxy is absent (inferred); with kube-proxy seen it stays present', () => {
  const kpr = obs({ type: 'kubeProxyReplacement', name: 'cilium' }, 'cilium-config.yaml', 42);
  const absent = normalise([kpr]);
  assert.is(absent.kubeProxy.present, false);
  assert.equal(absent.observations.find((o) => o.pointer === '/kubeProxy/present')?.inferred, true);
  const both = normalise([kpr, obs({ type: 'proxyMode', mode: 'iptables' }, 'kube-proxy.log', 1)]);
  assert.is(both.kubeProxy.present, true);
  assert.is(both.kubeProxy.replacement, 'cilium');
});

test('Cilium cluster identity: the first stated value, each located; two different IDs are a conflict', () => {
  const none = normalise([obs({ type: 'cni', name: 'cilium' }, 'cm.yaml', 4)]);
  assert.is(none.cni.cilium, undefined);
  const f = normalise([
    obs({ type: 'ciliumCluster', field: 'clusterName', value: 'eu-1' }, 'cm.yaml', 6),
    obs({ type: 'ciliumCluster', field: 'clusterId', value: 3 }, 'cm.yaml', 7),
    obs({ type: 'ciliumCluster', field: 'clusterId', value: 4 }, 'values.yaml', 3),
  ]);
  validateFacts(f);
  assert.equal(f.cni.cilium, { clusterName: 'eu-1', clusterId: 3, maxConnectedClusters: null });
  assert.equal(f.observations.filter((o) => o.pointer === '/cni/cilium/clusterId').map((o) => `${o.source.file}:${o.source.line}`), ['cm.yaml:7', 'values.yaml:3']);
  assert.equal(f.conflicts.map((c) => [c.pointer, c.values.map((v) => v.value)]), [['/cni/cilium/clusterId', ['3', '4']]]);
});

test.run();
