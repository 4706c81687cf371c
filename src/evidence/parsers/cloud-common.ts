/**
 * Shared by the readers of managed clusters (EKS, GKE, AKS): a document's
 * values with their lines, claims with provenance, defaults marked inferred.
 */
import type { Path } from '../objects/types.js';
import { excerpt } from '../text.js';
import type { Claim, ParseResult, Role } from '../types.js';
import { addNetworks, checkIP } from './common.js';
import { readTree, templateIn, type TreeResult } from './tree.js';

/** Where a document's values sit: a parsed tree (text parsers) or an object site (handlers). */
export interface Site {
  line(path?: Path): number;
  excerpt(line: number): string;
}

/** A reader over one document: values by path, claims at their lines. */
export class CloudDoc {
  constructor(
    readonly root: unknown,
    readonly site: Site,
    readonly out: ParseResult,
    /** How the document names itself in messages: `describe-cluster`, `ClusterConfig`... */
    readonly what: string,
  ) {}

  get(path: Path): unknown {
    let v: unknown = this.root;
    for (const k of path) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string | number, unknown>)[k];
    }
    return v;
  }

  /** A non-empty string at `path`, or null; a template is reported and skipped. */
  str(path: Path): string | null {
    const v = this.get(path);
    if (typeof v !== 'string' || v.trim() === '') return null;
    const t = templateIn(v);
    if (t) {
      this.out.diagnostics.push({ level: 'skipped', line: this.site.line(path), message: `${this.what} ${path.join('.')} "${v}" is ${t}, not a value` });
      return null;
    }
    return v.trim();
  }

  /** A whole number at `path` (a number or a numeric string), or null. */
  int(path: Path): number | null {
    const v = this.get(path);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    if (typeof v === 'string' && /^[0-9]{1,9}$/.test(v.trim())) return Number(v.trim());
    if (v !== undefined && v !== null) this.out.diagnostics.push({ level: 'error', line: this.site.line(path), message: `${this.what} ${path.join('.')} ${JSON.stringify(v)}: expected a whole number` });
    return null;
  }

  /** Strings of a list (or one string) at `path`. */
  strs(path: Path): { value: string; path: Path }[] {
    const v = this.get(path);
    if (typeof v === 'string') return this.str(path) === null ? [] : [{ value: v.trim(), path }];
    if (!Array.isArray(v)) return [];
    return v.flatMap((_, i) => {
      const s = this.str([...path, i]);
      return s === null ? [] : [{ value: s, path: [...path, i] }];
    });
  }

  claim(claim: Claim, path: Path): void {
    const line = this.site.line(path);
    this.out.observations.push({ claim, line, excerpt: this.site.excerpt(line) });
  }

  /** A default of the platform: at the line of `path` (what leaves the field out), with `why` as its excerpt. */
  inferred(claim: Claim, path: Path, why: string): void {
    this.out.observations.push({ claim, line: this.site.line(path), excerpt: excerpt(why), inferred: true });
  }

  /** A CIDR (or comma-separated CIDRs) at `path`, as a network of `role`. */
  network(role: Role, path: Path): boolean {
    const v = this.str(path);
    if (v === null) return false;
    const line = this.site.line(path);
    const before = this.out.observations.length;
    addNetworks(this.out, role, v, line, this.site.excerpt(line), `${this.what} ${path.join('.')}`);
    return this.out.observations.length > before;
  }

  /** An IP at `path` as a claim built by `make`. */
  ip(path: Path, make: (ip: string) => Claim): void {
    const v = this.str(path);
    if (v === null) return;
    const ip = checkIP(this.out, v, this.site.line(path), `${this.what} ${path.join('.')}`);
    if (ip !== null) this.claim(make(ip), path);
  }

  /** A Kubernetes version (1.29, v1.29.3, 1.27.3-gke.100) as the cluster version. */
  version(path: Path): void {
    const v = this.str(path);
    if (v === null) return;
    if (!/^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.+-]+)?$/.test(v)) {
      this.out.diagnostics.push({ level: 'error', line: this.site.line(path), message: `${this.what} ${path.join('.')} "${v}": expected a Kubernetes version such as 1.31 or 1.31.2` });
      return;
    }
    this.claim({ type: 'clusterVersion', version: v.startsWith('v') ? v : `v${v}` }, path);
  }

  /**
   * Nodes a node group or pool will have (or has): `count` nodes named
   * `<group>-<n>`, labelled with the group, as the platform names none before
   * they exist. Their addresses are unknown.
   */
  nodes(group: string, count: number, path: Path, labelKey: string | null, why?: string): void {
    const line = this.site.line(path);
    for (let n = 1; n <= count; n++) {
      const claim: Claim = { type: 'node', name: `${group}-${n}`, labels: labelKey === null ? null : { [labelKey]: group } };
      if (why === undefined) this.out.observations.push({ claim, line, excerpt: this.site.excerpt(line) });
      else this.out.observations.push({ claim, line, excerpt: excerpt(why), inferred: true });
    }
  }
}

/** Most nodes one group is read as: a larger count is a typo or a fleet beyond what is planned from a config. */
export const MAX_GROUP_NODES = 5000;

/**
 * EKS's service range when the cluster leaves it out: 10.100.0.0/16, or
 * 172.20.0.0/16 when the VPC has a CIDR in 10.0.0.0/8. The EKS API reference
 * (KubernetesNetworkConfigRequest.serviceIpv4Cidr: "If you don't specify a block,
 * Kubernetes assigns addresses from either the 10.100.0.0/16 or 172.20.0.0/16
 * CIDR blocks") names the two; which one follows the VPC as AWS's node bootstrap
 * decides the matching cluster DNS address (awslabs/amazon-eks-ami
 * files/bootstrap.sh, v20230217: `TEN_RANGE=$(echo $CIDRS | grep -c '^10\..*')`,
 * DNS_CLUSTER_IP 172.20.0.10 when the VPC's IPv4 CIDR blocks start with 10.,
 * else 10.100.0.10).
 */
export function eksDefaultServiceRange(vpcCidrs: readonly string[]): { cidr: string; dns: string } {
  return vpcCidrs.some((c) => /^10\./.test(c.trim())) ? { cidr: '172.20.0.0/16', dns: '172.20.0.10' } : { cidr: '10.100.0.0/16', dns: '10.100.0.10' };
}

/**
 * GKE's node podCIDR mask from the most pods a node runs: GKE gives each node a
 * block with at least twice as many addresses as pods (docs: cloud.google.com/
 * kubernetes-engine/docs/how-to/flexible-pod-cidr, "Maximum Pods per node" table:
 * 8 -> /28, 9-16 -> /27, 17-32 -> /26, 33-64 -> /25, 65-128 -> /24, 129-256 -> /23).
 */
export function gkeNodeMask(maxPods: number): number | null {
  if (maxPods < 1 || maxPods > 256) return null;
  const size = Math.max(8, maxPods) * 2;
  return 32 - Math.ceil(Math.log2(size));
}

/**
 * A cloud CLI's JSON or YAML output as a terminal shows it: what the CLI wrote
 * before the document on stderr (az's "Finished service principal creation[###]
 * 100.0000%", a WARNING line) is not part of it. When the whole text does not
 * parse, it is read from the first line that opens a JSON document at column 0,
 * with its true lines; the lines before are said to be skipped.
 */
export function readCliTree(lines: readonly string[], out: ParseResult, what: string): TreeResult {
  const whole = readTree(lines);
  if (whole.ok) return whole;
  const start = lines.findIndex((l) => /^[{[]\s*$/.test(l));
  if (start <= 0) return whole;
  const rest = readTree(lines.slice(start));
  if (!rest.ok) return { ...rest, line: rest.line === null ? null : rest.line + start };
  out.diagnostics.push({ level: 'skipped', line: 1, message: `${what}: line${start > 1 ? `s 1-${start}` : ' 1'} before the JSON document (the CLI's progress or warnings) not read` });
  const tree = rest.tree;
  return {
    ok: true,
    tree: { value: tree.value, line: (p) => tree.line(p) + start, quoted: (p) => tree.quoted(p) },
  };
}
