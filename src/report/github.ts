/**
 * GitHub Actions workflow commands: one annotation per finding, at the file
 * and line of its first evidence (`::error file=...,line=...,title=...::msg`),
 * escaped as @actions/core escapes them (data: % CR LF; properties also : and ,).
 *
 * error -> ::error, warning -> ::warning, info -> ::notice; an undecided rule
 * is ::error when it fails the gate and ::warning otherwise; a waived finding
 * is a ::notice titled "waived". Live-cluster evidence has no file, so its
 * annotation carries no file= and its message names the API object. The last
 * line is the summary, as plain log text.
 *
 * A change reviewed against a cluster: the change's findings as above; each
 * finding the cluster already has is a ::notice titled "already in the
 * cluster" (with --fail-on-existing, one that fails the gate is an ::error
 * titled so); each one the change resolves is a ::notice titled "resolved by
 * the change". The summary line adds the three counts.
 */
import { ghData, ghProperty } from './escape.js';
import { changeCountsLine, countsLine, failsGate, failsReportGate, gateLine, type BaselineState, type Report, type ReportFinding } from './model.js';
import { displayPath, isFile, where, type RenderOptions } from './render.js';

export function renderGitHub(report: Report, opts: RenderOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const c = report.change;
  const out = report.findings.map((f) => annotation(f, report, cwd));
  if (c) {
    for (const f of c.preexisting) out.push(annotation(f, report, cwd, 'unchanged'));
    for (const f of c.resolved) out.push(annotation(f, report, cwd, 'absent'));
  }
  const counts = report.findings.length === 0 ? (c ? 'no findings introduced by the change' : 'no findings') : countsLine(report.summary);
  out.push(`kube-netcheck: ${counts}${c ? ` (${changeCountsLine({ findings: report.findings, change: c })})` : ''}: ${gateLine(report)}`);
  return `${out.join('\n')}\n`;
}

function commandOf(f: ReportFinding, report: Report): 'error' | 'warning' | 'notice' {
  if (f.waived) return 'notice';
  if (f.severity === 'error' || (f.severity === 'unknown' && failsGate(f, report.failOn, report.allowUnknown))) return 'error';
  return f.severity === 'info' ? 'notice' : 'warning';
}

function annotation(f: ReportFinding, report: Report, cwd: string, state: BaselineState = 'new'): string {
  const command = state !== 'new' ? (failsReportGate(f, report, state) ? 'error' : 'notice') : commandOf(f, report);
  const at = f.locations.find((l) => isFile(l));
  const props: string[] = [];
  if (at) {
    props.push(`file=${ghProperty(displayPath(at, cwd))}`);
    if (at.line) props.push(`line=${at.line}`);
    if (at.line && at.column) props.push(`col=${at.column}`);
  }
  const label =
    state === 'unchanged' ? `${f.id} already in the cluster` : state === 'absent' ? `${f.id} resolved by the change` : f.waived ? `${f.id} waived` : f.verdict === 'unknown' ? `${f.id} undecided` : f.id;
  props.push(`title=${ghProperty(`${label}: ${f.title}`)}`);

  const lines = [f.message];
  const others = f.locations.filter((l) => l !== at);
  for (const l of others) lines.push(`${isFile(l) ? 'also at' : 'evidence:'} ${where(l, cwd)}`);
  if (state === 'absent') lines.push('resolved by the change: the cluster has it now, and not once the change is applied');
  else {
    if (state === 'unchanged') lines.push(`not caused by the change: the cluster has it without the change${report.change?.failOnExisting ? '' : ' (--fail-on-existing counts it)'}`);
    if (f.waived) lines.push(`waived until ${f.waived.expires} by ${f.waived.owner}: ${f.waived.reason} (${f.waived.file}:${f.waived.line})`);
    else if (f.verdict === 'unknown' && f.evidence) lines.push(`needs: ${f.evidence}`);
    else if (f.remediation) lines.push(`fix: ${f.remediation}`);
  }
  return `::${command} ${props.join(',')}::${ghData(lines.join('\n'))}`;
}
