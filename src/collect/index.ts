/**
 * Live collection, lazily loaded by the CLI so that checks of files never load
 * the Kubernetes client: kubeconfig -> client -> reads -> evidence.
 */
import type { Evidence } from '../evidence/read.js';
import { KubeClient } from './client.js';
import { collect, type CollectOptions, type Collection } from './collect.js';
import { liveEvidence } from './evidence.js';
import { loadKubeconfig, type KubeconfigOptions } from './kubeconfig.js';

export { describeAccess, KubeClient, type Access } from './client.js';
export { collect, type Collection, type CollectOptions, type Progress } from './collect.js';
export { fieldPath, liveEvidence, objectRef, objectSite, writeCollection } from './evidence.js';
export { kubeconfigContexts, loadKubeconfig, type KubeconfigOptions } from './kubeconfig.js';

export const DEFAULT_TIMEOUT_MS = 120_000;

export interface ClusterOptions extends KubeconfigOptions, CollectOptions {
  timeoutMs?: number;
  userAgent?: string;
}

/** Reads the cluster the kubeconfig names. Throws InputError for anything the user can fix. */
export async function collectCluster(opts: ClusterOptions = {}): Promise<Collection> {
  const { kc } = loadKubeconfig(opts);
  const client = await KubeClient.create(kc, { timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, ...(opts.userAgent ? { userAgent: opts.userAgent } : {}) });
  try {
    return await collect(client, opts);
  } finally {
    client.close();
  }
}

/** Evidence from files and from the cluster, files first. */
export function mergeEvidence(...parts: Evidence[]): Evidence {
  return {
    observations: parts.flatMap((p) => p.observations),
    diagnostics: parts.flatMap((p) => p.diagnostics),
    files: parts.flatMap((p) => p.files),
  };
}

export async function clusterEvidence(opts: ClusterOptions = {}): Promise<{ collection: Collection; evidence: Evidence }> {
  const collection = await collectCluster(opts);
  return { collection, evidence: liveEvidence(collection) };
}
