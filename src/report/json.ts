/**
 * Machine output. Stable shape (DESIGN.md): {findings: [{id, severity, title,
 * message, remediation, locations: [{file, line}]}], summary: {error, warning,
 * info, unknown}}; more fields are added, never renamed (summary.waived, a
 * finding's `waived` with the waiver that accepted it, `waivers`).
 */
import type { Report } from './model.js';

export function renderJSON(report: Report): string {
  const doc = {
    passed: report.passed,
    failOn: report.failOn,
    allowUnknown: report.allowUnknown,
    summary: report.summary,
    findings: report.findings.map((f) => ({
      id: f.id,
      severity: f.severity,
      ruleSeverity: f.ruleSeverity,
      verdict: f.verdict,
      title: f.title,
      message: f.message,
      remediation: f.remediation,
      facts: f.facts,
      locations: f.locations.map((l) => ({ file: l.file, line: l.line, ...(l.column ? { column: l.column } : {}), kind: l.kind, excerpt: l.excerpt, ...(l.field ? { field: l.field } : {}) })),
      ...(f.evidence ? { evidence: f.evidence } : {}),
      ...(f.waived ? { waived: f.waived } : {}),
      ...(f.policy ? { policy: f.policy } : {}),
      ...(f.metadata ? { metadata: f.metadata } : {}),
    })),
    diagnostics: report.diagnostics,
    files: report.files,
    ...(report.waivers ? { waivers: report.waivers } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
