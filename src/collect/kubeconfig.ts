/**
 * Which cluster, as kubectl decides it: `--kubeconfig FILE`, else the files of
 * $KUBECONFIG merged (the first file to name a cluster, user or context wins,
 * and the first current-context set wins), else ~/.kube/config, else the pod's
 * service account when running in a cluster. `--context` picks a context.
 * @kubernetes/client-node reads the files and applies credentials (client
 * certificates, tokens, exec and auth-provider plugins); its own merging throws
 * on a name two files share, which kubectl allows, so merging is done here.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { InputError } from '../errors.js';

export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
  /** Home folder for ~/.kube/config; injectable for tests. */
  home?: string | null;
  /** Prefix of the service account folder for in-cluster configuration (tests put it under a temporary root). */
  inClusterRoot?: string;
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** Where it came from, for messages: a file list or `in-cluster service account`. */
  origin: string;
}

/** The kubeconfig's contexts, in file order (`fleet check --all-contexts`); none when running with the in-cluster service account. */
export function kubeconfigContexts(opts: KubeconfigOptions = {}): string[] {
  const files = kubeconfigFiles(opts);
  if (files.length === 0) throw new InputError('--all-contexts: no kubeconfig: give --kubeconfig FILE, set KUBECONFIG or create ~/.kube/config');
  const env = opts.env ?? process.env;
  return mergeFiles(files, env.KUBECONFIG !== undefined && opts.kubeconfig === undefined).getContexts().map((c) => c.name);
}

/** The kubeconfig files kubectl would read, in order; none: fall back to the in-cluster service account. */
function kubeconfigFiles(opts: KubeconfigOptions): string[] {
  const env = opts.env ?? process.env;
  let files: string[];
  if (opts.kubeconfig !== undefined) {
    if (opts.kubeconfig === '') throw new InputError('--kubeconfig: expected a file name');
    files = [opts.kubeconfig];
  } else if (env.KUBECONFIG) {
    files = env.KUBECONFIG.split(delimiter).filter((f) => f !== '');
  } else {
    const home = opts.home === undefined ? (env.HOME ?? env.USERPROFILE ?? null) : opts.home;
    const def = home ? join(home, '.kube', 'config') : null;
    files = def && existsSync(def) ? [def] : [];
  }
  return files;
}

export function loadKubeconfig(opts: KubeconfigOptions = {}): LoadedKubeconfig {
  const env = opts.env ?? process.env;
  const files = kubeconfigFiles(opts);
  if (files.length === 0) {
    const root = opts.inClusterRoot ?? '';
    if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && existsSync(`${root}${SERVICE_ACCOUNT_DIR}/token`)) {
      const kc = new KubeConfig();
      kc.loadFromCluster(root);
      // client-node reads process.env; the host and port given here win.
      const host = env.KUBERNETES_SERVICE_HOST;
      const cluster = kc.clusters[0];
      if (cluster) kc.clusters[0] = { ...cluster, server: `https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT}` };
      if (opts.context !== undefined) throw new InputError(`--context ${opts.context}: no kubeconfig to choose a context from (running with the in-cluster service account)`);
      return { kc, origin: 'in-cluster service account' };
    }
    throw new InputError('no kubeconfig: give --kubeconfig FILE, set KUBECONFIG, create ~/.kube/config, or run inside a cluster');
  }

  const kc = mergeFiles(files, env.KUBECONFIG !== undefined && opts.kubeconfig === undefined);
  if (opts.context !== undefined) {
    if (!kc.getContextObject(opts.context)) {
      const names = kc.getContexts().map((c) => c.name);
      throw new InputError(`--context ${opts.context}: no such context in ${files.join(', ')} (contexts: ${names.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(opts.context);
  }
  const origin = files.join(delimiter);
  if (!kc.getCurrentContext()) throw new InputError(`no current context in ${origin}: give --context (contexts: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`);
  const ctx = kc.getContextObject(kc.getCurrentContext());
  if (!ctx) throw new InputError(`current context "${kc.getCurrentContext()}" is not defined in ${origin}`);
  if (!kc.getCurrentCluster()) throw new InputError(`context "${ctx.name}" names cluster "${ctx.cluster}", which ${origin} does not define`);
  return { kc, origin };
}

/** kubectl's merge: the first file to set a name (or current-context) wins; missing files are skipped when they came from $KUBECONFIG. */
function mergeFiles(files: readonly string[], fromEnv: boolean): KubeConfig {
  const out = new KubeConfig();
  out.clusters = [];
  out.users = [];
  out.contexts = [];
  out.currentContext = '';
  let read = 0;
  for (const file of files) {
    if (!existsSync(file)) {
      if (fromEnv) continue;
      throw new InputError('kubeconfig: no such file', file);
    }
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file);
    } catch (e) {
      throw new InputError(`not a valid kubeconfig: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, file);
    }
    read++;
    if (!out.currentContext && kc.currentContext) out.currentContext = kc.currentContext;
    for (const c of kc.clusters ?? []) if (!out.clusters.some((x) => x.name === c.name)) out.clusters.push(c);
    for (const u of kc.users ?? []) if (!out.users.some((x) => x.name === u.name)) out.users.push(u);
    for (const c of kc.contexts ?? []) if (!out.contexts.some((x) => x.name === c.name)) out.contexts.push(c);
  }
  if (read === 0) throw new InputError(`KUBECONFIG names no file that exists: ${files.join(delimiter)}`);
  return out;
}
