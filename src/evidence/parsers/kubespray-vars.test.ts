/**
 * kubespray group_vars as inventories hold them (inventory/sample layout, v2.2x-v2.31):
 * k8s-cluster.yml with the ranges, k8s-net-*.yml per plugin. Defaults from
 * roles/kubespray_defaults/defaults/main/main.yml (v2.31.0).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { ParseResult } from '../types.js';

const read = (text: string): ParseResult & { kind: string } => {
  const r = parseText(splitLines(text), { path: 'group_vars/k8s_cluster/k8s-cluster.yml' });
  assert.ok(r, 'recognised');
  assert.is(r.kind, 'kubespray-vars');
  return r;
};
const stated = (r: ParseResult) => r.observations.filter((o) => !o.inferred && o.claim.type !== 'distribution').map((o) => [o.claim, o.line]);
const inferred = (r: ParseResult) => r.observations.filter((o) => o.inferred).map((o) => o.claim);

const SAMPLE = `---
# Kubernetes configuration dirs and system namespace.
kube_config_dir: /etc/kubernetes
kube_version: 1.32.5
# Choose network plugin (cilium, calico, kube-ovn or flannel. Use cni for generic cni plugin)
kube_network_plugin: calico
kube_network_plugin_multus: false
# Kubernetes internal network for services, unused block of space.
kube_service_addresses: 10.233.0.0/18
# kube_pods_subnet: 10.100.0.0/16
kube_pods_subnet: 10.233.64.0/18
kube_network_node_prefix: 24
# Configure Dual Stack networking (i.e. both IPv4 and IPv6)
enable_dual_stack_networks: false
kube_service_addresses_ipv6: fd85:ee78:d8a6:8607::1000/116
kube_pods_subnet_ipv6: fd85:ee78:d8a6:8607::1:0000/112
kube_network_node_prefix_ipv6: 120
kube_apiserver_ip: "{{ kube_service_addresses|ansible.utils.ipaddr('net')|ansible.utils.ipaddr(1)|ansible.utils.ipaddr('address') }}"
kube_proxy_mode: ipvs
skydns_server: "{{ kube_service_addresses|ansible.utils.ipaddr('net')|ansible.utils.ipaddr(3)|ansible.utils.ipaddr('address') }}"
`;

test('k8s-cluster.yml: ranges, node prefix, mode, plugin, version; commented lines and IPv6 variables with dual-stack off are not evidence', () => {
  const r = read(SAMPLE);
  assert.equal(stated(r), [
    [{ type: 'network', role: 'service', cidr: '10.233.0.0/18' }, 9],
    [{ type: 'network', role: 'pod', cidr: '10.233.64.0/18' }, 11],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 24 }, 12],
    [{ type: 'proxyMode', mode: 'ipvs' }, 19],
    [{ type: 'cni', name: 'calico' }, 6],
    [{ type: 'clusterVersion', version: 'v1.32.5' }, 4],
  ]);
  assert.equal(inferred(r), [{ type: 'cniSetting', field: 'ipam', value: 'pool' }]);
  assert.equal(
    r.diagnostics.filter((d) => d.level === 'skipped').map((d) => d.line),
    [15, 16, 17],
    'the IPv6 variables are said to be unused, at their lines',
  );
  assert.equal(r.diagnostics.filter((d) => d.level === 'error'), []);
});

test('dual-stack on (ipv6_stack or the older enable_dual_stack_networks): the IPv6 ranges and prefix count', () => {
  for (const flag of ['ipv6_stack: true', 'enable_dual_stack_networks: true', "ipv6_stack: 'yes'"]) {
    const r = read(SAMPLE.replace('enable_dual_stack_networks: false', flag));
    const nets = r.observations.flatMap((o) => (o.claim.type === 'network' && !o.inferred ? [o.claim.cidr] : []));
    assert.equal(nets, ['10.233.0.0/18', '10.233.64.0/18', 'fd85:ee78:d8a6:8607::1000/116', 'fd85:ee78:d8a6:8607::1:0000/112'], flag);
    assert.ok(r.observations.some((o) => o.claim.type === 'nodeCIDRMaskSize' && o.claim.family === 'IPv6' && o.claim.size === 120 && !o.inferred));
  }
});

test('IPv6-only (ipv4_stack false): the IPv4 variables are unused and the IPv6 defaults apply', () => {
  const r = read('ipv4_stack: false\nipv6_stack: true\nkube_network_plugin: calico\nkube_service_addresses: 10.233.0.0/18\nkube_proxy_mode: iptables\n');
  assert.equal(r.observations.filter((o) => o.claim.type === 'network' && !o.inferred), []);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && d.line === 4 && /ipv4_stack is false/.test(d.message)));
  assert.equal(
    r.observations.filter((o) => o.inferred && (o.claim.type === 'network' || o.claim.type === 'nodeCIDRMaskSize')).map((o) => [o.claim, o.excerpt]),
    [
      [{ type: 'network', role: 'service', cidr: 'fd85:ee78:d8a6:8607::1000/116' }, 'default of kubespray v2.31 (kube_service_addresses_ipv6 fd85:ee78:d8a6:8607::1000/116), not stated'],
      [{ type: 'network', role: 'pod', cidr: 'fd85:ee78:d8a6:8607::1:0000/112' }, 'default of kubespray v2.31 (kube_pods_subnet_ipv6 fd85:ee78:d8a6:8607::1:0000/112), not stated'],
      [{ type: 'nodeCIDRMaskSize', family: 'IPv6', size: 120 }, 'default of kubespray v2.31 (kube_network_node_prefix_ipv6 120), not stated'],
    ],
  );
});

test('a core file that leaves the ranges out gets kubespray defaults, inferred; a plugin file alone gets none', () => {
  const core = read('kube_network_plugin: cilium\ncilium_kube_proxy_replacement: true\n');
  assert.equal(inferred(core), [
    { type: 'network', role: 'service', cidr: '10.233.0.0/18' },
    { type: 'network', role: 'pod', cidr: '10.233.64.0/18' },
    { type: 'nodeCIDRMaskSize', family: 'IPv4', size: 24 },
    { type: 'proxyMode', mode: 'ipvs' },
    { type: 'kubeProxyPresent', present: true },
  ]);
  assert.ok(core.observations.some((o) => o.claim.type === 'kubeProxyReplacement' && o.claim.name === 'cilium' && o.line === 2));
  const plugin = read('# k8s-net-calico.yml\ncalico_network_backend: vxlan\ncalico_ipip_mode: Never\ncalico_vxlan_mode: Always\ncalico_veth_mtu: 1450\n');
  assert.equal(inferred(plugin), []);
  assert.equal(stated(plugin), [
    [{ type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }, 4],
    [{ type: 'cniSetting', field: 'mtu', value: 1450 }, 5],
  ]);
});

test('kube_proxy_remove true: no kube-proxy, and no default mode for it', () => {
  const r = read('kube_network_plugin: cilium\nkube_proxy_remove: true\n');
  assert.ok(r.observations.some((o) => o.claim.type === 'kubeProxyPresent' && o.claim.present === false && !o.inferred));
  assert.equal(r.observations.filter((o) => o.claim.type === 'proxyMode'), []);
});

test('Jinja values are templates, not values; CRLF and quotes are fine; bad values are errors at their line', () => {
  const text = [
    'kube_network_plugin: "calico"',
    "kube_service_addresses: '{{ my_service_range }}'",
    'kube_pods_subnet: "10.233.64.0/17"',
    'kube_network_node_prefix: 33',
    'kube_proxy_mode: userspace',
    'calico_ipip_mode: Always',
    'calico_vxlan_mode: Always',
    '',
  ].join('\r\n');
  const r = read(text);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && d.line === 2 && /Jinja template, not a value/.test(d.message)));
  assert.ok(r.observations.some((o) => o.claim.type === 'network' && o.claim.cidr === '10.233.64.0/17' && o.line === 3));
  assert.equal(
    r.diagnostics.filter((d) => d.level === 'error').map((d) => [d.line, d.message]),
    [
      [4, 'kube_network_node_prefix: 33: expected a whole number from 0 to 32'],
      [5, 'kube_proxy_mode userspace: expected iptables, ipvs or nftables'],
      [6, 'calico_ipip_mode / calico_vxlan_mode: ipipMode and vxlanMode are both enabled: Calico allows only one encapsulation per pool'],
    ],
  );
  // A templated service range is not replaced by the default: the file did set it.
  assert.equal(r.observations.filter((o) => o.inferred && o.claim.type === 'network' && o.claim.role === 'service'), []);
});

test('a file of only comments is not evidence', () => {
  assert.is(parseText(splitLines('# kube_network_plugin: calico\n# kube_pods_subnet: 10.233.64.0/18\n'), {}), null);
});

test.run();
