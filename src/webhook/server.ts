/**
 * The validating admission webhook over HTTPS (Node's https):
 *   POST /validate   AdmissionReview admission.k8s.io/v1 in, AdmissionReview out
 *   GET  /healthz    200 while the process serves
 *   GET  /readyz     200 once the policy is loaded and the facts read, 503 before and while draining
 *   GET  /metrics    Prometheus text exposition
 * Bodies over the limit get 413, bodies that are not an AdmissionReview v1 get
 * 400; neither stops the server. On shutdown the listener closes (new
 * connections are refused), requests on open connections get 503, requests in
 * flight finish, then the server closes.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadReview, parseReview, reviewResponse, statusBody } from './admission.js';
import type { Logger } from './log.js';
import { Metrics } from './metrics.js';
import type { Reviewer } from './reviewer.js';
import { readKeyPair, watchKeyPair } from './tls.js';

/** The API server sends at most 3 MiB (its request size limit). */
export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface WebhookOptions {
  host: string;
  port: number;
  certFile: string;
  keyFile: string;
  /** Builds the reviewer once: reads the facts and loads the policy. Called after listening, so /healthz answers meanwhile. */
  load: () => Reviewer | Promise<Reviewer>;
  log: Logger;
  maxBodyBytes?: number;
  /** Time to receive a whole request (headers and body), ms. Default 10 s, the API server's default webhook timeout. */
  requestTimeoutMs?: number;
  /** Longest wait for requests in flight on shutdown before connections are cut, ms. Default 25 s. */
  shutdownTimeoutMs?: number;
  /** How often the certificate files are checked for a change, ms. Default 10 s. */
  tlsReloadIntervalMs?: number;
}

export interface Webhook {
  server: Server;
  metrics: Metrics;
  /** The bound port (useful with port 0). */
  port: number;
  readonly ready: boolean;
  /** Resolves when the reviewer is loaded, rejects when loading fails. */
  loaded: Promise<void>;
  /** Stops taking requests, finishes those in flight, closes. Idempotent. */
  shutdown(reason?: string): Promise<void>;
}

export async function startWebhook(opts: WebhookOptions): Promise<Webhook> {
  const log = opts.log;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const pair = readKeyPair(opts.certFile, opts.keyFile);
  const metrics = new Metrics();
  let reviewer: Reviewer | null = null;
  let draining = false;
  let closing: Promise<void> | null = null;

  const server = createServer({ cert: pair.cert, key: pair.key, minVersion: 'TLSv1.2' }, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.log('error', 'internal error answering a request', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      if (!res.headersSent) send(res, 500, statusBody(500, 'InternalError', 'internal error'), 'error', process.hrtime.bigint());
    });
  });
  const requestTimeout = opts.requestTimeoutMs ?? 10_000;
  server.requestTimeout = requestTimeout;
  server.headersTimeout = Math.min(requestTimeout, 60_000);
  server.keepAliveTimeout = 5_000;

  const stopWatching = watchKeyPair(server, opts.certFile, opts.keyFile, pair, opts.tlsReloadIntervalMs ?? 10_000, log, () => metrics.certReloaded());

  function send(res: ServerResponse, code: number, body: string, verdict: string | null, started: bigint, type = 'application/json'): void {
    const headers: Record<string, string | number> = { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) };
    if (draining) headers.Connection = 'close';
    res.writeHead(code, headers);
    res.end(body);
    if (verdict) metrics.request(verdict, Number(process.hrtime.bigint() - started) / 1e9);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return send(res, 200, 'ok\n', null, started, 'text/plain');
    if (path === '/readyz') {
      const ok = reviewer !== null && !draining;
      return send(res, ok ? 200 : 503, ok ? 'ok\n' : draining ? 'shutting down\n' : 'loading the policy and the facts\n', null, started, 'text/plain');
    }
    if (path === '/metrics') return send(res, 200, metrics.render(), null, started, 'text/plain; version=0.0.4; charset=utf-8');
    if (path !== '/validate') return send(res, 404, statusBody(404, 'NotFound', `no such path ${path}: the webhook answers POST /validate`), null, started);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return send(res, 405, statusBody(405, 'MethodNotAllowed', `${req.method ?? ''} /validate: expected POST`), 'rejected', started);
    }
    if (draining) return send(res, 503, statusBody(503, 'ServiceUnavailable', 'the webhook is shutting down'), 'error', started);
    if (!reviewer) return send(res, 503, statusBody(503, 'ServiceUnavailable', 'the webhook is not ready: loading the policy and the facts'), 'error', started);

    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > maxBody) {
      res.setHeader('Connection', 'close');
      req.resume();
      return send(res, 413, statusBody(413, 'RequestEntityTooLarge', `body of ${declared} bytes is over the limit of ${maxBody} bytes`), 'rejected', started);
    }
    metrics.inFlight++;
    try {
      const body = await readBody(req, maxBody);
      if (body === null) {
        res.setHeader('Connection', 'close');
        return send(res, 413, statusBody(413, 'RequestEntityTooLarge', `body is over the limit of ${maxBody} bytes`), 'rejected', started);
      }
      let review;
      try {
        review = parseReview(body);
      } catch (e) {
        if (!(e instanceof BadReview)) throw e;
        log.log('warn', 'bad request', { error: e.message, remote: req.socket.remoteAddress });
        return send(res, 400, statusBody(400, 'BadRequest', e.message), 'rejected', started);
      }
      const decision = await reviewer.review(review);
      if (decision.judged) metrics.evaluated(decision.evalSeconds, decision.cached);
      const response = {
        uid: review.uid,
        allowed: decision.allowed,
        ...(decision.allowed ? {} : { status: { code: 403, reason: 'Forbidden', message: decision.message ?? 'denied' } }),
        ...(decision.warnings.length > 0 ? { warnings: decision.warnings } : {}),
      };
      send(res, 200, reviewResponse(response), decision.verdict, started);
      log.log(decision.allowed ? 'info' : 'warn', 'admission review', {
        uid: review.uid,
        kind: review.kind.kind,
        namespace: review.namespace ?? '',
        name: review.name ?? '',
        operation: review.operation,
        dryRun: review.dryRun === true,
        user: review.userInfo?.username ?? '',
        judged: decision.judged,
        verdict: decision.verdict,
        findings: decision.findings.map((f) => `${f.id} ${f.severity}: ${f.message}`),
        cached: decision.cached,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      });
    } finally {
      metrics.inFlight--;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.log('info', 'listening', { host: opts.host, port });

  const loaded = new Promise<void>((resolve, reject) => {
    setImmediate(() => {
      const t = process.hrtime.bigint();
      Promise.resolve()
        .then(() => opts.load())
        .then(
          (r) => {
            if (draining) void r.close();
            else reviewer = r;
            log.log('info', 'ready', { ...r.judge.summary, loadMs: Number(process.hrtime.bigint() - t) / 1e6 });
            resolve();
          },
          (e: unknown) => {
            log.log('error', 'cannot load the policy or the facts', { error: e instanceof Error ? e.message : String(e) });
            reject(e instanceof Error ? e : new Error(String(e)));
          },
        );
    });
  });
  loaded.catch(() => undefined);

  return {
    server,
    metrics,
    port,
    get ready() {
      return reviewer !== null && !draining;
    },
    loaded,
    shutdown(reason = 'shutdown') {
      if (closing) return closing;
      draining = true;
      log.log('info', 'shutting down: refusing new requests, finishing those in flight', { reason, inFlight: metrics.inFlight });
      stopWatching();
      closing = new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          log.log('warn', 'shutdown timeout: closing the connections still open');
          server.closeAllConnections();
        }, opts.shutdownTimeoutMs ?? 25_000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          void (reviewer?.close() ?? Promise.resolve()).then(() => {
            log.log('info', 'stopped');
            resolve();
          });
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}

/** The body as text, or null once it passes `max` bytes (the rest is drained, not kept). */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}
