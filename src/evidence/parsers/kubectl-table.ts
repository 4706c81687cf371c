/**
 * Tables printed by `kubectl get` (k8s.io/cli-runtime printers): a header of
 * upper-case column names, columns padded with spaces (tabwriter, padding 3).
 * Shared by the DaemonSet and Node table parsers.
 */

export interface Table {
  /** Column names, with multi-word names joined by '-' (NODE SELECTOR -> NODE-SELECTOR). */
  columns: string[];
  headerLine: number;
  rows: { line: number; text: string; cells: string[] }[];
}

const MULTI_WORD: readonly [RegExp, string][] = [
  [/\bNODE SELECTOR\b/, 'NODE-SELECTOR'],
  [/\bNOMINATED NODE\b/, 'NOMINATED-NODE'],
  [/\bREADINESS GATES\b/, 'READINESS-GATES'],
];

/** Finds every table in `lines` whose header contains all of `required`. */
export function findTables(lines: readonly string[], required: readonly string[]): Table[] {
  const tables: Table[] = [];
  let current: Table | null = null;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    const header = headerColumns(line);
    if (header && required.every((c) => header.includes(c))) {
      current = { columns: header, headerLine: i + 1, rows: [] };
      tables.push(current);
      return;
    }
    if (!current) return;
    if (line.trim() === '') {
      current = null;
      return;
    }
    current.rows.push({ line: i + 1, text: line, cells: line.trim().split(/\s+/) });
  });
  return tables;
}

function headerColumns(line: string): string[] | null {
  let t = line.trim();
  if (!/^(NAMESPACE|NAME)\s/.test(t)) return null;
  for (const [re, joined] of MULTI_WORD) t = t.replace(re, joined);
  const cols = t.split(/\s+/);
  return cols.every((c) => /^[A-Z][A-Z0-9-]*$/.test(c)) ? cols : null;
}
