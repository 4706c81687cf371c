/**
 * The fleet as a pull-request comment or a step summary: the verdict, the
 * cluster × rule family table, the cross-cluster findings with each location's
 * cluster, the readiness table when a target was given, and each cluster's
 * findings, collapsible. Text from evidence is escaped.
 */
import type { FleetReport } from '../../fleet/fleet.js';
import { md, mdCode } from '../escape.js';
import { countsLine, type ReportFinding } from '../model.js';
import { where } from '../render.js';
import { CELL_LEGEND, cell, clustersLine, fleetGateLine, fleetRows } from './model.js';

/** Findings listed per cluster and across clusters (GitHub refuses comments over 65,536 characters). */
export const MAX_FINDINGS = 40;

const ICON = { PASSED: '✅', FAILED: '❌', 'NOT GATING': 'ℹ️' } as const;
const BADGE: Record<ReportFinding['severity'], string> = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info', unknown: '🟣 unknown' };

export function renderFleetMarkdown(report: FleetReport, opts: { cwd?: string } = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const { families, rows } = fleetRows(report);
  const word = report.failOn === 'never' ? 'NOT GATING' : report.passed ? 'PASSED' : 'FAILED';
  const out: string[] = [
    '<!-- kube-netcheck fleet report -->',
    `## ${ICON[word]} kube-netcheck fleet: ${word}`,
    '',
    `${md(clustersLine(report, rows))}; across clusters ${md(countsLine(report.summary))}: ${md(fleetGateLine(report))}.`,
    '',
    `| cluster | ${families.join(' | ')} | fleet | verdict |`,
    `| --- | ${families.map(() => ':---:').join(' | ')} | :---: | --- |`,
    ...rows.map((r) => `| ${md(r.cluster)} | ${families.map((f) => cell(r.families[f]!, r.readable)).join(' | ')} | ${cell(r.fleet)} | ${r.verdict} |`),
    '',
    `<sub>${md(CELL_LEGEND)}</sub>`,
    '',
  ];
  if (report.findings.length > 0) {
    out.push(`### Across clusters (${report.findings.length})`, '');
    for (const f of report.findings.slice(0, MAX_FINDINGS)) {
      out.push(`- ${f.waived ? '⚪ waived' : BADGE[f.severity]} **${f.id}** ${md(f.message)}`);
      for (const l of f.locations) out.push(`  - ${l.cluster ? `${md(l.cluster)}: ` : ''}${mdCode(where(l, cwd))}`);
    }
    if (report.findings.length > MAX_FINDINGS) out.push(`- … and ${report.findings.length - MAX_FINDINGS} more (see the JSON or HTML report of the same run)`);
    out.push('');
  }
  if (report.readiness) {
    const r = report.readiness;
    const target = [r.targetVersion ? `Kubernetes ${r.targetVersion}` : null, r.targetProxyMode ? `kube-proxy mode ${r.targetProxyMode}` : null].filter(Boolean).join(', ');
    out.push(`### Readiness for ${md(target)}`, '', '| cluster | status | what blocks it, or notes |', '| --- | --- | --- |');
    for (const row of r.rows) {
      const why = row.status === 'blocked' ? row.blockers : row.status === 'ready' ? row.notes : row.undecided;
      out.push(`| ${md(row.cluster)} | ${row.status} | ${why.map(md).join('<br>')} |`);
    }
    out.push('');
  }
  for (const v of report.clusters) {
    if (!v.readable) {
      out.push(`<details><summary>${md(v.name)}: could not be read</summary>`, '', md(v.error ?? ''), '', '</details>', '');
      continue;
    }
    if (v.findings.length === 0) continue;
    out.push(`<details><summary>${md(v.name)}: ${md(countsLine(v.summary))}</summary>`, '');
    for (const f of v.findings.slice(0, MAX_FINDINGS)) {
      out.push(`- ${f.waived ? '⚪ waived' : BADGE[f.severity]} **${f.id}** ${md(f.message)}${f.locations[0] ? ` (${mdCode(where(f.locations[0], cwd))})` : ''}`);
    }
    if (v.findings.length > MAX_FINDINGS) out.push(`- … and ${v.findings.length - MAX_FINDINGS} more`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
