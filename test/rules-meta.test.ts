/**
 * The rule library's own contract: every rule package has its Rego file, its
 * `_test.rego` and complete METADATA (id, title, severity, description, a
 * remediation that says how to verify, the evidence it needs, references);
 * every rule has a passing and a failing example under examples/rules/<id>/
 * and an expectation in test/rule-examples.ts; README's rules table is the
 * catalogue's. In review mode (a configuration judged before the cluster
 * exists) no finding of any rule depends on runtime facts unless they were
 * given, and what the installer defaults is known.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check } from '../src/check.js';
import { parseCIDR, type Network } from '../src/facts/address.js';
import { emptyFacts } from '../src/facts/normalise.js';
import type { Facts } from '../src/facts/types.js';
import { loadCatalogue, loadFleetCatalogue } from '../src/policy/catalogue.js';
import { evaluateBuiltin } from '../src/policy/findings.js';
import { repo, ROOT } from './helpers.js';
import { EXAMPLES } from './rule-examples.js';

const RULES = repo('policies', 'kubenetcheck', 'rules');

/** family/rule folders under policies/kubenetcheck/rules. */
function ruleFolders(): { family: string; rule: string; dir: string }[] {
  const out: { family: string; rule: string; dir: string }[] = [];
  for (const family of readdirSync(RULES)) {
    if (!statSync(join(RULES, family)).isDirectory()) continue;
    for (const rule of readdirSync(join(RULES, family))) {
      const dir = join(RULES, family, rule);
      if (statSync(dir).isDirectory()) out.push({ family, rule, dir });
    }
  }
  return out;
}

function files(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile()) : [];
}

test('every rule folder has its .rego, its _test.rego and a catalogue entry', () => {
  const problems: string[] = [];
  for (const { family, rule, dir } of ruleFolders()) {
    if (!existsSync(join(dir, `${rule}.rego`))) problems.push(`${family}/${rule}: no ${rule}.rego`);
    if (!existsSync(join(dir, `${rule}_test.rego`))) problems.push(`${family}/${rule}: no ${rule}_test.rego`);
    if (!loadCatalogue().some((r) => r.family === family && r.rule === rule)) problems.push(`${family}/${rule}: no catalogue entry (METADATA with custom.id?)`);
  }
  assert.equal(problems, []);
  assert.ok(ruleFolders().length >= 20, `only ${ruleFolders().length} rules`);
});

test('every rule has complete metadata', () => {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const r of loadCatalogue()) {
    const name = `${r.family}/${r.rule}`;
    if (!/^KN\d{3}$/.test(r.id ?? '')) problems.push(`${name}: custom.id ${JSON.stringify(r.id)} is not KNnnn`);
    if (ids.has(r.id)) problems.push(`${name}: id ${r.id} used twice`);
    ids.add(r.id);
    if (!['error', 'warning', 'info'].includes(r.severity)) problems.push(`${name}: severity ${JSON.stringify(r.severity)}`);
    if (!r.title || r.title.length < 10) problems.push(`${name}: no title`);
    if (r.description.length < 80) problems.push(`${name}: description too short`);
    if (r.remediation.length < 80) problems.push(`${name}: remediation too short`);
    if (!/verif/i.test(r.remediation)) problems.push(`${name}: remediation does not say how to verify`);
    if (!r.evidence) problems.push(`${name}: no custom.evidence`);
    if (r.references.length === 0) problems.push(`${name}: no related_resources`);
    for (const ref of r.references) if (!/^https:\/\//.test(ref.url) || ref.description === '') problems.push(`${name}: reference ${ref.url} needs an https URL and a description`);
    if (r.family !== r.file?.split('/')[3]) problems.push(`${name}: custom.family differs from its folder`);
  }
  assert.equal(problems, []);
});

test('every rule has a passing and a failing example, and an expectation for the failing one', () => {
  const problems: string[] = [];
  for (const r of loadCatalogue()) {
    for (const kind of ['pass', 'fail']) {
      if (files(repo('examples', 'rules', r.id, kind)).length === 0) problems.push(`${r.id}: no evidence in examples/rules/${r.id}/${kind}/`);
    }
    if (!EXAMPLES.some((e) => e.id === r.id)) problems.push(`${r.id}: no expectation in test/rule-examples.ts`);
  }
  for (const e of EXAMPLES) if (!loadCatalogue().some((r) => r.id === e.id)) problems.push(`test/rule-examples.ts: ${e.id} is not a rule`);
  assert.equal(problems, []);
});

/** Kubernetes versions (1.20, v1.33) and component releases (v0.25.5) a rule's text names. */
export function versionsNamed(text: string): string[] {
  return [...new Set(text.match(/\b(?:v?1\.\d{2}|v\d+\.\d+\.\d+)\b/g) ?? [])].map((v) => v.replace(/^v(?=1\.\d{2}$)/, ''));
}

test('a rule whose text names a version lists the version-dependent facts it rests on, each with a source among its references', () => {
  const problems: string[] = [];
  for (const r of loadCatalogue()) {
    const named = versionsNamed(`${r.description}\n${r.remediation}`);
    const refs = new Set(r.references.map((x) => x.url));
    const versions = r.versions ?? [];
    if (named.length > 0 && versions.length === 0) problems.push(`${r.id}: names ${named.join(', ')} but has no custom.versions`);
    for (const v of versions) {
      if (!v.fact || !v.versions || !v.source) problems.push(`${r.id}: a custom.versions entry needs fact, versions and source: ${JSON.stringify(v)}`);
      else if (!/^https:\/\//.test(v.source)) problems.push(`${r.id}: the source of "${v.fact}" is not an https URL`);
      else if (!refs.has(v.source)) problems.push(`${r.id}: the source of "${v.fact}" (${v.source}) is not among its related_resources`);
    }
    const covered = versions.map((v) => `${v.fact} ${v.versions}`).join(' ');
    for (const n of named) if (!covered.includes(n)) problems.push(`${r.id}: names ${n}, which no custom.versions entry covers`);
  }
  assert.equal(problems, []);
});

test('the version-dependent facts page is the catalogue\'s (docs/version-facts.md)', () => {
  const r = spawnSync(process.execPath, [repo('scripts', 'version-facts.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, `${r.stdout}${r.stderr}`);
});

test("README's rules table is the catalogue's", () => {
  const r = spawnSync(process.execPath, [repo('scripts', 'readme-rules.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(r.status, 0, `${r.stdout}${r.stderr}`);
});

// Facts only a running cluster has: the state of nodes and workloads, never written in
// a configuration under review. (The Kubernetes version is not among them: a kubeadm
// config states it, --target-version gives it.)
const RUNTIME = ['/nodes', '/daemonSets', '/networks/node', '/interfaces', '/sysctls', '/routes', '/kubeProxy/nodeIPs', '/networkPolicies'];
const isRuntime = (p: string): boolean => RUNTIME.some((r) => p === r || p.startsWith(`${r}/`));

const cidr = (text: string): Network => {
  const p = parseCIDR(text);
  if (!p.ok) throw new Error(p.error);
  return p.value;
};
const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
const nullable = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null });

/** Configuration alone, as `review` sees a kubeadm, kube-proxy or CNI config: every runtime fact empty. */
const configOnly: fc.Arbitrary<Facts> = fc
  .record({
    version: pick([null, 'v1.24.17', 'v1.29.3', 'v1.31.4', 'v1.33.1', 'v1.34.0', 'v1.35.0', 'v1.37.2']),
    pod: fc.uniqueArray(pick(['10.244.0.0/16', '10.244.0.0/25', '10.96.0.0/16', '192.168.51.0/16', 'fd00:10:244::/56', 'fd00:10:244::/40']), { maxLength: 2 }),
    service: fc.uniqueArray(pick(['10.96.0.0/12', '10.0.0.0/8', '10.96.0.0/29', 'fd00:10:96::/112', 'fd00:10:96::/64']), { maxLength: 2 }),
    mask4: nullable(pick([16, 24, 28])),
    mask6: nullable(pick([64, 120])),
    allocate: nullable(fc.boolean()),
    clusterDNS: fc.uniqueArray(pick(['10.96.0.10', '10.32.0.10', 'fd00:10:96::a']), { maxLength: 2 }),
    modes: fc.uniqueArray(pick(['iptables', 'ipvs', 'nftables', 'kernelspace']), { maxLength: 1 }),
    replacement: nullable(pick(['cilium'])),
    cni: nullable(pick(['calico', 'flannel', 'cilium', 'weave-net'])),
    encapsulation: nullable(pick(['vxlan', 'ipip', 'wireguard', 'none'])),
    mtu: nullable(pick([1440, 1450, 1500])),
    pools: fc.array(fc.record({ cidr: pick(['10.244.0.0/16', '192.168.0.0/16']), blockSize: nullable(pick([24, 26])), encapsulation: nullable(pick(['vxlan', 'ipip'])) }), { maxLength: 1 }),
  })
  .map((r) => {
    const f = emptyFacts();
    f.cluster = { ...f.cluster, version: r.version, nodeCIDRMaskSize: { IPv4: r.mask4, IPv6: r.mask6 }, allocateNodeCIDRs: r.allocate, clusterDNS: r.clusterDNS };
    f.networks = { node: [], pod: r.pod.map(cidr), service: r.service.map(cidr) };
    const present = r.replacement === null;
    f.kubeProxy = { ...f.kubeProxy, present, mode: present ? (r.modes[0] ?? null) : null, modes: present ? r.modes : [], modeSource: present && r.modes.length > 0 ? 'stated' : null, replacement: r.replacement };
    f.cni = {
      ...f.cni,
      name: r.cni,
      encapsulation: r.encapsulation,
      mtu: r.mtu,
      pools: r.pools.map((p) => ({ name: null, network: cidr(p.cidr), blockSize: p.blockSize, encapsulation: p.encapsulation, disabled: false })),
    };
    return f;
  });

test('review mode: no finding of any rule depends on runtime facts that were not given', () => {
  fc.assert(
    fc.property(configOnly, (facts) => {
      for (const f of evaluateBuiltin(facts, { mode: 'review' })) {
        const runtime = f.facts.filter(isRuntime);
        assert.equal(runtime, [], `${f.id} ${f.severity}: ${f.message} names runtime facts that no evidence gave`);
        if (f.message.startsWith('verify before rollout: ')) assert.is(f.severity, 'info', `${f.id}: ${f.message}`);
      }
    }),
    { numRuns: 300, seed: 18 },
  );
});

test("review mode: every kubeadm ClusterConfiguration decides kube-proxy's mode from kubeadm's default", () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-meta-'));
  const configs: [string, string][] = [];
  for (const api of ['v1beta3', 'v1beta4']) {
    for (const networking of ['', 'networking:\n  podSubnet: 10.244.0.0/16\n', 'networking:\n  podSubnet: 10.244.0.0/16,fd00:10:244::/56\n  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112\n']) {
      configs.push([`${api}-${configs.length}.yaml`, `apiVersion: kubeadm.k8s.io/${api}\nkind: ClusterConfiguration\nkubernetesVersion: v1.33.0\n${networking}`]);
    }
  }
  for (const [name, text] of configs) {
    const file = join(dir, name);
    writeFileSync(file, text);
    const report = check([file], { params: { mode: 'review' } });
    const runtime = report.findings.filter((f) => f.facts.some(isRuntime));
    assert.equal(runtime.map((f) => `${f.id}: ${f.message}`), [], `${name}:\n${text}`);
    assert.ok(!report.findings.some((f) => f.id === 'KN301'), `${name}: kube-proxy's mode is kubeadm's default`);
  }
});

test('every fleet rule (policies/kubenetcheck/fleet/rules) has its .rego, its _test.rego, complete metadata and its own id', () => {
  const problems: string[] = [];
  const dir = repo('policies', 'kubenetcheck', 'fleet', 'rules');
  const ids = new Set(loadCatalogue().map((r) => r.id));
  for (const family of readdirSync(dir)) {
    for (const rule of readdirSync(join(dir, family))) {
      const at = join(dir, family, rule);
      if (!existsSync(join(at, `${rule}.rego`)) || !existsSync(join(at, `${rule}_test.rego`))) problems.push(`fleet ${family}/${rule}: no .rego or _test.rego`);
      if (!loadFleetCatalogue().some((r) => r.family === family && r.rule === rule)) problems.push(`fleet ${family}/${rule}: no catalogue entry`);
    }
  }
  for (const r of loadFleetCatalogue()) {
    const name = `fleet ${r.family}/${r.rule}`;
    if (!/^KN8\d{2}$/.test(r.id)) problems.push(`${name}: id ${r.id} is not KN8nn`);
    if (ids.has(r.id)) problems.push(`${name}: id ${r.id} used twice`);
    ids.add(r.id);
    if (r.description.length < 80 || r.remediation.length < 80 || !/verif/i.test(r.remediation) || !r.evidence || r.references.length === 0) problems.push(`${name}: incomplete metadata`);
    if (r.family !== r.file?.split('/')[4]) problems.push(`${name}: custom.family differs from its folder`);
  }
  assert.equal(problems, []);
  assert.ok(loadFleetCatalogue().length >= 4);
});

test.run();
