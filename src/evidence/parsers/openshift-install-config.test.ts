/**
 * install-config.yaml as `openshift-install create install-config` writes it
 * (4.x), the legacy fields of 4.0-4.2, and the defaults of
 * openshift/installer pkg/types/defaults/installconfig.go.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { ParseResult } from '../types.js';

const read = (text: string): ParseResult & { kind: string } => {
  const r = parseText(splitLines(text), { path: 'install-config.yaml' });
  assert.ok(r, 'recognised');
  assert.is(r.kind, 'openshift-install-config');
  return r;
};
const stated = (r: ParseResult) => r.observations.filter((o) => !o.inferred && o.claim.type !== 'distribution').map((o) => [o.claim, o.line]);

const DUAL = `apiVersion: v1
baseDomain: example.com
compute:
- name: worker
  replicas: 2
controlPlane:
  name: master
  replicas: 3
metadata:
  name: dual
networking:
  clusterNetwork:
  - cidr: 10.128.0.0/14
    hostPrefix: 23
  - cidr: fd01::/48
    hostPrefix: 64
  machineNetwork:
  - cidr: 192.168.111.0/24
  - cidr: fd2e:6f44:5dd8:c956::/120
  networkType: OVNKubernetes
  serviceNetwork:
  - 172.30.0.0/16
  - fd02::/112
platform:
  baremetal: {}
pullSecret: '{"auths":{"cloud.openshift.com":{"auth":"b3BlbnNoaWZ0LXJlbGVhc2UtZGV2K3Rlc3Q6UzNDUkVU","email":"me@example.com"}}}'
sshKey: |
  ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExample me@example.com
`;

test('dual-stack OVN-Kubernetes: pod ranges with their host prefixes, services, machine networks; no kube-proxy', () => {
  const r = read(DUAL);
  assert.equal(stated(r), [
    [{ type: 'clusterName', name: 'dual' }, 10],
    [{ type: 'network', role: 'pod', cidr: '10.128.0.0/14' }, 13],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 23 }, 14],
    [{ type: 'network', role: 'pod', cidr: 'fd01::/48' }, 15],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv6', size: 64 }, 16],
    [{ type: 'network', role: 'service', cidr: '172.30.0.0/16' }, 22],
    [{ type: 'network', role: 'service', cidr: 'fd02::/112' }, 23],
    [{ type: 'network', role: 'node', cidr: '192.168.111.0/24' }, 18],
    [{ type: 'network', role: 'node', cidr: 'fd2e:6f44:5dd8:c956::/120' }, 19],
    [{ type: 'cni', name: 'ovn-kubernetes' }, 20],
    [{ type: 'kubeProxyReplacement', name: 'ovn-kubernetes' }, 20],
  ]);
  assert.equal(r.observations.filter((o) => o.inferred), []);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && d.line === 7 && /controlPlane 3, worker 2/.test(d.message)));
});

test('the pull secret and SSH key never reach an observation or a diagnostic', () => {
  const r = read(DUAL);
  const all = JSON.stringify(r);
  for (const secret of ['b3BlbnNoaWZ0', 'cloud.openshift.com', 'AAAAC3NzaC1lZDI1NTE5', 'me@example.com']) assert.not.ok(all.includes(secret), secret);
});

test('a key pasted across unindented lines (invalid YAML as published) is blanked to the next top-level key', () => {
  const text = `apiVersion: v1\nbaseDomain: example.com\nnetworking:\n  networkType: OVNKubernetes\nplatform:\n  none: {}\nsshKey: ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQDFQ1Q\nGqD4xhilYFTL45kmSCsuAg2vY6VFUNzqW8ci\ne9yTmWWvCpmFbsYdTVKE9 user@host\n`;
  const r = read(text);
  assert.not.ok(JSON.stringify(r).includes('GqD4xhil'));
  assert.not.ok(JSON.stringify(r).includes('e9yTmWWv'));
  assert.ok(r.observations.some((o) => o.claim.type === 'cni' && o.claim.name === 'ovn-kubernetes'));
});

test('the legacy 4.1 fields: machineCIDR, serviceCIDR, type, clusterNetworks with hostSubnetLength', () => {
  const r = read(`apiVersion: v1beta4
baseDomain: example.com
metadata:
  name: legacy
networking:
  clusterNetworks:
  - cidr: 10.128.0.0/14
    hostSubnetLength: 9
  machineCIDR: 10.0.0.0/16
  serviceCIDR: 172.30.0.0/16
  type: OpenshiftSDN
platform:
  aws:
    region: us-east-1
pullSecret: ""
`);
  assert.equal(stated(r), [
    [{ type: 'clusterName', name: 'legacy' }, 4],
    [{ type: 'network', role: 'pod', cidr: '10.128.0.0/14' }, 7],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 23 }, 8],
    [{ type: 'network', role: 'service', cidr: '172.30.0.0/16' }, 10],
    [{ type: 'network', role: 'node', cidr: '10.0.0.0/16' }, 9],
    [{ type: 'cni', name: 'openshift-sdn' }, 11],
  ]);
});

test('no networking section: the installer defaults, inferred at the apiVersion line; networkType stays unknown', () => {
  const r = read('apiVersion: v1\nbaseDomain: example.com\nmetadata:\n  name: x\nplatform:\n  none: {}\npullSecret: \'{"auths":{}}\'\nsshKey: ssh-rsa AAAA\n');
  assert.equal(
    r.observations.filter((o) => o.inferred).map((o) => [o.claim, o.line, o.excerpt]),
    [
      [{ type: 'network', role: 'pod', cidr: '10.128.0.0/14' }, 1, 'default of openshift-install 4.x (networking.clusterNetwork 10.128.0.0/14), not stated'],
      [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 23 }, 1, 'default of openshift-install 4.x (clusterNetwork hostPrefix 23), not stated'],
      [{ type: 'network', role: 'service', cidr: '172.30.0.0/16' }, 1, 'default of openshift-install 4.x (networking.serviceNetwork 172.30.0.0/16), not stated'],
      [{ type: 'network', role: 'node', cidr: '10.0.0.0/16' }, 1, 'default of openshift-install 4.x (networking.machineNetwork 10.0.0.0/16), not stated'],
    ],
  );
  assert.equal(r.observations.filter((o) => o.claim.type === 'cni'), []);
  // libvirt has its own machine network default: none inferred.
  const libvirt = read('apiVersion: v1\nbaseDomain: example.com\nnetworking:\n  networkType: OVNKubernetes\nplatform:\n  libvirt:\n    URI: qemu+tcp://192.168.122.1/system\npullSecret: x\n');
  assert.equal(libvirt.observations.filter((o) => o.claim.type === 'network' && o.claim.role === 'node'), []);
});

test('CRLF, a bad CIDR and a bad hostPrefix are errors at their lines', () => {
  const text = ['apiVersion: v1', 'baseDomain: example.com', 'networking:', '  clusterNetwork:', '  - cidr: 10.128.0.0/33', '    hostPrefix: 23', '  - cidr: 10.132.0.0/14', '    hostPrefix: 40', '  serviceNetwork:', '  - 172.30.0.0/16', 'platform:', '  none: {}', 'pullSecret: ""', ''].join('\r\n');
  const r = read(text);
  assert.equal(r.diagnostics.filter((d) => d.level === 'error').map((d) => d.line), [5, 8]);
  assert.ok(r.observations.some((o) => o.claim.type === 'network' && o.claim.cidr === '10.132.0.0/14' && o.line === 7));
});

test('a Kubernetes object with apiVersion v1 is not an install-config', () => {
  assert.is.not(parseText(splitLines('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  baseDomain: example.com\n'), {})?.kind, 'openshift-install-config');
});

test.run();
