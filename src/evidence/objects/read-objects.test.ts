/**
 * Properties of the object reader and every handler: arbitrary values in the
 * fields handlers read, and mutated real objects, never make a handler throw
 * (dispatch would report "cannot read it"), every line stays inside the text,
 * and the streaming reader agrees with the whole-file reader on any node list.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../parsers/k8s-objects.js';
import { streamObjects } from '../stream-json.js';
import { splitLines } from '../text.js';
import type { ParseResult } from '../types.js';
import { OBJECT_HANDLERS } from './index.js';

const KINDS: [string, string][] = [
  ['v1', 'Node'],
  ['apps/v1', 'DaemonSet'],
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['networking.k8s.io/v1', 'ServiceCIDR'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['kubeadm.k8s.io/v1beta4', 'ClusterConfiguration'],
  ['kubeadm.k8s.io/v1beta3', 'ClusterConfiguration'],
  ['kubelet.config.k8s.io/v1beta1', 'KubeletConfiguration'],
  ['kubeproxy.config.k8s.io/v1alpha1', 'KubeProxyConfiguration'],
];

const value = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom('10.244.0.0/16', '10.0.0/8', 'fd00::/64', '300.1.1.1/24', '', 'None', 'ipvs', '24', '-1', 'true'),
  fc.array(fc.constantFrom('10.96.0.10', 'kube-proxy', '--cluster-cidr=10.244.0.0/16', '--node-cidr-mask-size=24', 'x'), { maxLength: 4 }),
);

/** An object of a known kind whose networking fields hold arbitrary values. */
const object = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    name: fc.constantFrom('kube-proxy', 'kube-dns', 'kubeadm-config', 'kubelet-config', 'n1', ''),
    ns: fc.constantFrom('kube-system', 'default', undefined),
    spec: fc.dictionary(fc.constantFrom('podCIDR', 'podCIDRs', 'taints', 'template', 'cidrs', 'clusterIP', 'clusterIPs', 'containers'), value),
    status: fc.dictionary(fc.constantFrom('addresses', 'conditions', 'nodeInfo', 'capacity', 'desiredNumberScheduled', 'numberReady'), value),
    top: fc.dictionary(fc.constantFrom('networking', 'apiServer', 'controllerManager', 'kubernetesVersion', 'clusterDNS', 'mode', 'clusterCIDR', 'conntrack', 'data', 'ipvs'), value),
  })
  .map(({ kind, name, ns, spec, status, top }) => ({
    apiVersion: kind[0],
    kind: kind[1],
    metadata: { name, ...(ns ? { namespace: ns } : {}), labels: { 'node-role.kubernetes.io/control-plane': '' } },
    spec,
    status,
    ...top,
  }));

function check(res: ParseResult, lineCount: number): void {
  for (const d of res.diagnostics) {
    assert.not.match(d.message, /cannot read it/, d.message);
    if (d.line !== null) assert.ok(d.line >= 1 && d.line <= Math.max(lineCount, 1), `diagnostic line ${d.line} of ${lineCount}`);
  }
  for (const o of res.observations) assert.ok(o.line >= 1 && o.line <= Math.max(lineCount, 1), `observation line ${o.line} of ${lineCount}`);
}

test('arbitrary values in the fields handlers read: no handler throws, lines stay in the text', () => {
  fc.assert(
    fc.property(fc.array(object, { minLength: 1, maxLength: 4 }), fc.boolean(), (items, asYaml) => {
      const doc = { apiVersion: 'v1', kind: 'List', items };
      const text = asYaml ? items.map((i) => JSON.stringify(i, null, 1)).join('\n---\n') : JSON.stringify(doc, null, 2);
      const lines = splitLines(text);
      check(k8sObjects.parse(lines, {}), lines.length);
    }),
    { numRuns: 150 },
  );
});

test('mutated real objects (lines dropped, characters replaced) never throw', () => {
  const real = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-proxy\n  namespace: kube-system\ndata:\n  config.conf: |-\n    apiVersion: kubeproxy.config.k8s.io/v1alpha1\n    kind: KubeProxyConfiguration\n    clusterCIDR: 10.244.0.0/16\n    mode: ipvs\n',
    'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.244.0.0/16,fd00::/56\n  serviceSubnet: 10.96.0.0/12\ncontrollerManager:\n  extraArgs:\n  - name: node-cidr-mask-size-ipv4\n    value: "24"\n',
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: kube-proxy\nspec:\n  template:\n    spec:\n      nodeSelector:\n        kubernetes.io/os: linux\n      tolerations:\n      - operator: Exists\nstatus:\n  desiredNumberScheduled: 3\n  numberReady: 3\n',
  ];
  fc.assert(
    fc.property(fc.constantFrom(...real), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('', ':', '-', ' ', '[', '"', '\t', '|', '{', '0')), { maxLength: 6 }), (text, edits) => {
      const lines = text.split('\n');
      for (const [at, col, ch] of edits) {
        const i = at % lines.length;
        const l = lines[i] ?? '';
        lines[i] = ch === '' ? '' : l.slice(0, col % (l.length + 1)) + ch + l.slice(col % (l.length + 1) + 1);
      }
      const clean = splitLines(lines.join('\n'));
      check(k8sObjects.parse(clean, {}), clean.length);
    }),
    { numRuns: 150 },
  );
});

const nodeArb = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
  ips: fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('010.1.1.1', '1.2.3')), { maxLength: 2 }),
  cidrs: fc.array(fc.constantFrom('10.244.1.0/24', 'fd00:10:244:1::/64', '10.244.1.0/33', '10.244.1.5/24'), { maxLength: 2 }),
  labels: fc.dictionary(fc.constantFrom('kubernetes.io/os', 'node-role.kubernetes.io/worker', 'kubernetes.io/role', 'zone'), fc.constantFrom('', 'linux', 'windows', 'a')),
  taints: fc.array(fc.record({ key: fc.constantFrom('a', 'os'), effect: fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule', 'Bogus') }), { maxLength: 2 }),
  ready: fc.constantFrom('True', 'False', 'Unknown', undefined),
  cpu: fc.constantFrom('4', '3500m', 'four', undefined),
  note: fc.string({ maxLength: 8 }),
});

test('streaming and whole-file readers agree on any node list, with any chunking', () => {
  fc.assert(
    fc.property(fc.array(nodeArb, { maxLength: 5 }), fc.integer({ min: 1, max: 64 }), (nodes, chunk) => {
      const items = nodes.map((n) => ({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: n.name, labels: n.labels, annotations: { note: n.note } },
        spec: { podCIDRs: n.cidrs, taints: n.taints },
        status: {
          addresses: n.ips.map((address) => ({ address, type: 'InternalIP' })),
          ...(n.ready ? { conditions: [{ type: 'Ready', status: n.ready }] } : {}),
          ...(n.cpu ? { capacity: { cpu: n.cpu } } : {}),
        },
      }));
      const text = JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4);
      const whole = k8sObjects.parse(splitLines(text), {});
      const data = Buffer.from(text);
      let pos = 0;
      const streamed: ParseResult = { observations: [], diagnostics: [] };
      streamObjects((buf) => {
        const n = data.copy(buf, 0, pos, Math.min(pos + chunk, data.length));
        pos += n;
        return n;
      }, OBJECT_HANDLERS, streamed);
      const norm = (r: ParseResult): unknown => ({ o: r.observations.map((o) => ({ ...o, excerpt: o.excerpt.replace(/,$/, '') })), d: r.diagnostics });
      assert.equal(norm(streamed), norm(whole));
    }),
    { numRuns: 100 },
  );
});

test.run();
