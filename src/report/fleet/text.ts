/**
 * The fleet in a terminal: the cluster × rule family table, the cross-cluster
 * findings with each location's cluster, each cluster's findings as `check`
 * prints them, the readiness table when a target was given, and one line that
 * gates the fleet.
 */
import type { FleetFinding, FleetReport } from '../../fleet/fleet.js';
import { palette, type Palette } from '../colour.js';
import { countsLine, gateLine, type ReportFinding } from '../model.js';
import { where } from '../render.js';
import { CELL_LEGEND, cell, clustersLine, fleetGateLine, fleetRows } from './model.js';

export interface FleetTextOptions {
  colour?: boolean;
  cwd?: string;
}

const LABEL: Record<ReportFinding['severity'], string> = { error: 'ERROR', unknown: 'UNKNOWN', warning: 'WARNING', info: 'INFO' };

export function renderFleetText(report: FleetReport, opts: FleetTextOptions = {}): string {
  const c = palette(opts.colour ?? false);
  const cwd = opts.cwd ?? process.cwd();
  const { families, rows } = fleetRows(report);
  const out: string[] = [];
  const groups = report.fleetFile
    ? `groups from ${report.fleetFile}: ${report.groups.map((g) => `${g.name} (${g.kind}, ${g.members.length})`).join(', ')}`
    : 'one group, all clusters (mesh): every range of every cluster must be disjoint';
  out.push(c.dim(`Fleet of ${clustersLine(report, rows)}; ${groups}.`), '');

  const header = ['cluster', ...families, 'fleet', 'verdict'];
  const table = rows.map((r) => [r.cluster, ...families.map((f) => cell(r.families[f]!, r.readable)), cell(r.fleet), r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]): string => cells.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  out.push(c.bold(line(header)));
  for (const t of table) {
    const v = t[t.length - 1]!;
    const painted = v === 'PASSED' ? c.green(v) : v === 'NOT GATING' ? v : c.red(v);
    out.push(line(t).slice(0, -v.length) + painted);
  }
  out.push(c.dim(CELL_LEGEND), '');

  if (report.findings.length > 0) {
    out.push(c.bold(`Across clusters (${report.findings.length}):`), '');
    for (const f of report.findings) out.push(...renderFinding(f, c, cwd, true), '');
  }

  for (const v of report.clusters) {
    if (!v.readable) {
      out.push(`${c.bold(`Cluster ${v.name}`)} (${v.source}): ${c.red('could not be read')}: ${v.error ?? ''}`, '');
      continue;
    }
    if (v.findings.length === 0) continue;
    const gate = gateLine({ failOn: report.failOn, passed: v.passed === true, allowUnknown: report.allowUnknown, findings: v.findings });
    out.push(`${c.bold(`Cluster ${v.name}`)} (${v.source}): ${countsLine(v.summary)}: ${v.passed ? c.green(gate) : report.failOn === 'never' ? gate : c.red(gate)}`, '');
    for (const f of v.findings) out.push(...renderFinding(f, c, cwd, false).map((l) => `  ${l}`), '');
  }

  if (report.readiness) {
    const r = report.readiness;
    const target = [r.targetVersion ? `Kubernetes ${r.targetVersion}` : null, r.targetProxyMode ? `kube-proxy mode ${r.targetProxyMode}` : null].filter(Boolean).join(', ');
    out.push(c.bold(`Readiness for ${target} (KN302, KN303):`));
    const w = Math.max(7, ...r.rows.map((x) => x.cluster.length));
    out.push(c.bold(`${'cluster'.padEnd(w)}  ${'status'.padEnd(10)}  what blocks it, or notes`));
    for (const row of r.rows) {
      const why = row.status === 'ready' ? (row.notes[0] ?? '') : row.status === 'blocked' ? (row.blockers[0] ?? '') : (row.undecided[0] ?? '');
      const status = row.status === 'ready' ? c.green(row.status.padEnd(10)) : row.status === 'blocked' ? c.red(row.status.padEnd(10)) : c.magenta(row.status.padEnd(10));
      out.push(`${row.cluster.padEnd(w)}  ${status}  ${why}`);
      const rest = [...(row.status === 'blocked' ? row.blockers.slice(1) : []), ...(row.status === 'blocked' ? row.undecided : []), ...(row.status === 'ready' ? row.notes.slice(1) : row.notes)];
      for (const x of rest) out.push(`${' '.repeat(w + 14)}${x}`);
    }
    out.push('');
  }

  const gate = fleetGateLine(report);
  const painted = report.failOn === 'never' ? gate : report.passed ? c.green(gate) : c.red(gate);
  out.push(`Fleet: ${clustersLine(report, rows)}; across clusters ${countsLine(report.summary)}: ${painted}`);
  return `${out.join('\n')}\n`;
}

function renderFinding(f: ReportFinding | FleetFinding, c: Palette, cwd: string, withCluster: boolean): string[] {
  const colourOf = f.waived ? c.dim : { error: c.red, unknown: c.magenta, warning: c.yellow, info: c.blue }[f.severity];
  const label = f.waived ? 'WAIVED' : LABEL[f.severity];
  const lines = [`${colourOf(c.bold(label.padEnd(7)))} ${c.bold(f.id)}  ${f.title}`, `  ${f.message}`];
  for (const loc of f.locations) {
    const cluster = withCluster && 'cluster' in loc && loc.cluster ? `${loc.cluster}: ` : '';
    lines.push(`  ${c.dim('at')} ${cluster}${where(loc, cwd)}${loc.column ? `:${loc.column}` : ''}${loc.field ? ` ${loc.field}` : ''}${loc.excerpt ? `  ${c.dim(loc.excerpt)}` : ''}`);
  }
  if (f.verdict === 'unknown' && f.evidence) lines.push(`  ${c.dim('needs')} ${f.evidence}`);
  if (f.waived) {
    const w = f.waived;
    lines.push(`  ${c.dim('waived')} by ${w.file}:${w.line} until ${w.expires} (owner ${w.owner}): ${w.reason}`);
  } else if (f.verdict === 'fail' && f.remediation) {
    const flat = f.remediation.replace(/\s*\n\s*/g, ' ').trim();
    lines.push(`  ${c.dim('fix')} ${/^(.+?[.!?])(?:\s|$)/.exec(flat)?.[1] ?? flat}`);
  }
  return lines;
}
