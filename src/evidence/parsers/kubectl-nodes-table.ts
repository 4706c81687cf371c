/**
 * `kubectl get nodes` table, plain or `-o wide`:
 *
 *   NAME           STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION   CONTAINER-RUNTIME
 *   controlplane   Ready    control-plane   54m   v1.31.0   192.8.33.6    <none>        Ubuntu 22.04.4 LTS   5.15.0-1071-gcp  containerd://1.6.26
 *
 * OS-IMAGE holds spaces, so it takes whatever lies between EXTERNAL-IP and the
 * last two columns. Columns from kubernetes pkg/printers/internalversion/printers.go
 * (nodeColumnDefinitions). The table shows no labels or taints: those stay unknown.
 */
import { excerpt } from '../text.js';
import type { ParseContext, Parser, ParseResult } from '../types.js';
import { checkIP, emptyResult } from './common.js';
import { findTables, labelledRow, type Table } from './kubectl-table.js';

const REQUIRED = ['NAME', 'STATUS', 'ROLES', 'VERSION'] as const;
/** kubectl's own columns (plain and -o wide); any other is a -L label column, empty where a node lacks the label. */
const KNOWN = new Set(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);

export const kubectlNodesTable: Parser = {
  kind: 'kubectl-nodes-table',
  title: 'kubectl get nodes table',
  detect(lines, ctx) {
    if (findTables(lines, REQUIRED).length > 0) return 0.95;
    return headerless(lines, ctx).length > 0 ? 0.9 : 0;
  },
  parse(lines, ctx) {
    const out: ParseResult = emptyResult();
    const tables = findTables(lines, REQUIRED);
    for (const table of tables.length > 0 ? tables : headerless(lines, ctx)) {
      const cols = table.columns;
      const osIdx = cols.indexOf('OS-IMAGE');
      const seen = new Map<string, number>();
      for (const row of table.rows) {
        const cells = mapCells(cols, row.cells, osIdx) ?? labelledRow(cols, row.aligned, KNOWN);
        if (!cells) {
          out.diagnostics.push({
            level: row.cells.length < cols.length ? 'warning' : 'error',
            line: row.line,
            message: `node row has ${row.cells.length} columns, the header ${cols.length} (${cols.join(' ')}): ${
              row.cells.length < cols.length ? 'truncated row skipped' : 'expected one value per column'
            }`,
          });
          continue;
        }
        const name = cells.get('NAME') ?? '';
        const earlier = seen.get(name);
        if (earlier !== undefined) {
          out.diagnostics.push({ level: 'error', line: row.line, message: `node ${name} is listed twice in one table (first at line ${earlier}): expected unique node names` });
          continue;
        }
        seen.set(name, row.line);
        const status = cells.get('STATUS') ?? '';
        const statuses = status.split(',');
        const internal = cells.get('INTERNAL-IP');
        const internalIPs: string[] = [];
        if (internal !== undefined && internal !== '<none>') {
          for (const ip of internal.split(',')) {
            const c = checkIP(out, ip, row.line, `node ${cells.get('NAME')} INTERNAL-IP`);
            if (c) internalIPs.push(c);
          }
        }
        const osImage = cells.get('OS-IMAGE');
        const roles = cells.get('ROLES');
        const kernel = cells.get('KERNEL-VERSION');
        out.observations.push({
          claim: {
            type: 'node',
            name: cells.get('NAME') ?? '',
            ...(internal !== undefined ? { internalIPs } : {}),
            ready: statuses.includes('Ready') ? true : statuses.includes('NotReady') ? false : null,
            ...(osImage !== undefined ? { os: /windows/i.test(osImage) ? 'windows' : 'linux' } : {}),
            ...(kernel !== undefined && kernel !== '<unknown>' ? { kernelVersion: kernel } : {}),
            kubeletVersion: cells.get('VERSION') ?? null,
            roles: roles === undefined || roles === '<none>' ? [] : roles.split(','),
          },
          line: row.line,
          excerpt: excerpt(row.text),
        });
      }
    }
    return out;
  },
};

/**
 * `kubectl get nodes -o wide | grep worker` drops the header: the command says which columns
 * kubectl printed (nodeColumnDefinitions, plus the wide ones), so the rows are read under them.
 */
const WIDE_HEADER = 'NAME   STATUS   ROLES   AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE   KERNEL-VERSION   CONTAINER-RUNTIME';
function headerless(lines: readonly string[], ctx: ParseContext): Table[] {
  const cmd = ctx.command ?? '';
  if (!/\b(?:kubectl|k|oc)\s+(?:-\S+\s+)*get\s+(?:no|nodes?)\b/.test(cmd) || !/(?:-o\s*|--output[= ])wide\b/.test(cmd) || !/\|\s*(?:grep|egrep|head|tail)\b|--no-headers/.test(cmd)) return [];
  const rows = lines.filter((l) => l.trim() !== '');
  // Every row must look like a node row: a status word and a version in their columns.
  if (rows.length === 0 || !rows.every((l) => /^\S+\s+(?:Ready|NotReady|Unknown)(?:,\S+)?\s+\S+\s+\S+\s+v\d+\.\d+/.test(l.trim()))) return [];
  const t = findTables([WIDE_HEADER, ...lines], REQUIRED)[0];
  if (!t) return [];
  return [{ ...t, headerLine: 0, rows: t.rows.map((r) => ({ ...r, line: r.line - 1, aligned: null })) }];
}

function mapCells(cols: string[], cells: string[], osIdx: number): Map<string, string> | null {
  const out = new Map<string, string>();
  if (osIdx < 0 || cells.length <= cols.length - 1) {
    if (cells.length !== cols.length) return null;
    cols.forEach((c, i) => out.set(c, cells[i] ?? ''));
    return out;
  }
  const after = cols.length - osIdx - 1;
  if (cells.length < cols.length) return null;
  cols.forEach((c, i) => {
    if (i < osIdx) out.set(c, cells[i] ?? '');
    else if (i === osIdx) out.set(c, cells.slice(osIdx, cells.length - after).join(' '));
    else out.set(c, cells[cells.length - (cols.length - i)] ?? '');
  });
  return out;
}
