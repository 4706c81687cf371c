/**
 * One evidence set is one cluster. Which cluster each observation describes:
 *
 * - a parser that reads several clusters from one text says so (`cluster` on
 *   the observation: each Terraform cluster resource);
 * - otherwise a file that names one cluster (a kind config's `name`, an EKS,
 *   GKE or AKS cluster, an eksctl ClusterConfig, an OpenShift install-config's
 *   metadata.name, a Talos or talhelper clusterName, RKE's and kubespray's
 *   cluster_name) is that cluster's, every observation of it;
 * - a file that names none but states its installer (a k3s config, a kind
 *   config without a name) belongs to the one named cluster of that installer,
 *   or, when there is none, is a cluster of its own, known by the installer's
 *   name; with several named clusters of that installer it is left unattributed;
 * - everything else (host outputs, kubectl tables, CNI objects) is attributed
 *   to no cluster and kept whichever cluster is picked.
 *
 * Two clusters seen, and none picked (--cluster-name): their facts are never
 * merged silently; the facts say which clusters were seen and KN901 names them
 * with their file:line. One picked: only its evidence and the unattributed is kept.
 */
import { InputError } from '../errors.js';
import type { Evidence } from './read.js';
import type { Observation } from './types.js';

export interface ClusterSeen {
  /** The cluster's name, or its installer's when the evidence names none (`named` false). */
  name: string;
  named: boolean;
  distribution: string | null;
  /** Where the evidence first says it: the name, or the installer. */
  source: Observation['source'];
}

export interface Clusters {
  seen: ClusterSeen[];
  /** The cluster --cluster-name picked, whose evidence alone (with the unattributed) was kept. */
  picked: string | null;
}

/** How a cluster is listed in messages: `dev (kind, kind.yaml:3)`. */
export function describeCluster(c: ClusterSeen): string {
  const where = `${c.source.file}${c.source.line ? `:${c.source.line}` : ''}`;
  return `${c.name} (${[c.distribution ?? 'installer unknown', ...(c.named ? [] : ['no name given']), where].join(', ')})`;
}

/** Each observation's cluster (undefined: no cluster), in the order of `observations`. */
export function attribute(observations: readonly Observation[]): { keys: (string | undefined)[]; seen: ClusterSeen[] } {
  const byFile = new Map<string, number[]>();
  observations.forEach((o, i) => {
    const list = byFile.get(o.source.file);
    if (list) list.push(i);
    else byFile.set(o.source.file, [i]);
  });
  const stated = (o: Observation): boolean => !o.inferred;
  const names = new Map<string, string[]>();
  const dists = new Map<string, string[]>();
  for (const [file, idx] of byFile) {
    const n: string[] = [];
    const d: string[] = [];
    for (const i of idx) {
      const o = observations[i]!;
      if (o.cluster !== undefined && !n.includes(o.cluster)) n.push(o.cluster);
      if (!stated(o)) continue;
      if (o.claim.type === 'clusterName' && !n.includes(o.claim.name)) n.push(o.claim.name);
      if (o.claim.type === 'distribution' && !d.includes(o.claim.name)) d.push(o.claim.name);
    }
    names.set(file, n);
    dists.set(file, d);
  }
  // The named clusters and their installer (said beside the name by the parser, or in a file that names only them).
  const named = new Map<string, string | null>();
  for (const o of observations) {
    if (o.cluster !== undefined && stated(o) && o.claim.type === 'distribution' && !named.has(o.cluster)) named.set(o.cluster, o.claim.name);
  }
  for (const [file, n] of names) {
    for (const name of n) {
      const d = dists.get(file) ?? [];
      const dist = n.length === 1 && d.length === 1 ? d[0]! : null;
      if (!named.has(name) || (named.get(name) === null && dist !== null)) named.set(name, dist);
    }
  }
  const keys: (string | undefined)[] = new Array(observations.length).fill(undefined);
  for (const [file, idx] of byFile) {
    const n = names.get(file)!;
    const d = dists.get(file)!;
    let fileKey: string | undefined;
    if (n.length === 1) fileKey = n[0];
    else if (n.length === 0 && d.length === 1) {
      const same = [...named].filter(([, dist]) => dist === d[0]).map(([name]) => name);
      if (same.length === 1) fileKey = same[0];
      else if (same.length === 0) fileKey = d[0];
    }
    for (const i of idx) {
      const o = observations[i]!;
      keys[i] = o.cluster ?? (o.claim.type === 'clusterName' && stated(o) ? o.claim.name : fileKey);
    }
  }
  // Seen, in the order the evidence first says them.
  const seen: ClusterSeen[] = [];
  const at = new Map<string, number>();
  observations.forEach((o, i) => {
    const key = keys[i];
    if (key === undefined || !stated(o)) return;
    const isName = o.claim.type === 'clusterName' && o.claim.name === key;
    const isDist = o.claim.type === 'distribution' && !named.has(key);
    if (!isName && !isDist) return;
    if (at.has(key)) return;
    at.set(key, seen.length);
    seen.push({ name: key, named: named.has(key), distribution: named.has(key) ? (named.get(key) ?? null) : key, source: o.source });
  });
  return { keys, seen };
}

/**
 * The evidence with the clusters it describes recorded; with `pick`, only the
 * picked cluster's evidence and the unattributed. Throws InputError (a usage
 * error) when `pick` names no cluster seen, listing those seen.
 */
export function pickCluster(ev: Evidence, pick?: string, seenAnywhere?: readonly ClusterSeen[]): Evidence {
  const { keys, seen } = attribute(ev.observations);
  if (pick === undefined) return seen.length > 0 ? { ...ev, clusters: { seen, picked: null } } : ev;
  // Evidence read in parts (review: the files reviewed, the cluster's evidence): the name must be seen in one of them.
  const all = seenAnywhere ?? seen;
  if (!all.some((c) => c.name === pick)) {
    const list = all.length === 0 ? 'the evidence names no cluster and states no installer' : `clusters seen: ${all.map(describeCluster).join('; ')}`;
    throw new InputError(`--cluster-name ${pick}: no such cluster in the evidence (${list})`);
  }
  const kept: Observation[] = [];
  const filesKept = new Set<string>();
  const filesOther = new Set<string>();
  ev.observations.forEach((o, i) => {
    const key = keys[i];
    if (key === undefined || key === pick) {
      kept.push(o);
      filesKept.add(o.source.file);
    } else filesOther.add(o.source.file);
  });
  // A file wholly another cluster's is left out: its notes too.
  const left = (file: string): boolean => filesOther.has(file) && !filesKept.has(file);
  return {
    observations: kept,
    diagnostics: ev.diagnostics.filter((d) => !left(d.file)),
    files: ev.files.filter((f) => !left(f.file)),
    clusters: { seen, picked: pick },
  };
}
