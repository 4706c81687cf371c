/**
 * IP addresses and CIDRs parsed as Kubernetes parses them.
 *
 * ipaddr.js alone accepts `10.0.0/8` (three parts) and reads `010.0.0.0` as
 * octal; Kubernetes (k8s.io/utils/net ParseCIDRSloppy) accepts only
 * four-part decimal IPv4, reads leading zeros as decimal, and refuses IPv6
 * zones. We do the same, and report leading zeros as a warning because other
 * tools disagree on what they mean.
 */
import ipaddr from 'ipaddr.js';

export type Family = 'IPv4' | 'IPv6';

export interface Network {
  /** Canonical network address and prefix, e.g. 10.96.0.0/12. */
  cidr: string;
  family: Family;
  prefixLength: number;
  /** First address, 32 lowercase hex digits (IPv4 zero-extended). */
  first: string;
  /** Last address, 32 lowercase hex digits. */
  last: string;
  /** As the evidence wrote it. */
  written: string;
  /** Written with host bits set (10.244.1.0/16); Kubernetes masks it silently. */
  hostBitsSet: boolean;
}

export interface ParsedIP {
  address: string;
  family: Family;
  bytes: number[];
}

export type Parsed<T> = { ok: true; value: T; warnings: string[] } | { ok: false; error: string };

const IPV4_PART = /^[0-9]{1,3}$/;

export function parseIP(text: string): Parsed<ParsedIP> {
  const s = text.trim();
  if (s === '') return { ok: false, error: 'empty address' };
  if (s.includes(':')) return parseIPv6(s);
  return parseIPv4(s);
}

function parseIPv4(s: string): Parsed<ParsedIP> {
  const parts = s.split('.');
  if (parts.length !== 4) {
    return { ok: false, error: `"${s}" is not an IPv4 address: expected four dot-separated decimal numbers` };
  }
  const bytes: number[] = [];
  const warnings: string[] = [];
  for (const part of parts) {
    if (!IPV4_PART.test(part)) {
      return { ok: false, error: `"${s}" is not an IPv4 address: "${part}" is not a decimal number 0-255` };
    }
    const n = Number.parseInt(part, 10);
    if (n > 255) return { ok: false, error: `"${s}" is not an IPv4 address: ${part} is greater than 255` };
    if (part.length > 1 && part.startsWith('0')) {
      warnings.push(
        `"${s}" has a leading zero in "${part}": Kubernetes reads it as decimal ${n}, other tools as octal; write it without leading zeros`,
      );
    }
    bytes.push(n);
  }
  return { ok: true, value: { address: bytes.join('.'), family: 'IPv4', bytes }, warnings };
}

function parseIPv6(s: string): Parsed<ParsedIP> {
  if (s.includes('%')) {
    return { ok: false, error: `"${s}" has an IPv6 zone: Kubernetes does not accept zones in addresses or ranges` };
  }
  if (!ipaddr.IPv6.isValid(s)) {
    return { ok: false, error: `"${s}" is not a valid IPv6 address` };
  }
  const ip = ipaddr.IPv6.parse(s);
  if (ip.isIPv4MappedAddress()) {
    return {
      ok: false,
      error: `"${s}" is an IPv4-mapped IPv6 address: Kubernetes refuses these; write the IPv4 form ${ip.toIPv4Address().toString()}`,
    };
  }
  return { ok: true, value: { address: ip.toString(), family: 'IPv6', bytes: ip.toByteArray() }, warnings: [] };
}

export function parseCIDR(text: string): Parsed<Network> {
  const written = text.trim();
  const slash = written.indexOf('/');
  if (slash < 0) return { ok: false, error: `"${written}" is not a CIDR: expected ADDRESS/PREFIX` };
  const addrPart = written.slice(0, slash);
  const prefixPart = written.slice(slash + 1);
  const ip = parseIP(addrPart);
  // Name the range as written, not just its address part.
  if (!ip.ok) return { ok: false, error: ip.error.replace(`"${addrPart.trim()}"`, `"${written}"`) };
  const bits = ip.value.family === 'IPv4' ? 32 : 128;
  if (!/^[0-9]{1,3}$/.test(prefixPart)) {
    return { ok: false, error: `"${written}": prefix length "${prefixPart}" must be a number 0-${bits}` };
  }
  const prefixLength = Number.parseInt(prefixPart, 10);
  if (prefixLength > bits) {
    return { ok: false, error: `"${written}": prefix length must be 0-${bits}` };
  }
  const value = toNetwork(ip.value, prefixLength, written);
  return { ok: true, value, warnings: ip.warnings };
}

/** The network of an interface address such as 192.8.33.6/24 (host bits are expected there). */
export function networkOf(ip: ParsedIP, prefixLength: number): Network {
  const n = toNetwork(ip, prefixLength, `${ip.address}/${prefixLength}`);
  return { ...n, written: n.cidr, hostBitsSet: false };
}

function toNetwork(ip: ParsedIP, prefixLength: number, written: string): Network {
  const width = ip.family === 'IPv4' ? 32 : 128;
  const value = bytesToBigInt(ip.bytes);
  const hostMask = (1n << BigInt(width - prefixLength)) - 1n;
  const first = value & ~hostMask & ((1n << BigInt(width)) - 1n);
  const last = first | hostMask;
  const netAddr = bigIntToAddress(first, ip.family);
  return {
    cidr: `${netAddr}/${prefixLength}`,
    family: ip.family,
    prefixLength,
    first: toHex(first),
    last: toHex(last),
    written,
    hostBitsSet: first !== value,
  };
}

export function ipToHex(ip: ParsedIP): string {
  return toHex(bytesToBigInt(ip.bytes));
}

function bytesToBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function toHex(v: bigint): string {
  return v.toString(16).padStart(32, '0');
}

function bigIntToAddress(v: bigint, family: Family): string {
  const count = family === 'IPv4' ? 4 : 16;
  const bytes: number[] = [];
  for (let i = count - 1; i >= 0; i--) bytes.push(Number((v >> BigInt(i * 8)) & 0xffn));
  if (family === 'IPv4') return bytes.join('.');
  return ipaddr.fromByteArray(bytes).toString();
}
