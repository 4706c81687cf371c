/**
 * HCL (Terraform) read with HashiCorp's own parser: hashicorp/hcl v2 and
 * tmccombs/hcl2json compiled to JavaScript by GopherJS (npm hcl2-parser,
 * synchronous, as parsers here must be; @cdktf/hcl2json wraps the same
 * converter as Go WebAssembly behind a Promise, which a synchronous parser
 * cannot await). The converter gives the JSON form Terraform documents
 * (blocks as lists, expressions that are not literals as "${...}") but no
 * positions: lines are recovered from the text with `Locator`, which walks
 * block headers and attribute names with their braces, skipping strings,
 * heredocs and comments.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let parser: { parseToObject(input: string): [unknown, unknown] } | undefined;

export type HclResult = { ok: true; value: Record<string, unknown> } | { ok: false; line: number | null; error: string };

/** Parses HCL text; on error, finds the first top-level block that does not parse on its own. */
export function parseHcl(lines: readonly string[]): HclResult {
  parser ??= require('hcl2-parser') as typeof parser;
  const text = lines.join('\n');
  const attempt = (t: string): Record<string, unknown> | null => {
    try {
      const [value, err] = parser!.parseToObject(t);
      if (err !== null && err !== undefined) return null;
      return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      return null;
    }
  };
  const whole = attempt(text);
  if (whole) return { ok: true, value: whole };
  for (const b of topLevelBlocks(lines)) {
    if (attempt(lines.slice(b.first - 1, b.last).join('\n')) === null) {
      return { ok: false, line: b.first, error: `${b.header.trim().replace(/\s*\{$/, '')} (lines ${b.first}-${b.last}) is not valid HCL` };
    }
  }
  return { ok: false, line: null, error: 'not valid HCL (an unclosed block or string?)' };
}

interface Block {
  header: string;
  first: number;
  last: number;
}

/** Brace depth after each line, ignoring braces in strings, `${}` templates, heredocs and comments. */
function depths(lines: readonly string[]): number[] {
  const out: number[] = [];
  let depth = 0;
  let inBlockComment = false;
  let heredoc: string | null = null;
  for (const line of lines) {
    if (heredoc !== null) {
      if (line.trim() === heredoc) heredoc = null;
      out.push(depth);
      continue;
    }
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      const next = line[i + 1];
      if (inBlockComment) {
        if (ch === '*' && next === '/') {
          inBlockComment = false;
          i++;
        }
        continue;
      }
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '#' || (ch === '/' && next === '/')) break;
      else if (ch === '/' && next === '*') {
        inBlockComment = true;
        i++;
      } else if (ch === '{') depth++;
      else if (ch === '}') depth = Math.max(0, depth - 1);
    }
    const h = /<<-?([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(line);
    if (h && !inBlockComment) heredoc = h[1]!;
    out.push(depth);
  }
  return out;
}

function topLevelBlocks(lines: readonly string[]): Block[] {
  const d = depths(lines);
  const blocks: Block[] = [];
  let start: number | null = null;
  for (let i = 0; i < lines.length; i++) {
    const before = i === 0 ? 0 : d[i - 1]!;
    if (before === 0 && d[i]! > 0) start = i;
    if (start !== null && d[i] === 0) {
      blocks.push({ header: lines[start]!, first: start + 1, last: i + 1 });
      start = null;
    }
  }
  if (start !== null) blocks.push({ header: lines[start]!, first: start + 1, last: lines.length });
  return blocks;
}

/**
 * Lines of blocks and attributes: `at(['resource', 'aws_eks_cluster', 'this', 'kubernetes_network_config',
 * 'service_ipv4_cidr'])` is the line of that attribute (or of the closest enclosing block found).
 */
export class Locator {
  private readonly d: number[];
  constructor(private readonly lines: readonly string[]) {
    this.d = depths(lines);
  }

  /** The block `labels` (e.g. ['resource', 'aws_vpc', 'main']) at the top level: its first line, 1-based. */
  block(labels: readonly string[]): number | null {
    const re = new RegExp(`^\\s*${esc(labels[0]!)}${labels.slice(1).map((l) => `\\s+"?${esc(l)}"?`).join('')}\\s*\\{`);
    for (let i = 0; i < this.lines.length; i++) {
      if ((i === 0 ? 0 : this.d[i - 1]!) === 0 && re.test(this.lines[i]!)) return i + 1;
    }
    return null;
  }

  /** The line of `path` (nested block names, then an attribute) inside the block starting at `from`; the deepest found. */
  within(from: number, path: readonly (string | number)[]): number {
    let line = from;
    for (const key of path) {
      if (typeof key === 'number') continue;
      const found = this.child(line, key);
      if (found === null) return line;
      line = found;
    }
    return line;
  }

  private child(blockLine: number, key: string): number | null {
    const start = blockLine - 1;
    const base = start === 0 ? 0 : this.d[start - 1]!;
    const re = new RegExp(`^\\s*"?${esc(key)}"?\\s*(=|\\{|"|$)`);
    for (let i = start + 1; i < this.lines.length; i++) {
      const before = this.d[i - 1]!;
      if (before <= base) return null;
      if (before === base + 1 && re.test(this.lines[i]!)) return i + 1;
    }
    return null;
  }

  /** A top-level `name = value` (a .tfvars file): its line. */
  top(name: string): number | null {
    const re = new RegExp(`^\\s*"?${esc(name)}"?\\s*=`);
    for (let i = 0; i < this.lines.length; i++) if ((i === 0 ? 0 : this.d[i - 1]!) === 0 && re.test(this.lines[i]!)) return i + 1;
    return null;
  }
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
