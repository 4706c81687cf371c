/** Small helpers shared by parsers. */
import { parseCIDR, parseIP } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { ParseResult, Role } from '../types.js';

export function emptyResult(): ParseResult {
  return { observations: [], diagnostics: [] };
}

/**
 * Adds a network observation for each comma-separated CIDR in `value`
 * (dual-stack flags list one per family), or an error naming what was wrong.
 */
export function addNetworks(
  out: ParseResult,
  role: Role,
  value: string,
  lineNo: number,
  line: string,
  what: string,
): void {
  for (const part of splitList(value)) {
    const parsed = parseCIDR(part);
    if (!parsed.ok) {
      out.diagnostics.push({ level: 'error', line: lineNo, message: `${what}: ${parsed.error}` });
      continue;
    }
    for (const w of parsed.warnings) out.diagnostics.push({ level: 'warning', line: lineNo, message: `${what}: ${w}` });
    out.observations.push({ claim: { type: 'network', role, cidr: part }, line: lineNo, excerpt: excerpt(line) });
  }
}

/** Validates an IP, pushing an error when it is not one; returns the canonical form. */
export function checkIP(out: ParseResult, value: string, lineNo: number, what: string): string | null {
  const parsed = parseIP(value);
  if (!parsed.ok) {
    out.diagnostics.push({ level: 'error', line: lineNo, message: `${what}: ${parsed.error}` });
    return null;
  }
  for (const w of parsed.warnings) out.diagnostics.push({ level: 'warning', line: lineNo, message: `${what}: ${w}` });
  return parsed.value.address;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => unquote(s.trim()))
    .filter((s) => s !== '');
}

export function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")))) {
    return t.slice(1, -1);
  }
  return t;
}

/** A non-negative decimal count, or null when the cell is not one. */
export function parseCount(cell: string): number | null {
  return /^[0-9]{1,9}$/.test(cell) ? Number.parseInt(cell, 10) : null;
}

/** A klog header: `I1231 10:16:50.420139       1 server_linux.go:66] message`. */
export const KLOG = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+\s+[\w./-]+:\d+\]\s?(.*)$/;

/** Message of a klog line, or the whole line when it has no klog header. */
export function klogMessage(line: string): string {
  const m = KLOG.exec(line.trim());
  return m ? (m[1] ?? '') : line.trim();
}
