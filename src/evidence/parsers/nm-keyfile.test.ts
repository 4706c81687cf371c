import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detect, PARSERS } from '../registry.js';
import { splitLines } from '../text.js';
import { nmKeyfile } from './nm-keyfile.js';

// /etc/NetworkManager/system-connections/eth1.nmconnection on a RHEL 9 node.
const FILE = `[connection]
id=eth1
uuid=5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03
type=ethernet
interface-name=eth1

[ethernet]
mtu=1450

[ipv4]
address1=192.168.122.20/24,192.168.122.1
dns=192.168.122.1;
method=manual

[ipv6]
addr-gen-mode=eui64
address1=2001:db8:122::20/64
method=manual

[proxy]
`;

const parse = (text: string) => nmKeyfile.parse(splitLines(text), {});

test('the interface, its MTU and static addresses; the node network from them', () => {
  const res = parse(FILE);
  assert.equal(
    res.observations.map((o) => [o.line, o.claim.type === 'network' ? o.claim.cidr : o.claim.type === 'interface' ? `${o.claim.name} ${o.claim.mtu}` : '']),
    [
      [11, '192.168.122.20/24'],
      [17, '2001:db8:122::20/64'],
      [5, 'eth1 1450'],
    ],
  );
  assert.is(detect(PARSERS, splitLines(FILE), {})?.kind, 'nm-keyfile');
});

test('old addresses1=ADDR;PREFIX;GW; form, CRLF, comments; DHCP states no address', () => {
  const old = '# written by NM 1.0\r\n[connection]\r\nid=Wired connection 1\r\n[ipv4]\r\naddresses1=10.0.0.5;24;10.0.0.1;\r\nmethod=manual\r\n';
  assert.equal(parse(old).observations.flatMap((o) => (o.claim.type === 'network' ? [o.claim.cidr] : [])), ['10.0.0.5/24']);
  const dhcp = '[connection]\nid=eth0\ninterface-name=eth0\n[ipv4]\nmethod=auto\n';
  assert.equal(parse(dhcp).observations.flatMap((o) => (o.claim.type === 'network' ? [o.claim.cidr] : [])), []);
});

test('bad lines, addresses and MTUs are errors with their line; no name is skipped', () => {
  const bad = '[connection]\nid=eth0\n[ethernet]\nmtu=99999\n[ipv4]\naddress1=10.0.0.300/24\ngarbage line\n';
  assert.equal(
    parse(bad).diagnostics.map((d) => [d.level, d.line]),
    [
      ['error', 7],
      ['error', 4],
      ['error', 6],
    ],
  );
  assert.equal(parse('[connection]\ntype=ethernet\n[ipv4]\naddress1=10.0.0.5/24\n').diagnostics.map((d) => d.level), ['skipped']);
});

test('never throws, lines in range (property)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.nat(), (junk, at) => {
      const i = at % (FILE.length + 1);
      const lines = splitLines(FILE.slice(0, i) + junk + FILE.slice(i));
      const res = nmKeyfile.parse(lines, {});
      for (const o of [...res.observations, ...res.diagnostics]) assert.ok(o.line === null || (o.line >= 1 && o.line <= Math.max(lines.length, 1)));
    }),
  );
});

test.run();
