/**
 * The default, human output: findings grouped by severity, each with the
 * file:line of its evidence and its remediation, then one summary line that
 * always counts every severity, unknown included. A change reviewed against a
 * cluster has three sections, each with its count: the findings the change
 * introduces (the summary line counts these), those already in the cluster, and
 * those the change resolves (one line each, with where the cluster had them).
 */
import type { Finding } from '../policy/findings.js';
import { palette, type Palette } from './colour.js';
import { clustersLine, CHANGE_SECTIONS, changeCountsLine, countsLine, gateLine, type ChangeFindings, type Report, type ReportFinding } from './model.js';

export interface TextOptions {
  colour?: boolean;
  /** List skipped inputs and every diagnostic. */
  verbose?: boolean;
}

const LABEL: Record<Finding['severity'], string> = { error: 'ERROR', unknown: 'UNKNOWN', warning: 'WARNING', info: 'INFO' };

export function renderText(report: Report, opts: TextOptions = {}): string {
  const c = palette(opts.colour ?? false);
  const out: string[] = [];
  const read = report.files.filter((f) => f.kind !== null && f.withheld !== true);
  const unread = report.findings.filter((f) => f.id === 'KN900').length;
  const kinds = new Map<string, number>();
  for (const f of read) kinds.set(f.kind ?? '', (kinds.get(f.kind ?? '') ?? 0) + 1);
  const kindList = [...kinds].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
  out.push(
    c.dim(
      `Read ${plural(read.length, 'evidence file')}${kindList ? ` (${kindList})` : ''}: ${plural(report.facts.observations.length, 'observation')}${unread > 0 ? `; could not read ${plural(unread, 'input')} (KN900 below)` : ''}.`,
    ),
  );

  const clusters = clustersLine(report);
  if (clusters) out.push(c.dim(clusters));
  const warnings = report.diagnostics.filter((d) => d.level === 'warning');
  const skipped = report.diagnostics.filter((d) => d.level === 'skipped');
  for (const d of warnings) out.push(c.yellow(`warning: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`));
  if (skipped.length > 0) {
    if (opts.verbose) for (const d of skipped) out.push(c.dim(`skipped: ${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`));
    else out.push(c.dim(`${plural(skipped.length, 'item')} skipped as not evidence (--verbose lists them with the reason).`));
  }
  out.push('');

  if (report.change) out.push(...changeSections(report as Report & { change: ChangeFindings }, c));
  else for (const f of report.findings) out.push(...renderFinding(f, c), '');

  const gate = gateLine(report);
  const painted = report.failOn === 'never' ? gate : report.passed ? c.green(gate) : c.red(gate);
  const none = report.change ? 'No findings introduced by the change' : 'No findings';
  out.push(`${report.findings.length === 0 ? none : countsLine(report.summary)}: ${painted}`);
  return `${out.join('\n')}\n`;
}

function changeSections(report: Report & { change: ChangeFindings }, c: Palette): string[] {
  const { preexisting, resolved, against } = report.change;
  const out = [`Judged against the cluster${against.length > 0 ? ` (${against.join(', ')})` : ''}: ${changeCountsLine(report)}.`, ''];
  const head = (title: string, n: number): string => c.bold(`${title} (${n})${n === 0 ? ': none' : ':'}`);
  out.push(head(CHANGE_SECTIONS.new, report.findings.length), '');
  for (const f of report.findings) out.push(...renderFinding(f, c), '');
  out.push(head(CHANGE_SECTIONS.unchanged, preexisting.length), '');
  for (const f of preexisting) out.push(...renderFinding(f, c), '');
  out.push(head(CHANGE_SECTIONS.absent, resolved.length));
  for (const f of resolved) {
    out.push(`  ${c.green('resolved')} ${f.severity.toUpperCase()} ${c.bold(f.id)}  ${f.message}`);
    for (const loc of f.locations) out.push(`    ${c.dim('was at')} ${loc.file}${loc.line ? `:${loc.line}` : ''}${loc.field ? ` ${loc.field}` : ''}`);
  }
  out.push('');
  return out;
}

function renderFinding(f: ReportFinding, c: Palette): string[] {
  const colourOf = f.waived ? c.dim : { error: c.red, unknown: c.magenta, warning: c.yellow, info: c.blue }[f.severity];
  const label = f.waived ? 'WAIVED' : LABEL[f.severity];
  const lines = [`${colourOf(c.bold(label.padEnd(7)))} ${c.bold(f.id)}  ${f.title}`, `  ${f.message}`];
  for (const loc of f.locations) {
    lines.push(`  ${c.dim('at')} ${loc.file}${loc.line ? `:${loc.line}${loc.column ? `:${loc.column}` : ''}` : ''}${loc.field ? ` ${loc.field}` : ''}${loc.excerpt ? `  ${c.dim(loc.excerpt)}` : ''}`);
  }
  if (f.verdict === 'unknown' && f.evidence) lines.push(`  ${c.dim('needs')} ${f.evidence}`);
  if (f.waived) {
    const w = f.waived;
    lines.push(`  ${c.dim('waived')} by ${w.file}:${w.line} until ${w.expires} (owner ${w.owner}): ${w.reason}`);
    return lines;
  }
  if (f.verdict === 'fail' && f.remediation) {
    const [first, ...rest] = f.remediation.split('\n');
    lines.push(`  ${c.dim('fix')} ${first ?? ''}`, ...rest.map((l) => `      ${l}`));
  }
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
