/** The result of a check, as every output format sees it, and the exit code it implies. */
import type { Diagnostic } from '../evidence/types.js';
import type { FileSummary } from '../evidence/read.js';
import type { Facts } from '../facts/types.js';
import type { Finding } from '../policy/findings.js';
import type { Severity } from '../policy/catalogue.js';

export type FailOn = Severity | 'never';

export interface Summary {
  error: number;
  warning: number;
  info: number;
  unknown: number;
  /** Findings a waiver accepted; not counted under their severity. */
  waived: number;
}

/** The waiver that accepted a finding: shown with it, never hiding it. */
export interface Waived {
  file: string;
  line: number;
  rule: string;
  reason: string;
  owner: string;
  expires: string;
}

export interface ReportFinding extends Finding {
  waived?: Waived;
}

/**
 * A change reviewed against a cluster (`review --cluster-evidence`, `review
 * --cluster`, the webhook): the report's `findings` are the ones the change
 * introduces; these are the cluster's own. Absent when there is no cluster to
 * compare with, and then every format prints what it always has.
 */
export interface ChangeFindings {
  /** The cluster's evidence the change was judged against: the paths given, or the live cluster. */
  against: string[];
  /** In the cluster without the change, and kept by it (restated or untouched): not caused by the change. */
  preexisting: ReportFinding[];
  /** In the cluster without the change, and gone with it: what the change fixes. */
  resolved: ReportFinding[];
  /** --fail-on-existing: the pre-existing findings count toward the gate as the change's do. */
  failOnExisting: boolean;
}

/** Where a finding stands against the cluster: SARIF's baselineState words (SARIF 2.1.0 §3.27.24). */
export type BaselineState = 'new' | 'unchanged' | 'absent';

export interface Report {
  /** Rule findings, then the waiver file's own notices (expired, stale). With `change`: the change's own (introduced). */
  findings: ReportFinding[];
  summary: Summary;
  diagnostics: Diagnostic[];
  files: FileSummary[];
  facts: Facts;
  /** The gate's decision under the options it ran with. */
  failOn: FailOn;
  allowUnknown: boolean;
  passed: boolean;
  /** The waiver file, when one was given, and the date its expiries were judged on. */
  waivers?: { file: string; count: number; today: string };
  /** A change judged against a cluster: the cluster's pre-existing and resolved findings. */
  change?: ChangeFindings;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function summarise(findings: readonly ReportFinding[]): Summary {
  const s: Summary = { error: 0, warning: 0, info: 0, unknown: 0, waived: 0 };
  for (const f of findings) {
    if (f.waived) s.waived++;
    else s[f.severity]++;
  }
  return s;
}

/**
 * Whether a finding fails the gate: a failed rule at or above --fail-on, or an
 * undecided rule whose own severity is, unless unknowns are allowed. A waived
 * finding never does.
 */
export function failsGate(f: ReportFinding, failOn: FailOn, allowUnknown: boolean): boolean {
  if (f.waived) return false;
  if (failOn === 'never') return false;
  if (RANK[f.ruleSeverity] < RANK[failOn]) return false;
  return f.verdict === 'fail' || !allowUnknown;
}

/**
 * Whether a finding of the report fails its gate, by its section: the change's
 * findings as failsGate says; pre-existing ones only with --fail-on-existing;
 * resolved ones never (they are gone).
 */
export function failsReportGate(f: ReportFinding, report: Pick<Report, 'failOn' | 'allowUnknown' | 'change'>, state: BaselineState = 'new'): boolean {
  if (state === 'absent') return false;
  if (state === 'unchanged' && report.change?.failOnExisting !== true) return false;
  return failsGate(f, report.failOn, report.allowUnknown);
}

/** `1 introduced by the change, 2 already in the cluster, 1 resolved by the change`. */
export function changeCountsLine(report: Pick<Report, 'findings'> & { change: ChangeFindings }): string {
  return `${report.findings.length} introduced by the change, ${report.change.preexisting.length} already in the cluster, ${report.change.resolved.length} resolved by the change`;
}

/** The section titles every format uses, with what each holds. */
export const CHANGE_SECTIONS = {
  new: 'Introduced by the change',
  unchanged: 'Already in the cluster, not caused by the change',
  absent: 'Resolved by the change',
} as const satisfies Record<BaselineState, string>;

export function gatePassed(findings: readonly ReportFinding[], failOn: FailOn, allowUnknown: boolean): boolean {
  return !findings.some((f) => failsGate(f, failOn, allowUnknown));
}

/** 0 nothing at or above --fail-on; 1 findings. (2 input error and 3 bug are raised, not reported.) */
export function exitCode(report: Report): 0 | 1 {
  return report.passed ? 0 : 1;
}

/** `3 errors, 0 warnings, 0 info, 0 unknown, 0 waived`: every count, always. */
export function countsLine(s: Summary): string {
  const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${n(s.error, 'error')}, ${n(s.warning, 'warning')}, ${s.info} info, ${s.unknown} unknown, ${s.waived} waived`;
}

/**
 * `FAILED (fail-on error; ...)`, `PASSED (fail-on error)`, or `not gating (--fail-on never)`.
 * The hint about --allow-unknown is given only when undecided rules are among what fails the gate.
 */
export function gateLine(report: Pick<Report, 'failOn' | 'passed' | 'allowUnknown' | 'findings' | 'change'>): string {
  if (report.failOn === 'never') return 'not gating (--fail-on never)';
  const existing = existingNote(report);
  if (report.passed) return `PASSED (fail-on ${report.failOn}${report.allowUnknown ? ', unknown allowed' : ''}${existing})`;
  if (report.allowUnknown) return `FAILED (fail-on ${report.failOn}, unknown allowed${existing})`;
  const counted = [...report.findings, ...(report.change?.failOnExisting ? report.change.preexisting : [])];
  const unknownsCount = counted.some((f) => f.verdict !== 'fail' && failsGate(f, report.failOn, false));
  return `FAILED (fail-on ${report.failOn}${existing}${unknownsCount ? '; undecided rules count, --allow-unknown lets them pass' : ''})`;
}

/**
 * How the gate treats the cluster's pre-existing findings, when some would fail
 * it: `; 2 already in the cluster not counted: --fail-on-existing counts them`
 * or `; 2 already in the cluster counted: --fail-on-existing`.
 */
function existingNote(report: Pick<Report, 'failOn' | 'allowUnknown' | 'change'>): string {
  const c = report.change;
  if (!c) return '';
  const failing = c.preexisting.filter((f) => failsGate(f, report.failOn, report.allowUnknown)).length;
  if (failing === 0) return '';
  return c.failOnExisting ? `; ${failing} already in the cluster counted: --fail-on-existing` : `; ${failing} already in the cluster not counted: --fail-on-existing counts them`;
}

/**
 * A location is a file (with a line when known) or, for live-cluster evidence,
 * an API object reference such as `v1/Node/node01` or
 * `apps/v1/DaemonSet/kube-system/kube-proxy`, which has no file to open.
 */
export function isApiObject(loc: { file: string; line: number | null; kind?: string }): boolean {
  if (loc.line !== null && loc.line !== undefined) return false;
  return /^(?:[a-z0-9.-]+\/)?v\d+(?:(?:alpha|beta)\d+)?\/[A-Z][A-Za-z0-9]*\/[^\s]+$/.test(loc.file);
}

/**
 * The clusters the evidence describes, when there was a choice: which were seen
 * and which --cluster-name picked, or that none was (KN901 then names each).
 */
export function clustersLine(report: Report): string | null {
  const c = report.facts.clusters;
  if (!c) return null;
  const seen = c.seen.map((s) => `${s.name} (${[s.distribution ?? 'installer unknown', ...(s.named ? [] : ['no name given']), s.source].join(', ')})`).join(', ');
  return c.picked !== null
    ? `Clusters seen: ${seen}; read only ${c.picked} (--cluster-name) and evidence of no cluster.`
    : `Clusters seen: ${seen}; not judged as one cluster (KN901): pick one with --cluster-name NAME, or give each its own folder.`;
}
