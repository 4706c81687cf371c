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
import type { Parser, ParseResult } from '../types.js';
import { checkIP, emptyResult } from './common.js';
import { findTables, labelledRow } from './kubectl-table.js';

const REQUIRED = ['NAME', 'STATUS', 'ROLES', 'VERSION'] as const;
/** kubectl's own columns (plain and -o wide); any other is a -L label column, empty where a node lacks the label. */
const KNOWN = new Set(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);

export const kubectlNodesTable: Parser = {
  kind: 'kubectl-nodes-table',
  title: 'kubectl get nodes table',
  detect(lines) {
    return findTables(lines, REQUIRED).length > 0 ? 0.95 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    for (const table of findTables(lines, REQUIRED)) {
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
