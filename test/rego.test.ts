/**
 * The policy toolchain as CI runs it: `opa test`, `opa check --strict`,
 * `opa fmt`, the committed wasm against a fresh build, and the wasm engine
 * against `opa eval` on the same inputs. Needs the pinned OPA (tools/go.mod);
 * without it these tests are skipped with the reason, except under CI where
 * a missing OPA fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectFacts } from '../src/check.js';
import { loadEngine } from '../src/policy/engine.js';
import { policyInput } from '../src/policy/findings.js';
import { FLEET_ENTRYPOINT, slim } from '../src/fleet/fleet.js';
import { repo, ROOT } from './helpers.js';

const OPA = process.env.OPA ?? repo('tools', 'bin', 'opa');
const haveOpa = existsSync(OPA);

if (!haveOpa && process.env.CI !== 'true') {
  process.stderr.write(`rego tests skipped: no pinned opa at ${OPA} (build it with: node scripts/opa.mjs version)\n`);
}

const rtest = haveOpa || process.env.CI === 'true' ? test : test.skip;

function opa(args: string[]): { code: number | null; out: string } {
  if (!haveOpa) return { code: 127, out: `no opa at ${OPA}: CI must build it (node scripts/opa.mjs version)` };
  const r = spawnSync(OPA, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

rtest('opa test: every Rego test passes', () => {
  const r = opa(['test', 'policies', '--format', 'json']);
  assert.is(r.code, 0, r.out.slice(0, 4000));
  const results = JSON.parse(r.out) as { name: string; fail?: boolean; error?: unknown }[];
  assert.ok(results.length >= 30, `only ${results.length} Rego tests`);
  assert.equal(results.filter((t) => t.fail || t.error).map((t) => t.name), []);
});

rtest('opa check --strict is clean', () => {
  const r = opa(['check', '--strict', 'policies']);
  assert.is(r.code, 0, r.out);
});

rtest('opa fmt: every policy is formatted', () => {
  const r = opa(['fmt', '--list', '--fail', 'policies']);
  assert.is(r.code, 0, `unformatted: ${r.out}`);
});

rtest('the committed policy.wasm and catalogue match a fresh build', () => {
  const r = spawnSync(process.execPath, [repo('scripts', 'build-policy.mjs'), '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, OPA },
  });
  assert.is(r.status, 0, `${r.stdout}${r.stderr}`);
});

rtest('the wasm engine and opa eval agree on every example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-diff-'));
  for (const example of ['examples/lab-seed.md', 'examples/lab-complete', 'examples/lab-broken']) {
    const { facts } = collectFacts([repo(example)]);
    const input = policyInput(facts);
    const data = { netcheck: { params: {} } };
    const engine = loadEngine();
    engine.setData(data);
    const wasm = engine.evaluateJSON(input);
    writeFileSync(join(dir, 'input.json'), input);
    writeFileSync(join(dir, 'data.json'), JSON.stringify(data));
    const r = opa(['eval', '-f', 'json', '-d', 'policies/kubenetcheck', '-d', join(dir, 'data.json'), '-i', join(dir, 'input.json'), 'data.kubenetcheck.results']);
    assert.is(r.code, 0, r.out);
    const evaluated = (JSON.parse(r.out) as { result: { expressions: { value: unknown }[] }[] }).result[0]?.expressions[0]?.value;
    assert.equal(normalise(wasm), normalise(evaluated), example);
  }
});

rtest('the wasm engine and opa eval agree on the fleet rules (examples/fleet, each kind of group, an unreadable cluster)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-fleet-diff-'));
  const names = ['eu-central', 'eu-west', 'us-east'];
  const clusters = names.map((name, i) => slim({ name, source: name, path: name }, collectFacts([repo('examples', 'fleet', 'clusters', name)]).facts, i));
  const lost = { name: 'lost', source: 'lost', readable: false, error: 'unreachable', cluster: { version: null, distribution: null }, networks: { node: [], pod: [], service: [] }, cni: { name: null, ipam: null } };
  const input = (groups: unknown[]): string => JSON.stringify({ clusters: [...clusters.map(({ observations: _o, ...c }) => c), lost], groups });
  const cases = [
    [],
    [{ name: 'global-mesh', kind: 'cilium-cluster-mesh', members: [...names, 'lost'] }],
    [{ name: 'vpn', kind: 'peering', members: ['eu-west', 'us-east'] }, { name: 'flat', kind: 'mesh', members: ['eu-central', 'us-east'] }],
  ];
  const engine = loadEngine();
  engine.setData({});
  for (const groups of cases) {
    const text = input(groups);
    const wasm = engine.evaluateJSON(text, FLEET_ENTRYPOINT);
    writeFileSync(join(dir, 'input.json'), text);
    const r = opa(['eval', '-f', 'json', '-d', 'policies/kubenetcheck', '-i', join(dir, 'input.json'), 'data.kubenetcheck.fleet.results']);
    assert.is(r.code, 0, r.out);
    const evaluated = (JSON.parse(r.out) as { result: { expressions: { value: unknown }[] }[] }).result[0]?.expressions[0]?.value;
    assert.equal(normalise(wasm), normalise(evaluated), JSON.stringify(groups));
    const found = Object.values(wasm as Record<string, Record<string, unknown[]>>).flatMap((rules) => Object.values(rules).flat());
    assert.ok(found.length > 0, 'the fleet rules found something to compare');
  }
});

/** Sets come back as arrays in either engine's order: sort them. */
function normalise(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalise).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, normalise(x)]));
  return v;
}

test.run();
