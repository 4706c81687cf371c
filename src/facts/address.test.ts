import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { networkOf, parseCIDR, parseIP } from './address.js';

const hex4 = (h: string): string => h.padStart(32, '0');

test('canonical IPv4 ranges with first and last address as hex', () => {
  const r = parseCIDR('10.96.0.0/12');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.value.cidr, '10.96.0.0/12');
  assert.is(r.value.family, 'IPv4');
  assert.is(r.value.first, hex4('0a600000'));
  assert.is(r.value.last, hex4('0a6fffff'));
  assert.is(r.value.hostBitsSet, false);
});

test('host bits set are masked and flagged, as kubeadm masks them silently', () => {
  const r = parseCIDR('192.168.51.0/16');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.value.cidr, '192.168.0.0/16');
  assert.is(r.value.written, '192.168.51.0/16');
  assert.is(r.value.hostBitsSet, true);
});

test('IPv6 ranges are canonicalised', () => {
  const r = parseCIDR('fd00:10:96:0:0::/108');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.value.cidr, 'fd00:10:96::/108');
  assert.is(r.value.family, 'IPv6');
  assert.is(r.value.first, 'fd000010009600000000000000000000');
  assert.is(r.value.last, 'fd0000100096000000000000000fffff');
});

const invalid: [string, RegExp][] = [
  ['10.0.0.0/33', /prefix length must be 0-32/],
  ['10.0.0/8', /expected four dot-separated decimal numbers/],
  ['300.1.1.1/24', /300 is greater than 255/],
  ['fe80::1%eth0/64', /zone/],
  ['::ffff:10.0.0.0/104', /IPv4-mapped/],
  ['10.0.0.0', /expected ADDRESS\/PREFIX/],
  ['10.0.0.0/abc', /prefix length "abc"/],
  ['0x0a.0.0.0/8', /not a decimal number/],
  ['fd00::/129', /prefix length must be 0-128/],
];

for (const [input, message] of invalid) {
  test(`refuses ${input} as Kubernetes does`, () => {
    const r = parseCIDR(input);
    assert.is(r.ok, false);
    if (!r.ok) assert.match(r.error, message);
  });
}

test('leading zeros read as decimal, with a warning', () => {
  const r = parseCIDR('010.0.0.0/8');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.value.cidr, '10.0.0.0/8');
  assert.is(r.warnings.length, 1);
  assert.match(r.warnings[0] ?? '', /leading zero/);
});

test('an interface address gives its network without a host-bits flag', () => {
  const ip = parseIP('192.8.33.6');
  assert.ok(ip.ok);
  if (!ip.ok) return;
  const n = networkOf(ip.value, 24);
  assert.is(n.cidr, '192.8.33.0/24');
  assert.is(n.hostBitsSet, false);
});

test('/0 and /32 edges', () => {
  const all = parseCIDR('0.0.0.0/0');
  const one = parseCIDR('10.1.2.3/32');
  assert.ok(all.ok && one.ok);
  if (!all.ok || !one.ok) return;
  assert.is(all.value.first, hex4('00000000'));
  assert.is(all.value.last, hex4('ffffffff'));
  assert.is(one.value.first, one.value.last);
});

test.run();
