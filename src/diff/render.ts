/** The diff of two snapshots as text, JSON, or markdown for a change ticket. */
import type { Finding } from '../policy/findings.js';
import { md, mdCode } from '../report/escape.js';
import type { Change, FindingsDiff } from './diff.js';

export interface DiffResult {
  old: string;
  new: string;
  changes: Change[];
  findings: FindingsDiff;
  passed: boolean;
}

const findingLine = (f: Finding): string => `${f.severity.toUpperCase()} ${f.id} ${f.message}`;

const at = (l: Finding['locations'][number]): string => `${l.file}${l.line ? `:${l.line}` : ''}`;

/** The three finding lists, titled, in the order every format shows them. */
function sections(d: DiffResult): readonly (readonly [string, Finding[]])[] {
  return [
    ['Findings that appeared', d.findings.appeared],
    ['Findings that cleared', d.findings.cleared],
    ['Findings that persisted', d.findings.persisted],
  ];
}

function changeLine(c: Change): string {
  if (c.kind === 'added') return `+ ${c.subject}: ${c.after}`;
  if (c.kind === 'removed') return `- ${c.subject}: ${c.before}`;
  return `~ ${c.subject}: ${c.before} -> ${c.after}`;
}

export function renderDiffText(d: DiffResult): string {
  const out = [`Comparing ${d.old} (old) with ${d.new} (new).`, ''];
  out.push(d.changes.length === 0 ? 'No change in the facts.' : `Facts that changed (${d.changes.length}):`);
  for (const c of d.changes) out.push(`  ${changeLine(c)}`);
  out.push('');
  for (const [title, list] of sections(d)) {
    out.push(`${title} (${list.length}):`);
    for (const f of list) {
      out.push(`  ${findingLine(f)}`);
      for (const l of f.locations) out.push(`    at ${at(l)}`);
    }
  }
  out.push('', d.passed ? 'PASSED: no finding that fails the gate appeared.' : 'FAILED: findings that fail the gate appeared.');
  return `${out.join('\n')}\n`;
}

export function renderDiffJSON(d: DiffResult): string {
  const f = (x: Finding) => ({ id: x.id, severity: x.severity, title: x.title, message: x.message, locations: x.locations.map((l) => ({ file: l.file, line: l.line })) });
  return `${JSON.stringify(
    {
      old: d.old,
      new: d.new,
      passed: d.passed,
      changes: d.changes,
      findings: { appeared: d.findings.appeared.map(f), cleared: d.findings.cleared.map(f), persisted: d.findings.persisted.map(f) },
    },
    null,
    2,
  )}\n`;
}

export function renderDiffMarkdown(d: DiffResult): string {
  const out = [
    `## kube-netcheck diff: ${d.passed ? 'no new failing finding' : 'new failing findings'}`,
    '',
    `Old: ${mdCode(d.old)} · New: ${mdCode(d.new)}`,
    '',
    `| appeared | cleared | persisted | facts changed |`,
    `|---|---|---|---|`,
    `| ${d.findings.appeared.length} | ${d.findings.cleared.length} | ${d.findings.persisted.length} | ${d.changes.length} |`,
    '',
  ];
  if (d.changes.length > 0) {
    out.push('### Facts that changed', '', '| what | change | before | after |', '|---|---|---|---|');
    for (const c of d.changes) out.push(`| ${md(c.subject)} | ${c.kind} | ${c.before === null ? '' : md(c.before)} | ${c.after === null ? '' : md(c.after)} |`);
    out.push('');
  }
  for (const [title, list] of sections(d)) {
    if (list.length === 0) continue;
    out.push(`### ${title}`, '');
    for (const f of list) {
      const where = f.locations.map((l) => mdCode(at(l))).join(', ');
      out.push(`- **${f.severity}** ${f.id}: ${md(f.message)}${where ? ` (${where})` : ''}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
