import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCIDR, type Network } from '../facts/address.js';
import { plan, type PlanRequest } from './plan.js';
import { firstFree, interval, merge, toCIDR } from './space.js';

const net = (c: string): Network => {
  const p = parseCIDR(c);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};

const base: PlanRequest = { nodes: 100, podsPerNode: 110, services: 4096, families: ['IPv4'], headroom: 2, avoid: [], within: [], current: { pod: [], service: [] } };

test('conventional ranges when they fit', () => {
  const r = plan(base);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal([r.plans[0]?.podSubnet, r.plans[0]?.serviceSubnet, r.plans[0]?.nodeMaskSize], ['10.244.0.0/16', '10.96.0.0/12', 24]);
});

test('the conventional pod base widened when the cluster outgrows it', () => {
  const r = plan({ ...base, nodes: 500 });
  assert.ok(r.ok && r.plans[0]?.podSubnet === '10.244.0.0/14');
});

test('around a VPC that takes 10.0.0.0/8: the next private block', () => {
  const r = plan({ ...base, avoid: [net('10.0.0.0/8')] });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal([r.plans[0]?.podSubnet, r.plans[0]?.serviceSubnet], ['172.16.0.0/16', '172.17.0.0/19']);
});

test('thousands of ranges to avoid', () => {
  const avoid: Network[] = [];
  for (let i = 0; i < 256; i++) for (let j = 0; j < 16; j++) avoid.push(net(`10.${i}.${j * 16}.0/22`));
  const r = plan({ ...base, avoid, within: [net('10.0.0.0/8'), net('192.168.0.0/16'), net('172.16.0.0/12')] });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal([r.plans[0]?.podSubnet, r.plans[0]?.serviceSubnet], ['192.168.0.0/16', '172.16.0.0/19']);
});

test('dual-stack: a ULA pod and service range for IPv6 with a /64 node mask', () => {
  const r = plan({ ...base, families: ['IPv4', 'IPv6'] });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.plans.map((p) => [p.family, p.podSubnet, p.serviceSubnet, p.nodeMaskSize]), [
    ['IPv4', '10.244.0.0/16', '10.96.0.0/12', 24],
    ['IPv6', 'fd00::/56', 'fd00:0:0:100::/115', 64],
  ]);
});

test('refuses, with the reason, when the request cannot fit inside --within', () => {
  const r = plan({ ...base, nodes: 500, within: [net('192.168.0.0/20')] });
  assert.is(r.ok, false);
  if (!r.ok) assert.match(r.reason, /no free \/14 IPv4 pod range \(1000 node blocks of \/24\) inside 192\.168\.0\.0\/20/);
});

test('refuses more Services than 20 host bits hold', () => {
  const r = plan({ ...base, services: 600000 });
  assert.is(r.ok, false);
  if (!r.ok) assert.match(r.reason, /at most 20 host bits/);
});

test('refuses more nodes than 16 bits between pod and node mask', () => {
  const r = plan({ ...base, nodes: 40000 });
  assert.is(r.ok, false);
  if (!r.ok) assert.match(r.reason, /65536 kubeadm allows/);
});

test('keeps current ranges that still fit', () => {
  const r = plan({ ...base, current: { pod: [net('10.32.0.0/12')], service: [net('10.100.0.0/16')] } });
  assert.ok(r.ok && r.plans[0]?.podSubnet === '10.32.0.0/12' && r.plans[0]?.serviceSubnet === '10.100.0.0/16');
});

test('space: first free aligned block, merged intervals, canonical CIDRs', () => {
  const taken = merge([interval(net('10.0.0.0/24')), interval(net('10.0.1.0/24')), interval(net('10.0.3.0/24'))]);
  assert.is(taken.length, 2);
  const iv = firstFree(interval(net('10.0.0.0/16')), 9, taken);
  assert.ok(iv);
  if (iv) assert.is(toCIDR(iv, 'IPv4'), '10.0.4.0/23');
});

test.run();
