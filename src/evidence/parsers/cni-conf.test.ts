/**
 * CNI network configs as each CNI installs them in /etc/cni/net.d:
 * 10-calico.conflist (written by Calico's install-cni from calico-config's template),
 * 10-flannel.conflist (flannel's cni-conf.json), 05-cilium.conflist (cilium-cni),
 * 10-weave.conflist (weave-kube), and containerd's 10-containerd-net.conflist
 * (bridge + host-local with dual-stack ranges) — formats per containernetworking/cni SPEC.md.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { ParseResult } from '../types.js';
import { cniConf } from './cni-conf.js';

const claims = (r: ParseResult | null | undefined): [string, number, boolean][] =>
  (r?.observations ?? []).map((o) => {
    const c = o.claim;
    const s =
      c.type === 'cni' ? `cni ${c.name}` : c.type === 'cniSetting' ? `${c.field} ${String(c.value)}` : c.type === 'network' ? `${c.role} ${c.cidr}` : c.type === 'node' ? `node ${c.name} ${c.podCIDRs?.join(',')}` : c.type;
    return [s, o.line, o.inferred === true];
  });

const CALICO = `{
  "name": "k8s-pod-network",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "calico",
      "log_level": "info",
      "log_file_path": "/var/log/calico/cni/cni.log",
      "datastore_type": "kubernetes",
      "nodename": "node01",
      "mtu": 1440,
      "ipam": {
          "type": "calico-ipam"
      },
      "policy": {
          "type": "k8s"
      },
      "kubernetes": {
          "kubeconfig": "/etc/cni/net.d/calico-kubeconfig"
      }
    },
    {
      "type": "portmap",
      "snat": true,
      "capabilities": {"portMappings": true}
    },
    {
      "type": "bandwidth",
      "capabilities": {"bandwidth": true}
    }
  ]
}`;

test('10-calico.conflist: calico, MTU, calico-ipam pools', () => {
  const r = parseText(splitLines(CALICO), { path: '/etc/cni/net.d/10-calico.conflist' });
  assert.is(r?.kind, 'cni-conf');
  assert.equal(claims(r), [
    ['cni calico', 6, false],
    ['enforcesNetworkPolicy true', 6, true],
    ['mtu 1440', 11, false],
    ['ipam pool', 13, false],
  ]);
  assert.equal(r?.diagnostics, []);
});

test('10-flannel.conflist (cni-conf.json): flannel, node podCIDRs, no policy', () => {
  const text = '{\n  "name": "cbr0",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "flannel",\n      "delegate": {\n        "hairpinMode": true,\n        "isDefaultGateway": true\n      }\n    },\n    {\n      "type": "portmap",\n      "capabilities": {\n        "portMappings": true\n      }\n    }\n  ]\n}\n';
  assert.equal(claims(cniConf.parse(splitLines(text), {})), [
    ['cni flannel', 6, false],
    ['enforcesNetworkPolicy false', 6, true],
    ['ipam node-podcidr', 6, true],
  ]);
});

test('05-cilium.conflist and 10-weave.conflist name their CNI', () => {
  const cilium = '{\n  "cniVersion": "0.3.1",\n  "name": "cilium",\n  "plugins": [\n    {\n       "type": "cilium-cni",\n       "enable-debug": false,\n       "log-file": "/var/run/cilium/cilium-cni.log"\n    }\n  ]\n}\n';
  assert.equal(claims(cniConf.parse(splitLines(cilium), {}))[0], ['cni cilium', 6, false]);
  const weave = '{\n    "cniVersion": "0.3.0",\n    "name": "weave",\n    "plugins": [\n        {\n            "name": "weave",\n            "type": "weave-net",\n            "hairpinMode": true\n        },\n        {\n            "type": "portmap",\n            "capabilities": {"portMappings": true},\n            "snat": true\n        }\n    ]\n}\n';
  assert.equal(claims(cniConf.parse(splitLines(weave), {}))[0], ['cni weave-net', 7, false]);
});

const CONTAINERD = `{
  "cniVersion": "1.0.0",
  "name": "containerd-net",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": true,
      "promiscMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [
          [{
            "subnet": "10.88.0.0/16"
          }],
          [{
            "subnet": "2001:4860:4860::/64"
          }]
        ],
        "routes": [
          { "dst": "0.0.0.0/0" },
          { "dst": "::/0" }
        ]
      }
    },
    {
      "type": "portmap",
      "capabilities": {"portMappings": true}
    }
  ]
}`;

test('bridge + host-local: a node range becomes the podCIDR of that node only when the node is named', () => {
  const anon = cniConf.parse(splitLines(CONTAINERD), {});
  assert.equal(claims(anon), [
    ['cni bridge', 6, false],
    ['enforcesNetworkPolicy false', 6, true],
    ['ipam node-podcidr', 12, false],
  ]);
  assert.equal(anon.diagnostics.map((d) => [d.level, d.line]), [
    ['skipped', 15],
    ['skipped', 18],
  ]);
  const named = cniConf.parse(splitLines(CONTAINERD), { command: 'ssh node02 cat /etc/cni/net.d/10-containerd-net.conflist' });
  assert.equal(claims(named).filter(([s]) => s.startsWith('node')), [
    ['node node02 10.88.0.0/16', 15, false],
    ['node node02 2001:4860:4860::/64', 18, false],
  ]);
});

test('the install template: __CNI_MTU__ unquoted and __KUBERNETES_NODE_NAME__ are skipped, usePodCidr too', () => {
  const text = '{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "calico",\n      "nodename": "__KUBERNETES_NODE_NAME__",\n      "mtu": __CNI_MTU__,\n      "ipam": {"type": "host-local", "subnet": "usePodCidr"}\n    }\n  ]\n}\n';
  const r = cniConf.parse(splitLines(text), {});
  assert.equal(r.diagnostics.map((d) => [d.level, d.line, d.message]), [
    ['skipped', 7, 'plugins.0.nodename "__KUBERNETES_NODE_NAME__" is a placeholder the CNI installer fills in on each node, not a value'],
    ['skipped', 8, 'plugins.0.mtu "__CNI_MTU__" is a placeholder the CNI installer fills in on each node, not a value'],
    ['skipped', 9, 'host-local subnet usePodCidr: each node uses its own podCIDR from the Node object'],
  ]);
  assert.ok(claims(r).some(([s]) => s === 'ipam node-podcidr'));
  assert.not.ok(claims(r).some(([s]) => s.startsWith('mtu')));
});

test('10-canal.conflist: the calico plugin under Canal names canal', () => {
  const text = '{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "calico",\n      "ipam": {"type": "host-local", "subnet": "usePodCidr"}\n    }\n  ]\n}\n';
  const r = parseText(splitLines(text), { path: '/etc/cni/net.d/10-canal.conflist' });
  assert.equal(claims(r).slice(0, 2), [
    ['cni canal', 6, false],
    ['enforcesNetworkPolicy true', 6, true],
  ]);
});

test('errors: broken JSON, a bad MTU, a bad range; CRLF keeps lines', () => {
  assert.is(cniConf.parse(splitLines('{"cniVersion": "0.3.1", "plugins": [ {"type": "calico",, }]}'), {}).diagnostics[0]?.level, 'error');
  const mtu = cniConf.parse(splitLines('{\r\n"cniVersion": "0.4.0", "name": "n",\r\n"type": "ptp", "mtu": 70000\r\n}'), {});
  assert.equal(mtu.diagnostics.map((d) => [d.level, d.line]), [['error', 3]]);
  const range = cniConf.parse(splitLines('{"cniVersion": "0.4.0", "name": "n", "type": "bridge",\n "ipam": {"type": "host-local", "subnet": "10.88.0/16"}}'), { host: 'node01' });
  assert.equal(range.diagnostics.map((d) => [d.level, d.line]), [['error', 2]]);
});

test('Cilium chained onto the AWS VPC CNI: aws-cni is the CNI, Cilium enforces policy; the egress plugin\'s range and MTU are not the pods\'', () => {
  const text = readFileSync(new URL('../../../../examples/clusters/cilium-chained-aws-cni/05-cilium.conflist', import.meta.url), 'utf8');
  const r = parseText(splitLines(text), { path: '/etc/cni/net.d/05-cilium.conflist' });
  assert.is(r?.kind, 'cni-conf');
  assert.equal(claims(r), [
    ['cni amazon-vpc-cni', 8, false],
    ['enforcesNetworkPolicy true', 8, true],
    ['mtu 9001', 10, false],
  ]);
  assert.equal(
    r?.diagnostics.map((d) => [d.level, d.line, d.message]),
    [['skipped', 41, "cilium-cni chained after aws-cni (Cilium's CNI chaining): aws-cni manages the pod network and its addresses, Cilium enforces network policy"]],
  );
});

test.run();
