/**
 * sysctl output as procps-ng prints it (`key = value`, values with tabs such as
 * tcp_rmem, `sysctl: cannot stat /proc/sys/...` when br_netfilter is not loaded),
 * from `sysctl -a`, `sysctl net.ipv4.ip_forward` and `sysctl --system`, alone and
 * inside runbooks with `ssh node01 ...` commands or `root@node01:~#` prompts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import { sysctl } from './sysctl.js';

const SYSCTL_A = `abi.vsyscall32 = 1
fs.file-max = 9223372036854775807
kernel.pid_max = 4194304
net.bridge.bridge-nf-call-arptables = 1
net.bridge.bridge-nf-call-ip6tables = 1
net.bridge.bridge-nf-call-iptables = 1
net.core.somaxconn = 4096
net.ipv4.conf.all.forwarding = 1
net.ipv4.conf.all.rp_filter = 2
net.ipv4.ip_forward = 1
net.ipv4.ip_local_port_range = 32768\t60999
net.ipv4.tcp_rmem = 4096\t131072\t6291456
net.ipv6.conf.all.disable_ipv6 = 0
net.ipv6.conf.all.forwarding = 1
net.netfilter.nf_conntrack_buckets = 65536
net.netfilter.nf_conntrack_max = 131072
vm.swappiness = 60
sysctl: permission denied on key 'fs.protected_fifos'
`;

const keys = (text: string, ctx = {}): [string, string, string | null, number][] =>
  sysctl.parse(splitLines(text), ctx).observations.flatMap((o) => (o.claim.type === 'sysctl' ? [[o.claim.key, o.claim.value, o.claim.node, o.line]] : []));

test('sysctl -a: only networking keys are kept, with lines; the rest is counted once', () => {
  assert.equal(keys(SYSCTL_A), [
    ['net.bridge.bridge-nf-call-ip6tables', '1', null, 5],
    ['net.bridge.bridge-nf-call-iptables', '1', null, 6],
    ['net.ipv4.conf.all.forwarding', '1', null, 8],
    ['net.ipv4.conf.all.rp_filter', '2', null, 9],
    ['net.ipv4.ip_forward', '1', null, 10],
    ['net.ipv4.ip_local_port_range', '32768 60999', null, 11],
    ['net.ipv6.conf.all.disable_ipv6', '0', null, 13],
    ['net.ipv6.conf.all.forwarding', '1', null, 14],
    ['net.netfilter.nf_conntrack_buckets', '65536', null, 15],
    ['net.netfilter.nf_conntrack_max', '131072', null, 16],
  ]);
  const res = sysctl.parse(splitLines(SYSCTL_A), {});
  assert.equal(res.diagnostics, [{ level: 'skipped', line: null, message: '7 other kernel setting(s) not used by any networking rule' }]);
  assert.ok(sysctl.detect(splitLines(SYSCTL_A), {}) >= 0.8);
});

test('the node comes from ssh in the command', () => {
  assert.equal(keys('net.ipv4.ip_forward = 0\n', { command: 'ssh -i ~/.ssh/lab root@node01 sysctl net.ipv4.ip_forward' }), [['net.ipv4.ip_forward', '0', 'node01', 1]]);
  assert.equal(keys('net.ipv4.ip_forward = 1\n', { command: 'kubectl debug node/worker-2 -it --image=busybox -- sysctl net.ipv4.ip_forward' }), [
    ['net.ipv4.ip_forward', '1', 'worker-2', 1],
  ]);
});

test('prompts inside the paste name each node; CRLF and colour are ignored', () => {
  const text = '\x1b[32mroot@node01\x1b[0m:~# sysctl net.ipv4.ip_forward\r\nnet.ipv4.ip_forward = 1\r\n[root@node02 ~]# sysctl net.ipv4.ip_forward\r\nnet.ipv4.ip_forward = 0\r\n';
  assert.equal(keys(text), [
    ['net.ipv4.ip_forward', '1', 'node01', 2],
    ['net.ipv4.ip_forward', '0', 'node02', 4],
  ]);
});

test('br_netfilter missing: a warning naming the key and the node, no value invented', () => {
  const res = sysctl.parse(
    splitLines('sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\nnet.ipv4.ip_forward = 1\n'),
    { command: 'ssh node03 sysctl net.bridge.bridge-nf-call-iptables net.ipv4.ip_forward' },
  );
  assert.equal(res.diagnostics, [
    { level: 'warning', line: 1, message: 'net.bridge.bridge-nf-call-iptables does not exist on node03: the br_netfilter module is not loaded' },
  ]);
  assert.is(res.observations.length, 1);
  // The error alone is still sysctl output, so the warning is not lost.
  const alone = parseText(splitLines('sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n'), { command: 'ssh node03 sysctl net.bridge.bridge-nf-call-iptables' });
  assert.is(alone?.kind, 'sysctl');
  assert.equal(alone?.diagnostics.map((d) => d.level), ['warning']);
});

test('in a runbook: the prompt host reaches the sysctl reader', () => {
  const md = '# Node checks\n\n```\nroot@node01:~# sysctl net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables\nnet.ipv4.ip_forward = 1\nnet.bridge.bridge-nf-call-iptables = 1\n```\n\n```\ncontrolplane $ ssh node02 sysctl net.ipv4.ip_forward\nnet.ipv4.ip_forward = 1\n```\n';
  const res = parseText(splitLines(md), { path: 'node-checks.md' });
  assert.equal(
    res?.observations.map((o) => [o.kind, o.claim.type === 'sysctl' ? `${o.claim.node}:${o.claim.key}=${o.claim.value}` : '', o.line]),
    [
      ['sysctl', 'node01:net.ipv4.ip_forward=1', 5],
      ['sysctl', 'node01:net.bridge.bridge-nf-call-iptables=1', 6],
      ['sysctl', 'node02:net.ipv4.ip_forward=1', 11],
    ],
  );
});

test('not sysctl: kube-proxy flags and YAML are not mistaken for it', () => {
  assert.is(sysctl.detect(splitLines('--service-cluster-ip-range=10.96.0.0/12'), {}), 0);
  assert.is(sysctl.detect(splitLines('apiVersion: v1\nkind: Pod'), {}), 0);
});

test.run();
