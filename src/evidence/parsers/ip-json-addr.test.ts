/**
 * `ip -j addr` as iproute2 6.x prints it (ip/ipaddress.c through lib/json_print.c:
 * one line; `-p` indents it), on a flannel node with lo, eth0 (dual-stack), flannel.1,
 * cni0 and a veth. Keys: ifindex, ifname, flags, mtu, link_index, addr_info[{family,
 * local, prefixlen, scope, label, ...}].
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import { ipJsonAddr } from './ip-json-addr.js';

const ONE_LINE =
  '[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"mtu":65536,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","txqlen":1000,"link_type":"loopback","address":"00:00:00:00:00:00","broadcast":"00:00:00:00:00:00","addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"scope":"host","label":"lo","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"::1","prefixlen":128,"scope":"host","noprefixroute":true,"valid_life_time":4294967295,"preferred_life_time":4294967295}]},' +
  '{"ifindex":2,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"mq","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"52:54:00:12:34:56","broadcast":"ff:ff:ff:ff:ff:ff","altnames":["enp0s3"],"addr_info":[{"family":"inet","local":"192.168.10.11","prefixlen":24,"broadcast":"192.168.10.255","scope":"global","dynamic":true,"noprefixroute":true,"label":"eth0","valid_life_time":85973,"preferred_life_time":85973},{"family":"inet6","local":"2001:db8:10::11","prefixlen":64,"scope":"global","dynamic":true,"mngtmpaddr":true,"noprefixroute":true,"valid_life_time":2591966,"preferred_life_time":604766},{"family":"inet6","local":"fe80::5054:ff:fe12:3456","prefixlen":64,"scope":"link","noprefixroute":true,"valid_life_time":4294967295,"preferred_life_time":4294967295}]},' +
  '{"ifindex":3,"ifname":"flannel.1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1450,"qdisc":"noqueue","operstate":"UNKNOWN","group":"default","link_type":"ether","address":"7a:1b:9c:2d:3e:4f","broadcast":"ff:ff:ff:ff:ff:ff","addr_info":[{"family":"inet","local":"10.244.1.0","prefixlen":32,"scope":"global","label":"flannel.1","valid_life_time":4294967295,"preferred_life_time":4294967295}]},' +
  '{"ifindex":4,"ifname":"cni0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1450,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"8e:4a:01:23:45:67","broadcast":"ff:ff:ff:ff:ff:ff","addr_info":[{"family":"inet","local":"10.244.1.1","prefixlen":24,"broadcast":"10.244.1.255","scope":"global","label":"cni0","valid_life_time":4294967295,"preferred_life_time":4294967295}]},' +
  '{"ifindex":6,"link_index":3,"ifname":"veth3c1f2a9b","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1450,"qdisc":"noqueue","master":"cni0","operstate":"UP","group":"default","link_type":"ether","address":"a2:b3:c4:d5:e6:f7","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"addr_info":[{"family":"inet6","local":"fe80::a0b3:c4ff:fed5:e6f7","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]';

test('one line: every interface with its MTU; the node network only from eth0', () => {
  const res = parseText(splitLines(ONE_LINE), {});
  assert.is(res?.kind, 'ip-json-addr');
  const nets = res?.observations.flatMap((o) => (o.claim.type === 'network' ? [[o.claim.cidr, o.line]] : []));
  assert.equal(nets, [
    ['192.168.10.11/24', 1],
    ['2001:db8:10::11/64', 1],
  ]);
  const ifs = res?.observations.flatMap((o) => (o.claim.type === 'interface' ? [[o.claim.name, o.claim.mtu, o.claim.addresses.length]] : []));
  assert.equal(ifs, [
    ['lo', 65536, 2],
    ['eth0', 1500, 3],
    ['flannel.1', 1450, 1],
    ['cni0', 1450, 1],
    ['veth3c1f2a9b', 1450, 1],
  ]);
});

test('ip -j -p addr (pretty): lines point at each address', () => {
  const pretty = JSON.stringify(JSON.parse(ONE_LINE), null, 4);
  const lines = splitLines(pretty);
  const res = ipJsonAddr.parse(lines, {});
  const nets = res.observations.flatMap((o) => (o.claim.type === 'network' ? [[o.claim.cidr, lines[o.line - 1]?.trim()]] : []));
  assert.equal(nets, [
    ['192.168.10.11/24', '"local": "192.168.10.11",'],
    ['2001:db8:10::11/64', '"local": "2001:db8:10::11",'],
  ]);
});

test('bad addresses are errors with their line; other JSON is not ip output', () => {
  const res = ipJsonAddr.parse(splitLines('[{"ifindex":2,"ifname":"eth0","mtu":1500,\n"addr_info":[{"family":"inet","local":"10.0.0/8","prefixlen":8,"scope":"global"}]}]'), {});
  assert.equal(res.diagnostics.map((d) => [d.level, d.line]), [['error', 2]]);
  assert.match(res.diagnostics[0]?.message ?? '', /four dot-separated/);
  assert.is(ipJsonAddr.detect(splitLines('[{"name":"x"}]'), {}), 0);
  const truncated = ipJsonAddr.parse(splitLines(ONE_LINE.slice(0, 900)), {});
  assert.is(truncated.diagnostics[0]?.level, 'error');
});

test.run();
