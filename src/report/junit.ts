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
 *
 * A change reviewed against a cluster: a rule's suite holds the change's
 * findings as above, then the cluster's own, each named "already in the
 * cluster: MESSAGE" and <skipped> with that reason (they were not judged as the
 * change's; with --fail-on-existing one that fails the gate is a <failure>),
 * then each finding the change resolves, named "resolved by the change:
 * MESSAGE", as a passing testcase. A <property name="baseline"> on the suite
 * names the cluster's evidence.
 */
import type { RuleInfo } from '../policy/catalogue.js';
import { xml, xmlAttr } from './escape.js';
import { changeCountsLine, countsLine, failsReportGate, gateLine, type BaselineState, type Report, type ReportFinding } from './model.js';
import { reportRules, where, type RenderOptions } from './render.js';

interface Case {
  xml: string;
  failed: boolean;
  skipped: boolean;
}

export function renderJUnit(report: Report, opts: RenderOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const rules = (opts.rules ?? reportRules(report)).filter((r) => r.family !== 'waivers' || report.waivers !== undefined);
  const c = report.change;
  const all: [ReportFinding, BaselineState][] = [
    ...report.findings.map((f): [ReportFinding, BaselineState] => [f, 'new']),
    ...(c ? [...c.preexisting.map((f): [ReportFinding, BaselineState] => [f, 'unchanged']), ...c.resolved.map((f): [ReportFinding, BaselineState] => [f, 'absent'])] : []),
  ];
  const suites = rules.map((r) => suite(r, all.filter(([f]) => f.id === r.id), report, cwd));
  const tests = suites.reduce((n, s) => n + s.tests, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const name = `kube-netcheck: ${countsLine(report.summary)}${c ? ` (${changeCountsLine({ findings: report.findings, change: c })})` : ''}: ${gateLine(report)}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(name)}" tests="${tests}" failures="${failures}" errors="0" time="0">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

function suite(rule: RuleInfo, findings: [ReportFinding, BaselineState][], report: Report, cwd: string): { xml: string; tests: number; failures: number } {
  const classname = `kube-netcheck.${rule.id}`;
  const cases: Case[] =
    findings.length === 0
      ? [{ xml: `    <testcase name="${xmlAttr(`${rule.id}: no findings`)}" classname="${classname}" time="0"/>`, failed: false, skipped: false }]
      : findings.map(([f, state]) => testcase(f, state, classname, report, cwd));
  const failures = cases.filter((c) => c.failed).length;
  const skipped = cases.filter((c) => c.skipped).length;
  const head = `  <testsuite name="${xmlAttr(`${rule.id} ${rule.title}`)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" package="kube-netcheck">`;
  const props = [
    '    <properties>',
    `      <property name="severity" value="${rule.severity}"/>`,
    `      <property name="failOn" value="${report.failOn}"/>`,
    ...(report.change ? [`      <property name="baseline" value="${xmlAttr(`the cluster${report.change.against.length > 0 ? `: ${report.change.against.join(', ')}` : ''}`)}"/>`] : []),
    '    </properties>',
  ];
  return { xml: [head, ...props, ...cases.map((c) => c.xml), '  </testsuite>'].join('\n'), tests: cases.length, failures };
}

function testcase(f: ReportFinding, state: BaselineState, classname: string, report: Report, cwd: string): Case {
  const name = state === 'unchanged' ? `already in the cluster: ${f.message}` : state === 'absent' ? `resolved by the change: ${f.message}` : f.message;
  const open = `    <testcase name="${xmlAttr(name)}" classname="${classname}" time="0">`;
  const body = details(f, cwd);
  if (state === 'absent') {
    return { xml: [open, `      <system-out>${xml(`resolved by the change, was: ${body}`)}</system-out>`, '    </testcase>'].join('\n'), failed: false, skipped: false };
  }
  if (f.waived) {
    const w = f.waived;
    const msg = `waived until ${w.expires} by ${w.owner}: ${w.reason} (${w.file}:${w.line})`;
    return { xml: [open, `      <skipped message="${xmlAttr(msg)}"/>`, `      <system-out>${xml(body)}</system-out>`, '    </testcase>'].join('\n'), failed: false, skipped: true };
  }
  if (state === 'unchanged' && !failsReportGate(f, report, state)) {
    const why = `already in the cluster, not caused by the change${report.change?.failOnExisting ? '' : ' (--fail-on-existing counts it)'}`;
    return { xml: [open, `      <skipped message="${xmlAttr(`${why}: ${f.message}`)}"/>`, `      <system-out>${xml(body)}</system-out>`, '    </testcase>'].join('\n'), failed: false, skipped: true };
  }
  if (failsReportGate(f, report, state)) {
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
