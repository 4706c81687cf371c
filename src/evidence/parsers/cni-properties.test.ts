/**
 * Property-based: the CNI and node-output readers never throw on arbitrary or
 * mutated evidence, every line they name exists, and whatever they read
 * normalises into a document that validates against the schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../../test/helpers.js';
import { normalise } from '../../facts/normalise.js';
import { validateFacts } from '../../schema/validate.js';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { Parser } from '../types.js';
import { calicoEnv } from './calico-env.js';
import { ciliumValues } from './cilium-values.js';
import { cniConf } from './cni-conf.js';
import { flannelNetConf } from './flannel-net-conf.js';
import { ipJsonAddr } from './ip-json-addr.js';
import { ipRoute } from './ip-route.js';
import { k8sObjects } from './k8s-objects.js';
import { sysctl } from './sysctl.js';

const samples = ['calico-cluster', 'cilium-kpr'].flatMap((dir) =>
  readdirSync(repo('examples', dir))
    .filter((f) => f !== 'README.md')
    .map((f) => readFileSync(repo('examples', dir, f), 'utf8')),
);
samples.push(
  '{\n  "Network": "10.244.0.0/16",\n  "IPv6Network": "fd00::/56",\n  "EnableIPv6": true,\n  "Backend": {\n    "Type": "vxlan"\n  }\n}\n',
  '{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {"type": "calico", "mtu": __CNI_MTU__, "ipam": {"type": "host-local", "ranges": [[{"subnet": "usePodCidr"}]]}},\n    {"type": "portmap"}\n  ]\n}\n',
  '            # - name: CALICO_IPV4POOL_CIDR\n            #   value: "192.168.0.0/16"\n            - name: CALICO_IPV4POOL_IPIP\n              value: "Always"\n',
  'net.ipv4.ip_forward = 1\nsysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n',
);

const READERS: readonly Parser[] = [k8sObjects, cniConf, flannelNetConf, ciliumValues, calicoEnv, ipJsonAddr, ipRoute, sysctl];

const mutated = fc
  .tuple(fc.constantFrom(...samples), fc.nat(), fc.nat({ max: 60 }), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('\r\n', '#', '"', '{', ']', ': ', '\x1b[31m', '/33', '::', '\uFEFF', '\t')))
  .map(([text, at, len, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + len);
  });
const truncated = fc.tuple(fc.constantFrom(...samples), fc.nat()).map(([text, n]) => text.slice(0, n % (text.length + 1)));

test('CNI and node readers: mutated and truncated evidence never throws, lines are in range', () => {
  fc.assert(
    fc.property(fc.oneof(mutated, truncated, fc.string({ maxLength: 300 })), (text) => {
      const lines = splitLines(text);
      for (const p of READERS) {
        p.detect(lines, {});
        const res = p.parse(lines, { command: 'ssh node01 cat x' });
        for (const o of res.observations) assert.ok(o.line >= 1 && o.line <= Math.max(lines.length, 1), `${p.kind} line ${o.line} of ${lines.length}`);
        for (const d of res.diagnostics) assert.ok(d.line === null || (d.line >= 1 && d.line <= Math.max(lines.length, 1)), `${p.kind} diagnostic line ${d.line}`);
      }
    }),
    { numRuns: 250 },
  );
});

test('whatever they read normalises into a document that validates', () => {
  fc.assert(
    fc.property(fc.oneof(mutated, truncated), (text) => {
      const res = parseText(splitLines(text), { path: 'x' });
      if (!res) return;
      const facts = normalise(
        res.observations.map((o) => ({ claim: o.claim, inferred: o.inferred === true, source: { kind: o.kind ?? res.kind, file: 'x', line: o.line, excerpt: o.excerpt } })),
      );
      validateFacts(facts);
    }),
    { numRuns: 250 },
  );
});

test.run();
