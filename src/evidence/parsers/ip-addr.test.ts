import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines } from '../text.js';
import { ipAddr } from './ip-addr.js';

// A whole `ip a` of a kubeadm node with weave, docker and kube-ipvs0, as iproute2 prints it.
const FULL = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
    inet6 ::1/128 scope host
       valid_lft forever preferred_lft forever
2: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default
    link/ether 02:42:4a:1b:2c:3d brd ff:ff:ff:ff:ff:ff
    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
       valid_lft forever preferred_lft forever
3: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default
    link/ether 5a:3e:1c:2b:9d:0e brd ff:ff:ff:ff:ff:ff
    inet 10.96.0.1/32 scope global kube-ipvs0
       valid_lft forever preferred_lft forever
    inet 10.96.0.10/32 scope global kube-ipvs0
       valid_lft forever preferred_lft forever
4: datapath: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1376 qdisc noqueue state UNKNOWN group default qlen 1000
    link/ether 6e:0b:9d:c4:55:12 brd ff:ff:ff:ff:ff:ff
6: weave: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1376 qdisc noqueue state UP group default qlen 1000
    link/ether 8a:2b:3e:77:01:aa brd ff:ff:ff:ff:ff:ff
    inet 10.244.0.1/16 brd 10.244.255.255 scope global weave
       valid_lft forever preferred_lft forever
9: vethwe-bridge@vethwe-datapath: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1376 qdisc noqueue master weave state UP group default
    link/ether 1a:2b:3c:4d:5e:6f brd ff:ff:ff:ff:ff:ff
5122: eth0@if5123: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default
    link/ether 02:42:c0:08:21:06 brd ff:ff:ff:ff:ff:ff link-netnsid 0
    inet 192.8.33.6/24 brd 192.8.33.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet6 2001:db8:33::6/64 scope global
       valid_lft forever preferred_lft forever
    inet6 fe80::42:c0ff:fe08:2106/64 scope link
       valid_lft forever preferred_lft forever
`;

const nodeNetworks = (text: string): string[] =>
  ipAddr
    .parse(splitLines(text), {})
    .observations.flatMap((o) => (o.claim.type === 'network' ? [`${o.claim.cidr}@${o.line}`] : []));

test('only host interfaces give the node network; docker0, kube-ipvs0, weave do not', () => {
  assert.equal(nodeNetworks(FULL), ['192.8.33.6/24@27', '2001:db8:33::6/64@29']);
});

test('every interface is kept with its MTU', () => {
  const ifs = ipAddr.parse(splitLines(FULL), {}).observations.flatMap((o) => (o.claim.type === 'interface' ? [[o.claim.name, o.claim.mtu]] : []));
  assert.equal(ifs, [
    ['lo', 65536],
    ['docker0', 1500],
    ['kube-ipvs0', 1500],
    ['datapath', 1376],
    ['weave', 1376],
    ['vethwe-bridge', 1376],
    ['eth0', 1450],
  ]);
});

test('detects full output with confidence', () => {
  assert.ok(ipAddr.detect(splitLines(FULL), {}) >= 0.9);
  assert.is(ipAddr.detect(splitLines('NAME  DESIRED\nfoo 1'), {}), 0);
});

test('grep-filtered output (the seed) with CRLF and colours', () => {
  const text =
    '\x1b[1m5122: eth0@if5123:\x1b[0m <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default \r\n' +
    '    inet \x1b[35m192.8.33.6\x1b[0m/24 brd 192.8.33.255 scope global eth0\r\n';
  assert.equal(nodeNetworks(text), ['192.8.33.6/24@2']);
});

test('`ip a | grep inet` without link lines takes the label at the end', () => {
  const text = '    inet 127.0.0.1/8 scope host lo\n    inet 10.0.2.15/24 brd 10.0.2.255 scope global dynamic enp0s3\n    inet 10.244.1.1/24 brd 10.244.1.255 scope global cni0';
  assert.equal(nodeNetworks(text), ['10.0.2.15/24@2']);
});

test('an invalid address is an error with its line, not a value', () => {
  const res = ipAddr.parse(splitLines('2: eth0: <UP> mtu 1500\n    inet 300.1.1.1/24 scope global eth0'), {});
  assert.is(res.diagnostics.length, 1);
  assert.is(res.diagnostics[0]?.level, 'error');
  assert.is(res.diagnostics[0]?.line, 2);
  assert.match(res.diagnostics[0]?.message ?? '', /300 is greater than 255/);
});

test('a truncated last line does not crash', () => {
  const res = ipAddr.parse(splitLines('2: eth0: <UP> mtu 1500 qdisc\n    inet 192.168.1.5/2'), {});
  assert.equal(res.observations.filter((o) => o.claim.type === 'network').length, 1);
});

test('ip a run inside a pod (kubectl exec) gives its interfaces but no node network', () => {
  const pod = '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n    inet 127.0.0.1/8 scope host lo\n12: eth0@if13: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP\n    inet 10.0.0.178/32 scope global eth0\n';
  const res = ipAddr.parse(splitLines(pod), { command: 'k exec -it wluo-jc8bd -- ip a' });
  assert.equal(res.observations.filter((o) => o.claim.type === 'network'), []);
  assert.is(res.observations.filter((o) => o.claim.type === 'interface').length, 2);
  assert.is(ipAddr.parse(splitLines(pod), {}).observations.filter((o) => o.claim.type === 'network').length, 1);
});

test.run();
