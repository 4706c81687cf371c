/**
 * SARIF against the official OASIS SARIF 2.1.0 schema and JUnit against the
 * Jenkins xUnit junit-10.xsd, both vendored in test/schemas/ (see its README
 * for origin and sha256, checked here first).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { brokenReport, changeReport, GOLDEN_OPTIONS } from '../../test/golden.js';
import { repo } from '../../test/helpers.js';
import { renderJUnit } from './junit.js';
import type { Report } from './model.js';
import { renderSARIF } from './sarif.js';
import { apiObjectReport, unknownReport } from '../../test/fixtures.js';

const SARIF_SCHEMA = repo('test', 'schemas', 'sarif-schema-2.1.0.json');
const JUNIT_XSD = repo('test', 'schemas', 'junit-10.xsd');

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

test('vendored schemas are the published bytes (README sha256)', () => {
  const readme = readFileSync(repo('test', 'schemas', 'README.md'), 'utf8');
  for (const file of [SARIF_SCHEMA, JUNIT_XSD]) assert.ok(readme.includes(sha256(file)), `${file}: sha256 ${sha256(file)} not in README`);
});

// Both are CommonJS; under NodeNext their default import is module.exports.
type AjvDraft04 = InstanceType<typeof ajvDraft04.default>;
const AjvDraft04 = ajvDraft04.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvDraft04) => AjvDraft04;

function sarifValidator(): (doc: unknown) => string[] {
  const ajv = new AjvDraft04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message ?? ''}`));
}

const reports: [string, () => Report][] = [
  ['broken example', () => brokenReport()],
  ['broken example with waivers', () => brokenReport({ waivers: 'examples/waivers.yaml' })],
  ['live-cluster evidence', apiObjectReport],
  ['undecided rules', unknownReport],
  ['change reviewed against a cluster', () => changeReport()],
  ['change reviewed against a cluster with --fail-on-existing', () => changeReport({ failOnExisting: true })],
];

for (const [name, make] of reports) {
  test(`SARIF of the ${name} is valid SARIF 2.1.0`, () => {
    const errors = sarifValidator()(JSON.parse(renderSARIF(make(), GOLDEN_OPTIONS)));
    assert.equal(errors, []);
  });
}

test('the SARIF validator does reject a broken log (the test can fail)', () => {
  const doc = JSON.parse(renderSARIF(brokenReport(), GOLDEN_OPTIONS)) as { runs: { results: { level: string }[] }[] };
  doc.runs[0]!.results[0]!.level = 'fatal';
  assert.ok(sarifValidator()(doc).length > 0);
});

const xmllint = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
const haveXmllint = xmllint.status === 0;
if (!haveXmllint && process.env.CI !== 'true') {
  console.log('skipped: JUnit XSD validation needs xmllint (Debian libxml2-utils); CI installs it and never skips');
}
const xsdTest = haveXmllint || process.env.CI === 'true' ? test : test.skip;

function xsdErrors(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'knc-junit-'));
  const file = join(dir, 'report.xml');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return r.status === 0 ? '' : r.stderr;
}

for (const [name, make] of reports) {
  xsdTest(`JUnit of the ${name} is valid against junit-10.xsd`, () => {
    assert.is(xsdErrors(renderJUnit(make(), GOLDEN_OPTIONS)), '');
  });
}

xsdTest('the XSD validation does reject a broken file (the test can fail)', () => {
  const bad = renderJUnit(brokenReport(), GOLDEN_OPTIONS).replace('<testcase name=', '<testcase nom=');
  assert.match(xsdErrors(bad), /name|nom/);
});

test.run();
