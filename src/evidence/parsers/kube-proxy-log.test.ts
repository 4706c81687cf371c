import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines } from '../text.js';
import { kubeProxyLog } from './kube-proxy-log.js';

const claims = (text: string): unknown[] => kubeProxyLog.parse(splitLines(text), {}).observations.map((o) => [o.claim, o.line]);

test('structured log of kube-proxy 1.31 (the seed), truncated last line', () => {
  const text = `I1231 10:16:50.420139       1 server_linux.go:66] "Using iptables proxy"
I1231 10:16:50.589282       1 server.go:677] "Successfully retrieved node IP(s)" IPs=["192.8.33.8"]
I1231 10:16:50.610996       1 conntrack.go:60] "Setting nf_conntrack_max" nfConntrackMax=1179648
I1231 10:16:50.612501       1 conntrack.go:121] "Set sysctl" entry="net/netfilter/nf_conntrack_tcp_ti`;
  assert.equal(claims(text), [
    [{ type: 'kubeProxyPresent', present: true }, 1],
    [{ type: 'proxyMode', mode: 'iptables' }, 1],
    [{ type: 'kubeProxyNodeIP', ip: '192.8.33.8' }, 2],
    [{ type: 'conntrack', field: 'max', value: 1179648 }, 3],
  ]);
});

test('glog lines of old kube-proxy versions', () => {
  const text = `I0615 08:12:01.100000       1 node.go:172] Successfully retrieved node IP: 172.18.0.2
I0615 08:12:01.123456       1 server_others.go:212] Using ipvs Proxier.
I0615 08:12:01.200000       1 conntrack.go:52] Setting nf_conntrack_max to 131072`;
  const c = claims(text);
  assert.ok(c.some((x) => JSON.stringify(x) === JSON.stringify([{ type: 'proxyMode', mode: 'ipvs' }, 2])));
  assert.ok(c.some((x) => JSON.stringify(x) === JSON.stringify([{ type: 'kubeProxyNodeIP', ip: '172.18.0.2' }, 1])));
  assert.ok(c.some((x) => JSON.stringify(x) === JSON.stringify([{ type: 'conntrack', field: 'max', value: 131072 }, 3])));
});

test('nftables, userspace and dual-stack node IPs', () => {
  const text = `I0301 01:00:00.000000       1 server_linux.go:69] "Using nftables Proxier"
I0301 01:00:00.000001       1 server.go:699] "Successfully retrieved node IP(s)" IPs=["10.0.0.5","fd00::5"]
I0101 00:00:00.000000       1 server_others.go:254] Using userspace Proxier.`;
  const modes = kubeProxyLog.parse(splitLines(text), {}).observations.flatMap((o) => (o.claim.type === 'proxyMode' ? [o.claim.mode] : []));
  assert.equal(modes, ['nftables', 'userspace']);
  const ips = kubeProxyLog.parse(splitLines(text), {}).observations.flatMap((o) => (o.claim.type === 'kubeProxyNodeIP' ? [o.claim.ip] : []));
  assert.equal(ips, ['10.0.0.5', 'fd00::5']);
});

// Newer kube-proxy (server.go:219, NodeManager) logs "Successfully retrieved NodeIPs" NodeIPs=[...];
// a dual-stack node, and the line with CRLF and ANSI colours as a terminal capture has it.
test('newer kube-proxy: "Successfully retrieved NodeIPs" NodeIPs=[...]', () => {
  const text = `I0321 00:17:18.044029       1 shared_informer.go:356] "Caches are synced" controller="node informer cache"\r
\u001b[32mI0321 00:17:18.044141       1 server.go:219] "Successfully retrieved NodeIPs" NodeIPs=["192.168.122.13","fd00:122::13"]\u001b[0m\r
I0321 00:17:18.047208       1 conntrack.go:60] "Setting nf_conntrack_max" nfConntrackMax=131072\r`;
  assert.is(kubeProxyLog.detect(splitLines(text), {}), 1);
  const ips = kubeProxyLog.parse(splitLines(text), {}).observations.flatMap((o) => (o.claim.type === 'kubeProxyNodeIP' ? [[o.claim.ip, o.line]] : []));
  assert.equal(ips, [
    ['192.168.122.13', 2],
    ['fd00:122::13', 2],
  ]);
});

test('a bad node IP is an error with its line', () => {
  const res = kubeProxyLog.parse(splitLines('I1231 10:16:50.589282       1 server.go:677] "Successfully retrieved node IP(s)" IPs=["192.8.33"]'), {});
  assert.is(res.diagnostics[0]?.level, 'error');
  assert.is(res.diagnostics[0]?.line, 1);
});

test('detection: kube-proxy lines, not other klog components', () => {
  assert.is(kubeProxyLog.detect(splitLines('I1231 10:16:50.420139       1 server_linux.go:66] "Using iptables proxy"'), {}), 1);
  assert.is(kubeProxyLog.detect(splitLines('I1231 10:16:50.420139       1 leaderelection.go:250] attempting to acquire leader lease'), {}), 0);
});

test.run();
