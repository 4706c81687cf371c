import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detect, PARSERS } from '../registry.js';
import { splitLines } from '../text.js';
import { netplan } from './netplan.js';

// Ubuntu 22.04 node of a kubeadm lab: a NAT interface from DHCP, a host-only one, a bond and a VLAN.
const FILE = `# This is the network config written by 'subiquity'
network:
  version: 2
  renderer: networkd
  ethernets:
    enp0s3:
      dhcp4: true
    enp0s8:
      addresses: [192.168.56.10/24, "fd00:56::10/64"]
      mtu: 1500
    nic2:
      match:
        macaddress: "52:54:00:12:34:56"
      set-name: eth2
      addresses:
        - 10.20.0.5/16
  bonds:
    bond0:
      interfaces: [enp1s0, enp2s0]
      mtu: 9000
      addresses:
        - 10.0.0.5/24:
            label: bond0:data
  vlans:
    vlan10: {id: 10, link: bond0, addresses: [10.10.0.5/24]}
`;

const parse = (text: string) => netplan.parse(splitLines(text), {});
const nets = (text: string) => parse(text).observations.flatMap((o) => (o.claim.type === 'network' ? [`${o.claim.cidr}@${o.line}`] : []));

test('every device with addresses and MTU; static addresses of host interfaces are the node network', () => {
  assert.equal(nets(FILE), ['192.168.56.10/24@9', 'fd00:56::10/64@9', '10.20.0.5/16@16', '10.0.0.5/24@22', '10.10.0.5/24@25']);
  assert.equal(
    parse(FILE).observations.flatMap((o) => (o.claim.type === 'interface' ? [[o.claim.name, o.claim.mtu, o.claim.addresses.length, o.line]] : [])),
    [
      ['enp0s3', null, 0, 6],
      ['enp0s8', 1500, 2, 8],
      ['eth2', null, 1, 11],
      ['bond0', 9000, 1, 18],
      ['vlan10', null, 1, 25],
    ],
  );
  assert.is(detect(PARSERS, splitLines(FILE), {})?.kind, 'netplan');
});

test("cloud-init's network-config v2 (no network: key), CRLF and trailing spaces", () => {
  const ci = 'version: 2   \r\nethernets:\r\n  eth0:\r\n    addresses:\r\n      - 172.31.5.20/20\r\n    mtu: 9001\r\n';
  assert.is(netplan.detect(splitLines(ci), {}), 0.9);
  assert.equal(nets(ci), ['172.31.5.20/20@5']);
});

test('templates are skipped; bad addresses, MTUs and YAML are errors with their line', () => {
  const tmpl = 'network:\n  version: 2\n  ethernets:\n    ens192:\n      addresses:\n        - ${node_ip}\n';
  assert.equal(nets(tmpl), []);
  assert.equal(parse(tmpl).diagnostics.map((d) => [d.level, d.line]), [['skipped', 6]]);
  const bad = 'network:\n  version: 2\n  ethernets:\n    eth0:\n      addresses: [10.0.0.5, 10.0.0.6/33]\n      mtu: 12\n';
  assert.equal(
    parse(bad).diagnostics.map((d) => [d.level, d.line]),
    [
      ['error', 6],
      ['error', 5],
      ['error', 5],
    ],
  );
  assert.equal(parse('network:\n  version: 2\n  ethernets:\n    eth0: [\n').diagnostics.map((d) => d.level), ['error']);
});

test('a Kubernetes object or a kind config is not netplan', () => {
  assert.is(netplan.detect(splitLines('apiVersion: v1\nkind: ConfigMap\ndata:\n  network: x\n'), {}), 0);
  assert.is(netplan.detect(splitLines('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  podSubnet: 10.244.0.0/16\n'), {}), 0);
});

test('never throws, lines in range (property)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.nat(), fc.nat({ max: 20 }), (junk, at, len) => {
      const i = at % (FILE.length + 1);
      const lines = splitLines(FILE.slice(0, i) + junk + FILE.slice(i + len));
      const res = netplan.parse(lines, {});
      for (const o of [...res.observations, ...res.diagnostics]) assert.ok(o.line === null || (o.line >= 1 && o.line <= Math.max(lines.length, 1)));
    }),
  );
});

test('inside a shell heredoc, or followed by commands in a write-up block: the document alone, at its lines', () => {
  const script = '#!/bin/bash\n\necho "Setting Static IP:"\n\ncat <<EOF > /etc/netplan/01-netcfg.yaml\nnetwork:\n  version: 2\n  renderer: networkd\n  ethernets:\n    eth0:\n      dhcp4: no\n      addresses:\n        - 10.10.1.42/24\n      gateway4: 10.10.1.1\nEOF\nsudo netplan apply\n';
  assert.is(netplan.detect(splitLines(script), {}), 0.9);
  assert.equal(nets(script), ['10.10.1.42/24@13']);
  assert.equal(parse(script).diagnostics, []);
});

test.run();
