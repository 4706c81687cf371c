/** talhelper talconfig.yaml (budimanjojo/talhelper): cluster nets, nodes, and inline Talos patches at their file lines. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { ParseResult } from '../types.js';

const read = (text: string): ParseResult & { kind: string } => {
  const r = parseText(splitLines(text), { path: 'talconfig.yaml' });
  assert.ok(r, 'recognised');
  assert.is(r.kind, 'talhelper-config');
  return r;
};

const TALCONFIG = `---
clusterName: \${CLUSTER_NAME}
talosVersion: v1.13.6
kubernetesVersion: v1.33.4
endpoint: https://[2001:db8:40::10]:6443
clusterPodNets:
  - 10.244.0.0/16
  - 2001:db8:244::/56
clusterSvcNets: ["10.96.0.0/12", "2001:db8:96::/112"]
cniConfig:
  name: none
nodes:
  - hostname: cp-1
    ipAddress: 10.40.0.11, 2001:db8:40::11
    controlPlane: true
    networkInterfaces:
      - interface: eth0
        mtu: 1500
        addresses:
          - 10.40.0.11/24
          - 2001:db8:40::11/64
  - hostname: worker-1
    ipAddress: \${WORKER_IP}
    controlPlane: false
    patches:
      - "@./patches/worker.yaml"
patches:
  - |-
    cluster:
      proxy:
        disabled: true
    machine:
      kubelet:
        nodeIP:
          validSubnets:
            - 10.40.0.0/24
  - op: add
    path: /machine/install/extraKernelArgs
    value: [net.ifnames=0]
`;

test('talconfig.yaml: nets, nodes with addresses and roles, interfaces, and the inline patch read at its own lines', () => {
  const r = read(TALCONFIG);
  const got = r.observations.filter((o) => !o.inferred && o.claim.type !== 'distribution').map((o) => [o.claim, o.line]);
  assert.equal(got, [
    [{ type: 'kubeProxyPresent', present: false }, 31],
    [{ type: 'network', role: 'node', cidr: '10.40.0.0/24' }, 36],
    [{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, 7],
    [{ type: 'network', role: 'pod', cidr: '2001:db8:244::/56' }, 8],
    [{ type: 'network', role: 'service', cidr: '10.96.0.0/12' }, 9],
    [{ type: 'network', role: 'service', cidr: '2001:db8:96::/112' }, 9],
    [{ type: 'clusterVersion', version: 'v1.33.4' }, 4],
    [{ type: 'node', name: 'cp-1', internalIPs: ['10.40.0.11', '2001:db8:40::11'], roles: ['control-plane'] }, 13],
    [{ type: 'network', role: 'node', cidr: '10.40.0.11/24', isAddress: true }, 20],
    [{ type: 'network', role: 'node', cidr: '2001:db8:40::11/64', isAddress: true }, 21],
    [
      {
        type: 'interface',
        name: 'eth0',
        mtu: 1500,
        addresses: [
          { address: '10.40.0.11', prefixLength: 24, scope: 'global' },
          { address: '2001:db8:40::11', prefixLength: 64, scope: 'global' },
        ],
      },
      17,
    ],
    [{ type: 'node', name: 'worker-1', roles: ['worker'] }, 22],
  ]);
  assert.equal(r.observations.filter((o) => o.inferred), [], 'every net is stated, the CNI is none');
  const skipped = r.diagnostics.filter((d) => d.level === 'skipped').map((d) => d.line);
  assert.ok(skipped.includes(26), '@file patch said at its line');
  assert.ok(skipped.includes(37), 'JSON6902 patch said at its line');
  assert.ok(skipped.includes(23), 'a ${VAR} address is a template');
  assert.ok(skipped.includes(11), 'cni none said');
});

test('a talconfig that leaves the nets out: Talos defaults through talhelper, inferred', () => {
  const r = read('clusterName: lab\ntalosVersion: v1.13.6\nendpoint: https://10.0.0.10:6443\nnodes:\n  - hostname: n1\n    ipAddress: 10.0.0.11\n    controlPlane: true\n    installDisk: /dev/sda\n');
  assert.equal(
    r.observations.filter((o) => o.inferred).map((o) => o.claim),
    [
      { type: 'network', role: 'pod', cidr: '10.244.0.0/16' },
      { type: 'network', role: 'service', cidr: '10.96.0.0/12' },
      { type: 'cni', name: 'flannel' },
      { type: 'cniSetting', field: 'ipam', value: 'node-podcidr' },
    ],
  );
});

test('a patch that sets the pod subnets: no default is inferred for them', () => {
  const r = read('clusterName: lab\ntalosVersion: v1.13.6\nnodes:\n  - hostname: n1\n    ipAddress: 10.0.0.11\npatches:\n  - |\n    cluster:\n      network:\n        podSubnets: [10.32.0.0/16]\n');
  assert.equal(
    r.observations.filter((o) => o.claim.type === 'network' && o.claim.role === 'pod').map((o) => [o.claim.type === 'network' ? o.claim.cidr : '', o.line, o.inferred === true]),
    [['10.32.0.0/16', 10, false]],
  );
});

test.run();
