/**
 * `ip route` and `ip -6 route` as iproute2 prints them (ip/iproute.c print_route:
 * `[type] dst [via gw] dev dev [proto p] [scope s] [src a] [metric m] [onlink] [linkdown]`,
 * multipath routes with indented `nexthop` lines), on flannel, Calico (blackhole
 * blocks from bird, /32 routes to cali* veths, tunl0) and Cilium nodes.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import { ipRoute } from './ip-route.js';

const routes = (text: string, ctx = {}): [string, string | null, string | null, number][] =>
  ipRoute.parse(splitLines(text), ctx).observations.flatMap((o) => (o.claim.type === 'route' ? [[o.claim.destination, o.claim.via, o.claim.dev, o.line]] : []));

const FLANNEL = `default via 192.168.10.1 dev eth0 proto dhcp src 192.168.10.11 metric 100
10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink
10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1
10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink
172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown
192.168.10.0/24 dev eth0 proto kernel scope link src 192.168.10.11 metric 100
`;

test('flannel node: default, pod subnets through flannel.1 and cni0, docker0 linkdown', () => {
  assert.equal(routes(FLANNEL), [
    ['0.0.0.0/0', '192.168.10.1', 'eth0', 1],
    ['10.244.0.0/24', '10.244.0.0', 'flannel.1', 2],
    ['10.244.1.0/24', null, 'cni0', 3],
    ['10.244.2.0/24', '10.244.2.0', 'flannel.1', 4],
    ['172.17.0.0/16', null, 'docker0', 5],
    ['192.168.10.0/24', null, 'eth0', 6],
  ]);
  assert.is(parseText(splitLines(FLANNEL), {})?.kind, 'ip-route');
});

test('Calico node: blackhole IPAM block, host routes to cali* veths, tunl0 with bird', () => {
  const text = `default via 10.0.0.1 dev ens5 proto dhcp src 10.0.0.21 metric 100
blackhole 10.244.120.64/26 proto bird
10.244.120.65 dev cali5f1d7f3e2c1 scope link
10.244.120.66 dev calib2e4a9c0d77 scope link
10.244.135.0/26 via 10.0.0.22 dev tunl0 proto bird onlink
10.0.0.0/24 dev ens5 proto kernel scope link src 10.0.0.21 metric 100
`;
  assert.equal(routes(text), [
    ['0.0.0.0/0', '10.0.0.1', 'ens5', 1],
    ['10.244.120.64/26', null, null, 2],
    ['10.244.120.65/32', null, 'cali5f1d7f3e2c1', 3],
    ['10.244.120.66/32', null, 'calib2e4a9c0d77', 4],
    ['10.244.135.0/26', '10.0.0.22', 'tunl0', 5],
    ['10.0.0.0/24', null, 'ens5', 6],
  ]);
});

test('ip -6 route: default via a link-local router, pod range via cilium_host, expires and pref', () => {
  const text = `::1 dev lo proto kernel metric 256 pref medium
2001:db8:10::/64 dev eth0 proto ra metric 100 expires 2591985sec pref medium
fd00:10:244:1::/64 via fd00:10:244:1::d1c8 dev cilium_host proto kernel src fd00:10:244:1::d1c8 metric 1024 pref medium
fe80::/64 dev eth0 proto kernel metric 256 pref medium
default via fe80::1 dev eth0 proto ra metric 100 expires 1795sec hoplimit 64 pref medium
`;
  assert.equal(routes(text, { command: 'ip -6 route' }), [
    ['::1/128', null, 'lo', 1],
    ['2001:db8:10::/64', null, 'eth0', 2],
    ['fd00:10:244:1::/64', 'fd00:10:244:1::d1c8', 'cilium_host', 3],
    ['fe80::/64', null, 'eth0', 4],
    ['::/0', 'fe80::1', 'eth0', 5],
  ]);
});

test('an unreachable IPv6 default among IPv6 routes is ::/0 even without the command', () => {
  const text = '::1 dev lo proto kernel metric 256 pref medium\nfe80::/64 dev eth0 proto kernel metric 256 pref medium\nunreachable default dev lo proto kernel metric 4294967295 error -101 pref medium\n';
  assert.equal(routes(text)[2], ['::/0', null, 'lo', 3]);
});

test('multipath default with nexthop lines; table all local/broadcast routes are left out', () => {
  const text = `default proto static metric 100
\tnexthop via 10.0.0.1 dev eth0 weight 1
\tnexthop via 10.0.1.1 dev eth1 weight 1
local 10.0.0.21 dev eth0 table local proto kernel scope host src 10.0.0.21
broadcast 10.0.0.255 dev eth0 table local proto kernel scope link src 10.0.0.21
`;
  assert.equal(routes(text, { command: 'ip route show table all' }), [
    ['0.0.0.0/0', '10.0.0.1', 'eth0', 2],
    ['0.0.0.0/0', '10.0.1.1', 'eth1', 3],
  ]);
});

test('bad destinations are errors with their line; CRLF, colour and a truncated last line', () => {
  const res = ipRoute.parse(splitLines('10.244.0.0/33 dev cni0 scope link\r\n\x1b[1m10.1.0.0/16\x1b[0m via 300.1.1.1 dev eth0\r\n10.2.0.0/16 via 10.0.0.1 de'), {});
  assert.equal(res.diagnostics.map((d) => [d.level, d.line]), [
    ['error', 1],
    ['error', 2],
  ]);
  assert.equal(res.observations.map((o) => o.line), [3]);
});

test('not routes: ip addr link lines and prose', () => {
  assert.is(ipRoute.detect(splitLines('2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP'), {}), 0);
  assert.is(ipRoute.detect(splitLines('The pod range is 10.244.0.0/16 on every node.'), {}), 0);
});

test("a host interface's kernel route is its node network; CNI devices and routes seen from a pod are not", () => {
  const text = 'default via 172.25.0.1 dev eth1\n10.244.0.0/16 dev weave proto kernel scope link src 10.244.0.1\n172.25.0.0/24 dev eth1 proto kernel scope link src 172.25.0.35\n192.5.179.0/24 dev eth0 proto kernel scope link src 192.5.179.12\n';
  const nets = (command?: string) =>
    ipRoute
      .parse(splitLines(text), command ? { command } : {})
      .observations.flatMap((o) => (o.claim.type === 'network' ? [`${o.claim.cidr}@${o.line}`] : []));
  assert.equal(nets(), ['172.25.0.35/24@3', '192.5.179.12/24@4']);
  assert.equal(nets('kubectl exec -it web -- ip route'), []);
});

test.run();
