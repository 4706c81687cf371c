// Compiles policies/kubenetcheck to one WebAssembly module with the pinned OPA
// and generates the rule catalogue from the rules' METADATA annotations.
//
//   node scripts/build-policy.mjs           write policies/compiled/{policy.wasm,catalogue.json}
//   node scripts/build-policy.mjs --check   fail when the committed files differ from a fresh build
//
// Capabilities come from the file @open-policy-agent/opa-wasm ships, plus the
// rego_v1 feature, so a builtin the JavaScript SDK lacks fails here, not for users.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOpa, ROOT } from './opa.mjs';

// Relative, with cwd at the root: absolute paths would end up in the module and differ per checkout.
const POLICIES = 'policies/kubenetcheck';
const OUT = join(ROOT, 'policies', 'compiled');
// Two entrypoints in one module: one cluster's rules (entrypoint 0, the default the engine
// evaluates) and the fleet's cross-cluster rules on a fleet facts document (schemas/fleet.schema.json).
const ENTRYPOINTS = ['kubenetcheck/results', 'kubenetcheck/fleet/results'];

export function capabilities() {
  const caps = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@open-policy-agent', 'opa-wasm', 'capabilities.json'), 'utf8'));
  caps.features = [...new Set([...(caps.features ?? []), 'rego_v1'])];
  return caps;
}

export function build(opa) {
  const work = mkdtempSync(join(tmpdir(), 'kube-netcheck-policy-'));
  try {
    const capsFile = join(work, 'capabilities.json');
    writeFileSync(capsFile, JSON.stringify(capabilities()));
    const bundle = join(work, 'bundle.tar.gz');
    execFileSync(
      opa,
      ['build', '-t', 'wasm', ...ENTRYPOINTS.flatMap((e) => ['-e', e]), '--capabilities', capsFile, '--ignore', '*_test.rego', '-o', bundle, POLICIES],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    execFileSync('tar', ['-xzf', bundle, '-C', work, '/policy.wasm'], { stdio: ['ignore', 'inherit', 'pipe'] });
    const wasm = readFileSync(join(work, 'policy.wasm'));
    const inspected = JSON.parse(
      execFileSync(opa, ['inspect', '--annotations', '--format', 'json', POLICIES], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }),
    );
    // The compiler's version, shown by `kube-netcheck version` beside the policy's hash.
    const opaVersion = /^Version:\s*(\S+)/m.exec(execFileSync(opa, ['version'], { encoding: 'utf8' }))?.[1];
    if (!opaVersion) throw new Error(`build-policy: \`${opa} version\` printed no Version: line`);
    return { wasm, catalogue: catalogue(inspected, opaVersion) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * One entry per rule package with its annotations: `rules` for one cluster's
 * (data.kubenetcheck.rules.FAMILY.RULE), `fleetRules` for the cross-cluster rules
 * (data.kubenetcheck.fleet.rules.FAMILY.RULE).
 */
function catalogue(inspected, opaVersion) {
  const rules = [];
  const fleetRules = [];
  for (const a of inspected.annotations ?? []) {
    const ann = a.annotations ?? {};
    if (ann.scope !== 'package') continue;
    const full = (a.path ?? []).map((p) => p.value).filter((v) => v !== 'data');
    const fleet = full[0] === 'kubenetcheck' && full[1] === 'fleet' && full[2] === 'rules' && full.length === 5;
    const path = fleet ? ['kubenetcheck', ...full.slice(2)] : full;
    if (path[0] !== 'kubenetcheck' || path[1] !== 'rules' || path.length !== 4) continue;
    if (a.location?.file?.endsWith('_test.rego')) continue;
    const custom = ann.custom ?? {};
    (fleet ? fleetRules : rules).push({
      id: custom.id,
      title: ann.title,
      severity: custom.severity,
      family: path[2],
      rule: path[3],
      package: `data.${full.join('.')}`,
      description: (ann.description ?? '').trim(),
      remediation: (custom.remediation ?? '').trim(),
      evidence: custom.evidence ?? null,
      references: (ann.related_resources ?? []).map((r) => ({ url: r.ref, description: r.description ?? '' })),
      // Version-dependent facts the rule rests on: [{fact, versions, source}] (docs/version-facts.md).
      versions: (custom.versions ?? []).map((v) => ({ fact: String(v.fact ?? ''), versions: String(v.versions ?? ''), source: String(v.source ?? '') })),
      file: a.location?.file ? a.location.file.slice(a.location.file.indexOf('policies/')) : null,
    });
  }
  rules.sort((x, y) => String(x.id).localeCompare(String(y.id)));
  fleetRules.sort((x, y) => String(x.id).localeCompare(String(y.id)));
  return { generatedBy: 'scripts/build-policy.mjs from METADATA annotations; do not edit', opaVersion, rules, fleetRules };
}

function main() {
  const check = process.argv.includes('--check');
  const opa = findOpa();
  if (!opa) {
    process.stderr.write('build-policy: no opa and no Go to build it (tools/go.mod); see README, Policy toolchain\n');
    process.exit(2);
  }
  const { wasm, catalogue: cat } = build(opa);
  const catText = `${JSON.stringify(cat, null, 2)}\n`;
  if (check) {
    const wasmPath = join(OUT, 'policy.wasm');
    const catPath = join(OUT, 'catalogue.json');
    const problems = [];
    if (!existsSync(wasmPath) || !readFileSync(wasmPath).equals(wasm)) problems.push('policies/compiled/policy.wasm');
    if (!existsSync(catPath) || readFileSync(catPath, 'utf8') !== catText) problems.push('policies/compiled/catalogue.json');
    if (problems.length > 0) {
      process.stderr.write(`build-policy --check: ${problems.join(' and ')} differ from a fresh build: run \`npm run policy:build\` and commit\n`);
      process.exit(1);
    }
    process.stdout.write('build-policy --check: compiled policy and catalogue match a fresh build\n');
    return;
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'policy.wasm'), wasm);
  writeFileSync(join(OUT, 'catalogue.json'), catText);
  process.stdout.write(`build-policy: wrote policies/compiled/policy.wasm (${wasm.length} bytes) and catalogue.json (${cat.rules.length} rules, ${cat.fleetRules.length} fleet rules)\n`);
}

main();
