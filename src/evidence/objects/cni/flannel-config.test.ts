/**
 * flannel's kube-flannel-cfg ConfigMap as flannel-io/flannel Documentation/kube-flannel.yml
 * ships it: v0.11 in kube-system (cni-conf.json + net-conf.json with Backend vxlan), and
 * v0.2x in the kube-flannel namespace (EnableNFTables added), plus the dual-stack form from
 * Documentation/configuration.md (EnableIPv6, IPv6Network) and Canal's canal-config.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';
import type { Claim, ParseResult } from '../../types.js';

const parse = (text: string): ParseResult => k8sObjects.parse(splitLines(text), {});
const facts = (r: ParseResult): [string, number, boolean][] =>
  r.observations.map((o) => [summary(o.claim), o.line, o.inferred === true]);
function summary(c: Claim): string {
  switch (c.type) {
    case 'network':
      return `${c.role} ${c.cidr}`;
    case 'cni':
      return `cni ${c.name}`;
    case 'cniSetting':
      return `${c.field} ${String(c.value)}`;
    default:
      return c.type;
  }
}

const V011 = `kind: ConfigMap
apiVersion: v1
metadata:
  name: kube-flannel-cfg
  namespace: kube-system
  labels:
    tier: node
    app: flannel
data:
  cni-conf.json: |
    {
      "name": "cbr0",
      "cniVersion": "0.3.1",
      "plugins": [
        {
          "type": "flannel",
          "delegate": {
            "hairpinMode": true,
            "isDefaultGateway": true
          }
        },
        {
          "type": "portmap",
          "capabilities": {
            "portMappings": true
          }
        }
      ]
    }
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "Backend": {
        "Type": "vxlan"
      }
    }
`;

test('kube-flannel.yml v0.11 (kube-system): pod network, vxlan, node podCIDRs, no NetworkPolicy, at their lines', () => {
  const r = parse(V011);
  assert.equal(r.diagnostics, []);
  assert.equal(facts(r), [
    ['cni flannel', 31, true],
    ['ipam node-podcidr', 31, true],
    ['enforcesNetworkPolicy false', 31, true],
    ['pod 10.244.0.0/16', 32, false],
    ['encapsulation vxlan', 34, false],
    ['cni flannel', 16, false],
    ['enforcesNetworkPolicy false', 16, true],
    ['ipam node-podcidr', 16, true],
  ]);
  assert.is(r.observations.find((o) => o.line === 32)?.excerpt, '"Network": "10.244.0.0/16",');
});

test('kube-flannel namespace, dual-stack, host-gw, as JSON from kubectl -o json', () => {
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-flannel-cfg', namespace: 'kube-flannel' },
    data: {
      'net-conf.json': '{\n  "EnableIPv6": true,\n  "Network": "10.42.0.0/16",\n  "IPv6Network": "2001:cafe:42::/56",\n  "EnableNFTables": false,\n  "Backend": {\n    "Type": "host-gw"\n  }\n}\n',
    },
  };
  const r = parse(JSON.stringify(cm, null, 4));
  const got = facts(r).filter(([s]) => s.startsWith('pod ') || s.startsWith('encapsulation'));
  // A JSON string keeps its config on one file line.
  assert.equal(got, [
    ['pod 10.42.0.0/16', 9, false],
    ['pod 2001:cafe:42::/56', 9, false],
    ['encapsulation none', 9, false],
  ]);
});

test('Backend absent: the documented default udp, inferred; EnableIPv4 false leaves Network unused', () => {
  const r = parse(`apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  net-conf.json: |
    {
      "EnableIPv4": false,
      "EnableIPv6": true,
      "Network": "10.244.0.0/16",
      "IPv6Network": "fd00:10:244::/56"
    }
`);
  assert.equal(facts(r).filter(([s]) => s.startsWith('pod ') || s.startsWith('encapsulation')), [
    ['pod fd00:10:244::/56', 12, false],
    ['encapsulation udp', 8, true],
  ]);
  assert.equal(r.diagnostics.map((d) => [d.level, d.line]), [['skipped', 11]]);
});

test("Canal's canal-config: flannel networking, NetworkPolicy enforced by Calico", () => {
  const r = parse(`kind: ConfigMap
apiVersion: v1
metadata:
  name: canal-config
  namespace: kube-system
data:
  typha_service_name: "none"
  canal_iface: ""
  masquerade: "true"
  veth_mtu: "0"
  cni_network_config: |-
    {
      "name": "k8s-pod-network",
      "cniVersion": "0.3.1",
      "plugins": [
        {
          "type": "calico",
          "mtu": __CNI_MTU__,
          "ipam": {"type": "host-local", "subnet": "usePodCidr"},
          "policy": {"type": "k8s"}
        }
      ]
    }
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "Backend": {
        "Type": "vxlan"
      }
    }
`);
  assert.ok(facts(r).some(([s]) => s === 'cni canal'));
  assert.not.ok(facts(r).some(([s]) => s === 'cni calico'));
  assert.not.ok(facts(r).some(([s]) => s === 'ipam pool'));
  assert.ok(facts(r).some(([s]) => s === 'enforcesNetworkPolicy true'));
});

const bad: [string, string, number, RegExp][] = [
  ['three-part Network', '"Network": "10.244.0/16"', 9, /expected four dot-separated/],
  ['unknown backend', '"Network": "10.244.0.0/16", "Backend": {"Type": "gre"}', 9, /Backend.Type "gre"/],
  ['no Network', '"Backend": {"Type": "vxlan"}', 9, /no "Network"/],
  ['broken JSON', '"Network": "10.244.0.0/16",,', 9, /not valid JSON/],
];
for (const [name, body, line, message] of bad) {
  test(`net-conf.json error with its file line: ${name}`, () => {
    const r = parse(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-flannel-cfg\n  namespace: kube-flannel\ndata:\n  net-conf.json: |\n    {\n      ${body}\n    }\n`);
    const err = r.diagnostics.find((d) => d.level === 'error');
    assert.ok(err, JSON.stringify(r.diagnostics));
    assert.match(err?.message ?? '', message);
    assert.ok((err?.line ?? 0) >= line - 1 && (err?.line ?? 0) <= line + 1, `line ${err?.line}`);
  });
}

test.run();
