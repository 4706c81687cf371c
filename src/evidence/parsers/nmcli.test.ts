import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detect, PARSERS } from '../registry.js';
import { splitLines } from '../text.js';
import { nmcli } from './nmcli.js';

// `nmcli device show` (NetworkManager 1.42), two devices and the loopback.
const DEVICES = `GENERAL.DEVICE:                         enp1s0
GENERAL.TYPE:                           ethernet
GENERAL.HWADDR:                         52:54:00:12:34:56
GENERAL.MTU:                            1500
GENERAL.STATE:                          100 (connected)
GENERAL.CONNECTION:                     Wired connection 1
IP4.ADDRESS[1]:                         192.168.122.20/24
IP4.GATEWAY:                            192.168.122.1
IP4.ROUTE[1]:                           dst = 192.168.122.0/24, nh = 0.0.0.0, mt = 100
IP6.ADDRESS[1]:                         fe80::5054:ff:fe12:3456/64
IP6.GATEWAY:                            --

GENERAL.DEVICE:                         cni0
GENERAL.TYPE:                           bridge
GENERAL.MTU:                            1450
IP4.ADDRESS[1]:                         10.244.0.1/24

GENERAL.DEVICE:                         lo
GENERAL.TYPE:                           loopback
GENERAL.MTU:                            65536
IP4.ADDRESS[1]:                         127.0.0.1/8
IP6.ADDRESS[1]:                         ::1/128
`;

// `nmcli connection show eth0`, a connection that is not active.
const CONNECTION = `connection.id:                          eth0
connection.uuid:                        5fb06bd0-0bb0-7ffb-45f1-d6edd65f3e03
connection.type:                        802-3-ethernet
connection.interface-name:              eth0
802-3-ethernet.mtu:                     auto
ipv4.method:                            manual
ipv4.addresses:                         10.0.0.5/24, 10.0.1.5/24
ipv4.gateway:                           10.0.0.1
ipv6.method:                            auto
ipv6.addresses:                         --
`;

const parse = (text: string) => nmcli.parse(splitLines(text), {});
const nets = (text: string) => parse(text).observations.flatMap((o) => (o.claim.type === 'network' ? [`${o.claim.cidr}@${o.line}`] : []));

test('device show: each device with MTU and addresses; only the host interface gives the node network', () => {
  assert.equal(nets(DEVICES), ['192.168.122.20/24@7']);
  assert.equal(
    parse(DEVICES).observations.flatMap((o) => (o.claim.type === 'interface' ? [[o.claim.name, o.claim.mtu, o.claim.addresses.length, o.line]] : [])),
    [
      ['enp1s0', 1500, 2, 1],
      ['cni0', 1450, 1, 13],
      ['lo', 65536, 2, 18],
    ],
  );
  assert.is(detect(PARSERS, splitLines(DEVICES), {})?.kind, 'nmcli');
});

test('connection show: the configured addresses; mtu auto states nothing', () => {
  assert.equal(nets(CONNECTION), ['10.0.0.5/24@7', '10.0.1.5/24@7']);
  const iface = parse(CONNECTION).observations.find((o) => o.claim.type === 'interface')?.claim;
  assert.ok(iface?.type === 'interface' && iface.name === 'eth0' && iface.mtu === null);
});

test('CRLF, ANSI colour (nmcli --colors yes) and a cut-off block', () => {
  const ugly = DEVICES.replace('GENERAL.DEVICE:                         enp1s0', '\x1b[1mGENERAL.DEVICE:\x1b[0m                         enp1s0').split('\n').join('\r\n');
  assert.equal(nets(ugly), nets(DEVICES));
  const cut = DEVICES.slice(0, DEVICES.indexOf('IP4.GATEWAY'));
  assert.equal(nets(cut), ['192.168.122.20/24@7']);
  const bad = parse('GENERAL.DEVICE:    eth0\nGENERAL.MTU:       1\nIP4.ADDRESS[1]:    10.0.0.5\n');
  assert.equal(
    bad.diagnostics.map((d) => [d.level, d.line]),
    [
      ['error', 2],
      ['error', 3],
    ],
  );
});

test('never throws, lines in range (property)', () => {
  fc.assert(
    fc.property(fc.constantFrom(DEVICES, CONNECTION), fc.string({ maxLength: 40 }), fc.nat(), (text, junk, at) => {
      const i = at % (text.length + 1);
      const lines = splitLines(text.slice(0, i) + junk + text.slice(i));
      const res = nmcli.parse(lines, {});
      for (const o of [...res.observations, ...res.diagnostics]) assert.ok(o.line === null || (o.line >= 1 && o.line <= Math.max(lines.length, 1)));
    }),
  );
});

test.run();
