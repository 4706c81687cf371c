/**
 * RKE cluster.yml as `rke config` writes it and as people trim it by hand
 * (rancher/rke cluster/defaults.go v1.6.3 for the defaults).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { Claim, ParseResult } from '../types.js';

const read = (text: string): ParseResult & { kind: string } => {
  const r = parseText(splitLines(text), { path: 'cluster.yml' });
  assert.ok(r, 'recognised');
  return r;
};
const claims = (r: ParseResult, type: Claim['type']) => r.observations.filter((o) => o.claim.type === type);
const nets = (r: ParseResult, role: string) =>
  r.observations.flatMap((o) => (o.claim.type === 'network' && o.claim.role === role ? [[o.claim.cidr, o.line, o.inferred === true]] : []));

const FULL = `# cluster.yml
nodes:
- address: 34.215.181.14
  internal_address: 172.31.39.124
  role: [controlplane, etcd]
  hostname_override: cp-1
  user: ubuntu
  ssh_key_path: ~/.ssh/id_rsa
- address: ec2-52-34-11-56.us-west-2.compute.amazonaws.com
  internal_address: 172.31.39.76
  role:
  - worker
- address: 172.31.40.9
  internal_address: ""
  role:
  - worker
services:
  kube-api:
    service_cluster_ip_range: 10.100.0.0/16
    service_node_port_range: 30000-32000
  kube-controller:
    cluster_cidr: 10.200.0.0/16
    service_cluster_ip_range: 10.100.0.0/16
    extra_args:
      node-cidr-mask-size: "25"
  kubelet:
    cluster_dns_server: 10.100.0.10
  kubeproxy:
    extra_args:
      proxy-mode: ipvs
network:
  plugin: flannel
  options:
    flannel_backend_type: host-gw
  mtu: 1450
kubernetes_version: v1.28.9-rancher1-1
`;

test('a full cluster.yml: ranges, DNS, mode, plugin, backend, MTU, nodes, version — each at its line', () => {
  const r = read(FULL);
  assert.is(r.kind, 'rke-cluster');
  assert.equal(nets(r, 'service'), [
    ['10.100.0.0/16', 19, false],
    ['10.100.0.0/16', 23, false],
  ]);
  assert.equal(nets(r, 'pod'), [['10.200.0.0/16', 22, false]]);
  assert.equal(claims(r, 'nodePortRange').map((o) => [o.claim, o.line]), [[{ type: 'nodePortRange', range: '30000-32000' }, 20]]);
  assert.equal(claims(r, 'nodeCIDRMaskSize').map((o) => o.claim), [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 25 }]);
  assert.equal(claims(r, 'clusterDNS').map((o) => [o.claim, o.line]), [[{ type: 'clusterDNS', ip: '10.100.0.10' }, 27]]);
  assert.equal(claims(r, 'proxyMode').map((o) => [o.claim, o.line, o.excerpt]), [[{ type: 'proxyMode', mode: 'ipvs' }, 30, 'proxy-mode: ipvs']]);
  assert.equal(claims(r, 'cni').map((o) => [o.claim, o.line, o.inferred === true]), [[{ type: 'cni', name: 'flannel' }, 32, false]]);
  assert.equal(
    r.observations.filter((o) => o.claim.type === 'cniSetting' && !o.inferred).map((o) => [o.claim, o.line]),
    [
      [{ type: 'cniSetting', field: 'encapsulation', value: 'host-gw' }, 34],
      [{ type: 'cniSetting', field: 'mtu', value: 1450 }, 35],
    ],
  );
  assert.equal(claims(r, 'clusterVersion').map((o) => o.claim), [{ type: 'clusterVersion', version: 'v1.28.9' }]);
  assert.equal(claims(r, 'distribution').map((o) => o.claim), [{ type: 'distribution', name: 'rke' }]);
  assert.equal(
    claims(r, 'node').map((o) => [o.claim, o.line]),
    [
      [{ type: 'node', name: 'cp-1', internalIPs: ['172.31.39.124'], roles: ['control-plane', 'etcd'] }, 3],
      [{ type: 'node', name: 'ec2-52-34-11-56.us-west-2.compute.amazonaws.com', internalIPs: ['172.31.39.76'], roles: ['worker'] }, 9],
      [{ type: 'node', name: '172.31.40.9', internalIPs: ['172.31.40.9'], roles: ['worker'] }, 13],
    ],
  );
  assert.equal(r.diagnostics.filter((d) => d.level === 'error'), []);
  // Nothing here is a default: every value was stated.
  assert.equal(r.observations.filter((o) => o.inferred && o.claim.type !== 'cniSetting'), []);
});

test('what a minimal cluster.yml leaves out is RKE v1.6 default, marked inferred with the reason', () => {
  const r = read('nodes:\n  - address: 10.10.0.11\n    user: rke\n    role: [controlplane,etcd,worker]\nservices:\n  etcd:\n    snapshot: true\n');
  const inferred = r.observations.filter((o) => o.inferred).map((o) => [o.claim, o.excerpt]);
  assert.equal(inferred, [
    [{ type: 'network', role: 'service', cidr: '10.43.0.0/16' }, 'default of RKE v1.6 (services.kube-api.service_cluster_ip_range 10.43.0.0/16), not stated'],
    [{ type: 'network', role: 'service', cidr: '10.43.0.0/16' }, 'default of RKE v1.6 (services.kube-controller.service_cluster_ip_range 10.43.0.0/16), not stated'],
    [{ type: 'network', role: 'pod', cidr: '10.42.0.0/16' }, 'default of RKE v1.6 (services.kube-controller.cluster_cidr 10.42.0.0/16), not stated'],
    [{ type: 'nodePortRange', range: '30000-32767' }, 'default of RKE v1.6 (services.kube-api.service_node_port_range 30000-32767), not stated'],
    [{ type: 'clusterDNS', ip: '10.43.0.10' }, 'default of RKE v1.6 (services.kubelet.cluster_dns_server 10.43.0.10), not stated'],
    [{ type: 'cni', name: 'canal' }, 'default of RKE v1.6 (network.plugin canal), not stated'],
    [{ type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, 'IPAM of canal by default (node-podcidr), not stated'],
    [{ type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }, 'default of RKE v1.6 (network.options.canal_flannel_backend_type vxlan), not stated'],
  ]);
  assert.equal(claims(r, 'node').length, 1);
});

test('empty strings are unset (RKE applies its default), mtu 0 is the plugin default, and none names no CNI', () => {
  const r = read('nodes:\n- address: 1.2.3.4\n  role: [worker]\nservices:\n  kube-api:\n    service_cluster_ip_range: ""\n    service_node_port_range: ""\nnetwork:\n  plugin: none\n  mtu: 0\nkubernetes_version: ""\n');
  assert.ok(r.observations.some((o) => o.inferred && o.claim.type === 'network' && o.claim.cidr === '10.43.0.0/16'));
  assert.equal(claims(r, 'cni'), []);
  assert.equal(claims(r, 'clusterVersion'), []);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && d.line === 9 && /none: RKE deploys no CNI/.test(d.message)));
  assert.not.ok(r.diagnostics.some((d) => d.line === 10), 'no MTU is read for a CNI RKE does not deploy');
  const flannel = read('network:\n  plugin: flannel\n  mtu: 0\nnodes:\n- address: 1.2.3.4\n  role: [worker]\n');
  assert.ok(flannel.diagnostics.some((d) => d.level === 'skipped' && d.line === 3 && d.message === 'network.mtu: 0 leaves the flannel default MTU (not stated here)'));
  assert.equal(flannel.observations.filter((o) => o.claim.type === 'cniSetting' && o.claim.field === 'mtu'), []);
});

test('CRLF, comments and a Rancher cluster template (rancher_kubernetes_engine_config) read the same', () => {
  const text = [
    'docker_root_dir: /var/lib/docker',
    'rancher_kubernetes_engine_config:',
    '  # set by the Rancher UI',
    '  network:',
    '    plugin: calico',
    '  services:',
    '    kube-controller:',
    "      cluster_cidr: '10.42.0.0/16'   # quoted",
    '    kube-api:',
    '      service_cluster_ip_range: "10.43.0.0/16"',
    '    kubeproxy:',
    '      extra_args:',
    '        proxy-mode: "iptables"',
    '',
  ].join('\r\n');
  const r = read(text);
  assert.is(r.kind, 'rke-cluster');
  assert.equal(nets(r, 'pod'), [['10.42.0.0/16', 8, false]]);
  assert.equal(nets(r, 'service').filter((n) => n[2] === false), [['10.43.0.0/16', 10, false]]);
  assert.equal(claims(r, 'cni').map((o) => o.claim), [{ type: 'cni', name: 'calico' }]);
  assert.equal(claims(r, 'proxyMode').map((o) => o.claim), [{ type: 'proxyMode', mode: 'iptables' }]);
});

test('dual-stack ranges are read per family; bad values are errors naming field and line', () => {
  const r = read(
    'nodes:\n- address: fd00::10\n  role: [worker]\nservices:\n  kube-controller:\n    cluster_cidr: 10.42.0.0/16,fd42::/56\n    service_cluster_ip_range: 10.43.0.0/33\n  kubelet:\n    cluster_dns_server: 10.43.0.999\nnetwork:\n  plugin: cilium\n',
  );
  assert.equal(nets(r, 'pod'), [
    ['10.42.0.0/16', 6, false],
    ['fd42::/56', 6, false],
  ]);
  assert.equal(claims(r, 'node').map((o) => o.claim), [{ type: 'node', name: 'fd00::10', internalIPs: ['fd00::10'], roles: ['worker'] }]);
  const errors = r.diagnostics.filter((d) => d.level === 'error').map((d) => [d.line, d.message.split(':')[0]]);
  assert.equal(errors, [
    [7, 'services.kube-controller.service_cluster_ip_range'],
    [9, 'services.kubelet.cluster_dns_server'],
    [11, 'network.plugin cilium'],
  ]);
});

test('not valid YAML: one error with the line, no stack', () => {
  const r = read('nodes:\n  - address: 1.2.3.4\n    role: [worker\nservices:\n  kube-api:\n    service_cluster_ip_range: 10.43.0.0/16\n');
  assert.equal(r.observations, []);
  assert.is(r.diagnostics[0]?.level, 'error');
  assert.match(r.diagnostics[0]?.message ?? '', /^RKE cluster.yml is not valid YAML/);
});

test('a kubespray or Kubernetes YAML is not a cluster.yml', () => {
  assert.is.not(parseText(splitLines('apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  clusterIP: 10.0.0.1\n'), {})?.kind, 'rke-cluster');
  assert.is.not(parseText(splitLines('kube_network_plugin: calico\nkube_pods_subnet: 10.233.64.0/18\n'), {})?.kind, 'rke-cluster');
});

test.run();
