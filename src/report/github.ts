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
 */
import { ghData, ghProperty } from './escape.js';
import { countsLine, failsGate, gateLine, type Report, type ReportFinding } from './model.js';
import { displayPath, isFile, where, type RenderOptions } from './render.js';

export function renderGitHub(report: Report, opts: RenderOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const out = report.findings.map((f) => annotation(f, report, cwd));
  out.push(`kube-netcheck: ${report.findings.length === 0 ? 'no findings' : countsLine(report.summary)}: ${gateLine(report)}`);
  return `${out.join('\n')}\n`;
}

function annotation(f: ReportFinding, report: Report, cwd: string): string {
  const command = f.waived
    ? 'notice'
    : f.severity === 'error' || (f.severity === 'unknown' && failsGate(f, report.failOn, report.allowUnknown))
      ? 'error'
      : f.severity === 'info'
        ? 'notice'
        : 'warning';
  const at = f.locations.find((l) => isFile(l));
  const props: string[] = [];
  if (at) {
    props.push(`file=${ghProperty(displayPath(at, cwd))}`);
    if (at.line) props.push(`line=${at.line}`);
    if (at.line && at.column) props.push(`col=${at.column}`);
  }
  const label = f.waived ? `${f.id} waived` : f.verdict === 'unknown' ? `${f.id} undecided` : f.id;
  props.push(`title=${ghProperty(`${label}: ${f.title}`)}`);

  const lines = [f.message];
  const others = f.locations.filter((l) => l !== at);
  for (const l of others) lines.push(`${isFile(l) ? 'also at' : 'evidence:'} ${where(l, cwd)}`);
  if (f.waived) lines.push(`waived until ${f.waived.expires} by ${f.waived.owner}: ${f.waived.reason} (${f.waived.file}:${f.waived.line})`);
  else if (f.verdict === 'unknown' && f.evidence) lines.push(`needs: ${f.evidence}`);
  else if (f.remediation) lines.push(`fix: ${f.remediation}`);
  return `::${command} ${props.join(',')}::${ghData(lines.join('\n'))}`;
}
