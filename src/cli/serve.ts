/**
 * `kube-netcheck serve`: the validating admission webhook. Flags map to
 * WebhookOptions; SIGTERM and SIGINT drain and stop it (exit 0).
 */
import { UsageError } from '../errors.js';
import { jsonLogger } from '../webhook/log.js';
import { Reviewer } from '../webhook/reviewer.js';
import { ThreadJudge } from '../webhook/worker.js';
import { DEFAULT_MAX_BODY_BYTES, startWebhook } from '../webhook/server.js';
import { GATE_FLAGS, gate, parse, parseSize } from './args.js';
import type { IO } from './main.js';

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      'tls-cert-file': { type: 'string' },
      'tls-private-key-file': { type: 'string' },
      'facts-from': { type: 'string', multiple: true },
      address: { type: 'string' },
      port: { type: 'string' },
      'max-body-size': { type: 'string' },
      'request-timeout': { type: 'string' },
      'shutdown-timeout': { type: 'string' },
      'tls-reload-interval': { type: 'string' },
      'cache-size': { type: 'string' },
      ...GATE_FLAGS,
      'max-file-size': { type: 'string' },
    },
    'serve',
  );
  if (positionals.length > 0) throw new UsageError(`serve: unexpected argument "${positionals[0]}": name the cluster's evidence with --facts-from PATH`);
  const certFile = values['tls-cert-file'];
  const keyFile = values['tls-private-key-file'];
  if (!certFile || !keyFile) throw new UsageError('serve: --tls-cert-file and --tls-private-key-file are required (the API server calls webhooks over HTTPS only)');
  const port = values.port === undefined ? 8443 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`serve: --port ${values.port}: expected a port number 0-65535`);
  const { failOn, allowUnknown, params } = gate(values);
  const cacheSize = values['cache-size'] === undefined ? 1024 : Number(values['cache-size']);
  if (!Number.isInteger(cacheSize) || cacheSize < 0) throw new UsageError(`serve: --cache-size ${values['cache-size']}: expected a whole number (0 turns the cache off)`);
  const factsFrom = values['facts-from'] ?? [];
  const log = jsonLogger(io.stderr);
  if (factsFrom.length === 0) log.log('warn', 'no --facts-from: each object is judged alone, not against the cluster');

  const webhook = await startWebhook({
    host: values.address ?? '0.0.0.0',
    port,
    certFile,
    keyFile,
    log,
    maxBodyBytes: values['max-body-size'] ? parseSize(values['max-body-size'], '--max-body-size') : DEFAULT_MAX_BODY_BYTES,
    requestTimeoutMs: duration(values['request-timeout'], '--request-timeout', 10_000),
    shutdownTimeoutMs: duration(values['shutdown-timeout'], '--shutdown-timeout', 25_000),
    tlsReloadIntervalMs: duration(values['tls-reload-interval'], '--tls-reload-interval', 10_000),
    // Evaluations run in a worker thread, so a long one holds neither cache hits nor probes.
    load: async () =>
      new Reviewer(
        await ThreadJudge.start(factsFrom, {
          params,
          failOn,
          allowUnknown,
          ...(values['max-file-size'] ? { maxFileBytes: parseSize(values['max-file-size'], '--max-file-size') } : {}),
        }),
        cacheSize,
      ),
  });
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

/** `10s`, `500ms`, `2m`, or a bare number of seconds -> milliseconds. */
export function duration(text: string | undefined, flag: string, dflt: number): number {
  if (text === undefined) return dflt;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} ${text}: expected a duration such as 10s, 500ms or 2m`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}
