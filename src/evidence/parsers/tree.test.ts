/** JSON and YAML with value lines; templates recognised as templates. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readTree, templateIn } from './tree.js';

test('lines of values in pretty JSON, and in YAML lists', () => {
  const r = readTree(['{', '  "plugins": [', '    {"type": "calico",', '     "mtu": 1440}', '  ]', '}']);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.tree.line(['plugins', 0, 'mtu']), 4);
  assert.is(r.tree.line(['plugins', 0, 'missing']), 3);
  assert.is(r.tree.quoted(['plugins', 0, 'type']), true);
  assert.is(r.tree.quoted(['plugins', 0, 'mtu']), false);
});

test('an unquoted __CNI_MTU__ still reads, as a string to be skipped', () => {
  const r = readTree(['{"mtu": __CNI_MTU__, "name": "k8s-pod-network"}']);
  assert.ok(r.ok);
  if (r.ok) assert.equal(r.tree.value, { mtu: '__CNI_MTU__', name: 'k8s-pod-network' });
});

test('duplicate keys and broken syntax are errors with a line', () => {
  const dup = readTree(['ipam:', '  mode: kubernetes', '  mode: cluster-pool']);
  assert.is(dup.ok, false);
  if (!dup.ok) assert.is(dup.line, 3);
  const broken = readTree(['{', '"Network": "10.244.0.0/16",,', '}']);
  assert.is(broken.ok, false);
});

const templates: [string, boolean][] = [
  ['${POD_CIDR}', true],
  ['$(HOST_IP)', true],
  ['__KUBERNETES_NODE_NAME__', true],
  ['{{ .Values.podCIDR }}', true],
  ['{% if x %}', true],
  ['<POD_CIDR>', true],
  ['10.244.0.0/16', false],
  ['fd00::/104', false],
  ['all()', false],
];
for (const [value, isTemplate] of templates) {
  test(`template? ${value}`, () => {
    assert.is(templateIn(value) !== null, isTemplate);
  });
}

test.run();
