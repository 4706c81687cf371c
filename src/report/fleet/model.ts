/** What every fleet format shows: the cluster × rule family table, the gate line, counts. */
import { families, type ClusterVerdict, type FleetReport } from '../../fleet/fleet.js';
import { loadCatalogue } from '../../policy/catalogue.js';
import { failsGate, summarise, type Summary } from '../model.js';

export interface FleetRow {
  cluster: string;
  source: string;
  readable: boolean;
  /** Per rule family of one cluster's rules, the counts of its findings. */
  families: Record<string, Summary>;
  /** The cross-cluster findings that name this cluster. */
  fleet: Summary;
  verdict: 'PASSED' | 'FAILED' | 'UNREADABLE' | 'NOT GATING';
}

export function fleetRows(report: FleetReport): { families: string[]; rows: FleetRow[] } {
  const fams = families();
  const rows = report.clusters.map((c) => {
    const byFamily: Record<string, Summary> = {};
    for (const fam of fams) byFamily[fam] = summarise(c.findings.filter((f) => familyOf(f.id) === fam));
    const fleet = summarise(report.findings.filter((f) => f.clusters.includes(c.name)));
    const fleetFails = report.findings.some((f) => f.clusters.includes(c.name) && failsGate(f, report.failOn, report.allowUnknown));
    return { cluster: c.name, source: c.source, readable: c.readable, families: byFamily, fleet, verdict: verdictOf(c, fleetFails, report) };
  });
  return { families: fams, rows };
}

function verdictOf(c: ClusterVerdict, fleetFails: boolean, report: FleetReport): FleetRow['verdict'] {
  if (!c.readable) return 'UNREADABLE';
  if (report.failOn === 'never') return 'NOT GATING';
  return c.passed && !fleetFails ? 'PASSED' : 'FAILED';
}

let familyById: Map<string, string> | undefined;

function familyOf(id: string): string | undefined {
  familyById ??= new Map(loadCatalogue().map((r) => [r.id, r.family]));
  return familyById.get(id);
}

/** A table cell: the worst count, `E2` errors, `?1` undecided, `W1` warnings, `I1` info, `ok`, or `-` not read. */
export function cell(s: Summary, readable = true): string {
  if (!readable) return '-';
  if (s.error > 0) return `E${s.error}`;
  if (s.unknown > 0) return `?${s.unknown}`;
  if (s.warning > 0) return `W${s.warning}`;
  if (s.info > 0) return `I${s.info}`;
  return 'ok';
}

export const CELL_LEGEND = 'E errors, ? undecided, W warnings, I info (the worst, with its count); ok nothing; - not read';

/** `3 clusters: 1 passed, 1 failed, 1 could not be read`. */
export function clustersLine(report: FleetReport, rows: readonly FleetRow[]): string {
  const n = (k: number, w: string): string => `${k} ${w}`;
  const passed = rows.filter((r) => r.verdict === 'PASSED').length;
  const failed = rows.filter((r) => r.verdict === 'FAILED').length;
  const unreadable = rows.filter((r) => r.verdict === 'UNREADABLE').length;
  const notGating = rows.filter((r) => r.verdict === 'NOT GATING').length;
  const parts = report.failOn === 'never' ? [n(notGating, 'read')] : [n(passed, 'passed'), n(failed, 'failed')];
  parts.push(n(unreadable, 'could not be read'));
  return `${report.clusters.length} cluster${report.clusters.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

/** `FAILED (fail-on error)`, `PASSED (fail-on error)` or `not gating (--fail-on never)`: the fleet's gate. */
export function fleetGateLine(report: FleetReport): string {
  if (report.failOn === 'never') return 'not gating (--fail-on never)';
  return `${report.passed ? 'PASSED' : 'FAILED'} (fail-on ${report.failOn}${report.allowUnknown ? ', unknown allowed' : ''})`;
}
