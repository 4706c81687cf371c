/**
 * Judging in a worker thread: an evaluation against a large cluster's facts takes
 * long (see docs/benchmarks.md), and in the server's thread it would hold every
 * other request, cache hits and health probes included. The worker reads the
 * facts and loads the policy once, then decides drafts one at a time.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ChangeOptions } from '../review/change.js';
import { InputError } from '../errors.js';
import { LocalJudge, type BaseSummary, type Decision, type Draft, type Judge } from './reviewer.js';

interface Init {
  paths: string[];
  opts: ChangeOptions;
}

type FromWorker =
  | { type: 'ready'; summary: BaseSummary }
  | { type: 'failed'; message: string; input: boolean }
  | { type: 'decision'; id: number; decision: Decision }
  | { type: 'error'; id: number; message: string };

/** A Judge whose evaluations run in a worker thread. Resolves once the worker has read the facts. */
export class ThreadJudge implements Judge {
  private readonly waiting = new Map<number, { resolve: (d: Decision) => void; reject: (e: Error) => void }>();
  private next = 0;

  private constructor(
    private readonly worker: Worker,
    readonly summary: BaseSummary,
  ) {
    worker.on('message', (m: FromWorker) => {
      if (m.type !== 'decision' && m.type !== 'error') return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.type === 'decision') w?.resolve(m.decision);
      else w?.reject(new Error(m.message));
    });
    worker.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`the judging worker stopped (exit ${code})`));
      this.waiting.clear();
    });
  }

  static start(paths: readonly string[], opts: ChangeOptions): Promise<ThreadJudge> {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { paths: [...paths], opts } satisfies Init });
    return new Promise((resolve, reject) => {
      const fail = (e: Error): void => {
        void worker.terminate();
        reject(e);
      };
      worker.once('error', fail);
      worker.once('message', (m: FromWorker) => {
        worker.off('error', fail);
        if (m.type === 'ready') resolve(new ThreadJudge(worker, m.summary));
        else if (m.type === 'failed') fail(m.input ? new InputError(m.message) : new Error(m.message));
        else fail(new Error(`unexpected first message from the judging worker: ${m.type}`));
      });
    });
  }

  decide(draft: Draft): Promise<Decision> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, draft });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { paths, opts } = workerData as Init;
  let judge: LocalJudge;
  try {
    judge = LocalJudge.fromEvidence(paths, opts);
    port.postMessage({ type: 'ready', summary: judge.summary } satisfies FromWorker);
    port.on('message', ({ id, draft }: { id: number; draft: Draft }) => {
      try {
        port.postMessage({ type: 'decision', id, decision: judge.decide(draft) } satisfies FromWorker);
      } catch (e) {
        port.postMessage({ type: 'error', id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies FromWorker);
      }
    });
  } catch (e) {
    const message = e instanceof InputError ? e.describe() : e instanceof Error ? (e.stack ?? e.message) : String(e);
    port.postMessage({ type: 'failed', message, input: e instanceof InputError } satisfies FromWorker);
  }
}
