/**
 * What CNI readers share, whether the text is a plain file (a CNI network
 * config, net-conf.json, Helm values) or a value inside a Kubernetes object:
 * pools with validated ranges and block sizes, settings, and moving results
 * of an embedded config to the file lines they came from.
 */
import { parseCIDR } from '../../facts/address.js';
import { excerpt } from '../text.js';
import type { ObjectSite } from '../objects/types.js';
import type { Claim, ParseResult } from '../types.js';
import { templateIn } from './tree.js';

export interface PoolSpec {
  name: string | null;
  cidr: string;
  /** Stated block size (per-node block), or null to use `defaultBlockSize`. */
  blockSize: number | null;
  /** Documented default per family, marked inferred when used; null when the CNI has none. */
  defaultBlockSize?: { IPv4: number; IPv6: number } | null;
  /** Allowed block sizes per family, when the CNI limits them (Calico: 20-32 / 116-128). */
  blockSizeRange?: { IPv4: [number, number]; IPv6: [number, number] };
  encapsulation: string | null;
  encapsulationInferred?: boolean;
  disabled: boolean;
}

/**
 * Adds an ipPool claim after validating the range and the block size.
 * Returns the family of the pool, or null when it was not a valid range.
 */
export function addPool(out: ParseResult, spec: PoolSpec, lineNo: number, line: string, what: string): 'IPv4' | 'IPv6' | null {
  const tmpl = templateIn(spec.cidr);
  if (tmpl) {
    out.diagnostics.push({ level: 'skipped', line: lineNo, message: `${what} "${spec.cidr}" is ${tmpl}, not a range` });
    return null;
  }
  const parsed = parseCIDR(spec.cidr);
  if (!parsed.ok) {
    out.diagnostics.push({ level: 'error', line: lineNo, message: `${what}: ${parsed.error}` });
    return null;
  }
  for (const w of parsed.warnings) out.diagnostics.push({ level: 'warning', line: lineNo, message: `${what}: ${w}` });
  const family = parsed.value.family;
  const width = family === 'IPv4' ? 32 : 128;
  const inferredFields: ('blockSize' | 'encapsulation')[] = [];
  let blockSize = spec.blockSize;
  if (blockSize === null && spec.defaultBlockSize) {
    blockSize = spec.defaultBlockSize[family];
    inferredFields.push('blockSize');
  }
  if (blockSize !== null) {
    const [lo, hi] = spec.blockSizeRange?.[family] ?? [0, width];
    if (!Number.isInteger(blockSize) || blockSize < lo || blockSize > hi) {
      out.diagnostics.push({ level: 'error', line: lineNo, message: `${what} ${spec.cidr}: block size ${blockSize} must be ${lo}-${hi} for ${family}` });
      return null;
    }
    if (blockSize < parsed.value.prefixLength) {
      out.diagnostics.push({
        level: 'error',
        line: lineNo,
        message: `${what} ${spec.cidr}: block size /${blockSize} is larger than the pool itself (/${parsed.value.prefixLength})`,
      });
      return null;
    }
  }
  if (spec.encapsulationInferred && spec.encapsulation !== null) inferredFields.push('encapsulation');
  const claim: Claim = {
    type: 'ipPool',
    name: spec.name,
    cidr: spec.cidr.trim(),
    blockSize,
    encapsulation: spec.encapsulation,
    disabled: spec.disabled,
    ...(inferredFields.length > 0 ? { inferredFields } : {}),
  };
  out.observations.push({ claim, line: lineNo, excerpt: excerpt(line) });
  return family;
}

export function addClaim(out: ParseResult, claim: Claim, lineNo: number, line: string, inferred = false): void {
  out.observations.push({ claim, line: lineNo, excerpt: excerpt(line), ...(inferred ? { inferred: true } : {}) });
}

/**
 * An MTU value: a positive integer up to 65535; 0 means "detect it" for
 * Calico, Cilium and weave (not a fact); templates are skipped.
 */
export function readMTU(out: ParseResult, raw: unknown, lineNo: number, what: string): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : null;
  if (s === null) {
    out.diagnostics.push({ level: 'error', line: lineNo, message: `${what}: expected a number, got ${JSON.stringify(raw)}` });
    return null;
  }
  const tmpl = templateIn(s);
  if (tmpl) {
    out.diagnostics.push({ level: 'skipped', line: lineNo, message: `${what} "${s}" is ${tmpl}, not a value` });
    return null;
  }
  if (!/^[0-9]{1,6}$/.test(s) || Number(s) > 65535) {
    out.diagnostics.push({ level: 'error', line: lineNo, message: `${what} "${s}": expected an MTU, a whole number 68-65535 (0 to detect it)` });
    return null;
  }
  const n = Number(s);
  if (n === 0) {
    out.diagnostics.push({ level: 'skipped', line: lineNo, message: `${what} is 0: the CNI detects the MTU from the host interface, so no value is stated` });
    return null;
  }
  if (n < 68) {
    out.diagnostics.push({ level: 'error', line: lineNo, message: `${what} ${n}: an IP MTU must be at least 68` });
    return null;
  }
  return n;
}

/** A Kubernetes-style boolean as CNIs write it in ConfigMaps and env: true/false in any case, quoted or not. */
export function readBool(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw !== 'string') return null;
  const s = raw.trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : null;
}

/** Moves what a reader found in an embedded config (lines 1..n) to the file lines of an object. */
export function embed(out: ParseResult, res: ParseResult, firstLine: number, site: ObjectSite): void {
  // A JSON-encoded value ("{\n  \"Network\": ...}" in `kubectl get -o json`) sits on one file line.
  const oneLine = site.excerpt(firstLine).includes('\\n');
  const at = (l: number): number => (oneLine ? firstLine : firstLine + l - 1);
  for (const o of res.observations) {
    const line = at(o.line);
    out.observations.push({ ...o, line, excerpt: site.excerpt(line) });
  }
  for (const d of res.diagnostics) out.diagnostics.push({ ...d, line: d.line === null ? firstLine : at(d.line) });
}

/** Calico's ipipMode / vxlanMode (Always, CrossSubnet, Never) and the operator's encapsulation names. */
export function calicoEncapsulation(ipip: string | null, vxlan: string | null): { value: string | null; error?: string } {
  const on = (m: string | null): boolean | null => {
    if (m === null || m === '') return false;
    const s = m.toLowerCase();
    if (s === 'always' || s === 'crosssubnet') return true;
    if (s === 'never' || s === 'off' || s === 'false') return false;
    return null;
  };
  const i = on(ipip);
  const v = on(vxlan);
  if (i === null) return { value: null, error: `ipipMode "${ipip}": expected Always, CrossSubnet or Never` };
  if (v === null) return { value: null, error: `vxlanMode "${vxlan}": expected Always, CrossSubnet or Never` };
  if (i && v) return { value: null, error: 'ipipMode and vxlanMode are both enabled: Calico allows only one encapsulation per pool' };
  return { value: i ? 'ipip' : v ? 'vxlan' : 'none' };
}
