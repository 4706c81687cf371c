/**
 * The fleet as one self-contained HTML file (no script, no external resource;
 * a Content-Security-Policy forbids any network access): the verdict, the
 * address-space map of the whole fleet (every cluster's ranges on one axis),
 * the cluster-by-rule grid, the readiness table when a target was given, the
 * cross-cluster findings and each cluster's. Everything from evidence is escaped.
 */
import type { FleetFinding, FleetReport } from '../../fleet/fleet.js';
import { loadCatalogue, loadFleetCatalogue } from '../../policy/catalogue.js';
import { xml } from '../escape.js';
import { STYLE } from '../html.js';
import { countsLine, type ReportFinding } from '../model.js';
import { where } from '../render.js';
import { clustersLine, fleetGateLine, fleetRows } from './model.js';
import { renderFleetMaps } from './map.js';

const FLEET_STYLE = `
.grid-wrap { overflow-x: auto; }
.grid td.cell { text-align: center; font-weight: 600; min-width: 26px; padding: 4px 3px; }
.grid th { white-space: nowrap; }
.grid td.error { background: #f9dedc; color: var(--error); } .grid td.unknown { background: #efe3f5; color: var(--unknown); }
.grid td.warning { background: #fdebd3; color: var(--warning); } .grid td.info { background: #dde8f6; color: var(--info); }
.grid td.ok { color: var(--ok); } .grid td.unread { color: #999; }
.grid th.rule { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 600; padding: 6px 2px; }
`;

export function renderFleetHTML(report: FleetReport, opts: { cwd?: string; version?: string } = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const { rows } = fleetRows(report);
  const word = report.failOn === 'never' ? 'NOT GATING' : report.passed ? 'PASSED' : 'FAILED';
  const maps = renderFleetMaps(report);
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>kube-netcheck fleet: ${word}</title>`,
    `<style>${STYLE}${FLEET_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>kube-netcheck fleet report</h1><span class="verdict ${word.replace(' ', '-')}" id="verdict">${word}</span></header>`,
    `<p class="gate" id="summary">${xml(`${clustersLine(report, rows)}; across clusters ${countsLine(report.summary)}: ${fleetGateLine(report)}`)}</p>`,
    `<p>${xml(report.fleetFile ? `Groups from ${report.fleetFile}: ${report.groups.map((g) => `${g.name} (${g.kind}): ${g.members.join(', ')}`).join('; ')}` : 'One group, all clusters (mesh): every range of every cluster must be disjoint.')}</p>`,
    '<h2 id="address-space">Address space of the fleet</h2>',
  ];
  if (maps.length === 0) out.push('<p>No address ranges in the evidence.</p>');
  for (const m of maps) {
    out.push(`<figure data-family="${m.family}">`, m.svg, '<figcaption>', legend());
    for (const c of m.caption) out.push(`<p>${xml(c)}</p>`);
    out.push('</figcaption>', '</figure>');
  }
  out.push(...grid(report));
  if (report.readiness) out.push(...readiness(report));
  out.push(`<h2 id="fleet-findings">Across clusters (${report.findings.length})</h2>`);
  if (report.findings.length === 0) out.push('<p>No findings between clusters.</p>');
  report.findings.forEach((f, i) => out.push(finding(f, `fleet-${i + 1}`, cwd)));
  for (const v of report.clusters) {
    out.push(`<h2 id="cluster-${xml(v.name)}">Cluster ${xml(v.name)} <small>${xml(v.source)}</small></h2>`);
    if (!v.readable) out.push(`<p class="message"><b>Could not be read:</b> ${xml(v.error ?? '')}</p>`);
    else if (v.findings.length === 0) out.push('<p>No findings.</p>');
    else {
      out.push(`<p>${xml(countsLine(v.summary))}</p>`);
      v.findings.forEach((f, i) => out.push(finding(f, `${v.name}-${i + 1}`, cwd)));
    }
  }
  out.push(`<footer>kube-netcheck${opts.version ? ` ${xml(opts.version)}` : ''}${report.waivers ? ` · waivers from ${xml(report.waivers.file)} judged as of ${report.waivers.today}` : ''}</footer>`);
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}

function legend(): string {
  const item = (style: string, label: string): string => `<li><span style="${style}"></span>${label}</li>`;
  return `<ul class="legend">${[
    item('background:#4e79a7', 'node network'),
    item('background:#59a14f', 'pod range'),
    item('background:#f28e2b', 'service range'),
    item('background:#e15759', 'shared by two clusters'),
    item('background:#fff;border:2px solid #b3261e', 'named by a finding'),
  ].join('')}</ul>`;
}

/** Clusters by rule: each cell the worst verdict of that rule's findings about that cluster. */
function grid(report: FleetReport): string[] {
  // The cross-cluster rules first: the fleet's own question.
  const rules = [...loadFleetCatalogue(), ...loadCatalogue()];
  const fleetIds = new Set(loadFleetCatalogue().map((r) => r.id));
  const out = ['<h2 id="grid">Clusters by rule</h2>', '<div class="grid-wrap"><table class="grid"><thead><tr><th>cluster</th>'];
  for (const r of rules) out.push(`<th class="rule" title="${xml(r.title)}">${xml(r.id)}</th>`);
  out.push('</tr></thead><tbody>');
  for (const v of report.clusters) {
    out.push(`<tr data-cluster="${xml(v.name)}"><th><a href="#cluster-${xml(v.name)}">${xml(v.name)}</a></th>`);
    for (const r of rules) {
      if (!v.readable) {
        out.push(`<td class="cell unread" data-rule="${r.id}">-</td>`);
        continue;
      }
      const found: ReportFinding[] = fleetIds.has(r.id) ? report.findings.filter((f) => f.id === r.id && f.clusters.includes(v.name)) : v.findings.filter((f) => f.id === r.id);
      const open = found.filter((f) => !f.waived);
      const worst = (['error', 'unknown', 'warning', 'info'] as const).find((s) => open.some((f) => f.severity === s));
      const text = worst === undefined ? (found.length > 0 ? 'waived' : 'ok') : worst === 'unknown' ? '?' : worst === 'error' ? '✗' : '!';
      out.push(`<td class="cell ${worst ?? 'ok'}" data-rule="${r.id}" title="${xml(`${r.id} on ${v.name}: ${worst ?? (found.length > 0 ? 'waived' : 'no finding')}`)}">${text}</td>`);
    }
    out.push('</tr>');
  }
  out.push('</tbody></table></div>', '<p>✗ error, ? undecided, ! warning or info, ok no finding, - not read.</p>');
  return out;
}

function readiness(report: FleetReport): string[] {
  const r = report.readiness!;
  const target = [r.targetVersion ? `Kubernetes ${r.targetVersion}` : null, r.targetProxyMode ? `kube-proxy mode ${r.targetProxyMode}` : null].filter(Boolean).join(', ');
  const out = [`<h2 id="readiness">Readiness for ${xml(target)}</h2>`, '<table class="readiness"><thead><tr><th>cluster</th><th>status</th><th>what blocks it, or notes</th></tr></thead><tbody>'];
  for (const row of r.rows) {
    const why = row.status === 'blocked' ? row.blockers : row.status === 'ready' ? row.notes : row.undecided;
    out.push(`<tr data-status="${row.status}"><td>${xml(row.cluster)}</td><td>${row.status}</td><td>${why.map(xml).join('<br>')}</td></tr>`);
  }
  out.push('</tbody></table>');
  return out;
}

function finding(f: ReportFinding | FleetFinding, id: string, cwd: string): string {
  const sev = f.waived ? 'waived' : f.severity;
  const parts = [
    `<article class="finding sev-${sev}" id="finding-${xml(id)}" data-rule="${xml(f.id)}" data-severity="${f.severity}">`,
    `<h3><span class="sev">${sev}</span>${xml(f.id)} · ${xml(f.title)}</h3>`,
    `<p class="message">${xml(f.message)}</p>`,
  ];
  if (f.locations.length > 0) {
    parts.push('<ul class="locations">');
    for (const l of f.locations) {
      const cluster = 'cluster' in l && typeof l.cluster === 'string' && l.cluster !== '' ? `${l.cluster}: ` : '';
      parts.push(`<li><code>${xml(`${cluster}${where(l, cwd)}`)}</code>${l.excerpt ? `<pre>${xml(l.excerpt)}</pre>` : ''}</li>`);
    }
    parts.push('</ul>');
  }
  if (f.waived) parts.push(`<p><b>Waived</b> until ${xml(f.waived.expires)} by ${xml(f.waived.owner)}: ${xml(f.waived.reason)}</p>`);
  else if (f.verdict === 'unknown' && f.evidence) parts.push(`<p><b>Needs</b> ${xml(f.evidence)}</p>`);
  if (f.remediation && !f.waived) parts.push(`<details${f.verdict === 'fail' ? ' open' : ''}><summary>Fix</summary><div class="fix">${xml(f.remediation)}</div></details>`);
  parts.push('</article>');
  return parts.join('\n');
}
