import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RegoErrors } from './compile.js';
import { mergeRanges, parseCoverage, parseResults } from './verify.js';

// opa test --format json, as OPA 1.22.3 prints it (tester.Result): in no set order, print() output base64.
const OPA_RESULTS = JSON.stringify([
  {
    location: { file: 'policy/proxy_test.rego', row: 8, col: 1 },
    package: 'data.main',
    name: 'test_nftables_passes',
    fail: true,
    duration: 1004026,
    output: Buffer.from('mode is nftables\n').toString('base64'),
  },
  { location: { file: 'policy/proxy_test.rego', row: 3, col: 1 }, package: 'data.main', name: 'test_ipvs_is_denied', duration: 244945 },
  {
    location: { file: 'policy/a_test.rego', row: 12, col: 1 },
    package: 'data.team.net',
    name: 'test_errors',
    error: { code: 'eval_builtin_error', message: 'div: divide by zero' },
    duration: 5,
  },
  { location: { file: 'policy/a_test.rego', row: 20, col: 1 }, package: 'data.team.net', name: 'todo_test_later', skip: true, duration: 0 },
]);

test('parseResults: outcomes, decoded print output, sorted by file and line', () => {
  const got = parseResults(OPA_RESULTS);
  assert.equal(
    got.map((t) => [t.name, t.package, t.file, t.line, t.outcome, t.output, t.error ?? null]),
    [
      ['data.team.net.test_errors', 'team.net', 'policy/a_test.rego', 12, 'error', '', 'eval_builtin_error: div: divide by zero'],
      ['data.team.net.todo_test_later', 'team.net', 'policy/a_test.rego', 20, 'skip', '', null],
      ['data.main.test_ipvs_is_denied', 'main', 'policy/proxy_test.rego', 3, 'pass', '', null],
      ['data.main.test_nftables_passes', 'main', 'policy/proxy_test.rego', 8, 'fail', 'mode is nftables\n', null],
    ],
  );
});

test('parseResults: no tests is an empty list; output that is not JSON is an input error', () => {
  assert.equal(parseResults(''), []);
  assert.equal(parseResults('[]'), []);
  assert.throws(() => parseResults('1 error occurred: x.rego:3: rego_parse_error'), /opa test printed no JSON: 1 error occurred/);
});

test('parseCoverage: per file, uncovered ranges merged (opa lists one line each)', () => {
  const report = JSON.stringify({
    files: {
      'policy/proxy.rego': {
        covered: [{ start: { row: 6 }, end: { row: 7 } }],
        not_covered: [{ start: { row: 10 }, end: { row: 10 } }, { start: { row: 8 }, end: { row: 8 } }, { start: { row: 9 }, end: { row: 9 } }, { start: { row: 14 }, end: { row: 14 } }],
        covered_lines: 2,
        not_covered_lines: 4,
        coverage: 33.3,
      },
      'policy/proxy_test.rego': { covered_lines: 3, coverage: 100 },
    },
    covered_lines: 5,
    not_covered_lines: 4,
    coverage: 55.6,
  });
  assert.equal(parseCoverage(report), {
    coverage: 55.6,
    coveredLines: 5,
    notCoveredLines: 4,
    files: [
      { file: 'policy/proxy.rego', coverage: 33.3, coveredLines: 2, notCoveredLines: 4, notCovered: [[8, 10], [14, 14]] },
      { file: 'policy/proxy_test.rego', coverage: 100, coveredLines: 3, notCoveredLines: 0, notCovered: [] },
    ],
  });
});

test('mergeRanges: adjacent and overlapping ranges join; gaps stay', () => {
  assert.equal(mergeRanges([]), []);
  assert.equal(mergeRanges([[5, 5], [1, 2], [3, 3], [4, 7], [9, 9]]), [[1, 7], [9, 9]]);
});

test('RegoErrors: one line per error as opa check words it, the column only where OPA gives one, then the hint', () => {
  const e = new RegoErrors(
    [
      { file: 'p.rego', row: 5, col: 1, code: 'rego_parse_error', message: 'unexpected } token' },
      { file: 'p_test.rego', row: 6, col: null, code: 'rego_parse_error', message: 'unexpected eof token' },
      { file: 'q.rego', row: null, col: null, code: 'rego_error', message: 'no location' },
    ],
    'a hint',
  );
  assert.is(
    e.describe(),
    'the policy does not compile (3 errors):\n  p.rego:5:1: rego_parse_error: unexpected } token\n  p_test.rego:6: rego_parse_error: unexpected eof token\n  q.rego: rego_error: no location\n  a hint',
  );
  assert.is(new RegoErrors([{ file: 'p.rego', row: 1, col: 2, code: 'c', message: 'm' }]).describe(), 'the policy does not compile (1 error):\n  p.rego:1:2: c: m');
});

test.run();
