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
import { brokenReport, golden, GOLDEN_OPTIONS, PARTIAL_RULES, partialReport } from '../../test/golden.js';

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
}

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
