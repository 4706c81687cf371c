/**
 * `kubectl get ds` / `kubectl get daemonsets` table, with or without `-A`
 * (NAMESPACE column) and `-o wide` (CONTAINERS, IMAGES, SELECTOR):
 *
 *   NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE
 *   kube-proxy   2         2         2       2            2           kubernetes.io/os=linux   54m
 *
 * Columns from kubernetes pkg/printers/internalversion/printers.go (daemonSetColumnDefinitions).
 */
import { excerpt } from '../text.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult, parseCount } from './common.js';
import { findTables, labelledRow } from './kubectl-table.js';

const REQUIRED = ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AVAILABLE'] as const;
/** kubectl's own columns (plain, -A and -o wide); any other is a -L label column, which may be empty. */
const KNOWN = new Set(['NAMESPACE', 'NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE-SELECTOR', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
const COUNTS = [
  ['DESIRED', 'desired'],
  ['CURRENT', 'current'],
  ['READY', 'ready'],
  ['UP-TO-DATE', 'upToDate'],
  ['AVAILABLE', 'available'],
] as const;

export const kubectlDaemonSetTable: Parser = {
  kind: 'kubectl-ds-table',
  title: 'kubectl get daemonsets table',
  detect(lines) {
    return findTables(lines, REQUIRED).length > 0 ? 0.95 : 0;
  },
  parse(lines, ctx) {
    const out: ParseResult = emptyResult();
    const nsFlag = /(?:-n|--namespace)[=\s]+([a-z0-9-]+)/.exec(ctx.command ?? '')?.[1] ?? null;
    for (const table of findTables(lines, REQUIRED)) {
      const col = (name: string): number => table.columns.indexOf(name);
      for (const row of table.rows) {
        const cells = row.cells.length === table.columns.length ? row.cells : labelledCells(table.columns, row.aligned);
        if (!cells) {
          out.diagnostics.push({
            level: row.cells.length < table.columns.length ? 'warning' : 'error',
            line: row.line,
            message: `DaemonSet row has ${row.cells.length} columns, the header ${table.columns.length} (${table.columns.join(' ')}): ${
              row.cells.length < table.columns.length ? 'truncated row skipped' : 'expected one value per column'
            }`,
          });
          continue;
        }
        const cell = (name: string): string | undefined => {
          const c = col(name);
          return c >= 0 ? cells[c] : undefined;
        };
        const counts: Record<string, number | null> = {};
        let bad = false;
        for (const [column, field] of COUNTS) {
          const v = cell(column);
          if (v === undefined) {
            counts[field] = null;
            continue;
          }
          const n = parseCount(v);
          if (n === null) {
            out.diagnostics.push({
              level: 'error',
              line: row.line,
              message: `DaemonSet ${cell('NAME')}: ${column} "${v}": expected a non-negative whole number`,
            });
            bad = true;
          }
          counts[field] = n;
        }
        if (bad) continue;
        const selectorCell = cell('NODE-SELECTOR');
        out.observations.push({
          claim: {
            type: 'daemonSet',
            namespace: cell('NAMESPACE') ?? nsFlag,
            name: cell('NAME') ?? '',
            desired: counts.desired ?? null,
            current: counts.current ?? null,
            ready: counts.ready ?? null,
            upToDate: counts.upToDate ?? null,
            available: counts.available ?? null,
            nodeSelector: selectorCell === undefined ? null : parseSelector(selectorCell),
            tolerations: null,
          },
          line: row.line,
          excerpt: excerpt(row.text),
        });
      }
    }
    return out;
  },
};

/** `kubernetes.io/os=linux,foo=bar` or `<none>` as printed by labels.FormatLabels. */
export function parseSelector(cell: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (cell === '<none>' || cell === '') return out;
  for (const pair of cell.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function labelledCells(columns: readonly string[], aligned: readonly string[] | null): string[] | null {
  const row = labelledRow(columns, aligned, KNOWN);
  return row ? columns.map((c) => row.get(c)!) : null;
}
