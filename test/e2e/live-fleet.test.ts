/**
 * `fleet check` against real clusters: two kube-apiserver + etcd pairs of the
 * pinned build (test/harness), seeded as the lab cluster, the second with a pod
 * range that collides with the first's, both in one kubeconfig with distinct
 * contexts, plus a context whose API server is not there. The fleet report must
 * find exactly that collision, name the unreachable cluster, and judge the others.
 * Without the binaries this is skipped with the reason, except under CI.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { binaries, startHarness, type Harness } from '../harness/apiserver.js';
import { seedLab } from '../harness/lab.js';
import { CLI, ROOT } from '../helpers.js';

const found = binaries();
const ci = process.env.CI === 'true';
const reason = 'missing' in found ? found.missing : '';
if (reason && !ci) process.stderr.write(`live fleet tests skipped: ${reason}\n`);

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: '/nonexistent' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface KubeconfigFile {
  clusters: { cluster: { server: string; 'certificate-authority': string } }[];
  users: { user: { token: string } }[];
}

/** One kubeconfig with a context per cluster, as a platform team's would be: distinct cluster, user and context names. */
function fleetKubeconfig(dir: string, members: { context: string; file: string; server?: string }[]): string {
  const clusters: string[] = [];
  const users: string[] = [];
  const contexts: string[] = [];
  for (const m of members) {
    const kc = parse(readFileSync(m.file, 'utf8')) as KubeconfigFile;
    clusters.push(`- name: ${m.context}-cluster`, '  cluster:', `    server: ${m.server ?? kc.clusters[0]!.cluster.server}`, `    certificate-authority: ${kc.clusters[0]!.cluster['certificate-authority']}`);
    users.push(`- name: ${m.context}-reader`, '  user:', `    token: ${kc.users[0]!.user.token}`);
    contexts.push(`- name: ${m.context}`, '  context:', `    cluster: ${m.context}-cluster`, `    user: ${m.context}-reader`);
  }
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, ['apiVersion: v1', 'kind: Config', 'clusters:', ...clusters, 'users:', ...users, 'contexts:', ...contexts, `current-context: ${members[0]!.context}`, ''].join('\n'));
  return file;
}

interface Json {
  passed: boolean;
  clusters: { name: string; source: string; readable: boolean; error?: string; findings: { id: string; verdict: string; locations: { file: string }[] }[] }[];
  fleet: { findings: { id: string; verdict: string; message: string; clusters: string[]; locations: { cluster: string; file: string; field?: string }[] }[] };
}

const live = suite<{ hs: Harness[]; kubeconfig: string; error: unknown }>('live fleet', { hs: [], kubeconfig: '', error: null });
if (reason && !ci) {
  live.skip(`live fleet (skipped: ${reason})`, () => undefined);
} else {
  live.before(async (ctx) => {
    try {
      if ('missing' in found) throw new Error(`the live-cluster harness cannot start under CI: ${found.missing}`);
      const [eu, us] = await Promise.all([startHarness(found), startHarness(found, { serviceRange: '10.112.0.0/12' })]);
      ctx.hs = [eu!, us!];
      // us-east takes eu-west's pod range by mistake; its service range is its own.
      await Promise.all([seedLab(eu!, 'complete'), seedLab(us!, 'complete', { podRange: '10.244.0.0/16', serviceRange: '10.112.0.0/12' })]);
      const dir = mkdtempSync(join(tmpdir(), 'kn-fleet-live-'));
      ctx.kubeconfig = fleetKubeconfig(dir, [
        { context: 'eu-west', file: eu!.kubeconfig('reader') },
        { context: 'us-east', file: us!.kubeconfig('reader') },
        { context: 'gone', file: eu!.kubeconfig('reader'), server: `https://127.0.0.1:${await closedPort()}` },
      ]);
    } catch (e) {
      ctx.error = e;
    }
  });
  live.before.each((ctx) => {
    if (ctx.error) throw ctx.error;
  });
  live.after(async (ctx) => {
    await Promise.all(ctx.hs.map((h) => h.stop()));
  });

  live('--all-contexts: exactly the collision between eu-west and us-east, the unreachable cluster reported, the others judged', async (ctx) => {
    const r = await cli(['fleet', 'check', '--all-contexts', '--kubeconfig', ctx.kubeconfig, '--concurrency', '2', '--timeout', '20s', '-o', 'json']);
    assert.is(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as Json;
    assert.equal(json.clusters.map((c) => [c.name, c.source, c.readable]), [
      ['eu-west', 'context eu-west', true],
      ['us-east', 'context us-east', true],
      ['gone', 'context gone', false],
    ]);
    assert.match(json.clusters[2]!.error ?? '', /cannot reach the API server at https:\/\/127\.0\.0\.1:\d+ \(context "gone"\)/);
    // Live evidence is located by API object.
    assert.ok(json.clusters[0]!.findings.every((f) => f.locations.every((l) => !l.file.startsWith('/'))));
    const failed = json.fleet.findings.filter((f) => f.verdict === "fail");
    assert.equal(failed.map((f) => [f.id, f.clusters]), [
      ['KN800', ['gone']],
      ['KN801', ['eu-west', 'us-east']],
    ]);
    const kn801 = failed[1]!;
    assert.is(kn801.message, 'pod range 10.244.0.0/16 of cluster eu-west overlaps pod range 10.244.0.0/16 of cluster us-east (they are the same range), in group "all clusters" (mesh)');
    assert.equal([...new Set(kn801.locations.map((l) => l.cluster))], ['eu-west', 'us-east']);
    assert.ok(kn801.locations.every((l) => /^(apps\/)?v1\//.test(l.file)), JSON.stringify(kn801.locations));
  });

  live('--context twice: only those clusters; the same collision', async (ctx) => {
    const r = await cli(['fleet', 'check', '--context', 'us-east', '--context', 'eu-west', '--kubeconfig', ctx.kubeconfig, '-o', 'json']);
    assert.is(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as Json;
    assert.equal(json.clusters.map((c) => c.name), ['us-east', 'eu-west']);
    assert.equal(json.fleet.findings.filter((f) => f.verdict === 'fail').map((f) => [f.id, f.clusters]), [['KN801', ['us-east', 'eu-west']]]);
  });

  live.run();
}
