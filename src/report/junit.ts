/**
 * JUnit XML for CI test tabs (GitLab artifacts:reports:junit, Jenkins, Azure).
 * Valid against the Jenkins xUnit plugin's junit-10.xsd (test/schemas/).
 *
 * One <testsuite> per rule, one <testcase> per finding; a rule without
 * findings is one passing testcase, so the tab lists every rule checked. The
 * tab mirrors the gate:
 * - a finding that fails the gate is a <failure> (type = its severity);
 * - a waived finding, and an undecided one that does not fail the gate
 *   (--allow-unknown), is <skipped> with the reason;
 * - a warning or info below --fail-on passes, its message in <system-out>.
 * The waiver notices (KN991, KN992) appear when a waiver file was given.
 */
import type { RuleInfo } from '../policy/catalogue.js';
import { xml, xmlAttr } from './escape.js';
import { countsLine, failsGate, gateLine, type Report, type ReportFinding } from './model.js';
import { reportRules, where, type RenderOptions } from './render.js';

interface Case {
  xml: string;
  failed: boolean;
  skipped: boolean;
}

export function renderJUnit(report: Report, opts: RenderOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const rules = (opts.rules ?? reportRules(report)).filter((r) => r.family !== 'waivers' || report.waivers !== undefined);
  const suites = rules.map((r) => suite(r, report.findings.filter((f) => f.id === r.id), report, cwd));
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const name = `kube-netcheck: ${countsLine(report.summary)}: ${gateLine(report)}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(name)}" tests="${tests}" failures="${failures}" errors="0" time="0">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(rule: RuleInfo, findings: ReportFinding[], report: Report, cwd: string): { xml: string; tests: number; failures: number } {
  const classname = `kube-netcheck.${rule.id}`;
  const cases: Case[] =
    findings.length === 0
      ? [{ xml: `    <testcase name="${xmlAttr(`${rule.id}: no findings`)}" classname="${classname}" time="0"/>`, failed: false, skipped: false }]
      : findings.map((f) => testcase(f, classname, report, cwd));
  const failures = cases.filter((c) => c.failed).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const head = `  <testsuite name="${xmlAttr(`${rule.id} ${rule.title}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" package="kube-netcheck">`;
  const props = [
    '    <properties>',
    `      <property name="severity" value="${rule.severity}"/>`,
    `      <property name="failOn" value="${report.failOn}"/>`,
    '    </properties>',
  ];
  return { xml: [head, ...props, ...cases.map((c) => c.xml), '  </testsuite>'].join('\n'), tests: cases.length, failures };
}

function testcase(f: ReportFinding, classname: string, report: Report, cwd: string): Case {
  const open = `    <testcase name="${xmlAttr(f.message)}" classname="${classname}" time="0">`;
  const body = details(f, cwd);
  if (f.waived) {
    const w = f.waived;
    const msg = `waived until ${w.expires} by ${w.owner}: ${w.reason} (${w.file}:${w.line})`;
    return { xml: [open, `      <skipped message="${xmlAttr(msg)}"/>`, `      <system-out>${xml(body)}</system-out>`, '    </testcase>'].join('\n'), failed: false, skipped: true };
  }
  if (failsGate(f, report.failOn, report.allowUnknown)) {
    return { xml: [open, `      <failure type="${f.severity}" message="${xmlAttr(f.message)}">${xml(body)}</failure>`, '    </testcase>'].join('\n'), failed: true, skipped: false };
  }
  if (f.verdict === 'unknown') {
    return { xml: [open, `      <skipped message="${xmlAttr(`undecided: ${f.message}`)}"/>`, `      <system-out>${xml(body)}</system-out>`, '    </testcase>'].join('\n'), failed: false, skipped: true };
  }
  return { xml: [open, `      <system-out>${xml(body)}</system-out>`, '    </testcase>'].join('\n'), failed: false, skipped: false };
}

function details(f: ReportFinding, cwd: string): string {
  const lines = [`${f.severity.toUpperCase()} ${f.id}: ${f.message}`];
  for (const l of f.locations) lines.push(`at ${where(l, cwd)}${l.excerpt ? `  ${l.excerpt}` : ''}`);
  if (f.verdict === 'unknown' && f.evidence) lines.push(`needs ${f.evidence}`);
  if (f.remediation) lines.push('', 'fix:', f.remediation);
  return lines.join('\n');
}
