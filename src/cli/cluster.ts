/**
 * Flags and progress shared by `check --cluster` and `collect`. The Kubernetes
 * client is imported only here, on demand, so checks of files never load it.
 */
import { UsageError } from '../errors.js';
import { parseDuration } from './args.js';
import type { ClusterOptions, Collection, Progress } from '../collect/index.js';
import type { Evidence } from '../evidence/read.js';
import { VERSION } from './help.js';
import type { IO } from './io.js';

export interface ClusterFlagValues {
  kubeconfig?: string | undefined;
  context?: string | undefined;
  timeout?: string | undefined;
  logs?: boolean | undefined;
  'log-lines'?: string | undefined;
}

/** `30s`, `2m`, `90` (seconds) -> milliseconds, within Node's timer limit (24 days). */
export function parseTimeout(text: string): number {
  return parseDuration(text, '--timeout');
}

export interface ClusterRun {
  opts: ClusterOptions;
  /** Clears the progress line. */
  finish: () => void;
}

export function clusterOptions(values: ClusterFlagValues, io: IO): ClusterRun {
  const opts: ClusterOptions = { env: io.env, userAgent: `kube-netcheck/${VERSION}` };
  if (values.kubeconfig !== undefined) opts.kubeconfig = values.kubeconfig;
  if (values.context !== undefined) opts.context = values.context;
  if (values.timeout !== undefined) opts.timeoutMs = parseTimeout(values.timeout);
  if (values.logs) opts.logs = true;
  if (values['log-lines'] !== undefined) {
    const n = Number(values['log-lines']);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--log-lines ${values['log-lines']}: expected a whole number of lines, at least 1`);
    if (!values.logs) throw new UsageError('--log-lines: only with --logs');
    opts.logLines = n;
  }
  const bar = progressLine(io);
  if (bar) opts.onProgress = bar.update;
  return { opts, finish: bar ? bar.clear : () => undefined };
}

/** A one-line progress display on a terminal (stderr), nothing otherwise. */
function progressLine(io: IO): { update: (p: Progress) => void; clear: () => void } | null {
  const err = io.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  if (err.isTTY !== true) return null;
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      shown = true;
      err.write(`\r\x1b[Kcollecting: ${p.done}/${p.total} requests (${p.last})`);
    },
    clear() {
      if (shown) err.write('\r\x1b[K');
    },
  };
}

/** Reads the cluster; the progress line is cleared whatever happens. */
export async function readCluster(run: ClusterRun): Promise<{ collection: Collection; evidence: Evidence }> {
  const { clusterEvidence } = await import('../collect/index.js');
  try {
    return await clusterEvidence(run.opts);
  } finally {
    run.finish();
  }
}
