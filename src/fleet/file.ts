/**
 * The fleet file: which clusters must reach each other (groups, each of a
 * kind: mesh, cilium-cluster-mesh or peering) and ranges every cluster must
 * avoid. YAML:
 *
 *   groups:
 *     - name: eu-mesh
 *       kind: cilium-cluster-mesh
 *       clusters: [eu-west, eu-central]
 *   avoid:
 *     - 10.0.0.0/8        # the corporate network, taken for every cluster
 *
 * Without a fleet file every cluster is in one group of kind mesh: all
 * ranges of all clusters disjoint (the rules' default). Pure: text in, a
 * parsed file or an InputError naming file and line out.
 */
import type { Node as YamlNode } from 'yaml';
import { InputError } from '../errors.js';
import { parseCIDR } from '../facts/address.js';
import { yaml } from '../lazy.js';

export const GROUP_KINDS = ['mesh', 'cilium-cluster-mesh', 'peering'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

export interface FleetGroup {
  name: string;
  kind: GroupKind;
  members: string[];
  /** The group's line in the fleet file. */
  line: number;
}

export interface FleetFile {
  file: string;
  groups: FleetGroup[];
  /** Ranges every cluster must avoid, as written (checked to be CIDRs). */
  avoid: string[];
}

const TOP_KEYS = new Set(['groups', 'avoid']);
const GROUP_KEYS = new Set(['name', 'kind', 'clusters']);

export function parseFleetFile(text: string, file: string): FleetFile {
  const counter = new (yaml().LineCounter)();
  const doc = yaml().parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: unknown): number => {
    const range = (node as YamlNode | null | undefined)?.range;
    return range ? counter.linePos(range[0]).line : 1;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new InputError(`invalid YAML: ${e.message.split('\n')[0]}`, file, counter.linePos(e.pos[0]).line);
  }
  const root = doc.contents;
  if (root === null) throw new InputError('empty fleet file: expected `groups:` (a list of groups) and/or `avoid:` (a list of ranges)', file, 1);
  if (!yaml().isMap(root)) throw new InputError('expected a mapping with `groups:` and/or `avoid:`', file, lineOf(root));
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown } | null)?.value);
    if (!TOP_KEYS.has(key)) throw new InputError(`unexpected key "${key}": expected groups or avoid`, file, lineOf(pair.key));
  }
  const groups: FleetGroup[] = [];
  const groupsNode = root.get('groups', true);
  if (groupsNode !== undefined && groupsNode !== null) {
    if (!yaml().isSeq(groupsNode)) throw new InputError('groups: expected a list of groups, each with name, kind and clusters', file, lineOf(groupsNode));
    const names = new Map<string, number>();
    for (const item of groupsNode.items) {
      const line = lineOf(item);
      if (!yaml().isMap(item)) throw new InputError('a group: expected a mapping with name, kind and clusters', file, line);
      for (const pair of item.items) {
        const key = String((pair.key as { value?: unknown } | null)?.value);
        if (!GROUP_KEYS.has(key)) throw new InputError(`group: unexpected key "${key}": expected name, kind and clusters`, file, lineOf(pair.key));
      }
      const name = item.get('name');
      if (typeof name !== 'string' || name.trim() === '') throw new InputError('group: expected a name (a string)', file, line);
      const before = names.get(name);
      if (before !== undefined) throw new InputError(`group "${name}" is named twice (first at line ${before}): give each group its own name`, file, line);
      names.set(name, line);
      const kind = item.get('kind') ?? 'mesh';
      if (typeof kind !== 'string' || !(GROUP_KINDS as readonly string[]).includes(kind)) {
        throw new InputError(`group "${name}": kind ${JSON.stringify(kind)}: expected ${GROUP_KINDS.join(', ')}`, file, lineOf(item.get('kind', true)));
      }
      const clustersNode = item.get('clusters', true);
      if (!yaml().isSeq(clustersNode) || clustersNode.items.length === 0) {
        throw new InputError(`group "${name}": expected clusters, a list of the fleet's cluster names`, file, clustersNode ? lineOf(clustersNode) : line);
      }
      const members: string[] = [];
      for (const c of clustersNode.items) {
        const v = yaml().isScalar(c) ? c.value : null;
        if (typeof v !== 'string' && typeof v !== 'number') throw new InputError(`group "${name}": a cluster name must be a string`, file, lineOf(c));
        if (members.includes(String(v))) throw new InputError(`group "${name}": cluster ${String(v)} is listed twice`, file, lineOf(c));
        members.push(String(v));
      }
      groups.push({ name, kind: kind as GroupKind, members, line });
    }
  }
  const avoid: string[] = [];
  const avoidNode = root.get('avoid', true);
  if (avoidNode !== undefined && avoidNode !== null) {
    if (!yaml().isSeq(avoidNode)) throw new InputError('avoid: expected a list of ranges (CIDRs)', file, lineOf(avoidNode));
    for (const item of avoidNode.items) {
      const v = yaml().isScalar(item) ? item.value : null;
      const parsed = typeof v === 'string' ? parseCIDR(v.trim()) : null;
      if (!parsed) throw new InputError(`avoid: ${JSON.stringify(v)}: expected a CIDR`, file, lineOf(item));
      if (!parsed.ok) throw new InputError(`avoid: ${parsed.error}`, file, lineOf(item));
      avoid.push((v as string).trim());
    }
  }
  return { file, groups, avoid };
}

/** Every cluster a group names must be in the fleet (a typo would silently leave a cluster unchecked). */
export function checkMembers(fleet: FleetFile, clusters: readonly string[]): void {
  const known = new Set(clusters);
  for (const g of fleet.groups) {
    for (const m of g.members) {
      if (!known.has(m)) throw new InputError(`group "${g.name}": cluster ${m} is not in the fleet (its clusters: ${clusters.join(', ')})`, fleet.file, g.line);
    }
  }
}
