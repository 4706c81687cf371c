import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detect, PARSERS } from '../registry.js';
import { splitLines } from '../text.js';
import { flannelSubnetEnv } from './flannel-subnet-env.js';

// As flanneld writes it on a dual-stack kubeadm node.
const FILE = `FLANNEL_NETWORK=10.244.0.0/16
FLANNEL_SUBNET=10.244.1.1/24
FLANNEL_IPV6_NETWORK=2001:cafe:42::/56
FLANNEL_IPV6_SUBNET=2001:cafe:42:1::1/64
FLANNEL_MTU=1450
FLANNEL_IPMASQ=true
`;

const claims = (text: string, command?: string) => flannelSubnetEnv.parse(splitLines(text), command ? { command } : {});

test('the flannel network is the pod range, FLANNEL_MTU the CNI MTU', () => {
  const res = claims(FILE);
  assert.equal(
    res.observations.map((o) => [o.line, o.claim]),
    [
      [1, { type: 'cni', name: 'flannel' }],
      [1, { type: 'network', role: 'pod', cidr: '10.244.0.0/16' }],
      [3, { type: 'network', role: 'pod', cidr: '2001:cafe:42::/56' }],
      [5, { type: 'cniSetting', field: 'mtu', value: 1450 }],
    ],
  );
  // Which node the subnet belongs to is not said.
  assert.equal(
    res.diagnostics.map((d) => [d.level, d.line]),
    [
      ['skipped', 2],
      ['skipped', 4],
    ],
  );
});

test('a named node gets FLANNEL_SUBNET as its podCIDR, masked', () => {
  const nodes = claims(FILE, 'ssh node01 cat /run/flannel/subnet.env').observations.flatMap((o) => (o.claim.type === 'node' ? [[o.line, o.claim]] : []));
  assert.equal(nodes, [
    [2, { type: 'node', name: 'node01', podCIDRs: ['10.244.1.0/24'] }],
    [4, { type: 'node', name: 'node01', podCIDRs: ['2001:cafe:42:1::/64'] }],
  ]);
});

test('CRLF, ANSI colour, extra whitespace and export are read the same', () => {
  const ugly = `\x1b[32mexport FLANNEL_NETWORK=10.244.0.0/16\x1b[0m   \r\n  FLANNEL_SUBNET=10.244.1.1/24\r\nFLANNEL_MTU=1450\r\n`;
  assert.equal(
    claims(ugly).observations.map((o) => (o.claim.type === 'network' ? o.claim.cidr : o.claim.type)),
    ['cni', '10.244.0.0/16', 'cniSetting'],
  );
});

test('written by a script: echo ... | tee and heredocs with variables', () => {
  const script = `echo "FLANNEL_NETWORK=10.244.0.0/16
FLANNEL_SUBNET=10.244.0.1/24
FLANNEL_MTU=1450
FLANNEL_IPMASQ=true" | sudo tee /run/flannel/subnet.env
cat << EOF > /run/flannel/subnet.env
FLANNEL_NETWORK=$1.0.0/16
EOF
`;
  const res = claims(script);
  assert.equal(
    res.observations.flatMap((o) => (o.claim.type === 'network' ? [o.claim.cidr] : [])),
    ['10.244.0.0/16'],
  );
  assert.ok(res.diagnostics.some((d) => d.line === 6 && d.level === 'skipped' && /variable/.test(d.message)));
  assert.not.ok(res.diagnostics.some((d) => d.level === 'error'));
});

test('bad values are errors naming the line; truncated lines too', () => {
  const res = claims('FLANNEL_NETWORK=10.244.0.0/33\nFLANNEL_SUBNET=10.244.1\nFLANNEL_MTU=9x\nFLANNEL_IPMASQ=yes\n');
  assert.equal(
    res.diagnostics.filter((d) => d.level === 'error').map((d) => d.line),
    [1, 2, 3, 4],
  );
  assert.ok(res.diagnostics[0]?.message.startsWith('FLANNEL_NETWORK: '));
});

test('the registry picks it; a calico env is not it', () => {
  assert.is(detect(PARSERS, splitLines(FILE), {})?.kind, 'flannel-subnet-env');
  assert.is(flannelSubnetEnv.detect(splitLines('CALICO_IPV4POOL_CIDR=10.0.0.0/16\nFLANNEL_MTU=1450\n'), {}), 0);
});

test('never throws, lines in range (property)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), fc.nat(), (junk, at) => {
      const i = at % (FILE.length + 1);
      const lines = splitLines(FILE.slice(0, i) + junk + FILE.slice(i));
      const res = flannelSubnetEnv.parse(lines, { command: 'ssh n1 cat x' });
      for (const o of [...res.observations, ...res.diagnostics]) assert.ok(o.line === null || (o.line >= 1 && o.line <= Math.max(lines.length, 1)));
    }),
  );
});

test.run();
