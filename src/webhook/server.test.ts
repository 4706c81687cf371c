/**
 * The webhook over real HTTPS on 127.0.0.1: AdmissionReview admission.k8s.io/v1
 * bodies shaped as the API server sends them (k8s.io/api/admission/v1 types.go),
 * judged by the full pipeline against the cluster facts the server was started with.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { request, type RequestOptions } from 'node:https';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OBJECT_HANDLERS } from '../evidence/objects/index.js';
import type { KubeObject } from '../evidence/objects/types.js';
import { repo } from '../../test/helpers.js';
import type { Logger } from './log.js';
import { Reviewer } from './reviewer.js';
import { ThreadJudge } from './worker.js';
import { startWebhook, type Webhook } from './server.js';

const TD = repo('src', 'webhook', 'testdata');
const CA_A = readFileSync(join(TD, 'tls-a.crt'));
const CA_B = readFileSync(join(TD, 'tls-b.crt'));
const KUBE_PROXY = JSON.parse(readFileSync(join(TD, 'kube-proxy-configmap.json'), 'utf8')) as KubeObject & { data: Record<string, string> };

interface Logged {
  level: string;
  msg: string;
  [k: string]: unknown;
}

function memoryLogger(): Logger & { lines: Logged[] } {
  const lines: Logged[] = [];
  return { lines, log: (level, msg, fields = {}) => lines.push({ level, msg, ...fields }) };
}

async function start(facts: string[], extra: Partial<Parameters<typeof startWebhook>[0]> = {}): Promise<Webhook & { logs: Logged[] }> {
  const log = memoryLogger();
  const wh = await startWebhook({
    host: '127.0.0.1',
    port: 0,
    certFile: join(TD, 'tls-a.crt'),
    keyFile: join(TD, 'tls-a.key'),
    load: () => Reviewer.fromEvidence(facts.map((f) => repo(f))),
    log,
    ...extra,
  });
  await wh.loaded;
  return Object.assign(wh, { logs: log.lines });
}

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
  json: () => { response: { uid: string; allowed: boolean; status?: { code: number; reason?: string; message: string }; warnings?: string[] }; apiVersion: string; kind: string; message?: string; code?: number };
}

function call(port: number, path: string, body?: string | Buffer, opts: RequestOptions & { chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'Content-Type': 'application/json' };
    if (body !== undefined && !opts.chunked) headers['Content-Length'] = Buffer.byteLength(body);
    const req = request({ host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', ca: CA_A, headers, agent: false, ...opts }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** An AdmissionReview request as the API server sends it for a ConfigMap update. */
function review(object: KubeObject, over: Record<string, unknown> = {}): Record<string, unknown> {
  const meta = object.metadata as { name: string; namespace: string };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: randomUUID(),
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      requestKind: { group: '', version: 'v1', kind: 'ConfigMap' },
      requestResource: { group: '', version: 'v1', resource: 'configmaps' },
      name: meta.name,
      namespace: meta.namespace,
      operation: 'UPDATE',
      userInfo: { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] },
      object,
      oldObject: object,
      dryRun: false,
      options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' },
      ...over,
    },
  };
}

function withProxyMode(mode: string): KubeObject {
  const cm = structuredClone(KUBE_PROXY);
  cm.data['config.conf'] = cm.data['config.conf']!.replace(/^mode: iptables$/m, `mode: ${mode}`);
  return cm;
}

const post = (wh: Webhook, body: unknown): Promise<Answer> => call(wh.port, '/validate', JSON.stringify(body));

/** Whether a handler for ConfigMaps like this one is on this branch (branch evidence-k8s writes it). */
const readsKubeProxyConfigMap = OBJECT_HANDLERS.some((h) => h.matches(KUBE_PROXY));
const WAITS = 'needs the kube-proxy ConfigMap handler (branch evidence-k8s) on main';
const htest = readsKubeProxyConfigMap ? test : test.skip;
if (!readsKubeProxyConfigMap) process.stderr.write(`skipped: webhook denial tests: ${WAITS}\n`);

test('health, readiness and metrics once loaded', async () => {
  const wh = await start(['examples/lab-complete']);
  try {
    assert.is((await call(wh.port, '/healthz')).status, 200);
    const ready = await call(wh.port, '/readyz');
    assert.is(ready.status, 200);
    const m = await call(wh.port, '/metrics');
    assert.is(m.status, 200);
    assert.match(String(m.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(m.body, /# TYPE kube_netcheck_admission_requests_total counter/);
    assert.match(m.body, /# TYPE kube_netcheck_policy_evaluation_seconds histogram/);
    assert.is((await call(wh.port, '/nope')).status, 404);
    assert.is((await call(wh.port, '/validate')).status, 405);
    assert.ok(wh.logs.some((l) => l.msg === 'ready' && typeof l.observations === 'number'));
  } finally {
    await wh.shutdown();
  }
});

test('allowed: the kube-proxy ConfigMap against a cluster with no findings', async () => {
  const wh = await start(['examples/lab-complete']);
  try {
    const body = review(KUBE_PROXY);
    const a = await post(wh, body);
    assert.is(a.status, 200, a.body);
    const r = a.json();
    assert.is(r.apiVersion, 'admission.k8s.io/v1');
    assert.is(r.kind, 'AdmissionReview');
    assert.is(r.response.uid, (body.request as { uid: string }).uid);
    assert.is(r.response.allowed, true, a.body);
    // Only notes of what the cluster itself has (the rule library may warn about the lab's weave-net).
    assert.ok((r.response.warnings ?? []).every((w) => /^KN\d+ \w+ \(already in the cluster, not caused by this change\): /.test(w)), a.body);
    assert.is(r.response.status, undefined);
  } finally {
    await wh.shutdown();
  }
});

test('allowed, not judged: a ConfigMap the webhook does not judge', async () => {
  const wh = await start(['examples/lab-broken']);
  try {
    const other = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system' }, data: { Corefile: '.:53 {\n    errors\n}\n' } };
    const a = await post(wh, review(other));
    assert.is(a.status, 200);
    assert.equal(a.json().response.allowed, true);
    assert.is(a.json().response.warnings, undefined);
  } finally {
    await wh.shutdown();
  }
});

/** The weave-net ConfigMap as weave-net keeps it: its peer list, no networking settings. */
const WEAVE_NET = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'weave-net',
    namespace: 'kube-system',
    annotations: { 'kube-peers.weave.works/peers': '{"Peers":[{"PeerName":"9a:4b:2e:f1:0c:77","NodeName":"controlplane"},{"PeerName":"c2:11:5d:8e:a3:04","NodeName":"node01"}]}' },
    resourceVersion: '1187',
  },
};

test('warned: the cluster already has errors the change did not cause: allowed, with a warning naming each', async () => {
  const wh = await start(['examples/lab-broken']);
  try {
    const a = await post(wh, review(WEAVE_NET));
    const r = a.json().response;
    assert.is(r.allowed, true, a.body);
    for (const id of ['KN101', 'KN201', 'KN301']) {
      assert.ok((r.warnings ?? []).some((w) => w.startsWith(`${id} error (already in the cluster, not caused by this change): `)), `${id}: ${a.body}`);
    }
    const logged = wh.logs.find((l) => l.msg === 'admission review');
    assert.is(logged?.verdict, 'warned');
    assert.is(logged?.judged, true);
    const m = await call(wh.port, '/metrics');
    assert.match(m.body, /kube_netcheck_admission_requests_total\{verdict="warned"\} 1/);
    assert.match(m.body, /kube_netcheck_admission_request_duration_seconds_count\{verdict="warned"\} 1/);
    assert.match(m.body, /kube_netcheck_decision_cache_total\{result="miss"\} 1/);
  } finally {
    await wh.shutdown();
  }
});

test('the same object again is answered from the cache, whatever its resourceVersion', async () => {
  const wh = await start(['examples/lab-broken']);
  try {
    const first = await post(wh, review(KUBE_PROXY));
    const again = structuredClone(KUBE_PROXY) as KubeObject & { metadata: Record<string, unknown> };
    again.metadata.resourceVersion = '9999';
    const second = await post(wh, review(again));
    assert.equal(second.json().response.warnings, first.json().response.warnings);
    const m = await call(wh.port, '/metrics');
    assert.match(m.body, /kube_netcheck_decision_cache_total\{result="hit"\} 1/);
  } finally {
    await wh.shutdown();
  }
});

htest(`denied: kube-proxy mode userspace, with the findings in status.message (${WAITS})`, async () => {
  const wh = await start(['examples/lab-complete']);
  try {
    const body = review(withProxyMode('userspace'));
    const a = await post(wh, body);
    assert.is(a.status, 200);
    const r = a.json().response;
    assert.is(r.uid, (body.request as { uid: string }).uid);
    assert.is(r.allowed, false);
    assert.is(r.status?.code, 403);
    assert.match(r.status?.message ?? '', /^kube-netcheck denied v1\/ConfigMap\/kube-system\/kube-proxy: \d+ finding\(s\):\n/);
    assert.match(r.status?.message ?? '', /^- KN301 error: kube-proxy runs in userspace mode.*\(at v1\/ConfigMap\/kube-system\/kube-proxy:\d+\)$/m);
  } finally {
    await wh.shutdown();
  }
});

/**
 * A cluster whose kube-proxy ConfigMap already says mode userspace (test/fixtures/review-change:
 * its cluster, with that ConfigMap beside it), and an update of the ConfigMap that keeps the mode
 * and changes only bindAddress: the problem is the cluster's, not the update's.
 */
function userspaceCluster(): { dir: string; update: KubeObject } {
  const dir = mkdtempSync(join(tmpdir(), 'knc-webhook-'));
  cpSync(repo('test', 'fixtures', 'review-change', 'cluster'), dir, { recursive: true });
  const file = repo('test', 'fixtures', 'review-change', 'kube-proxy-userspace.yaml');
  copyFileSync(file, join(dir, 'kube-proxy.yaml'));
  const update = parseYaml(readFileSync(file, 'utf8')) as KubeObject & { data: Record<string, string> };
  update.data['config.conf'] = update.data['config.conf']!.replace('bindAddress: 0.0.0.0', 'bindAddress: 0.0.0.0\nhealthzBindAddress: 0.0.0.0:10256');
  return { dir, update };
}

htest(`an update that keeps an error the cluster already has: allowed with a warning by default, denied with --fail-on-existing (${WAITS})`, async () => {
  const { dir, update } = userspaceCluster();
  const keep = await start([], { load: () => Reviewer.fromEvidence([dir]) });
  try {
    const a = await post(keep, review(update));
    const r = a.json().response;
    assert.is(r.allowed, true, a.body);
    assert.is(r.status, undefined);
    assert.ok((r.warnings ?? []).some((w) => /^KN301 error \(already in the cluster, not caused by this change\): kube-proxy runs in userspace mode/.test(w)), a.body);
    assert.is(keep.logs.find((l) => l.msg === 'admission review')?.verdict, 'warned');
  } finally {
    await keep.shutdown();
  }
  // The opt-in, through the worker thread as serve runs it.
  const strict = await start([], { load: async () => new Reviewer(await ThreadJudge.start([dir], { failOnExisting: true })) });
  try {
    const a = await post(strict, review(update));
    const r = a.json().response;
    assert.is(r.allowed, false, a.body);
    assert.is(r.status?.code, 403);
    assert.match(r.status?.message ?? '', /^kube-netcheck denied v1\/ConfigMap\/kube-system\/kube-proxy: \d+ finding\(s\):\n/);
    assert.match(r.status?.message ?? '', /^- KN301 error \[already in the cluster; --fail-on-existing\]: kube-proxy runs in userspace mode.*\(at v1\/ConfigMap\/kube-system\/kube-proxy:\d+\)$/m);
    assert.is(strict.logs.find((l) => l.msg === 'admission review')?.verdict, 'denied');
  } finally {
    await strict.shutdown();
  }
});

htest(`an update that fixes the cluster's error is allowed under --fail-on-existing too (${WAITS})`, async () => {
  const { dir, update } = userspaceCluster();
  const fixed = structuredClone(update) as KubeObject & { data: Record<string, string> };
  fixed.data['config.conf'] = fixed.data['config.conf']!.replace('mode: userspace', 'mode: iptables');
  const wh = await start([], { load: async () => new Reviewer(await ThreadJudge.start([dir], { failOnExisting: true, allowUnknown: true })) });
  try {
    const a = await post(wh, review(fixed));
    const r = a.json().response;
    // The cluster's overlap (KN101) is not the ConfigMap's doing, but --fail-on-existing counts it.
    assert.is(r.allowed, false, a.body);
    assert.match(r.status?.message ?? '', /^- KN101 error \[already in the cluster; --fail-on-existing\]: pod range 10\.100\.0\.0\/16 overlaps/m);
    assert.not.match(r.status?.message ?? '', /KN301/);
  } finally {
    await wh.shutdown();
  }
});

/** A Calico IPPool (crd.projectcalico.org/v1, as kubectl shows it) whose cidr lies inside the lab's service range. */
const POOL = {
  apiVersion: 'crd.projectcalico.org/v1',
  kind: 'IPPool',
  metadata: { name: 'default-ipv4-ippool', resourceVersion: '812', uid: '3b0e6f1c-9a7d-4e52-8c1b-6d2f0a9e4b71' },
  spec: { allowedUses: ['Workload', 'Tunnel'], blockSize: 26, cidr: '10.96.0.0/16', ipipMode: 'Always', natOutgoing: true, nodeSelector: 'all()', vxlanMode: 'Never' },
};
const readsIPPool = OBJECT_HANDLERS.some((h) => h.matches(POOL));
if (!readsIPPool) process.stderr.write('skipped: webhook IPPool denial: needs the Calico IPPool handler (branch evidence-cni) on main\n');

(readsIPPool ? test : test.skip)('denied: a Calico IPPool inside the service range, the overlap located in the pool', async () => {
  const wh = await start(['examples/lab-complete']);
  try {
    const body = review(POOL, {
      kind: { group: 'crd.projectcalico.org', version: 'v1', kind: 'IPPool' },
      resource: { group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools' },
      requestKind: { group: 'crd.projectcalico.org', version: 'v1', kind: 'IPPool' },
      requestResource: { group: 'crd.projectcalico.org', version: 'v1', resource: 'ippools' },
      namespace: '',
      operation: 'CREATE',
      oldObject: null,
    });
    const a = await post(wh, body);
    assert.is(a.status, 200);
    const r = a.json().response;
    assert.is(r.allowed, false, a.body);
    assert.is(r.status?.code, 403);
    assert.match(
      r.status?.message ?? '',
      /^- KN101 error: pod range 10\.96\.0\.0\/16 overlaps service range 10\.96\.0\.0\/12 .*\(at crd\.projectcalico\.org\/v1\/IPPool\/default-ipv4-ippool:\d+\)$/m,
    );
    assert.is(wh.logs.find((l) => l.msg === 'admission review')?.verdict, 'denied');
    const m = await call(wh.port, '/metrics');
    assert.match(m.body, /kube_netcheck_admission_requests_total\{verdict="denied"\} 1/);
  } finally {
    await wh.shutdown();
  }
});

htest(`dryRun: the same answer, and the log says it was a dry run (${WAITS})`, async () => {
  const wh = await start(['examples/lab-complete']);
  try {
    const a = await post(wh, review(withProxyMode('userspace'), { dryRun: true }));
    assert.is(a.json().response.allowed, false);
    const logged = wh.logs.find((l) => l.msg === 'admission review');
    assert.is(logged?.dryRun, true);
    assert.is(logged?.verdict, 'denied');
  } finally {
    await wh.shutdown();
  }
});

test('dryRun is logged on allowed requests too', async () => {
  const wh = await start(['examples/lab-complete']);
  try {
    const a = await post(wh, review(KUBE_PROXY, { dryRun: true }));
    assert.is(a.json().response.allowed, true);
    assert.is(wh.logs.find((l) => l.msg === 'admission review')?.dryRun, true);
  } finally {
    await wh.shutdown();
  }
});

const BAD: [string, string, RegExp][] = [
  ['malformed JSON', '{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {', /body is not valid JSON/],
  ['not an object', '[1, 2, 3]', /body is not a JSON object/],
  ['wrong apiVersion (v1beta1)', JSON.stringify({ ...review(KUBE_PROXY), apiVersion: 'admission.k8s.io/v1beta1' }), /apiVersion "admission\.k8s\.io\/v1beta1": expected admission\.k8s\.io\/v1/],
  ['wrong kind', JSON.stringify({ ...review(KUBE_PROXY), kind: 'ConfigMap' }), /kind "ConfigMap": expected AdmissionReview/],
  ['no uid', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { kind: { group: '', version: 'v1', kind: 'ConfigMap' }, operation: 'UPDATE', object: {} } }), /request\.uid/],
  ['UPDATE without object', JSON.stringify(review(KUBE_PROXY, { object: null })), /request\.object: expected the object being updated/],
];

test('bad requests get 400 with a Status saying what is wrong, and the server keeps serving', async () => {
  const wh = await start(['examples/lab-complete']);
  try {
    for (const [name, body, want] of BAD) {
      const a = await call(wh.port, '/validate', body);
      assert.is(a.status, 400, name);
      const s = a.json();
      assert.is(s.kind as string, 'Status', name);
      assert.is(s.code, 400, name);
      assert.match(s.message ?? '', want, name);
      const ok = await post(wh, review(KUBE_PROXY));
      assert.is(ok.status, 200, `after ${name}`);
    }
    const m = await call(wh.port, '/metrics');
    assert.match(m.body, new RegExp(`kube_netcheck_admission_requests_total\\{verdict="rejected"\\} ${BAD.length}`));
  } finally {
    await wh.shutdown();
  }
});

test('oversized bodies get 413, declared or streamed, and the server keeps serving', async () => {
  const wh = await start(['examples/lab-complete'], { maxBodyBytes: 64 * 1024 });
  try {
    const big = structuredClone(KUBE_PROXY);
    big.data.padding = 'x'.repeat(100 * 1024);
    const declared = await call(wh.port, '/validate', JSON.stringify(review(big)));
    assert.is(declared.status, 413);
    assert.match(declared.json().message ?? '', /over the limit of 65536 bytes/);
    const streamed = await call(wh.port, '/validate', JSON.stringify(review(big)), { chunked: true });
    assert.is(streamed.status, 413);
    const ok = await post(wh, review(KUBE_PROXY));
    assert.is(ok.status, 200);
    assert.is(ok.json().response.allowed, true);
  } finally {
    await wh.shutdown();
  }
});

test('the default body limit admits what the API server sends (3 MiB), not more', async () => {
  const wh = await start(['examples/lab-complete']);
  try {
    const big = structuredClone(KUBE_PROXY);
    const create = { operation: 'CREATE', oldObject: null, options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' } };
    big.data.padding = 'x'.repeat(3 * 1024 * 1024 + 1);
    assert.is((await call(wh.port, '/validate', JSON.stringify(review(big, create)))).status, 413);
    big.data.padding = 'x'.repeat(3 * 1024 * 1024 - 16 * 1024);
    assert.is((await call(wh.port, '/validate', JSON.stringify(review(big, create)))).status, 200);
  } finally {
    await wh.shutdown();
  }
});

test('shutdown: the request in flight is answered, new connections are refused, readiness fails', async () => {
  const wh = await start(['examples/lab-complete']);
  const body = JSON.stringify(review(KUBE_PROXY));
  const uid = (JSON.parse(body) as { request: { uid: string } }).request.uid;
  // A request in flight: headers and half the body sent.
  let sendRest: () => void = () => undefined;
  const inFlight = new Promise<Answer>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: wh.port, path: '/validate', method: 'POST', ca: CA_A, agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 200));
    sendRest = () => req.end(body.slice(200));
  });
  // Let the server see the request before it is told to stop.
  while (wh.metrics.inFlight === 0) await new Promise((r) => setTimeout(r, 5));
  const stopped = wh.shutdown('test');
  assert.is(wh.ready, false);
  const refused = await call(wh.port, '/validate', body).then(
    (a) => `answered ${a.status}`,
    (e: NodeJS.ErrnoException) => e.code,
  );
  assert.is(refused, 'ECONNREFUSED');
  sendRest();
  const a = await inFlight;
  assert.is(a.status, 200);
  assert.is(a.json().response.uid, uid);
  assert.is(a.json().response.allowed, true);
  await stopped;
  assert.ok(wh.logs.some((l) => l.msg === 'stopped'));
});

test('the certificate is reloaded when its files change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-tls-'));
  copyFileSync(join(TD, 'tls-a.crt'), join(dir, 'tls.crt'));
  copyFileSync(join(TD, 'tls-a.key'), join(dir, 'tls.key'));
  const wh = await start(['examples/lab-complete'], { certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), tlsReloadIntervalMs: 20 });
  const peerCN = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port: wh.port, ca: [CA_A, CA_B] }, () => {
        const cn = s.getPeerCertificate().subject.CN;
        s.end();
        resolve(String(cn));
      });
      s.on('error', reject);
    });
  try {
    assert.is(await peerCN(), 'kube-netcheck-test-a');
    copyFileSync(join(TD, 'tls-b.key'), join(dir, 'tls.key'));
    copyFileSync(join(TD, 'tls-b.crt'), join(dir, 'tls.crt'));
    let cn = '';
    for (let i = 0; i < 500 && cn !== 'kube-netcheck-test-b'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      cn = await peerCN();
    }
    assert.is(cn, 'kube-netcheck-test-b');
    assert.ok(wh.logs.some((l) => l.msg === 'TLS certificate reloaded'));
    const ok = await call(wh.port, '/healthz', undefined, { ca: CA_B });
    assert.is(ok.status, 200);
  } finally {
    await wh.shutdown();
  }
});

test('judging in a worker thread: the same answers, and the worker stops with the server', async () => {
  const wh = await start([], { load: async () => new Reviewer(await ThreadJudge.start([repo('examples/lab-broken')], {})) });
  try {
    const a = await post(wh, review(WEAVE_NET));
    const r = a.json().response;
    assert.is(r.allowed, true, a.body);
    assert.equal((r.warnings ?? []).filter((w) => / error \(already in the cluster, not caused by this change\): /.test(w)).map((w) => w.slice(0, 5)), ['KN101', 'KN201', 'KN301'], a.body);
    // Two requests for one new object at once: one evaluation, the other waits for it.
    const other = structuredClone(WEAVE_NET) as KubeObject & { metadata: { labels?: Record<string, string> } };
    other.metadata.labels = { tier: 'node' };
    const [x, y] = await Promise.all([post(wh, review(other)), post(wh, review(other))]);
    assert.equal(x.json().response.warnings, y.json().response.warnings);
    const m = await call(wh.port, '/metrics');
    assert.match(m.body, /kube_netcheck_decision_cache_total\{result="miss"\} 2/);
    assert.match(m.body, /kube_netcheck_decision_cache_total\{result="hit"\} 1/);
  } finally {
    await wh.shutdown();
  }
});

test('a worker that cannot read the facts fails loading with the reason', async () => {
  try {
    await ThreadJudge.start([repo('no-such-folder')], {});
    assert.unreachable('started');
  } catch (e) {
    assert.match((e as Error).message, /no-such-folder: cannot read: no such file or folder/);
  }
});

test.run();
