/**
 * The rule library's own contract: every rule package has its Rego file, its
 * `_test.rego` and complete METADATA (id, title, severity, description, a
 * remediation that says how to verify, the evidence it needs, references);
 * every rule has a passing and a failing example under examples/rules/<id>/
 * and an expectation in test/rule-examples.ts; README's rules table is the
 * catalogue's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadCatalogue } from '../src/policy/catalogue.js';
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

test.run();
