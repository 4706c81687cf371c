/**
 * The reader on partial evidence: each input read on its own, what cannot be
 * read withheld with a diagnostic at its place, notes that leave the rest of a
 * file standing, and the text encodings Windows tools write.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../test/helpers.js';
import { readEvidence } from './read.js';

const LOG = 'I1231 10:16:50.420139       1 server_linux.go:66] "Using ipvs Proxier"\n';
const folder = (): string => mkdtempSync(join(tmpdir(), 'knc-read-'));

test('a file that does not parse gives no facts and an error at its line and column; the others are read', () => {
  const dir = folder();
  writeFileSync(join(dir, 'kube-proxy.log'), LOG);
  writeFileSync(join(dir, 'nodes.yaml'), 'apiVersion: v1\nkind: List\nitems:\n- kind: Node\n  metadata:\n    name: node01\n  name: node02\n  name: node03\n');
  const ev = readEvidence([dir]);
  assert.equal(new Set(ev.observations.map((o) => o.source.file)), new Set([join(dir, 'kube-proxy.log')]));
  assert.equal(
    ev.diagnostics.filter((d) => d.level === 'error'),
    [{ level: 'error', file: join(dir, 'nodes.yaml'), line: 8, column: 3, message: 'not valid YAML or JSON: Map keys must be unique', withheld: true }],
  );
  assert.equal(ev.files.find((f) => f.file.endsWith('nodes.yaml')), { file: join(dir, 'nodes.yaml'), kind: 'k8s-objects', observations: 0, withheld: true });
});

test('a value that parses but is invalid withholds its file and names the value', () => {
  const dir = folder();
  writeFileSync(join(dir, 'flags.txt'), '    - --service-cluster-ip-range=10.96.0.0/12\n    - --cluster-cidr=300.1.1.1/16\n');
  const ev = readEvidence([dir]);
  assert.is(ev.observations.length, 0);
  assert.equal(ev.diagnostics.map((d) => [d.level, d.line, d.message, d.withheld]), [['error', 2, '--cluster-cidr: "300.1.1.1/16" is not an IPv4 address: 300 is greater than 255', true]]);
});

test('merge-conflict markers: an error naming the lines, both versions skipped, the rest read', () => {
  const dir = folder();
  writeFileSync(join(dir, 'flags.txt'), '<<<<<<< HEAD\n    - --cluster-cidr=10.244.0.0/16\n=======\n    - --cluster-cidr=10.100.0.0/16\n>>>>>>> resize\n    - --service-cluster-ip-range=10.96.0.0/12\n');
  const ev = readEvidence([dir]);
  assert.equal(ev.observations.map((o) => [o.source.line, o.claim.type === 'network' ? o.claim.cidr : '']), [[6, '10.96.0.0/12']]);
  assert.equal(ev.diagnostics, [
    {
      level: 'error',
      file: join(dir, 'flags.txt'),
      line: 1,
      column: 1,
      message: 'git merge-conflict markers (<<<<<<< at line 1, >>>>>>> at line 5): both versions skipped, the rest of the file is read',
      expected: 'a file with its merge resolved',
    },
  ]);
});

test('template placeholders are named as templates, a note, and the rest of the file is read', () => {
  for (const placeholder of ['${PROXY_MODE}', '"{{ .Values.kubeProxy.mode }}"', '__KUBE_PROXY_MODE__']) {
    const dir = folder();
    writeFileSync(join(dir, 'kube-proxy.yaml'), `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ${placeholder}\nclusterCIDR: 10.244.0.0/16\n`);
    const ev = readEvidence([dir]);
    assert.ok(ev.observations.some((o) => o.claim.type === 'kubeProxyClusterCIDR'), placeholder);
    const notes = ev.diagnostics.filter((d) => d.level !== 'skipped');
    assert.is(notes.length, 1, placeholder);
    assert.is(notes[0]?.level, 'warning');
    assert.is(notes[0]?.line, 3);
    assert.match(notes[0]?.message ?? '', /is a template placeholder, not a value: skipped \(KubeProxyConfiguration mode .*\); render the template/);
  }
});

test('UTF-16 text is decoded: with either byte-order mark, and little-endian without one', () => {
  const dir = folder();
  const le = Buffer.from(LOG, 'utf16le');
  const be = Buffer.from(le);
  be.swap16();
  writeFileSync(join(dir, 'le-bom.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
  writeFileSync(join(dir, 'be-bom.log'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
  writeFileSync(join(dir, 'le.log'), le);
  const ev = readEvidence([dir]);
  assert.equal(ev.diagnostics, []);
  assert.equal(ev.observations.filter((o) => o.claim.type === 'proxyMode').map((o) => [o.source.file.slice(dir.length + 1), o.source.excerpt]), [
    ['be-bom.log', LOG.trim()],
    ['le-bom.log', LOG.trim()],
    ['le.log', LOG.trim()],
  ]);
});

test('binary data is still not evidence, and says what text is expected', () => {
  const dir = folder();
  writeFileSync(join(dir, 'core'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]));
  writeFileSync(join(dir, 'kube-proxy.log'), LOG);
  const ev = readEvidence([dir]);
  assert.equal(ev.diagnostics.map((d) => [d.level, d.message]), [['skipped', 'not evidence: binary data (NUL bytes): expected text (UTF-8, or UTF-16 with its byte-order mark)']]);
});

test('hidden entries are skipped and counted, not read; named directly they are read', () => {
  const dir = folder();
  writeFileSync(join(dir, '.proxy.log'), LOG);
  mkdirSync(join(dir, '.git'));
  writeFileSync(join(dir, '.git', 'config'), '[core]\n');
  const ev = readEvidence([dir]);
  assert.equal(ev.observations, []);
  assert.equal(
    ev.diagnostics.map((d) => [d.level, d.file.slice(dir.length), d.message]),
    [
      ['error', '', 'no evidence in this folder (2 hidden files or folders not read (.git, .proxy.log: name a hidden file to read it); --verbose lists them)'],
      ['skipped', '/.git', 'hidden (the name starts with a dot): not read inside a folder; name it to read it'],
      ['skipped', '/.proxy.log', 'hidden (the name starts with a dot): not read inside a folder; name it to read it'],
    ],
  );
  assert.ok(readEvidence([join(dir, '.proxy.log')]).observations.some((o) => o.claim.type === 'proxyMode'));
});

test('a folder of nothing readable says what it held and why nothing was read', () => {
  const dir = folder();
  writeFileSync(join(dir, 'a.log'), 'x'.repeat(100));
  writeFileSync(join(dir, 'notes.txt'), 'eggs\n');
  const ev = readEvidence([dir], { maxFileBytes: 50 });
  assert.is(ev.diagnostics[0]?.message, 'no evidence in this folder (1 file read, none of a known kind; 1 file over the limit of 50 bytes (--max-file-size); --verbose lists them)');
  assert.is(readEvidence([folder()]).diagnostics[0]?.message, 'no evidence in this folder (it holds no files)');
});

test('a named file that is not evidence is an error beside the evidence that is read', () => {
  const dir = folder();
  writeFileSync(join(dir, 'notes.txt'), 'eggs\n');
  const ev = readEvidence([repo('examples', 'lab-seed.md'), join(dir, 'notes.txt'), '-'], { stdin: () => Buffer.alloc(0) });
  assert.ok(ev.observations.length > 0);
  assert.equal(
    ev.diagnostics.filter((d) => d.level === 'error').map((d) => [d.file.replace(dir, 'DIR'), d.message]),
    [
      ['DIR/notes.txt', 'not evidence of any known kind: expected command output (ip addr, kubectl get ds/nodes), a kube-proxy or weave-net log, kube-apiserver flags, or a markdown runbook'],
      ['-', 'empty file: expected command output, a log, a manifest or a runbook'],
    ],
  );
});

test('a path that does not exist is still a usage error', () => {
  assert.throws(() => readEvidence([join(folder(), 'nope')]), /cannot read: no such file or folder/);
});

test.run();
