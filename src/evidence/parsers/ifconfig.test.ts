import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines } from '../text.js';
import { ifconfig, maskLength } from './ifconfig.js';
import { detect, PARSERS } from '../registry.js';

// net-tools 2.10 on a kubeadm node with flannel (Ubuntu 22.04), as it prints it.
const NEW = `cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450
        inet 10.244.0.1  netmask 255.255.255.0  broadcast 10.244.0.255
        inet6 fe80::d4a5:1fff:fe0c:3e2a  prefixlen 64  scopeid 0x20<link>
        ether d6:a5:1f:0c:3e:2a  txqueuelen 1000  (Ethernet)

enp0s3: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
        inet 192.168.1.5  netmask 255.255.255.0  broadcast 192.168.1.255
        inet6 2001:db8:1::5  prefixlen 64  scopeid 0x0<global>
        inet6 fe80::a00:27ff:fe4e:66a1  prefixlen 64  scopeid 0x20<link>
        ether 08:00:27:4e:66:a1  txqueuelen 1000  (Ethernet)

flannel.1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450
        inet 10.244.0.0  netmask 255.255.255.255  broadcast 0.0.0.0

lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
        inet 127.0.0.1  netmask 255.0.0.0
        inet6 ::1  prefixlen 128  scopeid 0x10<host>
`;

// net-tools 1.60 (CentOS 7, busybox), with an alias.
const OLD = `eth0      Link encap:Ethernet  HWaddr 08:00:27:4E:66:A1
          inet addr:10.0.0.5  Bcast:10.0.0.255  Mask:255.255.255.0
          inet6 addr: fe80::a00:27ff:fe4e:66a1/64 Scope:Link
          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
          RX packets:1000 errors:0 dropped:0 overruns:0 frame:0

eth0:1    Link encap:Ethernet  HWaddr 08:00:27:4E:66:A1
          inet addr:10.0.1.5  Bcast:10.0.1.255  Mask:255.255.254.0
          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1

docker0   Link encap:Ethernet  HWaddr 02:42:AC:11:00:01
          inet addr:172.17.0.1  Bcast:172.17.255.255  Mask:255.255.0.0
          UP BROADCAST MULTICAST  MTU:1500  Metric:1
`;

// macOS / FreeBSD.
const BSD = `lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384
\tinet 127.0.0.1 netmask 0xff000000
\tinet6 ::1 prefixlen 128
\tinet6 fe80::1%lo0 prefixlen 64 scopeid 0x1
en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
\tether a4:83:e7:12:34:56
\tinet6 fe80::1c2b:3c4d:5e6f:7a8b%en0 prefixlen 64 secured scopeid 0x4
\tinet 192.168.1.5 netmask 0xffffff00 broadcast 192.168.1.255
\tinet6 2001:db8::1234 prefixlen 64 autoconf secured
`;

const parse = (text: string) => ifconfig.parse(splitLines(text), {});
const nodeNets = (text: string): string[] => parse(text).observations.flatMap((o) => (o.claim.type === 'network' ? [`${o.claim.cidr}@${o.line}`] : []));
const ifaces = (text: string) => parse(text).observations.flatMap((o) => (o.claim.type === 'interface' ? [o.claim] : []));

test('net-tools 2.x: host interfaces give the node network; cni0, flannel.1, lo do not', () => {
  assert.equal(nodeNets(NEW), ['192.168.1.5/24@7', '2001:db8:1::5/64@8']);
  assert.equal(
    ifaces(NEW).map((i) => [i.name, i.mtu, i.addresses.length]),
    [
      ['cni0', 1450, 2],
      ['enp0s3', 1500, 3],
      ['flannel.1', 1450, 1],
      ['lo', 65536, 2],
    ],
  );
  assert.equal(ifaces(NEW)[1]?.addresses[2], { address: 'fe80::a00:27ff:fe4e:66a1', prefixLength: 64, scope: 'link' });
});

test('net-tools 1.60: inet addr/Mask, MTU:, Scope:Link; an alias is an address of its interface', () => {
  assert.equal(nodeNets(OLD), ['10.0.0.5/24@2', '10.0.1.5/23@8']);
  assert.equal(
    ifaces(OLD).map((i) => [i.name, i.mtu, i.addresses.map((a) => `${a.address}/${a.prefixLength} ${a.scope}`)]),
    [
      ['eth0', 1500, ['10.0.0.5/24 global', 'fe80::a00:27ff:fe4e:66a1/64 link', '10.0.1.5/23 global']],
      ['docker0', 1500, ['172.17.0.1/16 global']],
    ],
  );
});

test('BSD / macOS: hex netmasks, %zone link-local addresses', () => {
  assert.equal(nodeNets(BSD), ['192.168.1.5/24@8', '2001:db8::1234/64@9']);
  assert.equal(ifaces(BSD)[0]?.addresses.map((a) => a.scope), ['host', 'host', 'link']);
});

test('CRLF, ANSI colour and trailing spaces are read the same', () => {
  const ugly = NEW.split('\n').map((l) => (l.startsWith('enp0s3') ? `\x1b[1m${l}\x1b[0m   ` : l)).join('\r\n');
  assert.equal(nodeNets(ugly), nodeNets(NEW));
});

test('ifconfig | grep inet: addresses kept, but no node network from an unnamed interface', () => {
  const text = '        inet 192.168.1.5  netmask 255.255.255.0  broadcast 192.168.1.255\n        inet 172.17.0.1  netmask 255.255.0.0  broadcast 172.17.255.255\n';
  assert.equal(nodeNets(text), []);
  assert.equal(ifconfig.detect(splitLines(text), { command: 'ifconfig | grep inet' }), 0.8);
  assert.equal(ifaces(text)[0]?.addresses.length, 2);
});

test('a bad netmask or address is an error naming the line; a truncated line is not read', () => {
  const res = parse('eth0: flags=4163<UP>  mtu 1500\n        inet 10.0.0.5  netmask 255.0.255.0  broadcast 10.0.0.255\n        inet 10.0.0.300  netmask 255.255.255.0\n        inet 10.0.0.7  netm\n');
  assert.equal(
    res.diagnostics.map((d) => [d.line, d.message]),
    [
      [2, 'interface address 10.0.0.5: netmask 255.0.255.0: expected a contiguous netmask such as 255.255.255.0 or 0xffffff00'],
      [3, `interface address 10.0.0.300: ${res.diagnostics[1]?.message.split(': ').slice(1).join(': ')}`],
    ],
  );
  assert.equal(res.observations.filter((o) => o.claim.type === 'network').length, 0);
});

test('maskLength: dotted and hex, contiguous only', () => {
  assert.is(maskLength('255.255.255.0'), 24);
  assert.is(maskLength('255.255.255.255'), 32);
  assert.is(maskLength('0.0.0.0'), 0);
  assert.is(maskLength('0xffffff00'), 24);
  assert.is(maskLength('0xfffffffc'), 30);
  assert.is(maskLength('255.0.255.0'), null);
  assert.is(maskLength('256.0.0.0'), null);
  assert.is(maskLength('0x1ffffffff'), null);
});

test('maskLength agrees with the prefix for every length (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 32 }), (len) => {
      const n = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
      const dotted = [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
      assert.is(maskLength(dotted), len);
      assert.is(maskLength(`0x${n.toString(16).padStart(8, '0')}`), len);
    }),
  );
});

test('the registry picks ifconfig for its output and ip-addr keeps its own', () => {
  assert.is(detect(PARSERS, splitLines(NEW), {})?.kind, 'ifconfig');
  assert.is(detect(PARSERS, splitLines(OLD), {})?.kind, 'ifconfig');
  assert.is(detect(PARSERS, splitLines('2: eth0: <BROADCAST,UP> mtu 1500 qdisc x\n    inet 10.0.0.5/24 scope global eth0\n'), {})?.kind, 'ip-addr');
});

test.run();
