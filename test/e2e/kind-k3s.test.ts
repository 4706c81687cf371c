/**
 * End to end: kind and k3s/RKE2 evidence through the real CLI. The examples
 * pass; a shell script piping a kind config through a heredoc is read at its
 * true lines (it used to abort with "not valid YAML"); review judges a kind or
 * k3s config before the cluster exists.
 */
import { appendFileSync, cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, runCli } from '../helpers.js';

interface Facts {
  cluster: { distribution: string | null };
  networks: { pod: { cidr: string }[]; service: { cidr: string }[] };
  kubeProxy: { present: boolean | null; mode: string | null };
  cni: { name: string | null };
  observations: { pointer: string; value: unknown; inferred?: boolean; source: { kind: string; file: string; line: number; excerpt: string } }[];
}

const tmp = (name: string, text: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-kind-k3s-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

test('check passes on examples/kind-cluster, examples/k3s-cluster and examples/microk8s', () => {
  for (const e of ['examples/kind-cluster', 'examples/k3s-cluster', 'examples/microk8s']) {
    const r = runCli(['check', e]);
    assert.is(r.code, 0, `${e}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /No findings: PASSED/);
  }
});

test('facts: a kind config in a heredoc, with its file lines, and kind defaults marked inferred', () => {
  const r = runCli(['facts', 'examples/kind-cluster/create-cluster.sh']);
  assert.is(r.code, 0, r.stderr);
  const f = JSON.parse(r.stdout) as Facts;
  assert.is(f.cluster.distribution, 'kind');
  assert.equal(f.networks.pod.map((n) => n.cidr), ['10.244.0.0/16']);
  assert.equal(f.networks.service.map((n) => n.cidr), ['10.96.0.0/16']);
  assert.is(f.kubeProxy.mode, 'ipvs');
  const pod = f.observations.find((o) => o.pointer === '/networks/pod/0');
  assert.equal([pod?.source.line, pod?.source.excerpt, pod?.inferred], [9, 'podSubnet: "10.244.0.0/16"', undefined]);
  const svc = f.observations.find((o) => o.pointer === '/networks/service/0');
  assert.equal([svc?.source.line, svc?.inferred], [6, true]);
  assert.match(svc?.source.excerpt ?? '', /^default of kind v0\.32\.0 \(serviceSubnet 10\.96\.0\.0\/16\), not stated$/);
});

test('a named shell script with a kind heredoc and tabs under <<-EOF is read, not refused as YAML', () => {
  const file = tmp('up.sh', 'if true; then\n\tcat <<-EOF > kind.yaml\n\tkind: Cluster\n\tapiVersion: kind.x-k8s.io/v1alpha4\n\tnetworking:\n\t  ipFamily: dual\n\t  serviceSubnet: "10.33.0.0/16,fd00:33::/112"\n\tEOF\nfi\nkind create cluster --config kind.yaml\n');
  const r = runCli(['facts', file]);
  assert.is(r.code, 0, r.stderr);
  const f = JSON.parse(r.stdout) as Facts;
  assert.equal(f.networks.service.map((n) => n.cidr), ['10.33.0.0/16', 'fd00:33::/112']);
  assert.equal(f.networks.pod.map((n) => n.cidr), ['10.244.0.0/16', 'fd00:10:244::/56']);
  assert.ok(f.observations.filter((o) => o.pointer.startsWith('/networks/service/')).every((o) => o.source.line === 7));
});

test('k3s: kube-proxy is present but embedded, and KN201 does not ask for DaemonSets k3s does not have', () => {
  const r = runCli(['facts', 'examples/k3s-cluster']);
  const f = JSON.parse(r.stdout) as Facts;
  assert.equal([f.cluster.distribution, f.kubeProxy.present, f.kubeProxy.mode, f.cni.name], ['k3s', true, 'ipvs', 'flannel']);
  const present = f.observations.find((o) => o.pointer === '/kubeProxy/present');
  assert.match(present?.source.excerpt ?? '', /inside its own process: no kube-proxy DaemonSet is expected/);
  const c = runCli(['check', 'examples/k3s-cluster', '-o', 'json']);
  const rep = JSON.parse(c.stdout) as { findings: { id: string }[] };
  assert.not.ok(rep.findings.some((x) => x.id === 'KN201'));
});

test('review: a kind config whose pod subnet overlaps its service subnet fails at the line', () => {
  const file = tmp('kind.yaml', 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  podSubnet: 10.96.0.0/12\n');
  const r = runCli(['review', file, '-o', 'json']);
  assert.is(r.code, 1, r.stderr);
  const rep = JSON.parse(r.stdout) as { findings: { id: string; severity: string; message: string; locations: { line: number }[] }[] };
  const kn101 = rep.findings.filter((x) => x.id === 'KN101' && x.severity === 'error');
  assert.ok(kn101.some((x) => /10\.96\.0\.0\/12/.test(x.message) && x.locations.some((l) => l.line === 4)), JSON.stringify(rep.findings));
});

test('review: a k3s config.yaml with overlapping ranges fails; a sound one does not error', () => {
  const bad = tmp('config.yaml', 'cluster-cidr: 10.43.0.0/16\nservice-cidr: 10.43.128.0/17\n');
  const r = runCli(['review', bad, '-o', 'json']);
  assert.is(r.code, 1, r.stderr);
  const rep = JSON.parse(r.stdout) as { findings: { id: string; severity: string }[] };
  assert.ok(rep.findings.some((x) => x.id === 'KN101' && x.severity === 'error'));
  const good = tmp('config.yaml', 'cluster-cidr: 10.42.0.0/16\nservice-cidr: 10.43.0.0/16\n');
  const g = JSON.parse(runCli(['review', good, '-o', 'json']).stdout) as { findings: { severity: string }[] };
  assert.not.ok(g.findings.some((x) => x.severity === 'error'));
});

// KN603 (issue #22): k3s's flannel comes with k3s's embedded network policy controller, so
// NetworkPolicies are enforced; with --disable-network-policy they isolate nothing.
test('KN603 on k3s: NetworkPolicies pass with the embedded controller, fail with disable-network-policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-k3s-netpol-'));
  cpSync(repo('examples', 'k3s-cluster'), dir, { recursive: true });
  writeFileSync(join(dir, 'np.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: default\nspec:\n  podSelector: {}\n');
  const ok = runCli(['check', '-o', 'json', dir]);
  assert.is(ok.code, 0, ok.stdout + ok.stderr);
  assert.not.ok((JSON.parse(ok.stdout) as { findings: { id: string }[] }).findings.some((f) => f.id === 'KN603'));
  appendFileSync(join(dir, 'etc', 'rancher', 'k3s', 'config.yaml'), 'disable-network-policy: true\n');
  const off = runCli(['check', '-o', 'json', dir]);
  assert.is(off.code, 1, off.stdout + off.stderr);
  const f = (JSON.parse(off.stdout) as { findings: { id: string; severity: string; locations: { file: string; line: number }[] }[] }).findings.find((x) => x.id === 'KN603');
  assert.ok(f, off.stdout);
  assert.is(f!.severity, 'error');
  assert.ok(f!.locations.some((l) => l.file.endsWith('np.yaml')));
});

// One folder, one cluster (issue #16): two kind configs naming two clusters are not merged.
test('two kind configs naming two clusters in one folder: KN901 names both, nothing merged silently', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-kind-two-'));
  const cfg = (name: string, pod: string): string =>
    `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: ${name}\nnetworking:\n  podSubnet: ${pod}\n`;
  writeFileSync(join(dir, 'dev.yaml'), cfg('dev', '10.244.0.0/16'));
  writeFileSync(join(dir, 'prod.yaml'), cfg('prod', '10.245.0.0/16'));
  const r = runCli(['check', '-o', 'json', '--allow-unknown', dir]);
  assert.is(r.code, 1, r.stdout + r.stderr);
  const rep = JSON.parse(r.stdout) as { findings: { id: string; message: string; locations: { file: string; line: number }[] }[] };
  const kn901 = rep.findings.filter((f) => f.id === 'KN901' && f.message.includes('dev') && f.message.includes('prod'));
  assert.is(kn901.length, 1, JSON.stringify(rep.findings.map((f) => [f.id, f.message])));
  assert.equal(kn901[0]!.locations.map((l) => [l.file.slice(dir.length + 1), l.line]).sort(), [['dev.yaml', 3], ['prod.yaml', 3]]);
});


// Two installers' configs in one folder are two clusters: a kind config naming dev and a k3s config
// naming none; --cluster-name picks one, whose facts alone are judged (host outputs stay).
test('a kind config and a k3s config in one folder: KN901 names both at their lines; --cluster-name picks one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-kind-k3s-two-'));
  // dev: a kind cluster whose pod range overlaps its service range (KN101 fails on it alone).
  writeFileSync(join(dir, 'kind.yaml'), 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: dev\nnetworking:\n  podSubnet: 10.96.0.0/16\n  serviceSubnet: 10.96.0.0/12\n');
  // the k3s cluster: its own defaults, which pass.
  writeFileSync(join(dir, 'config.yaml'), 'cluster-cidr: 10.42.0.0/16\nservice-cidr: 10.43.0.0/16\nwrite-kubeconfig-mode: "0644"\n');
  writeFileSync(join(dir, 'sysctl.txt'), 'net.ipv4.ip_forward = 1\n');
  const both = runCli(['check', '-o', 'json', '--allow-unknown', dir]);
  assert.is(both.code, 1, both.stdout + both.stderr);
  type Rep = { findings: { id: string; message: string; locations: { file: string; line: number }[] }[]; facts?: unknown };
  const rep = JSON.parse(both.stdout) as Rep;
  const kn901 = rep.findings.filter((f) => f.id === 'KN901');
  assert.equal(
    kn901.map((f) => f.message.replaceAll(`${dir}/`, '')),
    ["the evidence describes 2 clusters: k3s (k3s, no name given) at config.yaml:1 and dev (kind) at kind.yaml:3: their facts are not judged as one cluster's; pick one with --cluster-name NAME, or give each its own folder"],
  );
  assert.equal(kn901[0]!.locations.map((l) => [l.file.slice(dir.length + 1), l.line]), [['config.yaml', 1], ['kind.yaml', 3]]);

  // The text report says which clusters were seen, and how to pick.
  const text = runCli(['check', '--allow-unknown', dir]);
  assert.match(text.stdout.replaceAll(`${dir}/`, ''), /Clusters seen: k3s \(k3s, no name given, config\.yaml:1\), dev \(kind, kind\.yaml:3\); not judged as one cluster \(KN901\): pick one with --cluster-name NAME/);

  // k3s alone: passes; the kind config is not read, the host output is.
  const k3s = runCli(['check', '--allow-unknown', '--cluster-name', 'k3s', dir]);
  assert.is(k3s.code, 0, k3s.stdout + k3s.stderr);
  assert.match(k3s.stdout.replaceAll(`${dir}/`, ''), /Clusters seen: k3s \(k3s, no name given, config\.yaml:1\), dev \(kind, kind\.yaml:3\); read only k3s \(--cluster-name\) and evidence of no cluster\./);
  const kf = JSON.parse(runCli(['facts', '--cluster-name', 'k3s', dir]).stdout) as Facts & { sysctls: unknown[] };
  assert.equal([kf.cluster.distribution, kf.networks.pod.map((n) => n.cidr), kf.sysctls.length], ['k3s', ['10.42.0.0/16'], 1]);

  // dev alone: fails on its own facts (pod range inside the service range), without KN901.
  const dev = runCli(['check', '-o', 'json', '--allow-unknown', '--cluster-name', 'dev', dir]);
  assert.is(dev.code, 1, dev.stdout + dev.stderr);
  const devRep = JSON.parse(dev.stdout) as Rep;
  assert.equal(devRep.findings.filter((f) => f.id === 'KN901'), []);
  assert.ok(devRep.findings.some((f) => f.id === 'KN101' && f.locations.every((l) => l.file.endsWith('kind.yaml'))), JSON.stringify(devRep.findings.map((f) => f.id)));

  // A name the evidence does not hold: a usage error listing the clusters seen.
  const bad = runCli(['check', '--cluster-name', 'prod', dir]);
  assert.is(bad.code, 2, bad.stdout + bad.stderr);
  assert.match(bad.stderr.replaceAll(`${dir}/`, ''), /--cluster-name prod: no such cluster in the evidence \(clusters seen: k3s \(k3s, no name given, config\.yaml:1\); dev \(kind, kind\.yaml:3\)\)/);
  assert.not.match(bad.stderr, /\n\s+at /);
});

test('MicroK8s: the launch configuration and args files read at their lines; kube-proxy runs inside kubelite, no DaemonSet asked for', () => {
  const r = runCli(['facts', 'examples/microk8s']);
  assert.is(r.code, 0, r.stderr);
  const f = JSON.parse(r.stdout) as Facts;
  assert.equal([f.cluster.distribution, f.networks.pod.map((n) => n.cidr), f.networks.service.map((n) => n.cidr), f.cni.name, f.kubeProxy.present], ['microk8s', ['10.3.0.0/16'], ['10.153.183.0/24'], 'calico', true]);
  const at = (pointer: string) => f.observations.filter((o) => o.pointer === pointer).map((o) => `${o.source.file}:${o.source.line}${o.inferred ? '~' : ''}`);
  assert.equal(at('/networks/pod/0'), ['examples/microk8s/microk8s.yaml:7']);
  assert.equal(at('/networks/service/0'), ['examples/microk8s/args/kube-apiserver:2', 'examples/microk8s/microk8s.yaml:8']);
  const present = f.observations.find((o) => o.pointer === '/kubeProxy/present');
  assert.match(present?.source.excerpt ?? '', /inside kubelite.*: no kube-proxy DaemonSet is expected/);
  // Without the DaemonSet table, KN201 is undecided for Calico's DaemonSet, never failed for kube-proxy's.
  const dir = mkdtempSync(join(tmpdir(), 'knc-microk8s-'));
  cpSync(repo('examples', 'microk8s'), dir, { recursive: true });
  writeFileSync(join(dir, 'kubectl-get-ds-A.txt'), '');
  const c = runCli(['check', '-o', 'json', dir]);
  const kn201 = (JSON.parse(c.stdout) as { findings: { id: string; severity: string }[] }).findings.filter((x) => x.id === 'KN201');
  assert.ok(kn201.every((x) => x.severity === 'unknown'), c.stdout);
});

test.run();
