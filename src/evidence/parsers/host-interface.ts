/**
 * An interface read from host network configuration (netplan, NetworkManager,
 * nmcli): the interface with its MTU and addresses, and the node network from
 * each global address of a host interface, as ip-addr.ts does for `ip addr`.
 */
import { parseIP } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { ParseResult } from '../types.js';
import { interfaceKind } from './ip-addr.js';

export interface StatedAddress {
  /** `192.168.1.5/24`, `fe80::1/64`. */
  text: string;
  line: number;
}

/** Validates `ADDRESS/PREFIX`, or null with an error naming the line. */
function readAddress(out: ParseResult, a: StatedAddress, what: string): { address: string; prefixLength: number; scope: string } | null {
  const m = /^\s*([^/\s]+)\/(\d{1,3})\s*$/.exec(a.text);
  if (!m) {
    out.diagnostics.push({ level: 'error', line: a.line, message: `${what} address "${a.text}": expected ADDRESS/PREFIX such as 192.168.1.5/24` });
    return null;
  }
  const ip = parseIP(m[1] ?? '');
  const prefixLength = Number(m[2]);
  if (!ip.ok || prefixLength > (ip.value.family === 'IPv4' ? 32 : 128)) {
    out.diagnostics.push({ level: 'error', line: a.line, message: `${what} address "${a.text}": ${ip.ok ? 'prefix length out of range' : ip.error}` });
    return null;
  }
  const addr = ip.value.address;
  const scope =
    ip.value.family === 'IPv4' ? (/^127\./.test(addr) ? 'host' : /^169\.254\./.test(addr) ? 'link' : 'global') : addr === '::1' ? 'host' : /^fe[89ab][0-9a-f]:/i.test(addr) ? 'link' : 'global';
  return { address: addr, prefixLength, scope };
}

export function addInterface(out: ParseResult, lines: readonly string[], name: string, mtu: number | null, addresses: readonly StatedAddress[], line: number, what: string): void {
  const read: { address: string; prefixLength: number; scope: string }[] = [];
  for (const a of addresses) {
    const r = readAddress(out, a, what);
    if (!r) continue;
    read.push(r);
    if (r.scope === 'global' && interfaceKind(name) === 'host') {
      out.observations.push({ claim: { type: 'network', role: 'node', cidr: `${r.address}/${r.prefixLength}`, isAddress: true }, line: a.line, excerpt: excerpt(lines[a.line - 1] ?? '') });
    }
  }
  out.observations.push({ claim: { type: 'interface', name, mtu, addresses: read }, line, excerpt: excerpt(lines[line - 1] ?? '') });
}

/** An MTU as host configuration writes it: a whole number 68-65536 (the loopback's is 65536; `auto` and 0 state nothing). */
export function hostMTU(out: ParseResult, raw: unknown, line: number, what: string): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (s === '' || s === 'auto' || s === '0') return null;
  if (/^\d{1,5}$/.test(s) && Number(s) >= 68 && Number(s) <= 65536) return Number(s);
  out.diagnostics.push({ level: 'error', line, message: `${what} mtu "${s}": expected a whole number 68-65536` });
  return null;
}
