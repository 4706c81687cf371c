import http from 'node:http';
import net from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../errors.js';
import { describeAccess, KubeClient } from './client.js';

function config(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // client-node refuses plain http unless TLS verification is off, as kubectl's --insecure-skip-tls-verify.
    clusters: [{ name: 'lab', server, skipTLSVerify: server.startsWith('http:') }],
    users: [{ name: 'ci', token: 'ci-token' }],
    contexts: [{ name: 'ci@lab', cluster: 'lab', user: 'ci' }],
    currentContext: 'ci@lab',
  });
  return kc;
}

/** A plain-HTTP API server stand-in answering each path with a status and body. */
async function serve(routes: Record<string, [number, unknown]>): Promise<{ url: string; seen: string[]; close: () => Promise<void> }> {
  const seen: string[] = [];
  const srv = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    const [status, body] = routes[req.url ?? ''] ?? [404, { kind: 'Status', message: 'not found' }];
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}`, seen, close: () => new Promise((r) => srv.close(() => r())) };
}

// Status bodies as kube-apiserver writes them (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go).
const FORBIDDEN = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'nodes is forbidden: User "ci" cannot list resource "nodes" in API group "" at the cluster scope',
  reason: 'Forbidden',
  details: { kind: 'nodes' },
  code: 403,
};
const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

test('client: GETs with the bearer token; 404 is null when missing is fine', async () => {
  const s = await serve({ '/api/v1/nodes?limit=1': [200, { kind: 'NodeList', apiVersion: 'v1', items: [] }] });
  const c = await KubeClient.create(config(s.url), { timeoutMs: 10_000 });
  try {
    assert.equal(await c.getJSON('/api/v1/nodes?limit=1', { verb: 'list', resource: 'nodes' }), { kind: 'NodeList', apiVersion: 'v1', items: [] });
    assert.is(await c.getJSON('/api/v1/namespaces/kube-system/configmaps/kube-proxy', { verb: 'get', resource: 'configmaps', namespace: 'kube-system', name: 'kube-proxy' }, true), null);
    assert.match(s.seen[0]!, /^GET \/api\/v1\/nodes\?limit=1 Bearer ci-token$/);
  } finally {
    c.close();
    await s.close();
  }
});

const refusals: { name: string; status: number; body: unknown; error: RegExp }[] = [
  { name: '403 names the verb and resource refused', status: 403, body: FORBIDDEN, error: /^cannot list nodes at the cluster scope: nodes is forbidden: User "ci" cannot list resource "nodes"/ },
  { name: '401 says the credentials are expired or invalid', status: 401, body: UNAUTHORIZED, error: /refused the credentials of user "ci" in context "ci@lab" \(401 Unauthorized: Unauthorized\): they are expired or invalid/ },
  { name: 'another status is named with the request', status: 400, body: { kind: 'Status', message: 'continue key is not valid' }, error: /answered 400 for GET \/api\/v1\/nodes: continue key is not valid/ },
];
for (const r of refusals) {
  test(`client: ${r.name}`, async () => {
    const s = await serve({ '/api/v1/nodes': [r.status, r.body] });
    const c = await KubeClient.create(config(s.url), { timeoutMs: 10_000 });
    try {
      await c.getJSON('/api/v1/nodes', { verb: 'list', resource: 'nodes' });
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof InputError, String(e));
      assert.match((e as Error).message, r.error);
    } finally {
      c.close();
      await s.close();
    }
  });
}

test('client: a server that accepts and never answers ends at the timeout', async () => {
  const sockets: net.Socket[] = [];
  const srv = net.createServer((sock) => sockets.push(sock));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as net.AddressInfo).port}`;
  const c = await KubeClient.create(config(url), { timeoutMs: 200 });
  try {
    await c.getJSON('/api/v1/nodes', { verb: 'list', resource: 'nodes' });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, new RegExp(`no complete answer from the API server at ${url} \\(context "ci@lab"\\) within 0\\.2s: raise --timeout`));
  } finally {
    c.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => srv.close(r));
  }
});

test('client: a server URL that is not http(s)', async () => {
  try {
    await KubeClient.create(config('unix:///var/run/k8s.sock'), { timeoutMs: 1000 });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /server unix:\/\/\/var\/run\/k8s\.sock: expected an https:\/\/ URL/);
  }
});

const accesses: [Parameters<typeof describeAccess>[0], string][] = [
  [{ verb: 'list', resource: 'nodes' }, 'cannot list nodes at the cluster scope'],
  [{ verb: 'list', resource: 'daemonsets.apps', namespace: 'kube-system' }, 'cannot list daemonsets.apps in the namespace "kube-system"'],
  [{ verb: 'get', resource: 'configmaps', namespace: 'kube-system', name: 'kube-proxy' }, 'cannot get configmaps "kube-proxy" in the namespace "kube-system"'],
  [{ verb: 'get', resource: 'pods', subresource: 'log', namespace: 'kube-system', name: 'kube-proxy-f6h8r' }, 'cannot get pods/log "kube-proxy-f6h8r" in the namespace "kube-system"'],
];
for (const [a, want] of accesses) test(`describeAccess: ${want}`, () => assert.is(describeAccess(a), want));

test.run();
