/**
 * Machine output. Stable shape (DESIGN.md): {findings: [{id, severity, title,
 * message, remediation, locations: [{file, line}]}], summary: {error, warning,
 * info, unknown}}; more fields are added, never renamed (summary.waived, a
 * finding's `waived` with the waiver that accepted it, `waivers`, `change`).
 *
 * A change reviewed against a cluster adds `change`: what the cluster's evidence
 * was (`against`), whether pre-existing findings count (`failOnExisting`), and
 * the cluster's `preexisting` and `resolved` findings, each with its own
 * summary; `findings` and `summary` stay the change's own, which decide the gate.
 */
import type { Location } from '../policy/findings.js';
import type { Report, ReportFinding } from './model.js';
import { summarise } from './model.js';

export function renderJSON(report: Report): string {
  const c = report.change;
  const doc = {
    passed: report.passed,
    failOn: report.failOn,
    allowUnknown: report.allowUnknown,
    summary: report.summary,
    findings: report.findings.map(jsonFinding),
    ...(c
      ? {
          change: {
            against: c.against,
            failOnExisting: c.failOnExisting,
            introduced: report.findings.length,
            preexisting: { summary: summarise(c.preexisting), findings: c.preexisting.map(jsonFinding) },
            resolved: { summary: summarise(c.resolved), findings: c.resolved.map(jsonFinding) },
          },
        }
      : {}),
    diagnostics: report.diagnostics,
    files: report.files,
    ...(report.waivers ? { waivers: report.waivers } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** One finding as the JSON formats print it (a fleet's cross-cluster locations name their cluster first). */
export function jsonFinding(f: ReportFinding): Record<string, unknown> {
  return {
    id: f.id,
    severity: f.severity,
    ruleSeverity: f.ruleSeverity,
    verdict: f.verdict,
    title: f.title,
    message: f.message,
    remediation: f.remediation,
    facts: f.facts,
    locations: f.locations.map((l: Location & { cluster?: string }) => ({
      ...(l.cluster !== undefined ? { cluster: l.cluster } : {}),
      file: l.file,
      line: l.line,
      ...(l.column ? { column: l.column } : {}),
      kind: l.kind,
      excerpt: l.excerpt,
      ...(l.field ? { field: l.field } : {}),
    })),
    ...(f.evidence ? { evidence: f.evidence } : {}),
    ...(f.waived ? { waived: f.waived } : {}),
    ...(f.policy ? { policy: f.policy } : {}),
    ...(f.metadata ? { metadata: f.metadata } : {}),
  };
}
