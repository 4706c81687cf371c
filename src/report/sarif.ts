/**
 * SARIF 2.1.0 for code scanning (GitHub's upload-sarif and any SARIF viewer).
 *
 * - tool.driver.rules: every rule of the catalogue, with its description and
 *   remediation as help text and its first reference as helpUri, then the
 *   waiver notices KN991 / KN992.
 * - One result per finding: level error / warning / note for error / warning /
 *   info. An undecided rule (verdict unknown) is level `warning` with
 *   properties.verdict = "unknown" and a message that starts "Undecided:", so
 *   it is never shown as a pass nor as a proven fault; properties.failsGate
 *   says whether it failed this run's gate.
 * - The first evidence location is the result's location (artifactLocation.uri
 *   relative to the working directory, region.startLine, the line as snippet);
 *   the others are relatedLocations.
 * - Live-cluster evidence has no file: its location is the API object
 *   reference (`v1/Node/node01`) under uriBaseId KUBERNETES_API, described in
 *   run.originalUriBaseIds as "not a file", with a logicalLocation of kind
 *   "resource" and a message saying so.
 * - A waived finding carries a suppression (kind external, status accepted,
 *   the waiver's reason, owner, expiry and file:line as justification).
 * - A change reviewed against a cluster: every result has a baselineState, the
 *   cluster's evidence being the baseline (SARIF 2.1.0 §3.27.24) — "new" for
 *   the change's findings, "unchanged" for those the cluster already has, and
 *   "absent" for those the change resolves (kind "pass", level "none": they are
 *   gone). properties.failsGate of an unchanged one is true only with
 *   --fail-on-existing; run.properties.change has the counts. There is no
 *   earlier SARIF run, so run.baselineGuid is not set.
 */
import { createHash } from 'node:crypto';
import type { RuleInfo } from '../policy/catalogue.js';
import type { Location } from '../policy/findings.js';
import { changeCountsLine, countsLine, failsReportGate, gateLine, isApiObject, type BaselineState, type Report, type ReportFinding } from './model.js';
import { reportRules, displayPath, type RenderOptions } from './render.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const API_BASE = 'KUBERNETES_API';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<ReportFinding['severity'], Level> = { error: 'error', warning: 'warning', info: 'note', unknown: 'warning' };

export function renderSARIF(report: Report, opts: RenderOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const rules = [...(opts.rules ?? reportRules(report))];
  const c = report.change;
  const all: [ReportFinding, BaselineState | null][] = c
    ? [...report.findings.map((f): [ReportFinding, BaselineState] => [f, 'new']), ...c.preexisting.map((f): [ReportFinding, BaselineState] => [f, 'unchanged']), ...c.resolved.map((f): [ReportFinding, BaselineState] => [f, 'absent'])]
    : report.findings.map((f): [ReportFinding, BaselineState | null] => [f, null]);
  const usesApi = all.some(([f]) => f.locations.some((l) => isApiObject(l)));
  const run = {
    tool: {
      driver: {
        name: 'kube-netcheck',
        ...(opts.version ? { version: opts.version, semanticVersion: opts.version } : {}),
        rules: rules.map(descriptor),
      },
    },
    ...(usesApi
      ? {
          originalUriBaseIds: {
            [API_BASE]: {
              description: {
                text: 'Objects read from the cluster API server, named apiVersion/Kind/[namespace/]name: not files in this repository.',
              },
            },
          },
        }
      : {}),
    invocations: [
      {
        executionSuccessful: true,
        exitCode: report.passed ? 0 : 1,
        properties: { failOn: report.failOn, allowUnknown: report.allowUnknown, gate: gateLine(report) },
      },
    ],
    results: all.map(([f, state]) => result(f, rules, report, cwd, state)),
    properties: {
      summary: report.summary,
      counts: countsLine(report.summary),
      passed: report.passed,
      ...(c
        ? {
            change: {
              against: c.against,
              failOnExisting: c.failOnExisting,
              introduced: report.findings.length,
              preexisting: c.preexisting.length,
              resolved: c.resolved.length,
              counts: changeCountsLine({ findings: report.findings, change: c }),
            },
          }
        : {}),
    },
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}

function descriptor(r: RuleInfo): object {
  const refs = r.references.map((x) => `- ${x.description}: ${x.url}`).join('\n');
  const refsMd = r.references.map((x) => `- [${x.description}](${x.url})`).join('\n');
  const text = `${r.description}\n\nRemediation:\n${r.remediation}${refs ? `\n\nReferences:\n${refs}` : ''}`;
  const markdown = `${r.description}\n\n**Remediation**\n\n${r.remediation}${refsMd ? `\n\n**References**\n\n${refsMd}` : ''}`;
  return {
    id: r.id,
    name: `${r.family}/${r.rule}`,
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text, markdown },
    ...(r.references[0] ? { helpUri: r.references[0].url } : {}),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      tags: ['kubernetes', 'networking', r.family],
      'problem.severity': r.severity === 'info' ? 'recommendation' : r.severity,
    },
  };
}

function result(f: ReportFinding, rules: readonly RuleInfo[], report: Report, cwd: string, state: BaselineState | null): object {
  const index = rules.findIndex((r) => r.id === f.id);
  const [first, ...rest] = f.locations;
  const text = f.verdict === 'unknown' ? `Undecided: ${f.message}${f.evidence ? ` (needs: ${f.evidence})` : ''}` : f.message;
  const message = state === 'absent' ? `Resolved by the change: ${text}` : state === 'unchanged' ? `Already in the cluster, not caused by the change: ${text}` : text;
  return {
    ruleId: f.id,
    ...(index >= 0 ? { ruleIndex: index } : {}),
    ...(state === 'absent' ? { kind: 'pass', level: 'none' } : { level: LEVEL[f.severity] }),
    message: { text: message },
    locations: first ? [location(first, cwd)] : [],
    ...(rest.length > 0 ? { relatedLocations: rest.map((l, i) => ({ id: i + 1, ...location(l, cwd) })) } : {}),
    partialFingerprints: { 'kubeNetcheck/v1': createHash('sha256').update(`${f.id}\n${f.message}`).digest('hex') },
    ...(f.waived
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `${f.waived.reason} (owner ${f.waived.owner}, until ${f.waived.expires}; waiver at ${f.waived.file}:${f.waived.line})`,
            },
          ],
        }
      : {}),
    ...(state ? { baselineState: state } : {}),
    properties: {
      severity: f.severity,
      ruleSeverity: f.ruleSeverity,
      verdict: f.verdict,
      failsGate: failsReportGate(f, report, state ?? 'new'),
      facts: f.facts,
      remediation: f.remediation,
    },
  };
}

function location(l: Location, cwd: string): object {
  if (isApiObject(l)) {
    return {
      physicalLocation: { artifactLocation: { uri: encodePath(l.file), uriBaseId: API_BASE } },
      logicalLocations: [{ fullyQualifiedName: l.file, kind: 'resource' }],
      message: { text: `live cluster object ${l.file} (no file in the repository)` },
    };
  }
  const uri = l.file === '-' ? 'stdin' : encodePath(displayPath(l, cwd));
  return {
    physicalLocation: {
      artifactLocation: { uri },
      ...(l.line ? { region: { startLine: l.line, ...(l.column ? { startColumn: l.column } : {}), ...(l.excerpt ? { snippet: { text: l.excerpt } } : {}) } } : {}),
    },
    ...(l.kind ? { message: { text: `evidence: ${l.kind}` } } : {}),
  };
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function encodePath(p: string): string {
  return p
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}
