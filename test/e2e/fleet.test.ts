/**
 * `kube-netcheck fleet check` through the real CLI: examples/fleet (three Cilium
 * clusters, one pod-range collision), a fleet file's groups, an unreadable cluster
 * among readable ones, a duplicate Cilium cluster ID, readiness, every format, and
 * usage errors.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, runCli } from '../helpers.js';

interface Json {
  passed: boolean;
  clusters: { name: string; readable: boolean; verdict: string; error?: string; findings: { id: string }[]; summary: { error: number } }[];
  fleet: { findings: { id: string; severity: string; message: string; clusters: string[]; group?: string; facts: string[]; locations: { cluster: string; file: string; line: number }[]; waived?: unknown }[]; groups: { name: string; kind: string }[] };
  readiness?: { rows: { cluster: string; status: string; blockers: string[]; notes: string[] }[] };
}

const CLUSTERS = 'examples/fleet/clusters';

function fleet(args: string[]): { code: number | null; json: Json; stderr: string } {
  const r = runCli(['fleet', 'check', ...args, '-o', 'json']);
  return { code: r.code, json: JSON.parse(r.stdout || '{}') as Json, stderr: r.stderr };
}

function copyFleet(): string {
  const dir = mkdtempSync(join(tmpdir(), 'knc-fleet-'));
  cpSync(repo(CLUSTERS), dir, { recursive: true });
  return dir;
}

test('examples/fleet: exactly one collision, KN801 naming both clusters and both evidence lines; exit 1', () => {
  const { code, json } = fleet([CLUSTERS]);
  assert.is(code, 1);
  assert.equal(json.clusters.map((c) => [c.name, c.readable, c.summary.error, c.verdict]), [
    ['eu-central', true, 0, 'PASSED'],
    ['eu-west', true, 0, 'FAILED'],
    ['us-east', true, 0, 'FAILED'],
  ]);
  assert.equal(json.fleet.findings.map((f) => [f.id, f.severity, f.clusters, f.group]), [['KN801', 'error', ['eu-west', 'us-east'], 'all clusters']]);
  const f = json.fleet.findings[0]!;
  assert.is(f.message, 'pod range 10.0.0.0/16 of cluster eu-west overlaps pod range 10.0.128.0/17 of cluster us-east (10.0.0.0/16 contains 10.0.128.0/17), in group "all clusters" (mesh)');
  assert.equal(f.locations.map((l) => `${l.cluster} ${l.file}:${l.line}`), [
    'eu-west examples/fleet/clusters/eu-west/cilium-config.yaml:17',
    'eu-west examples/fleet/clusters/eu-west/values.yaml:14',
    'us-east examples/fleet/clusters/us-east/cilium-config.yaml:17',
    'us-east examples/fleet/clusters/us-east/values.yaml:14',
  ]);
});

test('the fleet file: the group and its kind named in findings; Cilium names and IDs unique pass; avoid applies to every cluster', () => {
  const { code, json } = fleet([CLUSTERS, '--fleet', 'examples/fleet/fleet.yaml']);
  assert.is(code, 1);
  assert.equal(json.fleet.groups.map((g) => [g.name, g.kind]), [['global-mesh', 'cilium-cluster-mesh']]);
  assert.equal(json.fleet.findings.map((f) => [f.id, f.group]), [['KN801', 'global-mesh']]);
  // A fleet-wide avoid range that eu-central's node network lies in: KN102 in that cluster.
  const dir = mkdtempSync(join(tmpdir(), 'knc-fleet-file-'));
  writeFileSync(join(dir, 'fleet.yaml'), readFileSync(repo('examples/fleet/fleet.yaml'), 'utf8').replace('172.16.0.0/12', '192.168.58.0/23'));
  const avoided = fleet([CLUSTERS, '--fleet', join(dir, 'fleet.yaml')]).json;
  assert.equal(avoided.clusters.map((c) => [c.name, c.findings.map((x) => x.id)]), [
    ['eu-central', ['KN102']],
    ['eu-west', []],
    ['us-east', ['KN102']],
  ]);
});

test('a duplicate Cilium cluster ID in a Cluster Mesh group: KN803 naming both clusters', () => {
  const dir = copyFleet();
  for (const f of ['cilium-config.yaml', 'values.yaml']) {
    const p = join(dir, 'us-east', f);
    writeFileSync(p, readFileSync(p, 'utf8').replace('cluster-id: "3"', 'cluster-id: "1"').replace('id: 3', 'id: 1'));
  }
  const { json } = fleet([dir, '--fleet', 'examples/fleet/fleet.yaml']);
  const kn803 = json.fleet.findings.filter((f) => f.id === 'KN803');
  assert.equal(kn803.map((f) => [f.message, f.clusters]), [
    ['clusters eu-west and us-east have the same Cilium cluster ID, 1: each cluster of a Cluster Mesh needs its own, in group "global-mesh" (cilium-cluster-mesh)', ['eu-west', 'us-east']],
  ]);
  assert.equal(kn803[0]!.locations.filter((l) => l.cluster === 'us-east').map((l) => `${l.file.slice(dir.length + 1)}:${l.line}`), ['us-east/cilium-config.yaml:15', 'us-east/values.yaml:4']);
});

test('an unreadable cluster is KN800 and the others are judged; bad evidence names file and line', () => {
  const dir = copyFleet();
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'kube-apiserver.yaml'), 'apiVersion: v1\r\nkind: Pod\r\nmetadata: [\r\n');
  const { code, json } = fleet([dir]);
  assert.is(code, 1);
  const broken = json.clusters.find((c) => c.name === 'broken')!;
  assert.is(broken.readable, false);
  assert.is(broken.verdict, 'UNREADABLE');
  assert.match(broken.error ?? '', /broken\/kube-apiserver\.yaml:3: /);
  assert.equal(json.clusters.filter((c) => c.readable).map((c) => c.name), ['eu-central', 'eu-west', 'us-east']);
  assert.equal(json.fleet.findings.map((f) => [f.id, f.clusters]).sort(), [
    ['KN800', ['broken']],
    ['KN801', ['eu-west', 'us-east']],
  ]);
});

test('readiness: one row per cluster with what blocks the move (KN302/KN303)', () => {
  const dir = copyFleet();
  // us-east runs kube-proxy in userspace mode, removed in 1.26, instead of Cilium's replacement.
  for (const f of ['cilium-config.yaml', 'values.yaml']) {
    const p = join(dir, 'us-east', f);
    writeFileSync(p, readFileSync(p, 'utf8').replace('kube-proxy-replacement: "true"', 'kube-proxy-replacement: "false"').replace('kubeProxyReplacement: true', 'kubeProxyReplacement: false'));
  }
  writeFileSync(join(dir, 'us-east', 'kube-proxy.log'), 'I0120 14:02:11.118302       1 server_others.go:269] "Using userspace Proxier"\n');
  const { json } = fleet([dir, '--target-version', 'v1.33', '--target-proxy-mode', 'nftables']);
  const rows = json.readiness!.rows;
  assert.equal(rows.map((r) => [r.cluster, r.status]), [
    ['eu-central', 'ready'],
    ['eu-west', 'ready'],
    ['us-east', 'blocked'],
  ]);
  assert.ok(rows[2]!.blockers.some((b) => b.startsWith('KN302: ')), rows[2]!.blockers.join('\n'));
});

test('waivers: one file for every cluster and the cross-cluster findings; a waiver used nowhere is stale once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-fleet-waivers-'));
  const file = join(dir, 'waivers.yaml');
  writeFileSync(
    file,
    'waivers:\n  - rule: KN801\n    match:\n      cidr: 10.0.128.0/17\n    reason: us-east is re-addressed in the spring\n    owner: platform\n    expires: 2099-01-01\n  - rule: KN101\n    reason: nothing matches this\n    owner: platform\n    expires: 2099-01-01\n',
  );
  const { code, json } = fleet([CLUSTERS, '--waivers', file]);
  assert.is(code, 0);
  assert.equal(json.fleet.findings.map((f) => [f.id, f.waived !== undefined]), [
    ['KN992', false],
    ['KN801', true],
  ]);
  const bad = runCli(['fleet', 'check', CLUSTERS, '--waivers', join(dir, 'missing.yaml')]);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /missing\.yaml: cannot read the waiver file: no such file/);
});

test('text, markdown and html: the cluster × family table, the fleet map with the overlap, the grid', () => {
  const t = runCli(['fleet', 'check', CLUSTERS]);
  assert.is(t.code, 1);
  assert.match(t.stdout, /^cluster +ranges +daemonsets .* fleet +verdict$/m);
  assert.match(t.stdout, /^eu-west +ok .* E1 +FAILED$/m);
  assert.match(t.stdout, /at us-east: examples\/fleet\/clusters\/us-east\/cilium-config\.yaml:17  cluster-pool-ipv4-cidr: 10\.0\.128\.0\/17/);
  assert.match(t.stdout, /\nFleet: 3 clusters: 1 passed, 2 failed, 0 could not be read; across clusters 1 error, 0 warnings, 0 info, 0 unknown, 0 waived: FAILED \(fail-on error\)\n$/);
  const m = runCli(['fleet', 'check', CLUSTERS, '-o', 'markdown']);
  assert.match(m.stdout, /^## ❌ kube-netcheck fleet: FAILED$/m);
  assert.match(m.stdout, /^\| us-east \| ok \| .* \| E1 \| FAILED \|$/m);
  const h = runCli(['fleet', 'check', CLUSTERS, '-o', 'html']).stdout;
  assert.match(h, /Content-Security-Policy" content="default-src 'none'/);
  assert.match(h, /<g class="overlap" data-overlap="10\.0\.128\.0\/17">/);
  assert.match(h, /data-cluster="us-east" data-role="pod" data-cidr="10\.0\.128\.0\/17" data-pointer="\/clusters\/2\/networks\/pod\/0"/);
  assert.match(h, /<g class="range role-pod flagged" data-cluster="eu-west"/);
  assert.match(h, /<tr data-cluster="us-east">.*<td class="cell error" data-rule="KN801"/s);
  assert.not.match(h, /<script|https?:\/\/(?!www\.w3\.org)/);
});

test('usage errors exit 2: no subcommand, a folder with no cluster, a group naming an unknown cluster, two clusters of one name', () => {
  const none = runCli(['fleet']);
  assert.is(none.code, 2);
  assert.match(none.stderr, /fleet: no subcommand: expected fleet check DIR/);
  const empty = mkdtempSync(join(tmpdir(), 'knc-fleet-empty-'));
  writeFileSync(join(empty, 'notes.txt'), 'nothing\n');
  const e = runCli(['fleet', 'check', empty]);
  assert.is(e.code, 2);
  assert.match(e.stderr, /holds no cluster: expected one sub-folder of evidence per cluster/);
  const dir = mkdtempSync(join(tmpdir(), 'knc-fleet-groups-'));
  writeFileSync(join(dir, 'fleet.yaml'), 'groups:\n  - name: eu\n    clusters: [eu-west, eu-north]\n');
  const g = runCli(['fleet', 'check', CLUSTERS, '--fleet', join(dir, 'fleet.yaml')]);
  assert.is(g.code, 2);
  assert.match(g.stderr, /fleet\.yaml:2: group "eu": cluster eu-north is not in the fleet \(its clusters: eu-central, eu-west, us-east\)/);
  const twice = runCli(['fleet', 'check', CLUSTERS, CLUSTERS]);
  assert.is(twice.code, 2);
  assert.match(twice.stderr, /two clusters are named eu-central/);
  const live = runCli(['fleet', 'check', CLUSTERS, '--concurrency', '2']);
  assert.is(live.code, 2);
  assert.match(live.stderr, /--concurrency only with --context or --all-contexts/);
});


test('fleet plan: ranges for a new cluster that avoid every range of the fleet, checked by the rule library', () => {
  const r = runCli(['fleet', 'plan', CLUSTERS, '--nodes', '300', '-o', 'json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { request: { avoid: string[] }; plans: { podSubnet: string; serviceSubnet: string }[]; findings: unknown[] };
  // The three clusters' node networks, pod ranges (cilium-config and values agree) and service ranges.
  for (const cidr of ['192.168.57.0/24', '10.0.0.0/16', '10.1.0.0/16', '10.0.128.0/17', '10.96.0.0/16', '10.97.0.0/16', '10.98.0.0/16']) assert.ok(out.request.avoid.includes(cidr), cidr);
  assert.equal(out.findings, []);
  // Added to the fleet as a fourth cluster, the proposal collides with none of them.
  const dir = mkdtempSync(join(tmpdir(), 'knc-fleet-plan-'));
  cpSync(repo(CLUSTERS), dir, { recursive: true });
  const p = out.plans[0]!;
  cpSync(join(dir, 'eu-central'), join(dir, 'new'), { recursive: true });
  for (const f of ['cilium-config.yaml', 'values.yaml', 'kube-apiserver.yaml']) {
    const path = join(dir, 'new', f);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('10.1.0.0/16', p.podSubnet).replaceAll('10.97.0.0/16', p.serviceSubnet).replaceAll('192.168.58.', '192.168.60.').replace('eu-central', 'new'));
  }
  for (const f of ['kubectl-get-nodes-wide.txt', 'node01-ip-j-addr.json']) {
    const path = join(dir, 'new', f);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('192.168.58.', '192.168.60.'));
  }
  const c = fleet([dir]);
  assert.equal(c.json.fleet.findings.map((f) => f.clusters), [['eu-west', 'us-east']]);
  const gone = runCli(['fleet', 'plan', CLUSTERS, join(tmpdir(), 'no-such-fleet'), '--nodes', '10']);
  assert.is(gone.code, 2);
  const unreadable = mkdtempSync(join(tmpdir(), 'knc-fleet-plan-bad-'));
  mkdirSync(join(unreadable, 'broken'));
  writeFileSync(join(unreadable, 'broken', 'kube-apiserver.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: [\n');
  const bad = runCli(['fleet', 'plan', unreadable, '--nodes', '10']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /fleet plan: cannot plan around cluster broken \(.*broken\), which could not be read: .*kube-apiserver\.yaml:3: /);
  const mixed = runCli(['fleet', 'check', CLUSTERS, '--nodes', '10']);
  assert.is(mixed.code, 2);
  assert.match(mixed.stderr, /fleet check: --nodes only with fleet plan/);
});

test('a facts document is one cluster named by its file, beside folders; the same findings as its evidence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-fleet-facts-'));
  const facts = runCli(['facts', `${CLUSTERS}/us-east`]);
  assert.is(facts.code, 0, facts.stderr);
  writeFileSync(join(dir, 'us-east.json'), facts.stdout);
  cpSync(repo(CLUSTERS, 'eu-west'), join(dir, 'eu-west'), { recursive: true });
  writeFileSync(join(dir, 'notes.md'), 'the fleet of the EU team\n');
  const { code, json } = fleet([dir]);
  assert.is(code, 1);
  assert.equal(json.clusters.map((c) => [c.name, c.readable]), [
    ['eu-west', true],
    ['us-east', true],
  ]);
  assert.equal(json.fleet.findings.map((f) => [f.id, f.clusters, f.locations.map((l) => `${l.cluster} ${l.file.split('/').slice(-2).join('/')}:${l.line}`)]), [
    ['KN801', ['eu-west', 'us-east'], ['eu-west eu-west/cilium-config.yaml:17', 'eu-west eu-west/values.yaml:14', 'us-east us-east/cilium-config.yaml:17', 'us-east us-east/values.yaml:14']],
  ]);
});

test.run();
