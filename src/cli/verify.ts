/**
 * `kube-netcheck verify [PATH...]`: the tests of Rego policies, like `opa test`
 * and `conftest verify`, with the OPA kube-netcheck embeds (or --opa). Exit 0
 * when every test passes, 1 when one fails, 2 when a policy does not compile.
 */
import { existsSync, statSync } from 'node:fs';
import { selectBackend } from '../policy/backend.js';
import { defaultCacheDir } from '../policy/compile.js';
import { verify, type TestResult, type VerifyResult } from '../policy/verify.js';
import { xml, xmlAttr } from '../report/escape.js';
import { useColour, palette } from '../report/colour.js';
import { parse, parseOutputSpecs } from './args.js';
import { VERIFY, VERIFY_FORMATS } from './commands.js';
import type { IO } from './io.js';
import { checkTargets, writeOutputFile } from './output.js';

type VerifyFormat = (typeof VERIFY_FORMATS)[number];

export function run(argv: string[], io: IO): number {
  const { values, positionals } = parse(argv, VERIFY);
  const outputs = parseOutputSpecs(values.output, VERIFY_FORMATS, 'text', 'verify');
  checkTargets(outputs, 'verify');
  // As conftest verify: the policy folder by default, when there is one; else the current folder.
  const paths = positionals.length > 0 ? positionals : [existsSync('policy') && statSync('policy').isDirectory() ? 'policy' : '.'];
  const backend = selectBackend({ ...(values.opa !== undefined ? { opa: values.opa } : {}), env: io.env, what: paths.join(', ') });
  const started = performance.now();
  const result = verify({ paths, backend, ...(values.run !== undefined ? { run: values.run } : {}), coverage: values.coverage ?? false });
  if (values.verbose) io.stderr.write(`kube-netcheck: tested with ${backend.describe(defaultCacheDir(io.env))} in ${Math.round(performance.now() - started)} ms\n`);
  for (const { format, file } of outputs) {
    const colour = format === 'text' && file === undefined && !(values['no-color'] ?? false) && useColour(io.env, io.stdout.isTTY === true);
    const text = render(format, result, colour);
    if (file === undefined) io.stdout.write(text);
    else writeOutputFile(file, text, `verify: --output ${format}=${file}`);
  }
  return result.failed > 0 ? 1 : 0;
}

function render(format: VerifyFormat, r: VerifyResult, colour: boolean): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(r, null, 2)}\n`;
    case 'junit':
      return junit(r);
    default:
      return text(r, colour);
  }
}

function ms(ns: number): string {
  return `${(ns / 1e6).toFixed(ns < 1e7 ? 1 : 0)}ms`;
}

function where(t: TestResult): string {
  return `${t.file}${t.line ? `:${t.line}` : ''}`;
}

/** One line per test (as opa test -v), what a failing one printed, then the count and the coverage. */
function text(r: VerifyResult, colour: boolean): string {
  const p = palette(colour);
  const word: Record<TestResult['outcome'], string> = { pass: p.green('PASS'), fail: p.red('FAIL'), error: p.red('ERROR'), skip: p.yellow('SKIP') };
  const out: string[] = [];
  for (const t of r.tests) {
    out.push(`${word[t.outcome]}  ${where(t)}: ${t.name} (${ms(t.durationNs)})`);
    if (t.outcome === 'fail' || t.outcome === 'error') {
      if (t.error) out.push(`      ${t.error}`);
      for (const line of t.output.trimEnd().split('\n')) if (line !== '') out.push(`      ${line}`);
    }
  }
  out.push('');
  const counts = [`${r.passed} passed`, `${r.failed} failed`, ...(r.skipped > 0 ? [`${r.skipped} skipped`] : [])].join(', ');
  out.push(`${counts}: ${r.failed > 0 ? p.red('FAILED') : p.green('PASSED')}`);
  if (r.coverage) {
    out.push('', `coverage: ${r.coverage.coverage.toFixed(1)}% (${r.coverage.coveredLines} of ${r.coverage.coveredLines + r.coverage.notCoveredLines} lines)`);
    for (const f of r.coverage.files) {
      const gaps = f.notCovered.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ');
      out.push(`  ${f.file}: ${f.coverage.toFixed(1)}%${gaps ? `, not covered: line${f.notCovered.length === 1 && f.notCovered[0]![0] === f.notCovered[0]![1] ? '' : 's'} ${gaps}` : ''}`);
    }
  } else if (r.coverageNote) {
    out.push('', r.coverageNote);
  }
  return `${out.join('\n')}\n`;
}

/** One <testsuite> per test file, one <testcase> per test; a failing test's print() output is its failure text. */
function junit(r: VerifyResult): string {
  const files = [...new Set(r.tests.map((t) => t.file))];
  const seconds = (ns: number): string => (ns / 1e9).toFixed(3);
  const suites = files.map((file) => {
    const tests = r.tests.filter((t) => t.file === file);
    const failures = tests.filter((t) => t.outcome === 'fail').length;
    const errors = tests.filter((t) => t.outcome === 'error').length;
    const skipped = tests.filter((t) => t.outcome === 'skip').length;
    const time = seconds(tests.reduce((n, t) => n + t.durationNs, 0));
    const cases = tests.map((t) => {
      const open = `    <testcase name="${xmlAttr(t.name)}" classname="${xmlAttr(t.package)}" time="${seconds(t.durationNs)}">`;
      const body = [t.error ?? '', t.output].filter((s) => s !== '').join('\n');
      switch (t.outcome) {
        case 'fail':
          return [open, `      <failure message="${xmlAttr(`${t.name} failed at ${where(t)}`)}">${xml(body)}</failure>`, '    </testcase>'].join('\n');
        case 'error':
          return [open, `      <error message="${xmlAttr(t.error ?? 'error')}">${xml(body)}</error>`, '    </testcase>'].join('\n');
        case 'skip':
          return [open, '      <skipped message="todo_ test"/>', '    </testcase>'].join('\n');
        default:
          return t.output ? [open, `      <system-out>${xml(t.output)}</system-out>`, '    </testcase>'].join('\n') : `${open.slice(0, -1)}/>`;
      }
    });
    return [
      `  <testsuite name="${xmlAttr(file)}" tests="${tests.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}" file="${xmlAttr(file)}">`,
      ...cases,
      '  </testsuite>',
    ].join('\n');
  });
  const errors = r.tests.filter((t) => t.outcome === 'error').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kube-netcheck verify" tests="${r.tests.length}" failures="${r.failed - errors}" errors="${errors}" time="${seconds(r.tests.reduce((n, t) => n + t.durationNs, 0))}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
