/**
 * calico.yaml's calico-config ConfigMap (projectcalico/calico manifests/calico.yaml:
 * typha_service_name, calico_backend, veth_mtu, cni_network_config template), with the
 * MTU set as the Calico MTU docs describe, and as `kubectl get cm -o json` prints it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';
import type { ParseResult } from '../../types.js';

const parse = (text: string): ParseResult => k8sObjects.parse(splitLines(text), {});

test('veth_mtu set: the MTU at its line; calico-ipam in the template', () => {
  const r = parse(`kind: ConfigMap
apiVersion: v1
metadata:
  name: calico-config
  namespace: kube-system
data:
  typha_service_name: "none"
  calico_backend: "vxlan"
  veth_mtu: "1410"
  cni_network_config: |-
    {
      "name": "k8s-pod-network",
      "cniVersion": "0.3.1",
      "plugins": [
        {
          "type": "calico",
          "mtu": __CNI_MTU__,
          "ipam": {
              "type": "calico-ipam"
          }
        }
      ]
    }
`);
  const got = r.observations.flatMap((o) => (o.claim.type === 'cniSetting' ? [[o.claim.field, o.claim.value, o.line, o.inferred === true]] : []));
  assert.equal(got, [
    ['mtu', 1410, 9, false],
    ['enforcesNetworkPolicy', true, 16, true],
    ['ipam', 'pool', 19, false],
  ]);
  assert.equal(r.diagnostics.map((d) => [d.level, d.line]), [['skipped', 17]]);
});

test('as JSON: the template stays on its one line; a bad backend is an error', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'calico-config', namespace: 'kube-system' }, data: { calico_backend: 'gre', cni_network_config: '{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [{"type": "calico", "ipam": {"type": "calico-ipam"}}]\n}' } };
  const r = parse(JSON.stringify(cm, null, 2));
  assert.equal(r.diagnostics.map((d) => [d.level, d.line]), [['error', 9]]);
  assert.ok(r.observations.filter((o) => o.claim.type !== 'cni' || o.line !== 5).every((o) => o.line === 10));
});

test.run();
