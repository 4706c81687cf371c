/**
 * GitLab Code Quality (`artifacts:reports:codequality`): a JSON array of issues, the subset
 * of the Code Climate issue format GitLab reads (docs.gitlab.com/ci/testing/code_quality,
 * "Code Quality report format"): description, check_name, fingerprint, severity (info,
 * minor, major, critical, blocker) and location.path with location.lines.begin. GitLab
 * shows them in the merge request widget, new ones apart from those already on the target
 * branch, which it tells by the fingerprint.
 *
 * - One issue per finding, at its first file location (relative to the working
 *   directory); the other locations are named in the description. A finding with no file
 *   (live-cluster evidence, stdin, or a rule undecided for want of evidence) is at its
 *   first location's name as it is (`v1/Node/node01`, `-`), or `.` with none.
 * - error -> critical, warning -> major, info -> info; an undecided rule is critical when
 *   it fails the gate and minor otherwise, its description starting "Undecided:".
 * - A waived finding is left out: the risk is accepted (the other formats show it).
 * - A change reviewed against a cluster: the change's own findings; the cluster's
 *   pre-existing ones too only under --fail-on-existing, where they fail the gate (without
 *   it they are not the change's to fix, and the other formats list them apart).
 * - The fingerprint is the SHA-256 of rule, message and location, so the same finding on
 *   two branches is one issue, and two findings of one rule are two.
 * The array has no room for the counts and the gate: the job's log and JUnit carry them.
 */
import { createHash } from 'node:crypto';
import { failsGate, type Report, type ReportFinding } from './model.js';
import { displayPath, isFile, where, type RenderOptions } from './render.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

export function renderCodeQuality(report: Report, opts: RenderOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const kept = report.change?.failOnExisting === true ? report.change.preexisting : [];
  const issues = [...report.findings, ...kept].filter((f) => !f.waived).map((f) => issue(f, report, cwd));
  return `${JSON.stringify(issues, null, 2)}\n`;
}

function severity(f: ReportFinding, report: Report): CodeQualitySeverity {
  if (f.severity === 'unknown') return failsGate(f, report.failOn, report.allowUnknown) ? 'critical' : 'minor';
  return f.severity === 'error' ? 'critical' : f.severity === 'warning' ? 'major' : 'info';
}

function issue(f: ReportFinding, report: Report, cwd: string): CodeQualityIssue {
  const at = f.locations.find((l) => isFile(l)) ?? f.locations[0];
  const path = at ? displayPath(at, cwd) : '.';
  const line = at?.line ?? 1;
  const others = f.locations.filter((l) => l !== at).map((l) => where(l, cwd));
  const text = `${f.verdict === 'unknown' ? 'Undecided: ' : ''}${f.id} ${f.title}: ${f.message}${others.length > 0 ? ` (also ${others.join(', ')})` : ''}`;
  return {
    description: text,
    check_name: f.id,
    fingerprint: createHash('sha256').update(`${f.id}\n${f.message}\n${path}:${line}`).digest('hex'),
    severity: severity(f, report),
    location: { path, lines: { begin: line } },
  };
}
