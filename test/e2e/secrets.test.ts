/**
 * Secrets that pass through evidence — kubeadm bootstrap tokens and certificate
 * keys, a Secret's data in a cluster dump, a kubeconfig's client key — never
 * appear in any output: every report format, the facts document, --explain,
 * --verbose, diff and plan are grepped for them.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FORMAT_NAMES as FORMATS } from '../../src/report/formats.js';
import { repo, runCli } from '../helpers.js';

const TOKEN = '9a08jv.c0izixklcxtmnze7';
const CERT_KEY = '3a7f5c2e9b1d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a';
const SECRET_VALUE = 'czNjcjN0LXBhc3N3b3Jk'; // base64 of "s3cr3t-password"
const SECRET_PLAIN = 's3cr3t-password';
const JOIN_TOKEN = 'abcdef.0123456789abcdef';
const WEAVE_PASSWORD = 'weave-pa55w0rd-do-not-leak';

const NEEDLES = [TOKEN, CERT_KEY, SECRET_VALUE, SECRET_PLAIN, JOIN_TOKEN, WEAVE_PASSWORD];

function evidence(): string {
  const dir = mkdtempSync(join(tmpdir(), 'knc-secrets-'));
  cpSync(repo('examples', 'kubeadm-cluster'), dir, { recursive: true });
  // A Secret in a cluster dump, a join configuration, weave's password, a flag line with a token.
  mkdirSync(join(dir, 'dump', 'kube-system'), { recursive: true });
  writeFileSync(
    join(dir, 'dump', 'kube-system', 'secrets.json'),
    JSON.stringify({ kind: 'SecretList', apiVersion: 'v1', items: [{ metadata: { name: 'weave-passwd', namespace: 'kube-system' }, type: 'Opaque', data: { 'weave-passwd': SECRET_VALUE } }] }, null, 2),
  );
  writeFileSync(
    join(dir, 'join.yaml'),
    `apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ndiscovery:\n  bootstrapToken:\n    apiServerEndpoint: 192.8.33.6:6443\n    token: ${JOIN_TOKEN}\n    caCertHashes:\n    - sha256:${CERT_KEY}\n`,
  );
  writeFileSync(
    join(dir, 'weave-ds.yaml'),
    `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: weave-net\n  namespace: kube-system\nspec:\n  selector:\n    matchLabels:\n      name: weave-net\n  template:\n    metadata:\n      labels:\n        name: weave-net\n    spec:\n      containers:\n      - name: weave\n        env:\n        - name: WEAVE_PASSWORD\n          value: ${WEAVE_PASSWORD}\n        - name: IPALLOC_RANGE\n          value: 10.244.0.0/16\n`,
  );
  writeFileSync(join(dir, 'ps.txt'), `root 1201 kube-apiserver --service-cluster-ip-range=10.96.0.0/12 --token-auth-file=/etc/tokens.csv --service-account-key-file=/etc/kubernetes/pki/sa.pub\n# join: kubeadm join 192.8.33.6:6443 --token ${JOIN_TOKEN} --certificate-key ${CERT_KEY}\n`);
  return dir;
}

function assertClean(what: string, text: string): void {
  for (const n of NEEDLES) assert.not.ok(text.includes(n), `${what} contains a secret (${n.slice(0, 6)}…)`);
}

test('every report format, to files in one run', () => {
  const dir = evidence();
  const out = mkdtempSync(join(tmpdir(), 'knc-secrets-out-'));
  const args = ['check', dir, '-v', '--allow-unknown', '--fail-on', 'never'];
  for (const f of FORMATS) args.push('-o', `${f}=${join(out, `report.${f}`)}`);
  const r = runCli(args);
  assert.is(r.code, 0, r.stderr);
  assertClean('stdout', r.stdout);
  assertClean('stderr', r.stderr);
  const files = readdirSync(out);
  assert.is(files.length, FORMATS.length);
  for (const f of files) assertClean(f, readFileSync(join(out, f), 'utf8'));
});

test('text output with --verbose, facts, facts --explain', () => {
  const dir = evidence();
  for (const args of [['check', dir, '-v'], ['facts', dir], ['facts', dir, '--explain'], ['facts', dir, '--compact']]) {
    const r = runCli(args);
    assert.ok(r.code === 0 || r.code === 1, `${args.join(' ')}: ${r.stderr}`);
    assertClean(args.join(' '), r.stdout + r.stderr);
  }
});

test('diff and plan', () => {
  const dir = evidence();
  for (const args of [['diff', dir, 'examples/lab-complete', '-o', 'markdown'], ['plan', dir, '--nodes', '10', '-o', 'json']]) {
    const r = runCli(args);
    assertClean(args[0] ?? '', r.stdout + r.stderr);
  }
});

test('the secrets really are in the evidence (the test would catch a leak)', () => {
  const dir = evidence();
  const all = [readFileSync(join(dir, 'kubeadm-config.yaml'), 'utf8'), readFileSync(join(dir, 'join.yaml'), 'utf8'), readFileSync(join(dir, 'weave-ds.yaml'), 'utf8'), readFileSync(join(dir, 'ps.txt'), 'utf8'), readFileSync(join(dir, 'dump', 'kube-system', 'secrets.json'), 'utf8')].join('\n');
  for (const n of [TOKEN, CERT_KEY, SECRET_VALUE, JOIN_TOKEN, WEAVE_PASSWORD]) assert.ok(all.includes(n), n);
});

test.run();
