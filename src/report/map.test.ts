/** The address map: ranges per family, node podCIDR blocks with capacity, overlaps, address formatting. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { brokenReport } from '../../test/golden.js';
import { parseCIDR, type Network } from '../facts/address.js';
import type { Facts } from '../facts/types.js';
import { formatAddress, rangesOf, renderMaps, spanText } from './map.js';

function net(cidr: string): Network {
  const p = parseCIDR(cidr);
  if (!p.ok) throw new Error(p.error);
  return p.value;
}

/** A dual-stack flannel-style cluster: node podCIDRs are used. */
function dualStack(): Facts {
  const base = brokenReport().facts;
  return {
    ...base,
    networks: {
      node: [net('192.168.10.0/24'), net('fd00:10::/64')],
      pod: [net('10.244.0.0/16'), net('fd00:244::/56')],
      service: [net('10.96.0.0/12'), net('fd00:96::/112')],
    },
    cni: { ...base.cni, name: 'flannel', ipam: 'node-podcidr', pools: [] },
    cluster: { ...base.cluster, nodeCIDRMaskSize: { IPv4: 24, IPv6: null } },
    nodes: ['a', 'b', 'c'].map((name, i) => ({
      ...base.nodes[0]!,
      name,
      podCIDRs: [net(`10.244.${i}.0/24`), net(`fd00:244:0:${i}::/64`)],
    })),
  };
}

test('ranges of every role, each with its JSON pointer', () => {
  const ranges = rangesOf(dualStack());
  assert.equal(
    ranges.filter((r) => r.family === 'IPv4').map((r) => `${r.role} ${r.cidr} ${r.pointer}`),
    [
      'node 192.168.10.0/24 /networks/node/0',
      'pod 10.244.0.0/16 /networks/pod/0',
      'block 10.244.0.0/24 /nodes/0/podCIDRs/0',
      'block 10.244.1.0/24 /nodes/1/podCIDRs/0',
      'block 10.244.2.0/24 /nodes/2/podCIDRs/0',
      'service 10.96.0.0/12 /networks/service/0',
    ],
  );
});

test('one map per family; node blocks inside the pod range with capacity used and free', () => {
  const maps = renderMaps(dualStack(), { flagged: [] });
  assert.equal(maps.map((m) => m.family), ['IPv4', 'IPv6']);
  const [v4, v6] = maps;
  assert.is((v4!.svg.match(/<g class="range /g) ?? []).length, 6);
  assert.is((v6!.svg.match(/<g class="range /g) ?? []).length, 6);
  assert.match(v4!.svg, /node blocks \/24 \(node mask\): 3 used, 253 free of 256/);
  assert.match(v6!.svg, /node blocks \/64 \(node blocks\): 3 used, 253 free of 256/);
  assert.equal(v4!.caption, ['Pod range 10.244.0.0/16: node blocks /24 (node mask): 3 used, 253 free of 256.']);
  assert.not.match(v4!.svg, /class="overlap"/, 'disjoint ranges: no overlap drawn');
  for (const cidr of ['fd00:244::/56', 'fd00:244:0:2::/64', 'fd00:96::/112']) assert.ok(v6!.svg.includes(`data-cidr="${cidr}"`), cidr);
});

test('the broken example: the pod range inside the service range is one overlap band, both ranges flagged', () => {
  const report = brokenReport();
  const [v4] = renderMaps(report.facts, { flagged: report.findings.flatMap((f) => f.facts) });
  assert.match(v4!.svg, /<g class="overlap" data-overlap="10\.100\.0\.0\/16">/);
  assert.is((v4!.svg.match(/class="overlap"/g) ?? []).length, 1);
  assert.match(v4!.svg, /class="range role-pod flagged"/);
  assert.match(v4!.svg, /class="range role-service flagged"/);
  assert.match(v4!.svg, /class="range role-node" /);
  assert.ok(v4!.caption.some((c) => /weave-net allocates pod addresses from its own pool/.test(c)));
});

test('a finding about the node list does not flag every node block; one naming a block does', () => {
  const [v4] = renderMaps(dualStack(), { flagged: ['/nodes', '/daemonSets/0/desired', '/nodes/1/podCIDRs/0'] });
  const flagged = [...v4!.svg.matchAll(/class="range role-block flagged"[^>]*data-cidr="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(flagged, ['10.244.1.0/24']);
});

test('addresses and spans', () => {
  assert.is(formatAddress(0xc0a80a01n, 'IPv4'), '192.168.10.1');
  assert.is(formatAddress(0xfd000244000000000000000000000001n, 'IPv6'), 'fd00:244::1');
  assert.is(spanText(0x0a600000n, 0x0a6fffffn, 'IPv4'), '10.96.0.0/12');
  assert.is(spanText(0x0a640000n, 0x0a64017fn, 'IPv4'), '10.100.0.0 – 10.100.1.127');
  assert.is(spanText(0xfd000096000000000000000000000000n, 0xfd00009600000000000000000000ffffn, 'IPv6'), 'fd00:96::/112');
});

test('no ranges, no map', () => {
  const facts = brokenReport().facts;
  assert.equal(renderMaps({ ...facts, networks: { node: [], pod: [], service: [] }, nodes: [], cni: { ...facts.cni, pools: [] } }, { flagged: [] }), []);
});

test.run();
