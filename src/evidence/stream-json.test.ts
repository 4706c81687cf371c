/**
 * The streaming reader must say exactly what the whole-file reader says, on
 * JSON shaped as kubectl prints it (four-space indent, List of items with kind),
 * as cluster-info dump writes it (typed list, items without kind), minified,
 * with CRLF and a BOM — and must read a 20,000-node list generated here.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { normalise } from '../facts/normalise.js';
import { OBJECT_HANDLERS } from './objects/index.js';
import { k8sObjects } from './parsers/k8s-objects.js';
import { readEvidence } from './read.js';
import { STREAM_THRESHOLD, streamObjects } from './stream-json.js';
import { splitLines } from './text.js';
import type { ParseResult } from './types.js';

function node(i: number): Record<string, unknown> {
  const name = `node-${String(i).padStart(5, '0')}`;
  const a = Math.floor(i / 256);
  const b = i % 256;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock', 'node.alpha.kubernetes.io/ttl': '0' },
      creationTimestamp: '2025-01-07T08:51:02Z',
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(i === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}) },
      managedFields: [{ apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:podCIDR': {}, 'f:podCIDRs': { '.': {}, [`v:"10.${a}.${b}.0/24"`]: {} } } }, manager: 'kube-controller-manager', operation: 'Update' }],
      name,
      resourceVersion: String(1000 + i),
      uid: `3c0b6a3e-6b44-4a43-9a4b-${String(i).padStart(12, '0')}`,
    },
    spec: { podCIDR: `10.${a}.${b}.0/24`, podCIDRs: [`10.${a}.${b}.0/24`, `fd00:10:${a.toString(16)}:${b.toString(16)}::/64`], ...(i === 0 ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}) },
    status: {
      addresses: [
        { address: `172.16.${a}.${b}`, type: 'InternalIP' },
        { address: `fd00:172:16::${i.toString(16)}`, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      capacity: { cpu: '8', memory: '32827532Ki', pods: '110' },
      conditions: [{ lastHeartbeatTime: '2025-01-07T09:41:09Z', message: 'kubelet is posting ready status', reason: 'KubeletReady', status: i % 1000 === 999 ? 'False' : 'True', type: 'Ready' }],
      images: [{ names: ['registry.k8s.io/kube-proxy@sha256:22535649599e9f22b1b857afcbd9a8b36be238b2b3ea68e47f60bedcea48cd3b', 'registry.k8s.io/kube-proxy:v1.31.0'], sizeBytes: 30207900 }],
      nodeInfo: { architecture: 'amd64', kernelVersion: '6.8.0-1015-aws', kubeletVersion: 'v1.31.0', operatingSystem: 'linux', osImage: 'Ubuntu 24.04.1 LTS' },
    },
  };
}

const list = (items: unknown[]): string => JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4);

function stream(text: string | Buffer, readSize = 7): ParseResult {
  const data = typeof text === 'string' ? Buffer.from(text) : text;
  let pos = 0;
  const out: ParseResult = { observations: [], diagnostics: [] };
  // Small reads, so values and newlines straddle chunk boundaries.
  streamObjects((buf) => {
    const n = data.copy(buf, 0, pos, Math.min(pos + readSize, data.length));
    pos += n;
    return n;
  }, OBJECT_HANDLERS, out);
  return out;
}

const comparable = (r: ParseResult): unknown => ({
  observations: r.observations.map((o) => ({ ...o, excerpt: o.excerpt.replace(/,$/, '') })),
  diagnostics: r.diagnostics,
});

test('the stream says what the whole-file reader says: claims, lines, excerpts', () => {
  const text = list([node(0), node(1), node(999)]);
  assert.equal(comparable(stream(text)), comparable(k8sObjects.parse(splitLines(text), {})));
});

test('DaemonSets and a cluster-info dump typed list whose items have no kind, with CRLF and a BOM', () => {
  const ds = {
    kind: 'DaemonSetList',
    apiVersion: 'apps/v1',
    metadata: { resourceVersion: '4821' },
    items: [
      {
        metadata: { name: 'kube-proxy', namespace: 'kube-system', annotations: { 'deprecated.daemonset.template.generation': '1' } },
        spec: { template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ operator: 'Exists' }], containers: [{ name: 'kube-proxy' }] } } },
        status: { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, updatedNumberScheduled: 3, numberAvailable: 3 },
      },
    ],
  };
  const text = JSON.stringify(ds, null, 4);
  const whole = k8sObjects.parse(splitLines(text), {});
  const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'))]);
  assert.equal(comparable(stream(crlf)), comparable(whole));
  assert.is(whole.observations[0]?.claim.type, 'daemonSet');
  assert.is(whole.observations[0]?.line, 10);
});

test('minified JSON: every value on line 1', () => {
  const r = stream(JSON.stringify({ apiVersion: 'v1', items: [node(5)], kind: 'List' }));
  assert.equal(r.observations.map((o) => [o.claim.type, o.line]), [['node', 1]]);
});

test('truncated or broken JSON is an error near its line; a big non-list is refused', () => {
  const text = list([node(0), node(1)]);
  const cut = stream(text.slice(0, Math.floor(text.length * 0.7)));
  assert.is(cut.observations.length, 1);
  assert.equal(cut.diagnostics.map((d) => d.level), ['error']);
  const broken = stream(text.replace('"spec": {', '"spec": {{'));
  assert.equal(broken.diagnostics.map((d) => d.level), ['error']);
  assert.ok((broken.diagnostics[0]?.line ?? 0) > 20);
  const single = stream(JSON.stringify(node(3), null, 4));
  assert.equal(single.diagnostics.map((d) => d.level), ['error']);
  assert.match(single.diagnostics[0]!.message, /expected an object with "items"/);
});

test('JSON errors between items, at the root and after it are each reported on their line', () => {
  const errors = (t: string): [string, number | null][] =>
    stream(t).diagnostics.filter((d) => d.level === 'error').map((d) => [d.message.replace(/^not valid JSON: /, '').replace(/ \(read as a stream.*$/, ''), d.line]);
  const n = '{"kind": "Node", "apiVersion": "v1", "metadata": {"name": "n1"}}';
  const doc = (items: string, tail = '"kind": "List"'): string => `{\n  "apiVersion": "v1",\n  "items": [\n${items}\n  ],\n  ${tail}\n}\n`;
  assert.equal(errors(doc(`${n},\n${n}`)), []);
  assert.equal(errors(doc(`${n}\n${n}`)), [['expected , between items', 5]]);
  assert.equal(errors(doc(`${n},\n${n},`)), [['a , after the last item (JSON allows no trailing comma)', 6]]);
  assert.equal(errors(doc(`${n},\n,${n}`)), [['unexpected , in items', 5]]);
  assert.equal(errors(doc(`${n},\n${n.replace('"n1"', '"n1" "x"')}`)), [['expected , or } in an object, found "\\""', 5]]);
  assert.equal(errors(doc(n, '"kind": List')), [['expected a value, found "L"', 6]]);
  assert.equal(errors(`${doc(n)}{}`), [['unexpected { after the end of the document', 8]]);
  assert.equal(errors('[{"kind": "Node"}]'), [['expected a JSON object (a List with items), found an array', 1]]);
  assert.equal(errors(doc(n.replace('"n1"', '"n\\u0001"'))), []);
  assert.equal(errors(doc(n.replace('"n1"', '"n\u0001"'))), [['a control character (such as a raw newline or tab) inside a string', 4]]);
  // Brackets, braces and escaped quotes inside strings are text.
  const tricky = '{"kind": "Node", "apiVersion": "v1", "metadata": {"name": "n]}\\"{[", "labels": {"a": "}"}}}';
  const r = stream(doc(tricky), 3);
  assert.equal(r.diagnostics, []);
  assert.equal(r.observations.map((o) => o.claim.type === 'node' && o.claim.name), ['n]}"{[']);
});

test('property: the stream finds a text invalid exactly when JSON.parse does, and otherwise says what the whole-file reader says', () => {
  const base = list([node(0), node(1), node(2)]);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('', ',', '{', '}', '[', ']', '"', ':', '\\', ' ', '\n', '\r\n', 'x', '0', 'é')), { maxLength: 3 }),
      fc.integer({ min: 1, max: 5000 }),
      (edits, readSize) => {
        const text = edits.reduce((t, [at, len, ins]) => {
          const i = at % (t.length + 1);
          return t.slice(0, i) + ins + t.slice(i + len);
        }, base);
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const r = stream(text, readSize);
        const invalid = r.diagnostics.some((d) => d.message.startsWith('not valid JSON'));
        assert.is(invalid, !valid, text);
        if (valid && text.trimStart().startsWith('{') && JSON.stringify(JSON.parse(text)) === JSON.stringify(JSON.parse(base))) {
          assert.equal(comparable(r), comparable(k8sObjects.parse(splitLines(text), {})));
        }
      },
    ),
    { numRuns: 300, seed: 4242 },
  );
});

test('objects one after another (`jq -c .items[]`, `jq .items[]`) are read as a sequence, each value with its own lines', () => {
  const nodes = [node(0), node(1), node(2)];
  const compact = nodes.map((n) => JSON.stringify(n)).join('\n');
  const pretty = nodes.map((n) => JSON.stringify(n, null, 2)).join('\n');
  for (const [text, lines] of [
    [compact, [1, 2, 3]],
    [pretty, [1, 2, 3].map((k) => pretty.split('\n').findIndex((l) => l.includes(`"name": "node-0000${k - 1}"`)) + 1)],
  ] as const) {
    const r = k8sObjects.parse(splitLines(text), {});
    assert.equal(r.diagnostics, []);
    assert.equal(r.observations.filter((o) => o.claim.type === 'node').map((o) => o.line), [...lines]);
  }
  const broken = k8sObjects.parse(splitLines(`${compact}\n{"kind": "Node", oops}\n`), {});
  assert.equal(broken.diagnostics.map((d) => [d.level, d.line, d.message]), [['error', 4, 'not valid JSON: expected a key in double quotes, found "o"']]);
  // Too big to read whole: said so, with what to give instead.
  const big = stream(`${JSON.stringify(node(0))}\n${JSON.stringify(node(1))}\n`);
  assert.match(big.diagnostics[0]!.message, /objects one after another .* give the list itself/);
});

test('a generated 20,000-node `kubectl get nodes -o json` is streamed into facts', () => {
  const n = 20000;
  const dir = mkdtempSync(join(tmpdir(), 'kn-stream-'));
  try {
    const file = join(dir, 'nodes.json');
    // Written item by item, as kubectl prints it; the line of node-12345's name is counted on the way.
    const fd = openSync(file, 'w');
    let lines = 3;
    let probeLine = 0;
    writeSync(fd, '{\n    "apiVersion": "v1",\n    "items": [\n');
    for (let i = 0; i < n; i++) {
      const part = JSON.stringify(node(i), null, 4).replace(/^/gm, '        ');
      if (i === 12345) probeLine = lines + 1 + part.split('\n').findIndex((l) => l.includes('"name": "node-12345"'));
      writeSync(fd, `${part}${i < n - 1 ? ',' : ''}\n`);
      lines += part.split('\n').length;
    }
    writeSync(fd, '    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n');
    closeSync(fd);
    assert.ok(statSync(file).size > STREAM_THRESHOLD, 'the list is over the streaming threshold');
    const ev = readEvidence([file]);
    assert.equal(ev.files, [{ file, kind: 'k8s-objects', observations: n }]);
    assert.equal(ev.diagnostics, []);
    const facts = normalise(ev.observations);
    assert.is(facts.nodes.length, n);
    const probe = facts.nodes[12345]!;
    assert.is(probe.name, 'node-12345');
    assert.equal(probe.internalIPs, ['172.16.48.57', 'fd00:172:16::3039']);
    assert.equal(probe.podCIDRs.map((p) => p.cidr), ['10.48.57.0/24', 'fd00:10:30:39::/64']);
    assert.is(probe.cpu, 8);
    assert.equal(facts.nodes.filter((x) => x.ready === false).length, 20);
    assert.equal(facts.nodes[0]!.taints, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    const obs = facts.observations.find((o) => o.pointer === '/nodes/12345')!;
    // The file's own line, as every other reader quotes it.
    assert.equal([obs.source.line, obs.source.excerpt], [probeLine, '"name": "node-12345",']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
