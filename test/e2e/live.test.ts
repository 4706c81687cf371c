/**
 * Live collection against a real kube-apiserver and etcd (test/harness), through
 * the real CLI. Without the binaries these tests are skipped with the reason,
 * except under CI (CI=true), where they run and fail: build them once with
 * tools/apiserver/build.sh (.ci/run does).
 *
 * What the comparisons cover: `check --cluster` and `check DIR` on the folder
 * `collect DIR` wrote are compared in full (every fact but the sources, every
 * finding). Against the lab write-ups (examples/lab-*), the facts both kinds of
 * evidence state are compared — pod and service ranges, proxy mode, and nodes and
 * DaemonSets once handlers for those objects are registered — and each finding of
 * the write-up must come out of the cluster too, except the DaemonSet rule while
 * no Node and DaemonSet handlers exist to give it facts from objects.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { KubeClient, collect, loadKubeconfig } from '../../src/collect/index.js';
import { OBJECT_HANDLERS } from '../../src/evidence/objects/index.js';
import { binaries, INVALID_TOKEN, startHarness, type Harness } from '../harness/apiserver.js';
import { seedLab, type Lab } from '../harness/lab.js';
import { CLI, ROOT } from '../helpers.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI, asynchronously: the harness serves the stand-in kubelet from this process. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: '/nonexistent', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Finding {
  id: string;
  severity: string;
  message: string;
  locations: { file: string; line: number | null; field?: string }[];
}

const found = binaries();
const ci = process.env.CI === 'true';
const reason = 'missing' in found ? found.missing : '';
if (reason && !ci) process.stderr.write(`live-cluster tests skipped: ${reason}\n`);
const runs = !reason || ci;

/** Facts without where they came from: what must be equal whatever the evidence's form. */
function withoutSources(facts: { observations?: { pointer: string; value: unknown; inferred?: boolean }[] } & Record<string, unknown>): unknown {
  const { observations, ...rest } = facts;
  return { ...rest, observations: (observations ?? []).map((o) => ({ pointer: o.pointer, value: o.value, inferred: o.inferred === true })) };
}

const handled = (re: RegExp): boolean => OBJECT_HANDLERS.some((h) => re.test(h.name));
const objectsGiveDaemonSetFacts = handled(/node/i) && handled(/daemon/i);

function labSuite(lab: Lab): void {
  const s = suite<{ h: Harness | null; dir: string; error: unknown }>(`live: lab-${lab}`, { h: null, dir: '', error: null });
  if (!runs) {
    s.skip(`live: lab-${lab} (skipped: ${reason})`, () => undefined);
    s.run();
    return;
  }
  s.before(async (ctx) => {
    // A harness that cannot start fails every test of the suite (under CI it must start).
    try {
      if ('missing' in found) throw new Error(`the live-cluster harness cannot start under CI: ${found.missing}`);
      ctx.h = await startHarness(found);
      await seedLab(ctx.h, lab);
      ctx.dir = join(mkdtempSync(join(tmpdir(), 'kn-collect-')), 'evidence');
    } catch (e) {
      ctx.error = e;
    }
  });
  s.before.each((ctx) => {
    if (ctx.error) throw ctx.error;
  });
  s.after(async (ctx) => {
    await ctx.h?.stop();
  });

  s('collect writes one List per kind and the logs, with no Secret', async (ctx) => {
    const r = await cli(['collect', ctx.dir, '--kubeconfig', ctx.h!.kubeconfig('reader'), '--logs']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, /nodes\.json \(\d+\)/);
    const files = readdirSync(ctx.dir).sort();
    assert.equal(files, ['configmaps.json', 'daemonsets.json', 'logs', 'networkpolicies.json', 'nodes.json', 'pods.json', 'services.json', 'servicecidrs.json'].sort());
    const nodes = JSON.parse(readFileSync(join(ctx.dir, 'nodes.json'), 'utf8'));
    assert.is(nodes.kind, 'List');
    assert.equal(
      nodes.items.map((n: { apiVersion: string; kind: string; metadata: { name: string } }) => `${n.apiVersion}/${n.kind}/${n.metadata.name}`),
      lab === 'complete' ? ['v1/Node/controlplane', 'v1/Node/node01'] : ['v1/Node/controlplane', 'v1/Node/node01', 'v1/Node/node02'],
    );
    const ds = JSON.parse(readFileSync(join(ctx.dir, 'daemonsets.json'), 'utf8'));
    assert.equal(
      ds.items.map((d: { apiVersion: string; kind: string; metadata: { name: string }; status: { desiredNumberScheduled: number } }) => [d.apiVersion, d.kind, d.metadata.name, d.status.desiredNumberScheduled]),
      lab === 'complete'
        ? [['apps/v1', 'DaemonSet', 'kube-proxy', 2], ['apps/v1', 'DaemonSet', 'weave-net', 2]]
        : [['apps/v1', 'DaemonSet', 'kube-proxy', 2], ['apps/v1', 'DaemonSet', 'weave-net', 3]],
    );
    const cms = JSON.parse(readFileSync(join(ctx.dir, 'configmaps.json'), 'utf8'));
    assert.equal(cms.items.map((c: { metadata: { name: string } }) => c.metadata.name), ['kube-proxy', 'kubeadm-config']);
    const pods = JSON.parse(readFileSync(join(ctx.dir, 'pods.json'), 'utf8'));
    assert.equal(pods.items.map((p: { metadata: { name: string } }) => p.metadata.name), ['kube-apiserver-controlplane', 'kube-controller-manager-controlplane']);
    const services = JSON.parse(readFileSync(join(ctx.dir, 'services.json'), 'utf8'));
    assert.equal(services.items.map((x: { metadata: { name: string }; spec: { clusterIP: string } }) => [x.metadata.name, x.spec.clusterIP]), [['kubernetes', '10.96.0.1']]);
    const logs = readdirSync(join(ctx.dir, 'logs')).sort();
    assert.ok(logs.includes(lab === 'complete' ? 'kube-system_kube-proxy-f6h8r_kube-proxy.log' : 'kube-system_kube-proxy-x7k2p_kube-proxy.log'), logs.join(' '));
    assert.ok(logs.includes('kube-system_weave-net-wmjc2_weave.log'), logs.join(' '));
    const all = files.filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(ctx.dir, f), 'utf8')).join('\n');
    assert.not.match(all, /"kind": "Secret"/);
  });

  s('check --cluster and check of the collected folder: the same facts and the same findings', async (ctx) => {
    const kc = ctx.h!.kubeconfig('reader');
    const [liveFacts, fileFacts, liveCheck, fileCheck] = await Promise.all([
      cli(['facts', '--cluster', '--kubeconfig', kc, '--logs']),
      cli(['facts', ctx.dir]),
      cli(['check', '--cluster', '--kubeconfig', kc, '--logs', '-o', 'json']),
      cli(['check', ctx.dir, '-o', 'json']),
    ]);
    assert.is(liveFacts.code, 0, liveFacts.stderr);
    assert.is(fileFacts.code, 0, fileFacts.stderr);
    assert.equal(withoutSources(JSON.parse(liveFacts.stdout)), withoutSources(JSON.parse(fileFacts.stdout)));
    const live = JSON.parse(liveCheck.stdout) as { findings: Finding[] };
    const file = JSON.parse(fileCheck.stdout) as { findings: Finding[] };
    assert.is(liveCheck.code, fileCheck.code, liveCheck.stderr);
    const brief = (fs: Finding[]): string[] => fs.map((f) => `${f.id} ${f.severity} ${f.message}`);
    assert.equal(brief(live.findings), brief(file.findings));
    // Live locations are object references with field paths, or the log of a pod's container with its line.
    for (const f of live.findings) {
      for (const l of f.locations) assert.ok(/^v1\/Pod\/kube-system\/[^/]+\/log\/[^/]+$/.test(l.file) ? l.line !== null : l.line === null && l.field !== undefined, JSON.stringify(l));
    }
  });

  s('review --cluster judges a change as review --cluster-evidence of the collected folder does', async (ctx) => {
    const kc = ctx.h!.kubeconfig('reader');
    // The kube-proxy ConfigMap set to iptables: for the broken lab (userspace) a fix.
    const file = join(mkdtempSync(join(tmpdir(), 'kn-review-')), 'kube-proxy.yaml');
    writeFileSync(file, readFileSync(join(ROOT, 'test', 'fixtures', 'review-change', 'kube-proxy-userspace.yaml'), 'utf8').replace(/^    mode: userspace$/m, '    mode: iptables'));
    const [live, folder] = await Promise.all([cli(['review', file, '--cluster', '--kubeconfig', kc, '--logs', '-o', 'json']), cli(['review', file, '--cluster-evidence', ctx.dir, '-o', 'json'])]);
    assert.is(live.code, folder.code, `${live.stderr}${folder.stderr}`);
    type Change = { findings: Finding[]; change: { against: string[]; preexisting: { findings: Finding[] }; resolved: { findings: Finding[] } } };
    const a = JSON.parse(live.stdout) as Change;
    const b = JSON.parse(folder.stdout) as Change;
    const brief = (fs: Finding[]): string[] => fs.map((f) => `${f.id} ${f.severity} ${f.message}`);
    assert.equal(brief(a.findings), brief(b.findings));
    assert.equal(brief(a.change.preexisting.findings), brief(b.change.preexisting.findings));
    assert.equal(brief(a.change.resolved.findings), brief(b.change.resolved.findings));
    assert.match(a.change.against[0] ?? '', /^live cluster https:\/\/127\.0\.0\.1:\d+$/);
    // The live ConfigMap is replaced by the reviewed one, as the folder's is: its userspace mode is not
    // the change's; the broken lab's kube-proxy log still says userspace, a problem the cluster keeps.
    assert.equal(a.findings.filter((f) => f.id === 'KN301'), []);
    const kept = brief(a.change.preexisting.findings).filter((x) => x.startsWith('KN301 error kube-proxy runs in userspace mode'));
    assert.is(kept.length, lab === 'broken' ? 1 : 0, JSON.stringify(a.change.preexisting.findings));
  });

  s(`check --cluster gives the write-up's facts and findings (examples/lab-${lab})`, async (ctx) => {
    const kc = ctx.h!.kubeconfig('reader');
    const [liveFacts, labFacts, liveCheck, labCheck] = await Promise.all([
      cli(['facts', '--cluster', '--kubeconfig', kc, '--logs']),
      cli(['facts', `examples/lab-${lab}`]),
      cli(['check', '--cluster', '--kubeconfig', kc, '--logs', '-o', 'json']),
      cli(['check', `examples/lab-${lab}`, '-o', 'json']),
    ]);
    assert.is(liveFacts.code, 0, liveFacts.stderr);
    const a = JSON.parse(liveFacts.stdout);
    const b = JSON.parse(labFacts.stdout);
    const cidrs = (f: { networks: Record<string, { cidr: string }[]> }, role: string): string[] => (f.networks[role] ?? []).map((n) => n.cidr);
    assert.equal(cidrs(a, 'pod'), cidrs(b, 'pod'));
    assert.equal(cidrs(a, 'service'), cidrs(b, 'service'));
    assert.is(a.kubeProxy.mode, b.kubeProxy.mode);
    if (objectsGiveDaemonSetFacts) {
      const nodes = (f: { nodes: { name: string; internalIPs: string[] }[] }): string[] => f.nodes.map((n) => `${n.name} ${n.internalIPs.join(',')}`).sort();
      assert.equal(nodes(a), nodes(b));
      const ds = (f: { daemonSets: Record<string, unknown>[] }): string[] =>
        f.daemonSets.map((d) => [d.namespace, d.name, d.desired, d.current, d.ready, d.upToDate, d.available, JSON.stringify(d.nodeSelector ?? {})].join(' ')).sort();
      assert.equal(ds(a), ds(b));
    }
    const live = (JSON.parse(liveCheck.stdout) as { findings: Finding[] }).findings.map((f) => `${f.id} ${f.severity} ${f.message}`);
    const written = (JSON.parse(labCheck.stdout) as { findings: Finding[] }).findings.filter((f) => objectsGiveDaemonSetFacts || f.id !== 'KN201');
    assert.ok(written.length > 0 || lab === 'complete');
    for (const f of written) assert.ok(live.includes(`${f.id} ${f.severity} ${f.message}`), `missing from check --cluster: ${f.id} ${f.message}\ngot: ${live.join('\n')}`);
  });

  s.run();
}

labSuite('complete');
labSuite('broken');

const errors = suite<{ h: Harness | null; error: unknown }>('live: errors', { h: null, error: null });
if (!runs) {
  errors.skip(`live: errors (skipped: ${reason})`, () => undefined);
} else {
  errors.before(async (ctx) => {
    try {
      if ('missing' in found) throw new Error(`the live-cluster harness cannot start under CI: ${found.missing}`);
      ctx.h = await startHarness(found);
      await seedLab(ctx.h, 'broken');
    } catch (e) {
      ctx.error = e;
    }
  });
  errors.before.each((ctx) => {
    if (ctx.error) throw ctx.error;
  });
  errors.after(async (ctx) => {
    await ctx.h?.stop();
  });

  errors('a user without the ClusterRole: exit 2 naming each refused verb and resource', async (ctx) => {
    const r = await cli(['check', '--cluster', '--kubeconfig', ctx.h!.kubeconfig('nobody')]);
    assert.is(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot list nodes at the cluster scope: nodes is forbidden: User "nobody" cannot list resource "nodes" in API group "" at the cluster scope/);
    assert.match(r.stderr, /cannot list daemonsets\.apps in the namespace "kube-system": daemonsets\.apps is forbidden/);
    assert.match(r.stderr, /cannot get configmaps "kube-proxy" in the namespace "kube-system"/);
    assert.match(r.stderr, /deploy\/rbac-collect\.yaml/);
    assert.is(r.stdout, '');
  });

  errors('a ClusterRole missing one rule: exactly that verb and resource is named', async (ctx) => {
    const r = await cli(['collect', join(mkdtempSync(join(tmpdir(), 'kn-')), 'out'), '--kubeconfig', ctx.h!.kubeconfig('partial')]);
    assert.is(r.code, 2, r.stderr);
    assert.is(
      r.stderr,
      'kube-netcheck: cannot get configmaps "kube-proxy" in the namespace "kube-system": configmaps "kube-proxy" is forbidden: User "partial" cannot get resource "configmaps" in API group "" in the namespace "kube-system" (and 8 more like it)\n' +
        'The read-only ClusterRole in deploy/rbac-collect.yaml grants every read kube-netcheck makes.\n',
    );
  });

  errors('the reader bound to deploy/rbac-collect.yaml reads everything it needs', async (ctx) => {
    const r = await cli(['check', '--cluster', '--kubeconfig', ctx.h!.kubeconfig('reader'), '--logs']);
    assert.is(r.code, 1, r.stderr);
    assert.match(r.stdout, /KN101/);
  });

  errors('an invalid token: exit 2, the credentials are named as refused', async (ctx) => {
    const r = await cli(['check', '--cluster', '--kubeconfig', ctx.h!.kubeconfig({ token: INVALID_TOKEN })]);
    assert.is(r.code, 2);
    assert.match(r.stderr, /refused the credentials of user "other" in context "other@harness" \(401 Unauthorized/);
    assert.match(r.stderr, /expired or invalid/);
  });

  errors('an unreachable server: exit 2, connection refused', async (ctx) => {
    const port = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    const r = await cli(['collect', join(mkdtempSync(join(tmpdir(), 'kn-')), 'out'), '--kubeconfig', ctx.h!.kubeconfig('reader', { server: `https://127.0.0.1:${port}` })]);
    assert.is(r.code, 2);
    assert.match(r.stderr, new RegExp(`cannot reach the API server at https://127\\.0\\.0\\.1:${port} \\(context "reader@harness"\\): connection refused`));
  });

  errors('--context picks the context; KUBECONFIG files are merged as kubectl merges them', async (ctx) => {
    const nobody = ctx.h!.kubeconfig('nobody', { context: 'first' });
    const reader = ctx.h!.kubeconfig('reader', { context: 'second' });
    const merged = await cli(['facts', '--cluster', '--context', 'second'], { KUBECONFIG: `${nobody}:${reader}` });
    assert.is(merged.code, 0, merged.stderr);
    // Without --context the first file's current-context (nobody) wins.
    const first = await cli(['facts', '--cluster'], { KUBECONFIG: `${nobody}:${reader}` });
    assert.is(first.code, 2);
    assert.match(first.stderr, /User "nobody"/);
  });

  errors('nodes are read page by page (limit/continue)', async (ctx) => {
    const { kc } = loadKubeconfig({ kubeconfig: ctx.h!.kubeconfig('reader') });
    const client = await KubeClient.create(kc, { timeoutMs: 60_000 });
    const pages: string[] = [];
    try {
      const col = await collect(client, { pageSize: 1, onProgress: (p) => pages.push(p.last) });
      const nodes = col.lists.find((l) => l.file === 'nodes.json')!;
      assert.equal(nodes.items.map((n) => n.metadata?.name), ['controlplane', 'node01', 'node02']);
      assert.equal(
        pages.filter((p) => p.startsWith('nodes ')),
        ['nodes 0', 'nodes 1', 'nodes 2'],
      );
    } finally {
      client.close();
    }
  });
}
errors.run();
