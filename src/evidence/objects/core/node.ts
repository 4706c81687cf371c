/**
 * Node objects, from `kubectl get nodes -o yaml|json`, `kubectl get node NAME
 * -o yaml`, a cluster-info dump's nodes.json, or the streaming reader of large
 * lists. Fields (k8s.io/api core/v1 types.go, NodeSpec / NodeStatus):
 *   status.addresses[type=InternalIP]   the node's IPs, one per family on dual-stack
 *   spec.podCIDRs (spec.podCIDR)        its pod ranges, one per family
 *   metadata.labels, spec.taints        what DaemonSet scheduling reads
 *   status.conditions[type=Ready]       Ready when status is "True"
 *   status.nodeInfo                     kernelVersion, kubeletVersion, operatingSystem
 *   status.capacity.cpu                 a quantity: "4" or "4000m"
 *   metadata.annotations                what the CNI's node agent wrote (./node-annotations.ts)
 * Roles follow kubectl (pkg/printers/internalversion/printers.go findNodeRoles):
 * the suffix of each `node-role.kubernetes.io/<role>` label, and the value of
 * the legacy `kubernetes.io/role` label.
 */
import { parseCIDR } from '../../../facts/address.js';
import { checkIP } from '../../parsers/common.js';
import type { Claim, ParseResult, Taint } from '../../types.js';
import { arr, obj, str, type ObjectHandler } from '../types.js';
import { readCniAnnotations } from './node-annotations.js';

const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const ROLE_PREFIX = 'node-role.kubernetes.io/';

export const nodeHandler: ObjectHandler = {
  name: 'node',
  matches: (o) => o.kind === 'Node' && (o.apiVersion === 'v1' || o.apiVersion === undefined),
  extract(o, site, out: ParseResult) {
    const name = str(o.metadata?.name);
    const nameLine = site.line(['metadata', 'name']);
    if (!name) {
      out.diagnostics.push({ level: 'error', line: nameLine, message: 'Node without metadata.name: expected the node name' });
      return;
    }
    const spec = obj(o.spec);
    const status = obj(o.status);

    const internalIPs: string[] = [];
    arr(status?.addresses).forEach((a, i) => {
      const addr = obj(a);
      if (str(addr?.type) !== 'InternalIP') return;
      const ip = str(addr?.address);
      if (ip === null) return;
      const c = checkIP(out, ip, site.line(['status', 'addresses', i, 'address']), `node ${name} InternalIP`);
      if (c && !internalIPs.includes(c)) internalIPs.push(c);
    });

    const podCIDRs: string[] = [];
    const listed = arr(spec?.podCIDRs);
    const cidrs = listed.length > 0 ? listed.map((v, i) => [v, ['spec', 'podCIDRs', i]] as const) : [[spec?.podCIDR, ['spec', 'podCIDR']] as const];
    for (const [v, path] of cidrs) {
      const cidr = str(v);
      if (cidr === null || cidr === '') continue;
      const parsed = parseCIDR(cidr);
      if (!parsed.ok) {
        out.diagnostics.push({ level: 'error', line: site.line(path), message: `node ${name} podCIDR: ${parsed.error}` });
        continue;
      }
      if (!podCIDRs.includes(cidr)) podCIDRs.push(cidr);
    }

    const labels = stringMap(o.metadata?.labels);
    const taints: Taint[] = [];
    arr(spec?.taints).forEach((t, i) => {
      const taint = obj(t);
      const key = str(taint?.key);
      const effect = str(taint?.effect);
      if (key === null || effect === null || !EFFECTS.has(effect)) {
        out.diagnostics.push({
          level: 'error',
          line: site.line(['spec', 'taints', i]),
          message: `node ${name} taint ${i + 1}: expected a key and an effect of NoSchedule, PreferNoSchedule or NoExecute`,
        });
        return;
      }
      const value = str(taint?.value);
      taints.push({ key, ...(value !== null && value !== '' ? { value } : {}), effect: effect as Taint['effect'] });
    });

    let ready: boolean | null = null;
    for (const c of arr(status?.conditions)) {
      const cond = obj(c);
      if (str(cond?.type) === 'Ready') ready = str(cond?.status) === 'True';
    }

    const info = obj(status?.nodeInfo);
    const claim: Extract<Claim, { type: 'node' }> = {
      type: 'node',
      name,
      internalIPs,
      podCIDRs,
      labels,
      taints,
      ready,
      os: str(info?.operatingSystem) || (labels['kubernetes.io/os'] ?? null),
      kernelVersion: str(info?.kernelVersion) || null,
      kubeletVersion: str(info?.kubeletVersion) || null,
      roles: roles(labels),
      cpu: cores(obj(status?.capacity)?.cpu),
    };
    out.observations.push({ claim, line: nameLine, excerpt: site.excerpt(nameLine) });
    const annotations = Object.entries(stringMap(o.metadata?.annotations)).map(([key, value]) => {
      const line = site.line(['metadata', 'annotations', key]);
      return { key, value, line, excerpt: site.excerpt(line) };
    });
    readCniAnnotations(name, annotations, out);
  },
};

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(obj(v) ?? {})) if (typeof val === 'string') out[k] = val;
  return out;
}

export function roles(labels: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role !== '') out.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') out.add(v);
  }
  return [...out].sort();
}

/** A CPU quantity in whole cores: "4" -> 4, "3500m" -> 3; null when not a plain quantity. */
function cores(v: unknown): number | null {
  const s = typeof v === 'number' ? String(v) : str(v);
  if (s === null) return null;
  const m = /^([0-9]{1,9})(m?)$/.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'm' ? Math.floor(n / 1000) : n;
}
