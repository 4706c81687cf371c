/**
 * Read-only requests to the API server: GET only, JSON or text, with the
 * credentials @kubernetes/client-node derives from the kubeconfig (its agent
 * carries the CA and client certificate; its headers the token). Raw HTTP keeps
 * each object exactly as the API serves it, as `kubectl get -o json` prints it.
 *
 * Every failure a user can act on is an InputError (exit 2) that names the
 * server, and for a refusal the verb and resource: `cannot list nodes at the
 * cluster scope: ...`.
 */
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { InputError } from '../errors.js';

/** What a request reads, for messages: `list nodes`, `get configmaps "kube-proxy" in kube-system`. */
export interface Access {
  verb: 'get' | 'list';
  /** Plural resource with its group: `nodes`, `daemonsets.apps`. */
  resource: string;
  namespace?: string;
  name?: string;
  /** A subresource such as `log`. */
  subresource?: string;
}

export interface ClientOptions {
  /** The whole collection must finish within this many milliseconds. */
  timeoutMs: number;
  userAgent?: string;
}

const RETRIES = 3;

/** The API server answered with an error status. */
export class StatusError extends InputError {
  constructor(
    message: string,
    readonly status: number,
    /** What was refused, for a 403. */
    readonly access?: Access,
  ) {
    super(message);
  }
}

export class KubeClient {
  private readonly abort = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private timedOut = false;

  private constructor(
    readonly server: string,
    readonly context: string,
    private readonly user: string,
    private readonly agent: http.Agent | undefined,
    private readonly headers: Record<string, string>,
    private readonly opts: ClientOptions,
  ) {
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.abort.abort();
    }, opts.timeoutMs);
    this.timer.unref();
  }

  static async create(kc: KubeConfig, opts: ClientOptions): Promise<KubeClient> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new InputError(`context "${kc.getCurrentContext()}" has no cluster`);
    let url: URL;
    try {
      url = new URL(cluster.server);
    } catch {
      throw new InputError(`cluster "${cluster.name}": server "${cluster.server}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError(`cluster "${cluster.name}": server ${cluster.server}: expected an https:// URL`);
    const reqOpts: https.RequestOptions = {};
    try {
      await kc.applyToHTTPSOptions(reqOpts);
    } catch (e) {
      throw new InputError(`cannot get credentials for user "${kc.getCurrentUser()?.name ?? ''}" in context "${kc.getCurrentContext()}": ${oneLine(e)}`);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(reqOpts.headers ?? {})) if (typeof v === 'string') headers[k] = v;
    if (reqOpts.auth) headers.Authorization = `Basic ${Buffer.from(reqOpts.auth).toString('base64')}`;
    const agent = url.protocol === 'https:' ? (reqOpts.agent as http.Agent | undefined) : undefined;
    return new KubeClient(url.toString().replace(/\/$/, ''), kc.getCurrentContext(), kc.getCurrentUser()?.name ?? '', agent, headers, opts);
  }

  close(): void {
    clearTimeout(this.timer);
    this.agent?.destroy();
  }

  /** GETs JSON; null when the object does not exist (404) and `missingOk`. */
  async getJSON(path: string, access: Access, missingOk = false): Promise<unknown> {
    const body = await this.get(path, access, 'application/json', missingOk);
    if (body === null) return null;
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch (e) {
      throw new InputError(`${this.server}${path}: the API server answered with invalid JSON: ${oneLine(e)}`);
    }
  }

  /** GETs text (pod logs). */
  async getText(path: string, access: Access): Promise<string> {
    return ((await this.get(path, access, 'text/plain, */*', false)) ?? Buffer.alloc(0)).toString('utf8');
  }

  private async get(path: string, access: Access, accept: string, missingOk: boolean): Promise<Buffer | null> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.request(path, accept);
      if (res.status >= 200 && res.status < 300) return res.body;
      if (res.status === 404 && missingOk) return null;
      const retryable = res.status === 429 || res.status === 500 || res.status === 502 || res.status === 503 || res.status === 504;
      if (retryable && attempt < RETRIES) {
        const after = Number(res.retryAfter);
        await sleep(Number.isFinite(after) && after > 0 ? Math.min(after, 10) * 1000 : 200 * 2 ** attempt, this.abort.signal);
        continue;
      }
      throw this.statusError(res.status, res.body, access, path);
    }
  }

  private request(path: string, accept: string): Promise<{ status: number; body: Buffer; retryAfter: string | undefined }> {
    const url = `${this.server}${path}`;
    const mod = url.startsWith('https:') ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        {
          method: 'GET',
          agent: this.agent,
          headers: { ...this.headers, Accept: accept, 'User-Agent': this.opts.userAgent ?? 'kube-netcheck' },
          signal: this.abort.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), retryAfter: headerValue(res.headers['retry-after']) }));
          res.on('error', (e) => reject(this.transportError(e)));
        },
      );
      req.on('error', (e) => reject(this.transportError(e)));
      req.end();
    });
  }

  private transportError(e: Error): InputError {
    const at = `the API server at ${this.server} (context "${this.context}")`;
    if (this.timedOut || e.name === 'AbortError') {
      return new InputError(`no complete answer from ${at} within ${this.opts.timeoutMs / 1000}s: raise --timeout, or check that the server is reachable`);
    }
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const why: Record<string, string> = {
      ECONNREFUSED: 'connection refused (is the API server running, and is the server URL in the kubeconfig right?)',
      ENOTFOUND: 'host not found (check the server URL in the kubeconfig)',
      EAI_AGAIN: 'host name lookup failed (DNS)',
      EHOSTUNREACH: 'host unreachable',
      ENETUNREACH: 'network unreachable',
      ECONNRESET: 'connection reset',
      ETIMEDOUT: 'connection timed out',
      DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: the server certificate is self-signed and not trusted (certificate-authority-data in the kubeconfig?)',
      SELF_SIGNED_CERT_IN_CHAIN: 'TLS: the server certificate chain is not trusted (certificate-authority-data in the kubeconfig?)',
      UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: the server certificate is not signed by the kubeconfig certificate authority',
      CERT_HAS_EXPIRED: 'TLS: a certificate has expired',
      ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: the server certificate does not name this host',
      EPROTO: 'TLS handshake failed (is it an https server?)',
    };
    return new InputError(`cannot reach ${at}: ${why[code] ?? `${code ? `${code}: ` : ''}${e.message}`}`);
  }

  private statusError(status: number, body: Buffer, access: Access, path: string): InputError {
    const reason = statusMessage(body) ?? (body.toString('utf8').trim().slice(0, 200) || `HTTP ${status}`);
    if (status === 401) {
      return new StatusError(
        `the API server at ${this.server} refused the credentials of user "${this.user}" in context "${this.context}" (401 Unauthorized: ${reason}): they are expired or invalid; log in again or renew the token or client certificate`,
        status,
      );
    }
    if (status === 403) return new StatusError(`${describeAccess(access)}: ${reason}`, status, access);
    return new StatusError(`${describeAccess(access)}: the API server at ${this.server} answered ${status} for GET ${path}: ${reason}`, status);
  }
}

/** `cannot list nodes at the cluster scope`, `cannot get configmaps "kube-proxy" in the namespace "kube-system"`. */
export function describeAccess(a: Access): string {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const name = a.name ? ` "${a.name}"` : '';
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `cannot ${a.verb} ${res}${name} ${scope}`;
}

function statusMessage(body: Buffer): string | null {
  try {
    const s = JSON.parse(body.toString('utf8')) as { kind?: unknown; message?: unknown };
    return s.kind === 'Status' && typeof s.message === 'string' ? s.message : null;
  } catch {
    return null;
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}
