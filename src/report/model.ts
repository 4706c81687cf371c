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
}

export interface Report {
  findings: Finding[];
  summary: Summary;
  diagnostics: Diagnostic[];
  files: FileSummary[];
  facts: Facts;
  /** The gate's decision under the options it ran with. */
  failOn: FailOn;
  allowUnknown: boolean;
  passed: boolean;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function summarise(findings: readonly Finding[]): Summary {
  const s: Summary = { error: 0, warning: 0, info: 0, unknown: 0 };
  for (const f of findings) s[f.severity]++;
  return s;
}

/**
 * Whether a finding fails the gate: a failed rule at or above --fail-on, or an
 * undecided rule whose own severity is, unless unknowns are allowed.
 */
export function failsGate(f: Finding, failOn: FailOn, allowUnknown: boolean): boolean {
  if (failOn === 'never') return false;
  if (RANK[f.ruleSeverity] < RANK[failOn]) return false;
  return f.verdict === 'fail' || !allowUnknown;
}

export function gatePassed(findings: readonly Finding[], failOn: FailOn, allowUnknown: boolean): boolean {
  return !findings.some((f) => failsGate(f, failOn, allowUnknown));
}

/** 0 nothing at or above --fail-on; 1 findings. (2 input error and 3 bug are raised, not reported.) */
export function exitCode(report: Report): 0 | 1 {
  return report.passed ? 0 : 1;
}
