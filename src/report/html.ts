/**
 * One self-contained HTML file to attach to a change ticket: the verdict and
 * every count, the address-space map of each family (inline SVG, see map.ts),
 * each finding with its evidence excerpts and fix, and the evidence read.
 * No script, no external font, stylesheet or image; a Content-Security-Policy
 * forbids the page any network access. Everything from evidence is escaped.
 * A change reviewed against a cluster has its counts (introduced, already in the
 * cluster, resolved) and a section for each; each finding's `data-baseline` is
 * new, unchanged or absent, as SARIF's baselineState.
 */
import { xml } from './escape.js';
import { renderMaps } from './map.js';
import { CHANGE_SECTIONS, changeCountsLine, countsLine, failsReportGate, gateLine, type BaselineState, type Report, type ReportFinding } from './model.js';
import { verdictWord, where, type RenderOptions } from './render.js';

export const STYLE = `
:root { color-scheme: light; --error: #b3261e; --warning: #b25e00; --info: #1f5fa8; --unknown: #7b3fa0; --waived: #6b6b6b; --ok: #1e7d32; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d1d1f; background: #f6f7f9; }
main { max-width: 1080px; margin: 0 auto; padding: 24px; }
header { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; }
h1 { font-size: 22px; margin: 0; }
h2 { font-size: 17px; margin: 28px 0 10px; }
h3 { font-size: 15px; margin: 0 0 6px; }
.verdict { font-weight: 700; padding: 4px 12px; border-radius: 999px; color: #fff; }
.verdict.FAILED { background: var(--error); } .verdict.PASSED { background: var(--ok); } .verdict.NOT-GATING { background: var(--info); }
.gate { color: #444; margin: 6px 0 0; }
.counts { display: flex; gap: 10px; margin: 16px 0 0; padding: 0; list-style: none; flex-wrap: wrap; }
.counts li { background: #fff; border: 1px solid #dcdfe4; border-radius: 8px; padding: 8px 14px; min-width: 96px; }
.counts b { display: block; font-size: 22px; }
.counts .error b { color: var(--error); } .counts .warning b { color: var(--warning); } .counts .info b { color: var(--info); }
.counts .unknown b { color: var(--unknown); } .counts .waived b { color: var(--waived); }
figure { margin: 0 0 16px; background: #fff; border: 1px solid #dcdfe4; border-radius: 8px; padding: 12px; overflow-x: auto; }
figcaption { color: #444; margin-top: 6px; }
figcaption p { margin: 2px 0; }
.fill-node { fill: #4e79a7; } .fill-pod { fill: #59a14f; } .fill-pool { fill: #8cd17d; } .fill-service { fill: #f28e2b; } .fill-block { fill: #76b7b2; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; margin: 4px 0 0; padding: 0; list-style: none; color: #444; }
.legend span { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
article.finding { background: #fff; border: 1px solid #dcdfe4; border-left: 5px solid var(--sev); border-radius: 8px; padding: 12px 16px; margin: 0 0 12px; }
.sev { display: inline-block; font-size: 12px; font-weight: 700; text-transform: uppercase; color: #fff; background: var(--sev); border-radius: 4px; padding: 1px 7px; margin-right: 6px; }
.sev-error { --sev: var(--error); } .sev-warning { --sev: var(--warning); } .sev-info { --sev: var(--info); } .sev-unknown { --sev: var(--unknown); } .sev-waived { --sev: var(--waived); }
.tag { font-size: 12px; color: var(--error); font-weight: 600; }
.message { margin: 4px 0 8px; }
.locations { margin: 0; padding-left: 18px; }
.locations code { font-weight: 600; }
pre { background: #f1f3f5; border-radius: 6px; padding: 6px 10px; margin: 4px 0 8px; white-space: pre-wrap; word-break: break-all; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
details summary { cursor: pointer; color: #333; }
.fix { white-space: pre-wrap; }
table { border-collapse: collapse; background: #fff; }
td, th { border: 1px solid #dcdfe4; padding: 4px 10px; text-align: left; }
footer { color: #666; margin: 28px 0 8px; font-size: 12px; }
`;

/** Added for a change reviewed against a cluster only, so other reports stay as they were. */
const CHANGE_STYLE = `.counts .resolved b { color: var(--ok); }
.resolved-list li { margin: 0 0 6px; }
`;

export function renderHTML(report: Report, opts: RenderOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const word = verdictWord(report);
  const s = report.summary;
  const c = report.change;
  // The map draws the facts after the change: what the change introduces and what the cluster keeps.
  const flagged = [...report.findings, ...(c?.preexisting ?? [])].filter((f) => !f.waived).flatMap((f) => f.facts);
  const maps = renderMaps(report.facts, { flagged });
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>kube-netcheck: ${word}</title>`,
    `<style>${STYLE}${report.change ? CHANGE_STYLE : ''}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>kube-netcheck report</h1><span class="verdict ${word.replace(' ', '-')}" id="verdict">${word}</span></header>`,
    `<p class="gate" id="summary">${xml(`${countsLine(s)}: ${gateLine(report)}`)}</p>`,
    '<ul class="counts">',
    ...(['error', 'warning', 'info', 'unknown', 'waived'] as const).map((k) => `<li class="${k}" data-count="${k}"><b>${s[k]}</b>${k}</li>`),
    '</ul>',
  ];
  if (c) {
    out.push(
      `<p class="gate" id="change">${xml(`Judged against the cluster${c.against.length > 0 ? ` (${c.against.join(', ')})` : ''}: ${changeCountsLine({ findings: report.findings, change: c })}.`)}</p>`,
      '<ul class="counts">',
      `<li class="introduced" data-count="introduced"><b>${report.findings.length}</b>introduced by the change</li>`,
      `<li class="preexisting" data-count="preexisting"><b>${c.preexisting.length}</b>already in the cluster</li>`,
      `<li class="resolved" data-count="resolved"><b>${c.resolved.length}</b>resolved by the change</li>`,
      '</ul>',
    );
  }
  out.push('<h2 id="address-space">Address space</h2>');
  if (maps.length === 0) out.push('<p>No address ranges in the evidence.</p>');
  for (const m of maps) {
    out.push(`<figure data-family="${m.family}">`, m.svg, '<figcaption>', legend());
    for (const c of m.caption) out.push(`<p>${xml(c)}</p>`);
    out.push('</figcaption>', '</figure>');
  }
  out.push(`<h2 id="findings">${c ? CHANGE_SECTIONS.new : 'Findings'} (${report.findings.length})</h2>`);
  if (report.findings.length === 0) out.push(c ? '<p>No findings introduced by the change.</p>' : '<p>No findings.</p>');
  report.findings.forEach((f, i) => out.push(finding(f, `finding-${i + 1}`, report, cwd, c ? 'new' : null)));
  if (c) {
    out.push(`<h2 id="preexisting">${CHANGE_SECTIONS.unchanged} (${c.preexisting.length})</h2>`);
    if (c.preexisting.length === 0) out.push('<p>None.</p>');
    else out.push(`<p>${c.failOnExisting ? 'They count toward the gate (--fail-on-existing).' : 'They do not fail the gate; --fail-on-existing makes them.'}</p>`);
    c.preexisting.forEach((f, i) => out.push(finding(f, `preexisting-${i + 1}`, report, cwd, 'unchanged')));
    out.push(`<h2 id="resolved">${CHANGE_SECTIONS.absent} (${c.resolved.length})</h2>`);
    if (c.resolved.length === 0) out.push('<p>None.</p>');
    else {
      out.push('<ul class="resolved-list">');
      for (const f of c.resolved) {
        const at = f.locations.map((l) => `<code>${xml(where(l, cwd))}</code>`).join(', ');
        out.push(`<li data-rule="${xml(f.id)}" data-severity="${f.severity}" data-baseline="absent"><span class="sev sev-${f.severity}">${f.severity}</span><s>${xml(f.id)}</s> ${xml(f.message)}${at ? ` (was at ${at})` : ''}</li>`);
      }
      out.push('</ul>');
    }
  }
  out.push(...evidence(report, cwd));
  out.push(`<footer>kube-netcheck${opts.version ? ` ${xml(opts.version)}` : ''}${report.waivers ? ` · waivers from ${xml(report.waivers.file)} judged as of ${report.waivers.today}` : ''}</footer>`);
  out.push('</main>', '</body>', '</html>', '');
  return out.join('\n');
}

function legend(): string {
  const item = (style: string, label: string): string => `<li><span style="${style}"></span>${label}</li>`;
  return `<ul class="legend">${[
    item('background:#4e79a7', 'node network'),
    item('background:#59a14f', 'pod range'),
    item('background:#8cd17d', 'CNI pool'),
    item('background:#76b7b2', 'node podCIDR'),
    item('background:#f28e2b', 'service range'),
    item('background:#e15759', 'overlap'),
    item('background:#fff;border:2px solid #b3261e', 'named by a finding'),
  ].join('')}</ul>`;
}

function finding(f: ReportFinding, id: string, report: Report, cwd: string, state: BaselineState | null): string {
  const sev = f.waived ? 'waived' : f.severity;
  const gate = failsReportGate(f, report, state ?? 'new') ? ' <span class="tag">fails the gate</span>' : '';
  const parts = [
    `<article class="finding sev-${sev}" id="${id}" data-rule="${xml(f.id)}" data-severity="${f.severity}"${f.waived ? ' data-waived="true"' : ''}${state ? ` data-baseline="${state}"` : ''}>`,
    `<h3><span class="sev">${sev}</span>${xml(f.id)} · ${xml(f.title)}${gate}</h3>`,
    `<p class="message">${xml(f.message)}</p>`,
  ];
  if (f.locations.length > 0) {
    parts.push('<ul class="locations">');
    for (const l of f.locations) parts.push(`<li><code>${xml(where(l, cwd))}</code>${l.excerpt ? `<pre>${xml(l.excerpt)}</pre>` : ''}</li>`);
    parts.push('</ul>');
  }
  if (f.waived) {
    const w = f.waived;
    parts.push(`<p><b>Waived</b> until ${xml(w.expires)} by ${xml(w.owner)}: ${xml(w.reason)} <code>${xml(`${w.file}:${w.line}`)}</code></p>`);
  } else if (f.verdict === 'unknown' && f.evidence) {
    parts.push(`<p><b>Needs</b> ${xml(f.evidence)}</p>`);
  }
  if (f.remediation && !f.waived) parts.push(`<details${f.verdict === 'fail' ? ' open' : ''}><summary>Fix</summary><div class="fix">${xml(f.remediation)}</div></details>`);
  parts.push('</article>');
  return parts.join('\n');
}

function evidence(report: Report, cwd: string): string[] {
  const read = report.files.filter((f) => f.kind !== null);
  const out = [`<h2 id="evidence">Evidence (${read.length} file${read.length === 1 ? '' : 's'}, ${report.facts.observations.length} observations)</h2>`];
  if (read.length > 0) {
    out.push('<table><thead><tr><th>file</th><th>kind</th><th>observations</th></tr></thead><tbody>');
    for (const f of read) out.push(`<tr><td><code>${xml(where({ file: f.file, line: null }, cwd))}</code></td><td>${xml(f.kind ?? '')}</td><td>${f.observations}</td></tr>`);
    out.push('</tbody></table>');
  }
  const warnings = report.diagnostics.filter((d) => d.level === 'warning');
  if (warnings.length > 0) {
    out.push('<ul>');
    for (const d of warnings) out.push(`<li>warning: <code>${xml(`${d.file}${d.line ? `:${d.line}` : ''}`)}</code> ${xml(d.message)}</li>`);
    out.push('</ul>');
  }
  return out;
}
