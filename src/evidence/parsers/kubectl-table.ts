/**
 * Tables printed by `kubectl get` (k8s.io/cli-runtime printers): a header of
 * upper-case column names, columns padded with spaces (tabwriter, padding 3).
 * Shared by the DaemonSet and Node table parsers.
 */

export interface Table {
  /** Column names, with multi-word names joined by '-' (NODE SELECTOR -> NODE-SELECTOR). */
  columns: string[];
  headerLine: number;
  rows: {
    line: number;
    text: string;
    /** The row split at whitespace. */
    cells: string[];
    /**
     * The row cut at the header's column offsets (tabwriter starts every cell of a
     * column where its name starts): one cell per column, '' for an empty one, such as
     * a `-L` label column a node lacks. Null when the row does not line up with the header.
     */
    aligned: string[] | null;
  }[];
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
  let starts: number[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    const header = headerColumns(line);
    if (header && required.every((c) => header.includes(c))) {
      current = { columns: header, headerLine: i + 1, rows: [] };
      starts = columnStarts(line);
      tables.push(current);
      return;
    }
    if (!current) return;
    if (line.trim() === '') {
      current = null;
      return;
    }
    current.rows.push({ line: i + 1, text: line, cells: line.trim().split(/\s+/), aligned: starts.length === current.columns.length ? align(line, starts) : null });
  });
  return tables;
}

/** Where each column name starts in the header line (multi-word names count as one). */
function columnStarts(line: string): number[] {
  let t = line;
  for (const [re, joined] of MULTI_WORD) t = t.replace(re, joined);
  return [...t.matchAll(/\S+/g)].map((m) => m.index);
}

function align(line: string, starts: readonly number[]): string[] | null {
  const cells = starts.map(() => '');
  for (const m of line.matchAll(/\S+/g)) {
    let col = starts.length - 1;
    while (col > 0 && starts[col]! > m.index) col--;
    if (cells[col] === '') {
      if (m.index !== starts[col]) return null;
      cells[col] = m[0];
    } else cells[col] = `${cells[col]} ${m[0]}`;
  }
  return cells;
}

/**
 * A row whose only empty cells are in columns the command adds (`-L` label
 * columns, which are empty where a node lacks the label), as column -> value;
 * null when a column of `known` is empty (a row cut short: not believed).
 */
export function labelledRow(columns: readonly string[], aligned: readonly string[] | null, known: ReadonlySet<string>): Map<string, string> | null {
  if (!aligned) return null;
  if (columns.some((c, i) => aligned[i] === '' && known.has(c))) return null;
  return new Map(columns.map((c, i) => [c, aligned[i]!]));
}

function headerColumns(line: string): string[] | null {
  let t = line.trim();
  if (!/^(NAMESPACE|NAME)\s/.test(t)) return null;
  for (const [re, joined] of MULTI_WORD) t = t.replace(re, joined);
  const cols = t.split(/\s+/);
  return cols.every((c) => /^[A-Z][A-Z0-9-]*$/.test(c)) ? cols : null;
}
