import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines } from '../text.js';
import { weaveLog } from './weave-log.js';

const LOG = `DEBU: 2024/12/31 10:16:52.609211 [kube-peers] Checking peer "aa:ea:81:48:84:39" against list &{[]}
INFO: 2024/12/31 10:16:52.609239 Command line options: map[conn-limit:200 datapath:datapath db-prefix:/weavedb/weave-net docker-api: expect-npc:true http-addr:127.0.0.1:6784 ipalloc-init:consensus=1 ipalloc-range:10.244.0.0/16 metrics-addr:0.0.0.0:6782 name:aa:ea:81:48:84:39 nickname:node01 no-dns:true no-masq-local:true port:6783]
INFO: 2024/12/31 10:16:52.609286 weave  2.8.1
INFO: 2024/12/31 10:16:52.898341 Bridge type is bridged_fastdp
`;

test('ipalloc-range is the pod range, with its line', () => {
  const res = weaveLog.parse(splitLines(LOG), {});
  const nets = res.observations.filter((o) => o.claim.type === 'network');
  assert.equal(nets.map((o) => [o.claim, o.line, o.inferred ?? false]), [[{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, 2, false]]);
  assert.ok(res.observations.some((o) => o.claim.type === 'cni' && o.claim.name === 'weave-net'));
});

test('without ipalloc-range, weave default 10.32.0.0/12 is inferred, not stated', () => {
  const res = weaveLog.parse(splitLines('INFO: 2024/12/31 10:16:52.609239 Command line options: map[conn-limit:200 datapath:datapath port:6783]'), {});
  const net = res.observations.find((o) => o.claim.type === 'network');
  assert.ok(net);
  assert.equal(net?.claim, { type: 'network', role: 'pod', cidr: '10.32.0.0/12' });
  assert.is(net?.inferred, true);
});

test('a bad range is an error with its line', () => {
  const res = weaveLog.parse(splitLines('INFO: 2024/12/31 10:16:52.609239 Command line options: map[ipalloc-range:10.244.0/16 port:6783]'), {});
  assert.is(res.diagnostics[0]?.level, 'error');
  assert.is(res.diagnostics[0]?.line, 1);
});

test('IPv6 and truncated option lists', () => {
  const res = weaveLog.parse(splitLines('INFO: 2024/12/31 10:16:52.609239 Command line options: map[ipalloc-range:fd00:10:244::/56 nickname:n1'), {});
  assert.ok(res.observations.some((o) => o.claim.type === 'network' && o.claim.cidr === 'fd00:10:244::/56'));
});

test('detection', () => {
  assert.is(weaveLog.detect(splitLines(LOG), {}), 1);
  assert.is(weaveLog.detect(splitLines('I1231 10:16:50.420139 1 server.go:1] "x"'), {}), 0);
});

test.run();
