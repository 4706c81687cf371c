/**
 * Every format on examples/lab-broken, compared exactly with testdata/; and
 * with a waiver file applied (one waived finding, one expired, one stale).
 * After an intended change: UPDATE_GOLDEN=1 npm test, then review the diff.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FORMAT_NAMES, render, type FormatName } from './formats.js';
import { MAX_FINDINGS } from './markdown.js';
import { summarise } from './model.js';
import type { Params } from '../check.js';
import { brokenReport, changeReport, golden, GOLDEN_OPTIONS, PARTIAL_RULES, partialReport } from '../../test/golden.js';

const EXT: Record<FormatName, string> = {
  text: 'txt',
  json: 'json',
  junit: 'junit.xml',
  sarif: 'sarif',
  github: 'github.txt',
  markdown: 'md',
  html: 'html',
  codequality: 'codequality.json',
};

for (const format of FORMAT_NAMES) {
  test(`${format}: the broken example, exactly`, () => {
    const actual = render(format, brokenReport(), GOLDEN_OPTIONS);
    assert.fixture(actual, golden(`lab-broken.${EXT[format]}`, actual));
  });

  test(`${format}: partial evidence, a node list cut short beside the broken example: KN900 at its file, line and column, exactly`, () => {
    const actual = render(format, partialReport(), { ...GOLDEN_OPTIONS, rules: PARTIAL_RULES });
    assert.fixture(actual, golden(`lab-broken-partial.${EXT[format]}`, actual));
  });

  test(`${format}: the broken example with waivers (waived, expired, stale), exactly`, () => {
    const actual = render(format, brokenReport({ waivers: 'examples/waivers.yaml' }), GOLDEN_OPTIONS);
    assert.fixture(actual, golden(`lab-broken-waived.${EXT[format]}`, actual));
  });

  test(`${format}: a change reviewed against a cluster: introduced by the change, already in the cluster, resolved, exactly`, () => {
    const actual = render(format, changeReport(), GOLDEN_OPTIONS);
    assert.fixture(actual, golden(`review-change.${EXT[format]}`, actual));
  });

  test(`${format}: the same change with --fail-on-existing: the cluster's error fails the gate too, exactly`, () => {
    const actual = render(format, changeReport({ failOnExisting: true }), GOLDEN_OPTIONS);
    assert.fixture(actual, golden(`review-change-existing.${EXT[format]}`, actual));
  });
}

test('a change against a cluster: the three kinds of findings, and the gate counts only the change\'s unless --fail-on-existing', () => {
  const report = changeReport();
  const brief = (fs: readonly { id: string; severity: string }[]): string[] => fs.map((f) => `${f.id} ${f.severity}`);
  assert.equal(brief(report.findings), ['KN301 error', 'KN302 unknown']);
  assert.equal(brief(report.change?.preexisting ?? []), ['KN101 error']);
  assert.equal(brief(report.change?.resolved ?? []), ['KN301 unknown']);
  assert.equal(report.summary, { error: 1, warning: 0, info: 0, unknown: 1, waived: 0 });
  assert.is(report.passed, false);
  // Allowing unknowns and the proxy mode leaves only the cluster's own error: the change passes, unless --fail-on-existing.
  const params = (): Params => ({ mode: 'review', families: ['consistency', 'daemonsets', 'kubeproxy', 'ranges'], allowedProxyModes: ['iptables', 'ipvs', 'nftables', 'userspace'], targetVersion: 'v1.25' });
  const kept = changeReport({ allowUnknown: true, params: params() });
  assert.equal(kept.findings.filter((f) => f.severity === 'error'), [], JSON.stringify(kept.findings));
  assert.is(kept.passed, true);
  assert.is(changeReport({ allowUnknown: true, params: params(), failOnExisting: true }).passed, false);
});

test('with no cluster evidence no format has a section for it', () => {
  for (const format of FORMAT_NAMES) {
    const out = render(format, brokenReport(), GOLDEN_OPTIONS);
    assert.not.match(out, /already in the cluster|introduced by the change|resolved by the change|baselineState|data-baseline/i, format);
  }
});

test('every format states every count, unknown and waived included', () => {
  const report = brokenReport({ waivers: 'examples/waivers.yaml' });
  assert.equal(report.summary, { error: 2, warning: 2, info: 0, unknown: 0, waived: 1 });
  for (const format of FORMAT_NAMES) {
    const out = render(format, report, GOLDEN_OPTIONS);
    // GitLab's Code Quality report is an array of issues, with no room for counts (the job's log and JUnit have them).
    if (format === 'codequality') continue;
    if (format === 'json' || format === 'sarif') {
      assert.match(out, /"waived": 1/, format);
      assert.match(out, /"unknown": 0/, format);
    } else if (format === 'markdown') {
      assert.match(out, /\| error \| warning \| info \| unknown \| waived \|\n.*\n\| 2 \| 2 \| 0 \| 0 \| 1 \|/, format);
    } else if (format === 'html') {
      assert.match(out, /2 errors, 2 warnings, 0 info, 0 unknown, 1 waived/, format);
      assert.match(out, /data-count="unknown"><b>0<\/b>/, format);
      assert.match(out, /data-count="waived"><b>1<\/b>/, format);
    } else {
      assert.match(out, /2 errors, 2 warnings, 0 info, 0 unknown, 1 waived/, format);
    }
  }
});

test('markdown stays under the size of a pull-request comment: the first findings in full, then a count', () => {
  const base = brokenReport();
  const many = Array.from({ length: 500 }, (_, i) => ({ ...base.findings[0]!, message: `pod range ${i} overlaps` }));
  const out = render('markdown', { ...base, findings: many, summary: summarise(many) }, GOLDEN_OPTIONS);
  assert.is((out.match(/^### /gm) ?? []).length, MAX_FINDINGS);
  assert.match(out, new RegExp(`… and ${500 - MAX_FINDINGS} more findings: see the SARIF, JUnit or HTML report of the same run\\.`));
  assert.match(out, /\| 500 \| 0 \| 0 \| 0 \| 0 \|/);
  assert.ok(out.length < 65_536, `${out.length} characters`);
});

test.run();
