/**
 * GitLab Code Quality: the fields GitLab reads on every issue, its severity scale,
 * fingerprints unique per finding and stable across runs, waived findings left out,
 * undecided rules by the gate. (The exact outputs are golden files: formats.test.ts.)
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { brokenReport, GOLDEN_OPTIONS, partialReport } from '../../test/golden.js';
import { renderCodeQuality, type CodeQualityIssue } from './codequality.js';
import type { Report } from './model.js';

const SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];

function issues(report: Report): CodeQualityIssue[] {
  return JSON.parse(renderCodeQuality(report, GOLDEN_OPTIONS)) as CodeQualityIssue[];
}

test('every issue has the fields GitLab reads, a severity of its scale, and a fingerprint of its own', () => {
  for (const report of [brokenReport(), brokenReport({ waivers: 'examples/waivers.yaml' }), partialReport()]) {
    const list = issues(report);
    assert.ok(list.length > 0);
    for (const i of list) {
      assert.equal(Object.keys(i).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
      assert.ok(SEVERITIES.includes(i.severity), i.severity);
      assert.type(i.location.path, 'string');
      assert.ok(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1);
      assert.match(i.fingerprint, /^[0-9a-f]{64}$/);
    }
    assert.is(new Set(list.map((i) => i.fingerprint)).size, list.length);
  }
  // Stable: the same report twice, the same fingerprints.
  assert.equal(issues(brokenReport()).map((i) => i.fingerprint), issues(brokenReport()).map((i) => i.fingerprint));
});

test('a waived finding is left out; errors are critical, warnings major', () => {
  const plain = issues(brokenReport());
  const waived = issues(brokenReport({ waivers: 'examples/waivers.yaml' }));
  const report = brokenReport({ waivers: 'examples/waivers.yaml' });
  const waivedIds = report.findings.filter((f) => f.waived).map((f) => f.message);
  assert.ok(waivedIds.length > 0);
  for (const m of waivedIds) assert.not.ok(waived.some((i) => i.description.includes(m)), m);
  const kn101 = plain.find((i) => i.check_name === 'KN101')!;
  assert.is(kn101.severity, 'critical');
  assert.equal(kn101.location, { path: 'examples/lab-broken/lab.md', lines: { begin: 28 } });
  // The waiver file's notice of an expired waiver is a warning.
  const warning = report.findings.find((f) => f.severity === 'warning' && !f.waived)!;
  assert.is(waived.find((i) => i.check_name === warning.id)!.severity, 'major');
});

test('an undecided rule is critical when it fails the gate, minor under --allow-unknown, and says so', () => {
  const report = brokenReport();
  const base = report.findings.find((f) => f.severity === 'error')!;
  const undecided = { ...base, severity: 'unknown' as const, verdict: 'unknown' as const, locations: [] };
  const gated = issues({ ...report, findings: [undecided] });
  assert.is(gated[0]!.severity, 'critical');
  assert.match(gated[0]!.description, /^Undecided: /);
  assert.equal(gated[0]!.location, { path: '.', lines: { begin: 1 } });
  assert.is(issues({ ...report, allowUnknown: true, findings: [undecided] })[0]!.severity, 'minor');
});

test.run();
