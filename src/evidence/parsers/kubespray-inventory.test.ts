/** kubespray hosts inventories: Ansible INI (inventory.ini) and YAML (hosts.yaml), current and pre-v2.16 group names. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { ParseResult } from '../types.js';

const read = (text: string): ParseResult & { kind: string } => {
  const r = parseText(splitLines(text), { path: 'inventory.ini' });
  assert.ok(r, 'recognised');
  assert.is(r.kind, 'kubespray-inventory');
  return r;
};
const nodes = (r: ParseResult) => r.observations.flatMap((o) => (o.claim.type === 'node' ? [[o.claim.name, o.claim.internalIPs ?? [], o.claim.roles ?? [], o.line]] : []));

test('INI: hosts with vars in [all], groups and :children; ip wins over ansible_host; comments are not hosts', () => {
  const r = read(`# ## Configure 'ip' variable to bind kubernetes services on a different ip
[all]
node1 ansible_host=95.54.0.12 ip=10.3.0.1 etcd_member_name=etcd1
node2 ansible_host=95.54.0.13  ip="10.3.0.2"   # second
node3 ansible_host=node3.example.com
# node4 ansible_host=95.54.0.15 ip=10.3.0.4

[kube_control_plane]
node1

[etcd]
node1

[kube_node]
node2
node3
# node4

[calico_rr]

[k8s_cluster:children]
kube_control_plane
kube_node
calico_rr

[k8s_cluster:vars]
ansible_user=ubuntu
`);
  assert.equal(nodes(r), [
    ['node1', ['10.3.0.1'], ['control-plane'], 3],
    ['node2', ['10.3.0.2'], ['worker'], 4],
    ['node3', [], ['worker'], 5],
  ]);
  assert.ok(r.observations.some((o) => o.claim.type === 'distribution' && o.claim.name === 'kubespray'));
  assert.equal(r.diagnostics.filter((d) => d.level === 'error'), []);
});

test('INI with the old group names (kube-master, kube-node, k8s-cluster) and CRLF', () => {
  const r = read(['[all]', 'm ansible_host=192.168.56.111 ip=192.168.56.111', 'w1 ansible_host=192.168.56.112', '', '[kube-master]', 'm', '', '[kube-node]', 'm', 'w1', '', '[k8s-cluster:children]', 'kube-master', 'kube-node', ''].join('\r\n'));
  assert.equal(nodes(r), [
    ['m', ['192.168.56.111'], ['control-plane', 'worker'], 2],
    ['w1', ['192.168.56.112'], ['worker'], 3],
  ]);
});

test('the untouched sample inventory: every host commented out, so no node', () => {
  const r = read('[kube_control_plane]\n# node1\n# node2\n\n[etcd]\n# node1\n\n[kube_node]\n# node2\n\n[calico_rr]\n\n[k8s_cluster:children]\nkube_control_plane\nkube_node\ncalico_rr\n');
  assert.equal(nodes(r), []);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && /list no hosts/.test(d.message)));
});

test('YAML: all.hosts with vars, children groups, access_ip when there is no ip, IPv6, Jinja', () => {
  const r = read(`all:
  hosts:
    node1:
      ansible_host: 203.0.113.11
      ip: 10.20.0.11
    node2:
      ansible_host: 203.0.113.12
      access_ip: "fd00:20::12"
    node3:
      ansible_host: "{{ lookup('env', 'NODE3') }}"
  children:
    kube_control_plane:
      hosts:
        node1:
    kube_node:
      hosts:
        node1:
        node2:
        node3:
    etcd:
      hosts:
        node1:
    k8s_cluster:
      children:
        kube_control_plane:
        kube_node:
`);
  assert.equal(nodes(r), [
    // Each at the first line of the host's vars.
    ['node1', ['10.20.0.11'], ['control-plane', 'worker'], 4],
    ['node2', ['fd00:20::12'], ['worker'], 7],
    ['node3', [], ['worker'], 10],
  ]);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && d.line === 10 && /template/.test(d.message)));
});

test('a bad ip is an error naming the host and line', () => {
  const r = read('[all]\nnode1 ip=10.3.0.300\n[kube_node]\nnode1\n');
  assert.equal(r.diagnostics.filter((d) => d.level === 'error').map((d) => [d.line, d.message.split(':')[0]]), [[2, 'node1 ip']]);
});

test('an INI inventory of other groups (no kube_* groups) is not a kubespray inventory', () => {
  assert.is(parseText(splitLines('[webservers]\nweb1 ansible_host=10.0.0.1\n[dbservers]\ndb1\n'), {}), null);
});

test.run();
