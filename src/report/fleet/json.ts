/**
 * The fleet for scripts: every cluster with its verdict, counts and findings
 * (the shape `check -o json` gives a finding), the cross-cluster findings with
 * the clusters and group they name and each location's cluster, the cluster ×
 * family table, the readiness rows when a target was given, and the gate.
 */
import type { FleetReport } from '../../fleet/fleet.js';
import { jsonFinding } from '../json.js';
import { fleetRows } from './model.js';

export function renderFleetJSON(report: FleetReport): string {
  const { families, rows } = fleetRows(report);
  const doc = {
    passed: report.passed,
    failOn: report.failOn,
    allowUnknown: report.allowUnknown,
    clusters: report.clusters.map((c, i) => ({
      name: c.name,
      source: c.source,
      readable: c.readable,
      ...(c.error !== undefined ? { error: c.error } : {}),
      verdict: rows[i]!.verdict,
      passed: c.passed,
      version: c.version,
      cni: c.cni,
      proxyMode: c.proxyMode,
      summary: c.summary,
      families: rows[i]!.families,
      findings: c.findings.map((f) => jsonFinding(f)),
    })),
    fleet: {
      summary: report.summary,
      groups: report.groups,
      ...(report.fleetFile ? { fleetFile: report.fleetFile } : {}),
      findings: report.findings.map((f) => ({ ...jsonFinding(f), clusters: f.clusters, ...(f.group !== undefined ? { group: f.group } : {}) })),
    },
    families,
    ...(report.readiness ? { readiness: report.readiness } : {}),
    ...(report.waivers ? { waivers: report.waivers } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
