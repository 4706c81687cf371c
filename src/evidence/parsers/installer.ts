/**
 * Shared by the readers of installers' own configuration files (RKE
 * cluster.yml, kubespray group_vars and inventories, OpenShift
 * install-config.yaml, Talos and talhelper configs): YAML without kind or
 * apiVersion, read as a tree with the line of every value, where a value the
 * file leaves out is the installer's default and is recorded as inferred,
 * naming the installer and the version whose default it is.
 */
import { parseCIDR, parseIP } from '../../facts/address.js';
import { CNI_IPAM } from '../../facts/known.js';
import type { Path } from '../objects/types.js';
import { excerpt } from '../text.js';
import type { Claim, ParseResult, Role } from '../types.js';
import type { Tree } from './tree.js';
import { templateIn } from './tree.js';

export function getIn(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(k)];
  }
  return v;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Adds observations to `out` with the excerpt of their file line. */
export class Emitter {
  private readonly excerptOf: (line: number) => string;

  constructor(
    readonly out: ParseResult,
    /** The text's lines, or how to excerpt a line (an object handler's site). */
    lines: readonly string[] | ((line: number) => string),
    /** Lines of the tree are the text's lines plus this offset (a document after `---`). */
    private readonly offset = 0,
  ) {
    this.excerptOf = typeof lines === 'function' ? lines : (l) => excerpt(lines[l - 1] ?? '');
  }

  line(tree: Tree, path: Path): number {
    return tree.line(path) + this.offset;
  }

  claim(claim: Claim, line: number): void {
    this.out.observations.push({ claim, line, excerpt: this.excerptOf(line) });
  }

  /** A default the file leaves out: the excerpt says whose default it is. */
  inferred(claim: Claim, line: number, note: string): void {
    this.out.observations.push({ claim, line, excerpt: note, inferred: true });
  }

  /**
   * The CNI, stated or (with `defaultNote`) an installer default, and its
   * usual IPAM model (../../facts/known.ts CNI_IPAM), always marked inferred.
   */
  cni(name: string, line: number, defaultNote?: string): void {
    if (defaultNote) this.inferred({ type: 'cni', name }, line, defaultNote);
    else this.claim({ type: 'cni', name }, line);
    const ipam = CNI_IPAM[name];
    if (ipam) this.inferred({ type: 'cniSetting', field: 'ipam', value: ipam }, line, `IPAM of ${name} by default (${ipam}), not stated`);
  }

  diag(level: 'error' | 'warning' | 'skipped', line: number | null, message: string): void {
    this.out.diagnostics.push({ level, line, message });
  }

  /**
   * A scalar as a string, or null: a Jinja/Helm/shell template is a template,
   * not a value (said once as skipped); anything else that is not a scalar is an error.
   */
  text(v: unknown, line: number, what: string): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') {
      this.diag('error', line, `${what}: expected a string, got ${Array.isArray(v) ? 'a list' : 'a mapping'}`);
      return null;
    }
    const t = v.trim();
    const why = templateIn(t);
    if (why) {
      this.diag('skipped', line, `${what}: ${t} is ${why}, not a value`);
      return null;
    }
    return t === '' ? null : t;
  }

  /** Networks of one role from a CIDR, a comma-separated list of them, or a YAML list; each checked. */
  networks(role: Role, v: unknown, line: number, what: string, lineOf?: (i: number) => number): string[] {
    const items = Array.isArray(v) ? v : [v];
    const got: string[] = [];
    items.forEach((item, i) => {
      const l = Array.isArray(v) && lineOf ? lineOf(i) : line;
      const s = this.text(item, l, what);
      if (s === null) return;
      for (const part of s.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
        const parsed = parseCIDR(part);
        if (!parsed.ok) {
          this.diag('error', l, `${what}: ${parsed.error}`);
          continue;
        }
        for (const w of parsed.warnings) this.diag('warning', l, `${what}: ${w}`);
        this.claim({ type: 'network', role, cidr: part }, l);
        got.push(part);
      }
    });
    return got;
  }

  ip(v: unknown, line: number, what: string): string | null {
    const s = this.text(v, line, what);
    if (s === null) return null;
    const parsed = parseIP(s);
    if (!parsed.ok) {
      this.diag('error', line, `${what}: ${parsed.error}`);
      return null;
    }
    return parsed.value.address;
  }

  /** A whole number in [min, max], or null with an error naming what was expected. */
  int(v: unknown, line: number, what: string, min: number, max: number): number | null {
    const s = this.text(v, line, what);
    if (s === null) return null;
    if (!/^[0-9]{1,9}$/.test(s) || Number(s) < min || Number(s) > max) {
      this.diag('error', line, `${what}: ${s}: expected a whole number from ${min} to ${max}`);
      return null;
    }
    return Number(s);
  }
}

/** A Kubernetes version as the clusterVersion fact writes it (`v1.31.4`), or null. */
export function kubeVersion(s: string): string | null {
  const m = /^v?(\d+\.\d+(?:\.\d+)?)(-[0-9A-Za-z.+-]+)?$/.exec(s.trim());
  return m ? `v${m[1]}` : null;
}

/** The family of a CIDR or address: IPv6 when it holds a colon. */
export function familyOf(cidr: string): 'IPv4' | 'IPv6' {
  return cidr.includes(':') ? 'IPv6' : 'IPv4';
}
