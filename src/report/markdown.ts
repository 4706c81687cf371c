/**
 * A pull-request comment (GitHub or GitLab flavoured Markdown): the verdict,
 * a table of every count (unknown and waived included), then each finding
 * with its evidence locations and the fix; the full remediation, the evidence
 * lines and the waived findings are collapsible. Text from evidence is
 * escaped; the first line is an HTML comment a bot can find to update its
 * comment instead of adding another. A change reviewed against a cluster gets a
 * second table (introduced, already in the cluster, resolved) and a section for
 * each: the change's findings in full, the cluster's own collapsed (they fail
 * the gate only with --fail-on-existing), the resolved ones as a list.
 */
import { md, mdCode, mdTrusted } from './escape.js';
import { clustersLine, CHANGE_SECTIONS, failsReportGate, gateLine, type BaselineState, type Report, type ReportFinding } from './model.js';
import { evidenceFiles, verdictWord, where, type RenderOptions } from './render.js';

/** Findings listed in full; GitHub refuses comments over 65,536 characters. */
export const MAX_FINDINGS = 40;

const ICON = { PASSED: '✅', FAILED: '❌', 'NOT GATING': 'ℹ️' } as const;
const BADGE: Record<ReportFinding['severity'], string> = { error: '🔴 error', warning: '🟠 warning', info: '🔵 info', unknown: '🟣 unknown' };

export function renderMarkdown(report: Report, opts: RenderOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const s = report.summary;
  const word = verdictWord(report);
  const out: string[] = [
    '<!-- kube-netcheck report -->',
    `## ${ICON[word]} kube-netcheck: ${word}`,
    '',
    '| error | warning | info | unknown | waived |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${s.error} | ${s.warning} | ${s.info} | ${s.unknown} | ${s.waived} |`,
    '',
    `${md(gateLine(report))}. Read ${evidenceFiles(report)} evidence file${evidenceFiles(report) === 1 ? '' : 's'}, ${report.facts.observations.length} observations${report.waivers ? `; ${report.waivers.count} waiver${report.waivers.count === 1 ? '' : 's'} from ${mdCode(report.waivers.file)} as of ${report.waivers.today}` : ''}.`,
    '',
    ...(clustersLine(report) ? [md(clustersLine(report) ?? ''), ''] : []),
  ];
  const c = report.change;
  if (c) {
    out.push(
      `Judged against the cluster${c.against.length > 0 ? ` (${c.against.map(mdCode).join(', ')})` : ''}:`,
      '',
      '| introduced by the change | already in the cluster | resolved by the change |',
      '| ---: | ---: | ---: |',
      `| ${report.findings.length} | ${c.preexisting.length} | ${c.resolved.length} |`,
      '',
      `## ${CHANGE_SECTIONS.new} (${report.findings.length})`,
      '',
    );
  }
  const open = report.findings.filter((f) => !f.waived);
  const waived = report.findings.filter((f) => f.waived);
  if (report.findings.length === 0) out.push(c ? 'No findings introduced by the change.' : 'No findings.', '');
  // A pull-request comment has a size limit (65,536 characters on GitHub): list the first ones.
  for (const f of open.slice(0, MAX_FINDINGS)) out.push(...finding(f, report, cwd));
  if (open.length > MAX_FINDINGS) out.push(`… and ${open.length - MAX_FINDINGS} more findings: see the SARIF, JUnit or HTML report of the same run.`, '');
  if (waived.length > 0) {
    out.push(`<details><summary>${waived.length} waived finding${waived.length === 1 ? '' : 's'} (accepted, not failing the gate)</summary>`, '');
    for (const f of waived.slice(0, MAX_FINDINGS)) out.push(...finding(f, report, cwd));
    if (waived.length > MAX_FINDINGS) out.push(`… and ${waived.length - MAX_FINDINGS} more waived findings.`, '');
    out.push('</details>', '');
  }
  if (c) {
    const counted = c.failOnExisting ? 'they count toward the gate: --fail-on-existing' : 'they do not fail the gate; --fail-on-existing makes them';
    out.push(`## ${CHANGE_SECTIONS.unchanged} (${c.preexisting.length})`, '');
    if (c.preexisting.length === 0) out.push('None.', '');
    else {
      out.push(`<details><summary>${c.preexisting.length} finding${c.preexisting.length === 1 ? '' : 's'} the cluster has without the change (${counted})</summary>`, '');
      for (const f of c.preexisting.slice(0, MAX_FINDINGS)) out.push(...finding(f, report, cwd, 'unchanged'));
      if (c.preexisting.length > MAX_FINDINGS) out.push(`… and ${c.preexisting.length - MAX_FINDINGS} more findings already in the cluster.`, '');
      out.push('</details>', '');
    }
    out.push(`## ${CHANGE_SECTIONS.absent} (${c.resolved.length})`, '');
    if (c.resolved.length === 0) out.push('None.', '');
    for (const f of c.resolved.slice(0, MAX_FINDINGS)) {
      const at = f.locations.map((l) => mdCode(where(l, cwd))).join(', ');
      out.push(`- ✔️ **${f.severity}** ${f.id}: ${md(f.message)}${at ? ` (was at ${at})` : ''}`);
    }
    if (c.resolved.length > MAX_FINDINGS) out.push(`- … and ${c.resolved.length - MAX_FINDINGS} more resolved findings.`);
    if (c.resolved.length > 0) out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function finding(f: ReportFinding, report: Report, cwd: string, state: BaselineState = 'new'): string[] {
  const gate = failsReportGate(f, report, state) ? ' · fails the gate' : '';
  const badge = f.waived ? '⚪ waived' : BADGE[f.severity];
  const out = [`### ${badge} · ${f.id} · ${md(f.title)}${gate}`, '', md(f.message), ''];
  for (const l of f.locations) out.push(`- ${mdCode(where(l, cwd))}`);
  if (f.locations.length > 0) out.push('');
  if (f.waived) {
    const w = f.waived;
    out.push(`**Waived** until ${w.expires} by ${md(w.owner)}: ${md(w.reason)} (${mdCode(`${w.file}:${w.line}`)})`, '');
  } else if (f.verdict === 'unknown' && f.evidence) {
    out.push(`**Needs:** ${md(f.evidence)}`, '');
  } else if (f.remediation) {
    const first = firstSentence(f.remediation);
    out.push(`**Fix:** ${mdTrusted(first)}`, '');
    if (first !== f.remediation.replace(/\s*\n\s*/g, ' ').trim()) out.push('<details><summary>Full remediation</summary>', '', mdTrusted(f.remediation), '', '</details>', '');
  }
  const excerpts = f.locations.filter((l) => l.excerpt);
  if (excerpts.length > 0) {
    out.push('<details><summary>Evidence</summary>', '');
    for (const l of excerpts) out.push(`${mdCode(where(l, cwd))}`, '', fenced(l.excerpt), '');
    out.push('</details>', '');
  }
  return out;
}

/** The remediation's first sentence, its hard line breaks undone. */
function firstSentence(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ').trim();
  const m = /^(.+?[.!?])(?:\s|$)/.exec(flat);
  return m?.[1] ?? flat;
}

/** A fenced block that no evidence line can close early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}
