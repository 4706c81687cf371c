/**
 * `kube-netcheck serve`: the validating admission webhook. Flags map to
 * WebhookOptions; SIGTERM and SIGINT drain and stop it (exit 0).
 */
import { UsageError } from '../errors.js';
import { jsonLogger } from '../webhook/log.js';
import { Reviewer } from '../webhook/reviewer.js';
import { ThreadJudge } from '../webhook/worker.js';
import { DEFAULT_MAX_BODY_BYTES, startWebhook, type Webhook } from '../webhook/server.js';
import { atMost, gate, parse, parseDuration, parseSize, readOptions } from './args.js';
import { SERVE } from './commands.js';
import type { IO } from './io.js';

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(argv, SERVE);
  atMost(positionals, 0, 'serve', "name the cluster's evidence with --facts-from PATH");
  const certFile = values['tls-cert-file'];
  const keyFile = values['tls-private-key-file'];
  if (!certFile || !keyFile) throw new UsageError('serve: --tls-cert-file and --tls-private-key-file are required (the API server calls webhooks over HTTPS only)');
  const port = values.port === undefined ? 8443 : Number(values.port);
  if (values.port?.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`serve: --port ${values.port}: expected a port number 0-65535`);
  const { failOn, allowUnknown, params } = gate(values);
  const cacheSize = values['cache-size'] === undefined ? 1024 : Number(values['cache-size']);
  if (!Number.isInteger(cacheSize) || cacheSize < 0) throw new UsageError(`serve: --cache-size ${values['cache-size']}: expected a whole number (0 turns the cache off)`);
  const factsFrom = values['facts-from'] ?? [];
  const host = values.address ?? '0.0.0.0';
  const judgeOpts = { params, failOn, allowUnknown, failOnExisting: values['fail-on-existing'] ?? false, ...(values.data ? { data: values.data } : {}), ...readOptions(values) };
  const maxBodyBytes = values['max-body-size'] !== undefined ? parseSize(values['max-body-size'], '--max-body-size') : DEFAULT_MAX_BODY_BYTES;
  const requestTimeoutMs = duration(values['request-timeout'], '--request-timeout', 10_000);
  const shutdownTimeoutMs = duration(values['shutdown-timeout'], '--shutdown-timeout', 25_000);
  const tlsReloadIntervalMs = duration(values['tls-reload-interval'], '--tls-reload-interval', 10_000);
  const log = jsonLogger(io.stderr);
  if (factsFrom.length === 0) log.log('warn', 'no --facts-from: each object is judged alone, not against the cluster');

  let webhook: Webhook;
  try {
    webhook = await startWebhook({
      host,
      port,
      certFile,
      keyFile,
      log,
      maxBodyBytes,
      requestTimeoutMs,
      shutdownTimeoutMs,
      tlsReloadIntervalMs,
      // Evaluations run in a worker thread, so a long one holds neither cache hits nor probes.
      load: async () => new Reviewer(await ThreadJudge.start(factsFrom, judgeOpts), cacheSize),
    });
  } catch (e) {
    throw listenError(e, host, port);
  }
  return new Promise<number>((resolve) => {
    let code = 0;
    const stop = (signal: string): void => {
      void webhook.shutdown(signal).then(() => resolve(code));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    webhook.loaded.catch(() => {
      code = 2;
      stop('cannot load the policy or the facts');
    });
  });
}

/** Why the server could not listen, as a usage error (exit 2); anything else stays what it is. */
function listenError(e: unknown, host: string, port: number): unknown {
  const err = e as NodeJS.ErrnoException & { hostname?: string };
  const at = `serve: cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return new UsageError(`${at}: the port is in use by another process: choose another with --port`);
    case 'EADDRNOTAVAIL':
      return new UsageError(`${at}: the address is not one of this machine's: choose another with --address`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UsageError(`${at}: --address ${host} is not an address or a name that resolves: expected e.g. 0.0.0.0, :: or 127.0.0.1`);
    case 'EACCES':
    case 'EPERM':
      return new UsageError(`${at}: permission denied (ports below 1024 need privileges): choose another with --port`);
    default:
      return e;
  }
}

/** `10s`, `500ms`, `2m`, or a bare number of seconds -> milliseconds (0 allowed: no limit where Node allows it). */
export function duration(text: string | undefined, flag: string, dflt: number): number {
  return text === undefined ? dflt : parseDuration(text, flag, { allowZero: true });
}
