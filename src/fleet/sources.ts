/**
 * Which clusters a fleet is: each sub-folder of a DIR is one cluster's
 * evidence, named by the folder; a facts document (kube-netcheck facts) in
 * DIR, or given itself, is one cluster named by its file. Names must be unique.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { UsageError, fsReason } from '../errors.js';
import { isFactsFile } from '../facts/load.js';

export interface ClusterSource {
  name: string;
  /** The folder or facts document; `context NAME` for a live cluster. */
  source: string;
  /** Evidence paths for check (one folder or one facts document); absent for a live cluster. */
  path?: string;
  /** The kubeconfig context of a live cluster. */
  context?: string;
}

export interface Listed {
  clusters: ClusterSource[];
  /** Files beside the cluster folders that are not facts documents: not read, said with --verbose. */
  skipped: string[];
}

export function listClusters(dirs: readonly string[]): Listed {
  const clusters: ClusterSource[] = [];
  const skipped: string[] = [];
  for (const dir of dirs) {
    let st;
    try {
      st = statSync(dir);
    } catch (e) {
      throw new UsageError(`fleet check: ${dir}: ${fsReason(e)}`);
    }
    if (st.isFile()) {
      if (!isFactsFile(dir)) throw new UsageError(`fleet check: ${dir} is a file but not a facts document: give a folder with one sub-folder of evidence per cluster, or a facts document (kube-netcheck facts)`);
      clusters.push({ name: nameOf(dir), source: dir, path: dir });
      continue;
    }
    let entries: string[];
    try {
      entries = readdirSync(dir).filter((e) => !e.startsWith('.')).sort();
    } catch (e) {
      throw new UsageError(`fleet check: cannot read the folder ${dir}: ${fsReason(e)}`);
    }
    const found: ClusterSource[] = [];
    for (const e of entries) {
      const path = join(dir, e);
      let est;
      try {
        est = statSync(path);
      } catch {
        skipped.push(path);
        continue;
      }
      if (est.isDirectory()) found.push({ name: e, source: path, path });
      else if (est.isFile() && isFactsFile(path)) found.push({ name: nameOf(path), source: path, path });
      else skipped.push(path);
    }
    if (found.length === 0) {
      throw new UsageError(`fleet check: ${dir} holds no cluster: expected one sub-folder of evidence per cluster (named by the folder), or facts documents`);
    }
    clusters.push(...found);
  }
  uniqueNames(clusters);
  return { clusters, skipped };
}

export function uniqueNames(clusters: readonly ClusterSource[]): void {
  const seen = new Map<string, ClusterSource>();
  for (const c of clusters) {
    const before = seen.get(c.name);
    if (before) throw new UsageError(`fleet check: two clusters are named ${c.name} (${before.source} and ${c.source}): a cluster's name is its folder, file or context, and must be unique`);
    seen.set(c.name, c);
  }
}

function nameOf(file: string): string {
  const b = basename(file);
  const ext = extname(b);
  return ext === '' ? b : b.slice(0, -ext.length);
}
