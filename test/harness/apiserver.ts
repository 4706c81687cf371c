/**
 * A real kube-apiserver and etcd on 127.0.0.1 for the live-collection tests.
 * The binaries are the ones tools/apiserver/build.sh builds from the Go module
 * proxy at the pinned Kubernetes version (cached under .cache/apiserver/).
 * Certificates are made with openssl for each start; users authenticate with
 * static bearer tokens; authorization is RBAC only:
 *   admin   system:masters, seeds the objects
 *   reader  bound to the ClusterRole of deploy/rbac-collect.yaml and nothing else
 *   partial bound to that ClusterRole without its ConfigMaps rule
 *   nobody  authenticated, no binding: every read but discovery is refused
 * No controller-manager or kubelet runs: node, pod and DaemonSet status is
 * written through the /status subresource, and a small HTTPS server stands in
 * for the kubelets' log endpoint (the nodes name it as their Hostname address).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../helpers.js';

export type User = 'admin' | 'reader' | 'partial' | 'nobody';
const TOKENS: Record<User, string> = {
  admin: 'kn-admin-0123456789',
  reader: 'kn-reader-0123456789',
  partial: 'kn-partial-0123456789',
  nobody: 'kn-nobody-0123456789',
};
export const INVALID_TOKEN = 'kn-not-a-token-000';

export interface Binaries {
  dir: string;
  version: string;
}

/** Where build.sh puts the binaries for the versions pinned in tools/apiserver/go.mod. */
export function binaries(): Binaries | { missing: string } {
  const goMod = join(ROOT, 'tools', 'apiserver', 'go.mod');
  const text = readFileSync(goMod, 'utf8');
  const k8s = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(text)?.[1];
  const etcd = /^\s*go\.etcd\.io\/etcd\/server\/v3 (v\S+)/m.exec(text)?.[1];
  if (!k8s || !etcd) return { missing: `cannot read the pinned versions from ${goMod}` };
  const base = process.env.KUBE_NETCHECK_APISERVER_CACHE ?? join(ROOT, '.cache', 'apiserver');
  const dir = join(base, `${k8s}-etcd${etcd}`);
  for (const bin of ['kube-apiserver', 'etcd']) {
    if (!existsSync(join(dir, bin))) return { missing: `no ${bin} ${bin === 'etcd' ? etcd : k8s} in ${dir} (build it once with: tools/apiserver/build.sh)` };
  }
  if (spawnSync('openssl', ['version']).status !== 0) return { missing: 'openssl is not installed (it makes the test certificates)' };
  return { dir, version: k8s };
}

export interface Response {
  status: number;
  body: unknown;
}

export interface Harness {
  server: string;
  version: string;
  dir: string;
  /** A kubeconfig file for the user (or for any token, for refusals). */
  kubeconfig(user: User | { token: string }, opts?: { server?: string; context?: string }): string;
  request(method: string, path: string, body?: unknown, opts?: { user?: User; contentType?: string }): Promise<Response>;
  /** The log text the stand-in kubelet serves for a container. */
  setLog(namespace: string, pod: string, container: string, text: string): void;
  kubeletPort: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function openssl(cwd: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/** A CA, a serving certificate for 127.0.0.1/localhost, and the service-account key pair. */
function makeCerts(dir: string): void {
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=kube-netcheck-test-ca']);
  openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=kube-apiserver']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n');
  openssl(dir, ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext']);
  openssl(dir, ['genrsa', '-out', 'sa.key', '2048']);
  openssl(dir, ['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
}

async function waitFor(what: string, ms: number, probe: () => Promise<boolean>, logs: () => string): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await probe()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`${what} did not become ready within ${ms / 1000}s\n${logs()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** opts.serviceRange: kube-apiserver's --service-cluster-ip-range (its default ServiceCIDR object too); default 10.96.0.0/12. */
export async function startHarness(bins: Binaries, opts: { serviceRange?: string } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'kn-apiserver-'));
  makeCerts(dir);
  writeFileSync(join(dir, 'tokens.csv'), (Object.keys(TOKENS) as User[]).map((u, i) => `${TOKENS[u]},${u},uid-${i}${u === 'admin' ? ',"system:masters"' : ''}`).join('\n') + '\n');
  const [etcdClient, etcdPeer, port, kubeletPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const procs: ChildProcess[] = [];
  const out: Record<string, string> = { etcd: '', apiserver: '' };
  const tail = (): string => Object.entries(out).map(([k, v]) => `--- ${k} (last lines)\n${v.split('\n').slice(-25).join('\n')}`).join('\n');
  const start = (name: string, bin: string, args: string[]): ChildProcess => {
    const p = spawn(join(bins.dir, bin), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer): void => {
      out[name] = (out[name] + c.toString('utf8')).slice(-20000);
    };
    p.stdout?.on('data', keep);
    p.stderr?.on('data', keep);
    procs.push(p);
    return p;
  };
  const stopAll = async (): Promise<void> => {
    for (const p of procs.reverse()) {
      if (p.exitCode !== null || p.signalCode !== null) continue;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      const t = setTimeout(() => p.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const kubelet = startKubelet(dir, kubeletPort);
  try {
    mkdirSync(join(dir, 'etcd'));
    start('etcd', 'etcd', [
      '--name=default',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    await waitFor('etcd', 30_000, async () => (await plainGet(`http://127.0.0.1:${etcdClient}/health`)).includes('true'), tail);
    start('apiserver', 'kube-apiserver', [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${dir}`,
      `--tls-cert-file=${join(dir, 'server.crt')}`,
      `--tls-private-key-file=${join(dir, 'server.key')}`,
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=RBAC',
      '--allow-privileged=true',
      `--service-cluster-ip-range=${opts.serviceRange ?? '10.96.0.0/12'}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(dir, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
      '--kubelet-preferred-address-types=Hostname,InternalIP',
      '--endpoint-reconciler-type=none',
      '--v=0',
    ]);
    const server = `https://127.0.0.1:${port}`;
    const ca = readFileSync(join(dir, 'ca.crt'));
    const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 32 });
    const request: Harness['request'] = (method, path, body, opts = {}) =>
      new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const req = https.request(
          `${server}${path}`,
          {
            method,
            agent,
            headers: {
              Authorization: `Bearer ${TOKENS[opts.user ?? 'admin']}`,
              Accept: 'application/json',
              ...(data ? { 'Content-Type': opts.contentType ?? 'application/json', 'Content-Length': String(data.length) } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: unknown = text;
              try {
                parsed = JSON.parse(text);
              } catch {
                // text
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
          },
        );
        req.on('error', reject);
        req.end(data);
      });
    await waitFor('kube-apiserver', 120_000, async () => (await request('GET', '/readyz')).status === 200, tail);
    // The bootstrap controller creates default/kubernetes shortly after readiness.
    await waitFor('the kubernetes Service', 30_000, async () => (await request('GET', '/api/v1/namespaces/default/services/kubernetes')).status === 200, tail);
    await grantReader(request);

    const kubeconfigs = new Map<string, string>();
    return {
      server,
      version: bins.version,
      dir,
      kubeletPort,
      request,
      setLog: kubelet.setLog,
      kubeconfig(user, opts = {}) {
        const token = typeof user === 'string' ? TOKENS[user] : user.token;
        const name = typeof user === 'string' ? user : 'other';
        const key = `${token}|${opts.server ?? server}|${opts.context ?? ''}`;
        const existing = kubeconfigs.get(key);
        if (existing) return existing;
        const file = join(dir, `kubeconfig-${kubeconfigs.size}-${name}.yaml`);
        const ctx = opts.context ?? `${name}@harness`;
        writeFileSync(
          file,
          [
            'apiVersion: v1',
            'kind: Config',
            'clusters:',
            '- name: harness',
            '  cluster:',
            `    server: ${opts.server ?? server}`,
            `    certificate-authority: ${join(dir, 'ca.crt')}`,
            'users:',
            `- name: ${name}`,
            '  user:',
            `    token: ${token}`,
            'contexts:',
            `- name: ${ctx}`,
            '  context:',
            '    cluster: harness',
            `    user: ${name}`,
            `current-context: ${ctx}`,
            '',
          ].join('\n'),
        );
        kubeconfigs.set(key, file);
        return file;
      },
      async stop() {
        agent.destroy();
        await kubelet.close();
        await stopAll();
      },
    };
  } catch (e) {
    await kubelet.close();
    await stopAll();
    throw e;
  }
}

/** Applies the ClusterRole of deploy/rbac-collect.yaml and binds it to the reader user only. */
async function grantReader(request: Harness['request']): Promise<void> {
  const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'rbac-collect.yaml'), 'utf8')).map(
    (d) => d.toJS() as { kind?: string; metadata?: { name?: string }; rules?: { resources?: string[] }[] },
  );
  const role = docs.find((d) => d.kind === 'ClusterRole');
  if (!role) throw new Error('deploy/rbac-collect.yaml has no ClusterRole');
  await must(request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', role), 'create the ClusterRole');
  await must(
    request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kube-netcheck-collect-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata?.name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'reader' }],
    }),
    'bind the ClusterRole',
  );
  const partial = { ...role, metadata: { name: 'kube-netcheck-collect-no-configmaps' }, rules: (role.rules ?? []).filter((r) => !(r.resources ?? []).includes('configmaps')) };
  await must(request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', partial), 'create the partial ClusterRole');
  await must(
    request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kube-netcheck-collect-partial' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: partial.metadata.name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'partial' }],
    }),
    'bind the partial ClusterRole',
  );
}

export async function must(p: Promise<Response>, what: string): Promise<Response> {
  const r = await p;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 500)}`);
  return r;
}

function plainGet(url: string): Promise<string> {
  return fetch(url).then((r) => r.text());
}

/** Serves /containerLogs/NS/POD/CONTAINER as a kubelet does, over TLS, to the API server only. */
function startKubelet(dir: string, port: number): { setLog: Harness['setLog']; close: () => Promise<void> } {
  const logs = new Map<string, string>();
  let cert: { key: Buffer; cert: Buffer } | null = null;
  let server: https.Server | null = null;
  const ensure = (): void => {
    if (server) return;
    cert = { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.crt')) };
    server = https.createServer(cert, (req, res) => {
      const url = new URL(req.url ?? '/', 'https://localhost');
      const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      // A container the test gave no log has logged nothing.
      const text = m ? (logs.get(`${m[1]}/${m[2]}/${m[3]}`) ?? '') : undefined;
      if (text === undefined) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      const tail = Number(url.searchParams.get('tailLines') ?? NaN);
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const shown = Number.isInteger(tail) && tail >= 0 ? lines.slice(-tail) : lines;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(shown.map((l) => `${l}\n`).join(''));
    });
    server.listen(port, '127.0.0.1');
  };
  return {
    setLog(namespace, pod, container, text) {
      ensure();
      logs.set(`${namespace}/${pod}/${container}`, text);
    },
    close: () =>
      new Promise((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
