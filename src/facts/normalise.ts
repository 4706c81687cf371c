/**
 * Observations in, one facts document out. Every distinct value any source
 * stated is kept (networks by role, modes, DaemonSets by namespace/name,
 * nodes by name), and every observation is recorded with the JSON pointer of
 * the fact it supports, so disagreement stays visible and findings can point
 * back at evidence lines.
 */
import { interfaceKind } from '../evidence/parsers/ip-addr.js';
import type { Claim, Observation } from '../evidence/types.js';
import { networkOf, parseCIDR, parseIP, type Network } from './address.js';
import { CNI_IPAM, knownDaemonSet } from './known.js';
import { SCHEMA_VERSION, type DaemonSetFacts, type Facts, type NodeFacts } from './types.js';

export function emptyFacts(): Facts {
  return {
    schemaVersion: SCHEMA_VERSION,
    cluster: {
      version: null,
      distribution: null,
      nodePortRange: null,
      nodeCIDRMaskSize: { IPv4: null, IPv6: null },
      allocateNodeCIDRs: null,
      controllerManagerServiceRange: null,
      clusterDNS: [],
      dnsServiceIP: null,
    },
    networks: { node: [], pod: [], service: [] },
    kubeProxy: {
      present: null,
      mode: null,
      modes: [],
      modeSource: null,
      replacement: null,
      clusterCIDR: [],
      detectLocalMode: null,
      nodeIPs: [],
      conntrack: { max: null, maxPerCore: null, min: null },
    },
    daemonSets: [],
    nodes: [],
    cni: { name: null, ipam: null, encapsulation: null, mtu: null, enforcesNetworkPolicy: null, encryption: null, dsrDispatch: null, pools: [] },
    interfaces: [],
    sysctls: [],
    routes: [],
    networkPolicies: { count: null },
    conflicts: [],
    observations: [],
  };
}

export function normalise(observations: readonly Observation[]): Facts {
  const facts = emptyFacts();
  const record = (pointer: string, value: unknown, o: Observation): void => {
    facts.observations.push({ pointer, value, ...(o.inferred ? { inferred: true } : {}), source: o.source });
  };
  const scalar = conflictTracker(facts);
  const modeCounts = new Map<string, { stated: number; inferred: number }>();
  // An installer's default mode, applied after every source has been read (see Claim proxyMode).
  const installerModes: Observation[] = [];
  let distributionInferred = false;
  const settingInferred = new Map<string, boolean>();
  const poolInferred = new Map<number, Set<'blockSize' | 'encapsulation'>>();
  // Indexes by key, so merging stays linear at fleet scale (50,000 nodes); same order as a scan.
  const at = newIndexes();
  // k3s/RKE2 read their flags and config.yaml together: a range one of them states replaces the
  // default inferred where another leaves it out (`curl get.k3s.io | sh -` beside a config.yaml
  // with cluster-cidr). Only there: elsewhere a default is what a component really uses (weave's
  // 10.32.0.0/12 beside a controller-manager's --cluster-cidr is a conflict to report).
  const statedRoles = new Set<string>();
  for (const o of observations) if (o.claim.type === 'network' && !o.inferred && o.source.kind === 'k3s-config') statedRoles.add(o.claim.role);

  for (const o of observations) {
    const c: Claim = o.claim;
    switch (c.type) {
      case 'network': {
        if (o.inferred && o.source.kind === 'k3s-config' && statedRoles.has(c.role)) break;
        const net = toNetwork(c.cidr, c.isAddress === true);
        if (!net) break;
        const list = facts.networks[c.role];
        let i = at.networks[c.role].get(net.cidr);
        if (i === undefined) {
          i = list.push(net) - 1;
          at.networks[c.role].set(net.cidr, i);
        } else if (net.hostBitsSet && !list[i]!.hostBitsSet) {
          list[i] = net;
        }
        record(`/networks/${c.role}/${i}`, net.written, o);
        break;
      }
      case 'proxyMode': {
        if (c.installerDefault !== undefined) {
          installerModes.push(o);
          break;
        }
        const m = modeCounts.get(c.mode) ?? { stated: 0, inferred: 0 };
        if (o.inferred) m.inferred++;
        else m.stated++;
        modeCounts.set(c.mode, m);
        if (!facts.kubeProxy.modes.includes(c.mode)) facts.kubeProxy.modes.push(c.mode);
        facts.kubeProxy.present = true;
        record('/kubeProxy/mode', c.mode, o);
        break;
      }
      case 'kubeProxyPresent':
        facts.kubeProxy.present = facts.kubeProxy.present === true || c.present;
        record('/kubeProxy/present', c.present, o);
        break;
      case 'kubeProxyNodeIP': {
        let idx = facts.kubeProxy.nodeIPs.indexOf(c.ip);
        if (idx < 0) idx = facts.kubeProxy.nodeIPs.push(c.ip) - 1;
        record(`/kubeProxy/nodeIPs/${idx}`, c.ip, o);
        break;
      }
      case 'conntrack':
        facts.kubeProxy.conntrack[c.field] = c.value;
        record(`/kubeProxy/conntrack/${c.field}`, c.value, o);
        break;
      case 'nodePortRange':
        facts.cluster.nodePortRange = c.range;
        record('/cluster/nodePortRange', c.range, o);
        break;
      case 'cni':
        if (facts.cni.name === null) facts.cni.name = c.name;
        record('/cni/name', c.name, o);
        scalar('/cni/name', c.name, o);
        break;
      case 'interface': {
        const addresses = c.addresses.flatMap((a) => {
          const ip = parseIP(a.address);
          return ip.ok ? [{ address: ip.value.address, network: networkOf(ip.value, a.prefixLength), scope: a.scope }] : [];
        });
        const idx = facts.interfaces.push({ name: c.name, mtu: c.mtu, kind: interfaceKind(c.name), addresses }) - 1;
        record(`/interfaces/${idx}`, c.name, o);
        break;
      }
      case 'daemonSet': {
        const idx = mergeDaemonSet(facts, c, o, record, at.daemonSets);
        for (const k of ['desired', 'current', 'ready', 'upToDate', 'available'] as const) {
          if (c[k] !== null) scalar(`/daemonSets/${idx}/${k}`, c[k], o);
        }
        break;
      }
      case 'clusterVersion':
        facts.cluster.version ??= c.version;
        record('/cluster/version', c.version, o);
        scalar('/cluster/version', c.version, o);
        break;
      case 'clusterName':
        facts.cluster.name ??= c.name;
        record('/cluster/name', c.name, o);
        scalar('/cluster/name', c.name, o);
        break;
      case 'distribution':
        // A stated distribution replaces one inferred (kubeadm, from a ClusterConfiguration).
        if (facts.cluster.distribution === null || (distributionInferred && !o.inferred)) {
          facts.cluster.distribution = c.name;
          distributionInferred = o.inferred;
        }
        record('/cluster/distribution', c.name, o);
        scalar('/cluster/distribution', c.name, o);
        break;
      case 'nodeCIDRMaskSize':
        facts.cluster.nodeCIDRMaskSize[c.family] = c.size;
        record(`/cluster/nodeCIDRMaskSize/${c.family}`, c.size, o);
        scalar(`/cluster/nodeCIDRMaskSize/${c.family}`, c.size, o);
        break;
      case 'allocateNodeCIDRs':
        facts.cluster.allocateNodeCIDRs = c.value;
        record('/cluster/allocateNodeCIDRs', c.value, o);
        scalar('/cluster/allocateNodeCIDRs', c.value, o);
        break;
      case 'controllerManagerServiceRange':
        facts.cluster.controllerManagerServiceRange = c.value;
        record('/cluster/controllerManagerServiceRange', c.value, o);
        break;
      case 'clusterDNS': {
        let idx = facts.cluster.clusterDNS.indexOf(c.ip);
        if (idx < 0) idx = facts.cluster.clusterDNS.push(c.ip) - 1;
        record(`/cluster/clusterDNS/${idx}`, c.ip, o);
        break;
      }
      case 'dnsServiceIP':
        facts.cluster.dnsServiceIP ??= c.ip;
        record('/cluster/dnsServiceIP', c.ip, o);
        scalar('/cluster/dnsServiceIP', c.ip, o);
        break;
      case 'kubeProxyClusterCIDR': {
        const net = toNetwork(c.cidr, false);
        if (!net) break;
        let i = at.clusterCIDR.get(net.cidr);
        if (i === undefined) {
          i = facts.kubeProxy.clusterCIDR.push(net) - 1;
          at.clusterCIDR.set(net.cidr, i);
        }
        record(`/kubeProxy/clusterCIDR/${i}`, net.written, o);
        break;
      }
      case 'kubeProxyDetectLocalMode':
        facts.kubeProxy.detectLocalMode ??= c.mode;
        record('/kubeProxy/detectLocalMode', c.mode, o);
        scalar('/kubeProxy/detectLocalMode', c.mode, o);
        break;
      case 'kubeProxyReplacement':
        facts.kubeProxy.replacement ??= c.name;
        record('/kubeProxy/replacement', c.name, o);
        break;
      case 'cniSetting': {
        // A stated setting replaces one inferred from a default; among equals the first stays.
        const prev = settingInferred.get(c.field);
        if (prev === undefined || (prev && !o.inferred)) {
          switch (c.field) {
            case 'ipam':
              facts.cni.ipam = c.value;
              break;
            case 'encapsulation':
              facts.cni.encapsulation = c.value;
              break;
            case 'mtu':
              facts.cni.mtu = c.value;
              break;
            case 'enforcesNetworkPolicy':
              facts.cni.enforcesNetworkPolicy = c.value;
              break;
            case 'encryption':
              facts.cni.encryption = c.value;
              break;
            case 'dsrDispatch':
              facts.cni.dsrDispatch = c.value;
              break;
          }
          settingInferred.set(c.field, o.inferred);
        }
        record(`/cni/${c.field}`, c.value, o);
        break;
      }
      case 'ciliumCluster': {
        const cilium = (facts.cni.cilium ??= { clusterName: null, clusterId: null, maxConnectedClusters: null });
        if (c.field === 'clusterName') cilium.clusterName ??= c.value;
        else cilium[c.field] ??= c.value;
        record(`/cni/cilium/${c.field}`, c.value, o);
        scalar(`/cni/cilium/${c.field}`, c.value, o);
        break;
      }
      case 'ipPool': {
        const net = toNetwork(c.cidr, false);
        if (!net) break;
        // One pool per range: the Installation, the IPPool resource and calico-node's env often describe the same one.
        const inferredFields = o.inferred ? (['blockSize', 'encapsulation'] as const) : (c.inferredFields ?? []);
        let idx = facts.cni.pools.findIndex((p) => p.network.cidr === net.cidr);
        if (idx < 0) {
          idx = facts.cni.pools.push({ name: c.name, network: net, blockSize: c.blockSize, encapsulation: c.encapsulation, disabled: c.disabled }) - 1;
          poolInferred.set(idx, new Set(inferredFields));
        } else {
          const pool = facts.cni.pools[idx]!;
          const inf = poolInferred.get(idx) ?? new Set();
          pool.name ??= c.name;
          for (const f of ['blockSize', 'encapsulation'] as const) {
            const stated = !inferredFields.includes(f);
            if (c[f] !== null && (pool[f] === null || (inf.has(f) && stated))) {
              (pool as Record<typeof f, unknown>)[f] = c[f];
              if (stated) inf.delete(f);
              else inf.add(f);
            }
          }
          if (!o.inferred) pool.disabled = c.disabled;
          poolInferred.set(idx, inf);
        }
        record(`/cni/pools/${idx}`, net.written, o);
        // Each source's block size and encapsulation, so a disagreement between them stays visible.
        for (const f of ['blockSize', 'encapsulation'] as const) {
          if (c[f] === null) continue;
          const inferred = (inferredFields as readonly string[]).includes(f);
          facts.observations.push({ pointer: `/cni/pools/${idx}/${f}`, value: c[f], ...(inferred ? { inferred: true } : {}), source: o.source });
        }
        if (!c.disabled) {
          let p = at.networks.pod.get(net.cidr);
          if (p === undefined) {
            p = facts.networks.pod.push(net) - 1;
            at.networks.pod.set(net.cidr, p);
          }
          record(`/networks/pod/${p}`, net.written, o);
        }
        break;
      }
      case 'sysctl': {
        const idx = facts.sysctls.push({ key: c.key, value: c.value, node: c.node }) - 1;
        record(`/sysctls/${idx}`, c.value, o);
        break;
      }
      case 'route': {
        const net = toNetwork(c.destination, false);
        if (!net) break;
        const idx = facts.routes.push({ destination: net, via: c.via, dev: c.dev }) - 1;
        record(`/routes/${idx}`, c.destination, o);
        break;
      }
      case 'networkPolicy':
        facts.networkPolicies.count = (facts.networkPolicies.count ?? 0) + 1;
        record('/networkPolicies/count', `${c.namespace ?? ''}/${c.name}`, o);
        break;
      case 'node': {
        const idx = mergeNode(facts, c, o, record, at.nodes);
        if (c.kubeletVersion) scalar(`/nodes/${idx}/kubeletVersion`, c.kubeletVersion, o);
        break;
      }
    }
  }

  // No source states or infers a mode: the installer's default, when kube-proxy is neither absent nor replaced.
  if (modeCounts.size === 0 && facts.kubeProxy.present !== false && facts.kubeProxy.replacement === null) {
    for (const o of installerModes) {
      if (o.claim.type !== 'proxyMode') continue;
      modeCounts.set(o.claim.mode, { stated: 0, inferred: 1 });
      if (!facts.kubeProxy.modes.includes(o.claim.mode)) facts.kubeProxy.modes.push(o.claim.mode);
      facts.kubeProxy.present = true;
      record('/kubeProxy/mode', o.claim.mode, { ...o, inferred: true });
    }
  }

  // The mode most sources stated; stated beats inferred.
  let best: [string, { stated: number; inferred: number }] | undefined;
  for (const entry of modeCounts) {
    if (!best || entry[1].stated > best[1].stated || (entry[1].stated === best[1].stated && entry[1].inferred > best[1].inferred)) best = entry;
  }
  if (best) {
    facts.kubeProxy.mode = best[0];
    facts.kubeProxy.modeSource = best[1].stated > 0 ? 'stated' : 'inferred';
  }

  // The CNI from its DaemonSet when nothing else named it, and its IPAM model.
  if (facts.cni.name === null) {
    for (const [i, ds] of facts.daemonSets.entries()) {
      const known = knownDaemonSet(ds.name);
      if (known?.cni) {
        facts.cni.name = known.cni;
        const src = facts.observations.find((x) => x.pointer === `/daemonSets/${i}`);
        if (src) facts.observations.push({ pointer: '/cni/name', value: known.cni, inferred: true, source: src.source });
        break;
      }
    }
  }
  if (facts.cni.name !== null && facts.cni.ipam === null) {
    // The CNI's usual IPAM model, derived from its name: a default, recorded as inferred at the source that named the CNI.
    const ipam = CNI_IPAM[facts.cni.name] ?? null;
    facts.cni.ipam = ipam;
    const src = facts.observations.find((x) => x.pointer === '/cni/name');
    if (ipam !== null && src) facts.observations.push({ pointer: '/cni/ipam', value: ipam, inferred: true, source: src.source });
  }
  if (facts.kubeProxy.present === null && facts.daemonSets.some((d) => d.role === 'kube-proxy')) facts.kubeProxy.present = true;
  // A replacement is configured and nothing shows kube-proxy running: it is absent by design, not unknown.
  if (facts.kubeProxy.present === null && facts.kubeProxy.replacement !== null) {
    facts.kubeProxy.present = false;
    const src = facts.observations.find((x) => x.pointer === '/kubeProxy/replacement');
    if (src) facts.observations.push({ pointer: '/kubeProxy/present', value: false, inferred: true, source: src.source });
  }
  return facts;
}

function toNetwork(cidr: string, isAddress: boolean): Network | null {
  const parsed = parseCIDR(cidr);
  if (!parsed.ok) return null; // parsers report invalid ranges with their line
  if (!isAddress) return parsed.value;
  const ip = parseIP(cidr.slice(0, cidr.indexOf('/')));
  return ip.ok ? networkOf(ip.value, parsed.value.prefixLength) : null;
}

type Record_ = (pointer: string, value: unknown, o: Observation) => void;

/** Positions in the facts' lists by key: networks by canonical CIDR, DaemonSets by name, nodes by name. */
interface Indexes {
  networks: Record<'node' | 'pod' | 'service', Map<string, number>>;
  clusterCIDR: Map<string, number>;
  /** DaemonSet positions by name, ascending: the first whose namespace agrees is the match. */
  daemonSets: Map<string, number[]>;
  nodes: Map<string, number>;
}

function newIndexes(): Indexes {
  return {
    networks: { node: new Map(), pod: new Map(), service: new Map() },
    clusterCIDR: new Map(),
    daemonSets: new Map(),
    nodes: new Map(),
  };
}

function mergeDaemonSet(facts: Facts, c: Extract<Claim, { type: 'daemonSet' }>, o: Observation, record: Record_, byName: Indexes['daemonSets']): number {
  const sameName = byName.get(c.name) ?? [];
  let idx = sameName.find((i) => {
    const d = facts.daemonSets[i]!;
    return d.namespace === c.namespace || d.namespace === null || c.namespace === null;
  }) ?? -1;
  const known = knownDaemonSet(c.name);
  if (idx < 0) {
    const ds: DaemonSetFacts = {
      namespace: c.namespace,
      name: c.name,
      role: known?.role ?? 'other',
      desired: c.desired,
      current: c.current,
      ready: c.ready,
      upToDate: c.upToDate,
      available: c.available,
      nodeSelector: c.nodeSelector,
      tolerations: c.tolerations ?? known?.tolerations ?? null,
      tolerationsSource: c.tolerations ? 'stated' : known ? 'inferred' : null,
      requiredNodeAffinity: c.requiredNodeAffinity ?? known?.requiredNodeAffinity ?? null,
    };
    idx = facts.daemonSets.push(ds) - 1;
    if (sameName.length === 0) byName.set(c.name, sameName);
    sameName.push(idx);
  } else {
    const ds = facts.daemonSets[idx]!;
    ds.namespace ??= c.namespace;
    for (const k of ['desired', 'current', 'ready', 'upToDate', 'available'] as const) ds[k] = c[k] ?? ds[k];
    ds.nodeSelector = c.nodeSelector ?? ds.nodeSelector;
    if (c.tolerations) {
      ds.tolerations = c.tolerations;
      ds.tolerationsSource = 'stated';
    }
    if (c.requiredNodeAffinity !== undefined && c.requiredNodeAffinity !== null) ds.requiredNodeAffinity = c.requiredNodeAffinity;
  }
  record(`/daemonSets/${idx}`, `${c.namespace ?? ''}${c.namespace ? '/' : ''}${c.name}`, o);
  return idx;
}

function mergeNode(facts: Facts, c: Extract<Claim, { type: 'node' }>, o: Observation, record: Record_, byName: Indexes['nodes']): number {
  let idx = byName.get(c.name) ?? -1;
  if (idx < 0) {
    const node: NodeFacts = {
      name: c.name,
      internalIPs: [],
      podCIDRs: [],
      labels: null,
      taints: null,
      ready: null,
      os: null,
      kernelVersion: null,
      kubeletVersion: null,
      roles: [],
      cpu: null,
    };
    idx = facts.nodes.push(node) - 1;
    byName.set(c.name, idx);
  }
  const n = facts.nodes[idx]!;
  for (const ip of c.internalIPs ?? []) if (!n.internalIPs.includes(ip)) n.internalIPs.push(ip);
  for (const cidr of c.podCIDRs ?? []) {
    const net = toNetwork(cidr, false);
    if (net && !n.podCIDRs.some((p) => p.cidr === net.cidr)) n.podCIDRs.push(net);
  }
  if (c.labels !== undefined && c.labels !== null) n.labels = { ...(n.labels ?? {}), ...c.labels };
  if (c.taints !== undefined && c.taints !== null) n.taints = c.taints;
  if (c.ready !== undefined && c.ready !== null) n.ready = c.ready;
  if (c.os) n.os = c.os;
  if (c.kernelVersion) n.kernelVersion = c.kernelVersion;
  if (c.kubeletVersion) n.kubeletVersion = c.kubeletVersion;
  for (const r of c.roles ?? []) if (!n.roles.includes(r)) n.roles.push(r);
  if (c.cpu !== undefined && c.cpu !== null) n.cpu = c.cpu;
  if (n.os === null && n.labels?.['kubernetes.io/os']) n.os = n.labels['kubernetes.io/os'];
  record(`/nodes/${idx}`, c.name, o);
  return idx;
}

/**
 * Facts that have one true value per cluster (a DaemonSet's counts, the
 * cluster version, the CNI, the node mask...): when stated sources disagree,
 * each distinct value is kept with where it was stated, for a rule to report.
 * Evidence of two clusters, or of two moments, mixed in one folder shows here.
 */
function conflictTracker(facts: Facts): (pointer: string, value: unknown, o: Observation) => void {
  const first = new Map<string, { value: string; source: string }>();
  const byPointer = new Map<string, Facts['conflicts'][number]>();
  return (pointer, value, o) => {
    if (o.inferred) return;
    const v = String(value);
    const source = `${o.source.file}${o.source.line ? `:${o.source.line}` : ''}`;
    const seen = first.get(pointer);
    if (!seen) {
      first.set(pointer, { value: v, source });
      return;
    }
    if (seen.value === v) return;
    let c = byPointer.get(pointer);
    if (!c) {
      c = { pointer, values: [seen] };
      byPointer.set(pointer, c);
      facts.conflicts.push(c);
    }
    if (!c.values.some((x) => x.value === v)) c.values.push({ value: v, source });
  };
}
