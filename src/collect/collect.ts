/**
 * What kube-netcheck reads from a live cluster, all of it read-only and none of
 * it a Secret: nodes (paged with limit/continue), DaemonSets in kube-system and
 * the CNI namespaces, the kube-proxy, kubeadm and CNI ConfigMaps by name, the
 * mirror pods of kube-apiserver and kube-controller-manager, the `kubernetes`
 * and `kube-dns` Services, NetworkPolicies, Calico IPPools and Installations and
 * CiliumPodIPPools when their API exists, ServiceCIDRs when the API serves them, and on request
 * recent logs of the kube-proxy and CNI pods. Requests run with a bound on
 * concurrency. Objects are kept exactly as the API serves them, with apiVersion
 * and kind set on the items of a list as `kubectl get -o json` does.
 */
import type { KubeObject } from '../evidence/objects/types.js';
import { InputError } from '../errors.js';
import { StatusError, type Access, type KubeClient } from './client.js';

/** Namespaces where kube-proxy and the CNIs run their DaemonSets. */
export const DAEMONSET_NAMESPACES = ['kube-system', 'calico-system', 'tigera-operator', 'kube-flannel', 'cilium', 'kube-router'] as const;

/** ConfigMaps read by name (namespace, name): none of them holds credentials. */
export const CONFIGMAPS: readonly (readonly [string, string])[] = [
  ['kube-system', 'kube-proxy'],
  ['kube-system', 'kubeadm-config'],
  ['kube-system', 'kubelet-config'],
  ['kube-system', 'calico-config'],
  ['kube-system', 'canal-config'],
  ['kube-system', 'kube-flannel-cfg'],
  ['kube-flannel', 'kube-flannel-cfg'],
  ['kube-system', 'cilium-config'],
  ['cilium', 'cilium-config'],
];

export const SERVICES: readonly (readonly [string, string])[] = [
  ['default', 'kubernetes'],
  ['kube-system', 'kube-dns'],
];

/** Labels kubeadm puts on its static pods; their mirror pods carry the component flags. */
export const CONTROL_PLANE_SELECTOR = 'component in (kube-apiserver,kube-controller-manager)';

/** DaemonSets whose pods' logs are evidence (with --logs). */
export const LOGGED_DAEMONSETS = ['kube-proxy', 'weave-net', 'calico-node', 'canal', 'kube-flannel-ds', 'kube-flannel', 'cilium', 'kube-router', 'antrea-agent'] as const;

export interface CollectOptions {
  /** Also read recent logs of kube-proxy and CNI pods. */
  logs?: boolean;
  /** Log lines per container (tailLines). */
  logLines?: number;
  /** Pods per DaemonSet whose logs are read. */
  logPods?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Items per page of a list (limit). */
  pageSize?: number;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  done: number;
  total: number;
  /** What was just read, e.g. `nodes 3000`. */
  last: string;
}

/** One file of an evidence folder: `nodes.json` holds a List of Nodes. */
export interface CollectedList {
  file: string;
  /** The API path it was read from, for messages. */
  path: string;
  items: KubeObject[];
}

export interface CollectedLog {
  /** `logs/kube-system_kube-proxy-7xk2p_kube-proxy.log` */
  file: string;
  namespace: string;
  pod: string;
  container: string;
  text: string;
  /** Why the log could not be read (the node's kubelet unreachable...): a warning, not a failure. */
  error?: string;
}

export interface Collection {
  server: string;
  context: string;
  lists: CollectedList[];
  logs: CollectedLog[];
  /** Optional APIs that were absent, e.g. `no Calico IPPool API (crd.projectcalico.org)`. */
  notes: string[];
}

interface APIGroupList {
  groups?: { name?: string; versions?: { groupVersion?: string; version?: string }[] }[];
}

interface APIResourceList {
  resources?: { name?: string }[];
}

interface ListBody {
  apiVersion?: string;
  kind?: string;
  metadata?: { continue?: string };
  items?: KubeObject[];
}

export async function collect(client: KubeClient, opts: CollectOptions = {}): Promise<Collection> {
  const limit = opts.pageSize ?? 500;
  const pool = new Pool(opts.concurrency ?? 4);
  const notes: string[] = [];
  let done = 0;
  let total = 0;
  const step = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    total++;
    const r = await pool.run(fn);
    done++;
    opts.onProgress?.({ done, total, last: label });
    return r;
  };

  /** All pages of a list; items get the apiVersion and kind of their list. */
  const list = async (path: string, access: Access, query: Record<string, string> = {}): Promise<KubeObject[]> => {
    const items: KubeObject[] = [];
    let cont = '';
    let restarted = false;
    for (;;) {
      const q = new URLSearchParams({ ...query, limit: String(limit), ...(cont ? { continue: cont } : {}) });
      let body: ListBody;
      try {
        body = (await step(`${access.resource} ${items.length}`, () => client.getJSON(`${path}?${q.toString()}`, access))) as ListBody;
      } catch (e) {
        // 410 Gone: the continue token expired during a long listing; start over once, as kubectl would ask you to.
        if (cont && !restarted && e instanceof StatusError && e.status === 410) {
          restarted = true;
          items.length = 0;
          cont = '';
          continue;
        }
        throw e;
      }
      const itemKind = (body.kind ?? '').replace(/List$/, '');
      for (const item of body.items ?? []) items.push(asKubectlShows({ apiVersion: body.apiVersion, kind: itemKind, ...item }));
      cont = body.metadata?.continue ?? '';
      if (!cont) return items;
    }
  };

  const get = async (path: string, access: Access): Promise<KubeObject | null> => {
    const o = (await step(`${access.resource} ${access.name ?? ''}`, () => client.getJSON(path, access, true))) as KubeObject | null;
    return o ? asKubectlShows(o) : null;
  };

  // Discovery first: which optional APIs this cluster serves.
  const [discovery] = await settle([step('discovery', () => client.getJSON('/apis', { verb: 'get', resource: 'API groups (discovery)' }))]);
  const groups = (discovery as APIGroupList).groups ?? [];
  const versionsOf = (name: string): string[] => groups.find((g) => g.name === name)?.versions?.map((v) => v.version ?? '') ?? [];
  const serves = async (group: string, version: string, resource: string): Promise<boolean> => {
    if (!versionsOf(group).includes(version)) return false;
    const res = (await step(`discovery ${group}/${version}`, () =>
      client.getJSON(`/apis/${group}/${version}`, { verb: 'get', resource: `API resources of ${group}/${version} (discovery)` }, true),
    )) as APIResourceList | null;
    return (res?.resources ?? []).some((r) => r.name === resource);
  };

  const tasks: Promise<CollectedList | null>[] = [];
  const add = (file: string, path: string, read: () => Promise<KubeObject[]>): void => {
    const task = read().then((items) => ({ file, path, items }));
    // Settled below, with the others; until then a refusal must not count as unhandled.
    task.catch(() => undefined);
    tasks.push(task);
  };

  add('nodes.json', '/api/v1/nodes', () => list('/api/v1/nodes', { verb: 'list', resource: 'nodes' }));
  add('daemonsets.json', '/apis/apps/v1/namespaces/*/daemonsets', async () =>
    (
      await settle(
        DAEMONSET_NAMESPACES.map((ns) => list(`/apis/apps/v1/namespaces/${ns}/daemonsets`, { verb: 'list', resource: 'daemonsets.apps', namespace: ns })),
      )
    ).flat(),
  );
  add('configmaps.json', '/api/v1/namespaces/*/configmaps/*', async () =>
    present(
      await settle(
        CONFIGMAPS.map(([ns, name]) =>
          get(`/api/v1/namespaces/${ns}/configmaps/${name}`, { verb: 'get', resource: 'configmaps', namespace: ns, name }).then((o) =>
            o ? { apiVersion: 'v1', kind: 'ConfigMap', ...o } : null,
          ),
        ),
      ),
    ),
  );
  add('services.json', '/api/v1/namespaces/*/services/*', async () =>
    present(
      await settle(
        SERVICES.map(([ns, name]) =>
          get(`/api/v1/namespaces/${ns}/services/${name}`, { verb: 'get', resource: 'services', namespace: ns, name }).then((o) =>
            o ? { apiVersion: 'v1', kind: 'Service', ...o } : null,
          ),
        ),
      ),
    ),
  );
  add('pods.json', '/api/v1/namespaces/kube-system/pods', () =>
    list('/api/v1/namespaces/kube-system/pods', { verb: 'list', resource: 'pods', namespace: 'kube-system' }, { labelSelector: CONTROL_PLANE_SELECTOR }),
  );
  add('networkpolicies.json', '/apis/networking.k8s.io/v1/networkpolicies', () =>
    list('/apis/networking.k8s.io/v1/networkpolicies', { verb: 'list', resource: 'networkpolicies.networking.k8s.io' }),
  );

  const optional = async (file: string, group: string, versions: readonly string[], resource: string, what: string): Promise<void> => {
    for (const v of versions) {
      if (await serves(group, v, resource)) {
        add(file, `/apis/${group}/${v}/${resource}`, () => list(`/apis/${group}/${v}/${resource}`, { verb: 'list', resource: `${resource}.${group}` }));
        return;
      }
    }
    notes.push(`no ${what} API (${resource}.${group}): not read`);
  };
  await settle([
    optional('ippools.json', 'crd.projectcalico.org', ['v1'], 'ippools', 'Calico IPPool'),
    optional('installations.json', 'operator.tigera.io', ['v1'], 'installations', 'Calico operator Installation'),
    optional('servicecidrs.json', 'networking.k8s.io', ['v1', 'v1beta1'], 'servicecidrs', 'ServiceCIDR'),
    optional('ciliumpodippools.json', 'cilium.io', ['v2', 'v2alpha1'], 'ciliumpodippools', 'CiliumPodIPPool'),
  ]);

  const lists = present(await settle(tasks));
  const logs = opts.logs ? await readLogs(client, lists, opts, list, step) : [];
  return { server: client.server, context: client.context, lists: lists.sort((a, b) => (a.file < b.file ? -1 : 1)), logs, notes };
}

async function readLogs(
  client: KubeClient,
  lists: readonly CollectedList[],
  opts: CollectOptions,
  list: (path: string, access: Access, query?: Record<string, string>) => Promise<KubeObject[]>,
  step: <T>(label: string, fn: () => Promise<T>) => Promise<T>,
): Promise<CollectedLog[]> {
  const perDaemonSet = opts.logPods ?? 2;
  const lines = opts.logLines ?? 1000;
  const daemonSets = lists.find((l) => l.file === 'daemonsets.json')?.items ?? [];
  const wanted = daemonSets.filter((ds) => (LOGGED_DAEMONSETS as readonly string[]).includes(String(ds.metadata?.name)));
  const pods = (
    await settle(
      wanted.map(async (ds) => {
        const ns = String(ds.metadata?.namespace);
        const labels = (ds.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels ?? {};
        const selector = Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        if (!selector) return [];
        const found = await list(`/api/v1/namespaces/${ns}/pods`, { verb: 'list', resource: 'pods', namespace: ns }, { labelSelector: selector });
        return found
          .filter((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running')
          .sort((a, b) => String(a.metadata?.name).localeCompare(String(b.metadata?.name)))
          .slice(0, perDaemonSet);
      }),
    )
  ).flat();
  const reads = pods.flatMap((p) => {
    const ns = String(p.metadata?.namespace);
    const pod = String(p.metadata?.name);
    const containers = ((p.spec as { containers?: { name?: string }[] } | undefined)?.containers ?? []).map((c) => String(c.name));
    return containers.map(async (container): Promise<CollectedLog> => {
      const q = new URLSearchParams({ container, tailLines: String(lines), limitBytes: String(4 << 20) });
      const file = `logs/${ns}_${pod}_${container}.log`;
      try {
        const text = await step(`logs ${pod}/${container}`, () =>
          client.getText(`/api/v1/namespaces/${ns}/pods/${pod}/log?${q.toString()}`, {
            verb: 'get',
            resource: 'pods',
            subresource: 'log',
            namespace: ns,
            name: pod,
          }),
        );
        return { file, namespace: ns, pod, container, text };
      } catch (e) {
        // Refusals and a dead API server stop the run; a kubelet that cannot serve one log does not.
        if (!(e instanceof StatusError) || e.status === 401 || e.status === 403) throw e;
        return { file, namespace: ns, pod, container, text: '', error: e.message };
      }
    });
  });
  return (await settle(reads)).sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * Waits for every read, then fails as a whole: all refusals together (each names
 * its verb and resource, so one fix of the RBAC covers them), else the first error.
 */
async function settle<T>(ps: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(ps);
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (errors.length === 0) return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  const refusals = errors.flatMap((e) =>
    e instanceof RefusedError ? e.refusals : e instanceof StatusError && e.status === 403 ? [{ what: refusedWhat(e), message: e.message }] : [],
  );
  if (refusals.length > 0) throw new RefusedError(refusals);
  throw errors[0];
}

interface Refusal {
  /** Verb and resource: refusals of the same are reported once. */
  what: string;
  message: string;
}

function refusedWhat(e: StatusError): string {
  return e.access ? `${e.access.verb} ${e.access.resource}${e.access.subresource ? `/${e.access.subresource}` : ''}` : e.message;
}

/** Reads refused by RBAC (403): one line per verb and resource, the first refusal in full. */
export class RefusedError extends InputError {
  readonly refusals: Refusal[];
  constructor(refusals: readonly Refusal[]) {
    const groups = new Map<string, { first: string; more: number }>();
    for (const r of refusals) {
      const g = groups.get(r.what);
      if (!g) groups.set(r.what, { first: r.message, more: 0 });
      else if (g.first !== r.message) g.more++;
    }
    const lines = [...groups.values()].map((g) => `${g.first}${g.more > 0 ? ` (and ${g.more} more like it)` : ''}`);
    super(
      `${lines.length === 1 ? lines[0]! : `${lines.length} kinds of read were refused:\n  ${lines.join('\n  ')}`}\n` +
        'The read-only ClusterRole in deploy/rbac-collect.yaml grants every read kube-netcheck makes.',
    );
    this.refusals = [...refusals];
  }
}

/** As `kubectl get -o json` shows an object: without metadata.managedFields (--show-managed-fields=false). */
function asKubectlShows(o: KubeObject): KubeObject {
  if (o.metadata && 'managedFields' in o.metadata) {
    const { managedFields: _, ...metadata } = o.metadata;
    return { ...o, metadata };
  }
  return o;
}

function present<T>(xs: readonly (T | null)[]): T[] {
  return xs.filter((x): x is T => x !== null);
}

/** At most `limit` requests in flight. */
class Pool {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
