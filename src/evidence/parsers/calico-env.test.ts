/**
 * calico-node's env outside a whole object: `grep -A1 CALICO_IPV4POOL calico.yaml`
 * on the manifest Calico ships (projectcalico/calico manifests/calico.yaml, where
 * CALICO_IPV4POOL_CIDR is commented out), `grep -n`, and
 * `kubectl set env ds/calico-node -n kube-system --list` (kubectl's set env prints
 * `NAME=value` and `# NAME from configmap ...`-style lines).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import { calicoEnv } from './calico-env.js';

test('grep of the shipped manifest: the commented-out CIDR is skipped, never a value', () => {
  const text = `            - name: CALICO_IPV4POOL_IPIP
              value: "Always"
            - name: CALICO_IPV4POOL_VXLAN
              value: "Never"
--
            # - name: CALICO_IPV4POOL_CIDR
            #   value: "192.168.0.0/16"
`;
  const r = parseText(splitLines(text), { command: 'grep -A1 CALICO_IPV4POOL calico.yaml' });
  assert.is(r?.kind, 'calico-env');
  assert.equal(r?.observations.filter((o) => o.claim.type === 'ipPool'), []);
  assert.equal(r?.diagnostics.map((d) => [d.level, d.line, d.message]), [['skipped', 6, 'CALICO_IPV4POOL_CIDR is commented out: configuration not applied, not a value']]);
});

test('grep -n of an edited manifest: the pool with its line', () => {
  const text = `4848:            - name: CALICO_IPV4POOL_IPIP
4849-              value: "CrossSubnet"
--
4870:            - name: CALICO_IPV4POOL_CIDR
4871-              value: "10.244.0.0/16"
4872:            - name: CALICO_IPV4POOL_BLOCK_SIZE
4873-              value: "24" # smaller blocks for many nodes
`;
  const r = calicoEnv.parse(splitLines(text), {});
  const pools = r.observations.flatMap((o) => (o.claim.type === 'ipPool' ? [[o.claim.cidr, o.claim.blockSize, o.claim.encapsulation, o.line]] : []));
  assert.equal(pools, [['10.244.0.0/16', 24, 'ipip', 5]]);
});

test('kubectl set env --list: literal values and references', () => {
  const text = `# DaemonSet calico-node, container calico-node
DATASTORE_TYPE=kubernetes
WAIT_FOR_DATASTORE=true
# NODENAME from field path spec.nodeName
CALICO_NETWORKING_BACKEND from configmap calico-config, key calico_backend
CLUSTER_TYPE=k8s,bgp
CALICO_IPV4POOL_CIDR=172.16.0.0/16
CALICO_IPV6POOL_CIDR=fd00:172:16::/48
CALICO_IPV4POOL_VXLAN=Always
FELIX_VXLANMTU=1450
`;
  const r = calicoEnv.parse(splitLines(text), {});
  const got = r.observations.flatMap((o) =>
    o.claim.type === 'ipPool' ? [[o.claim.cidr, o.claim.blockSize, o.claim.encapsulation, o.line]] : o.claim.type === 'cniSetting' && o.claim.field === 'mtu' ? [['mtu', o.claim.value, null, o.line]] : [],
  );
  assert.equal(got, [
    ['172.16.0.0/16', 26, 'vxlan', 7],
    ['fd00:172:16::/48', 122, null, 8],
    ['mtu', 1450, null, 10],
  ]);
  assert.equal(r.diagnostics.map((d) => [d.level, d.line]), [['skipped', 5]]);
});

test('not calico env: other env and YAML', () => {
  assert.is(calicoEnv.detect(splitLines('- name: POD_NAME\n  value: x'), {}), 0);
});

test.run();
