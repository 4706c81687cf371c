/**
 * `gcloud container clusters describe NAME` output (YAML by default, or
 * `--format=json`); the GKE API's Cluster resource
 * (cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters):
 *
 *   clusterIpv4Cidr: 10.4.0.0/14              pod range (a VPC-native cluster's pod secondary range)
 *   servicesIpv4Cidr: 10.8.0.0/20             service range
 *   ipAllocationPolicy:
 *     useIpAliases: true                      VPC-native
 *     clusterIpv4CidrBlock / servicesIpv4CidrBlock   the same ranges
 *     stackType: IPV4_IPV6                    dual-stack: servicesIpv6CidrBlock, subnetIpv6CidrBlock
 *   networkConfig:
 *     datapathProvider: ADVANCED_DATAPATH     GKE Dataplane V2: Cilium, no kube-proxy
 *   defaultMaxPodsConstraint: {maxPodsPerNode: '110'}   node podCIDR mask (/24 for 110)
 *   nodeIpv4CidrSize: 24                      the same mask, when printed
 *   nodePools: [{podIpv4CidrSize: 24}]        each pool's podCIDR size (output only): the mask when all agree
 *   currentMasterVersion: 1.30.5-gke.1014001
 *   currentNodeCount: 3                       not read: the nodes' names come from `kubectl get nodes`
 *
 * Each node gets a podCIDR from the pod range (an alias IP range of that size
 * on VPC-native clusters, a route on routes-based ones), so the IPAM model is
 * node-podcidr (Dataplane V2 runs Cilium with Kubernetes IPAM). Node subnets are
 * named (`subnetwork`), not given as CIDRs, so no node range is read.
 */
import type { Path } from '../objects/types.js';
import type { Parser, ParseResult } from '../types.js';
import { CloudDoc, gkeNodeMask, readCliTree } from './cloud-common.js';
import { emptyResult } from './common.js';

const KEYS = /^\s*"?(clusterIpv4Cidr|servicesIpv4Cidr|ipAllocationPolicy|currentMasterVersion|currentNodeCount|initialClusterVersion|nodeIpv4CidrSize|defaultMaxPodsConstraint|selfLink|zone|locations|masterAuth|nodePools|networkConfig|privateClusterConfig|workloadIdentityConfig)"?\s*:/;
const STRONG = /^\s*"?(clusterIpv4Cidr|servicesIpv4Cidr|currentMasterVersion|ipAllocationPolicy)"?\s*:|container\.googleapis\.com/;

export const gkeDescribe: Parser = {
  kind: 'gke-describe-cluster',
  title: 'gcloud container clusters describe output',
  detect(lines) {
    let keys = 0;
    let strong = 0;
    for (const l of lines.slice(0, 2000)) {
      if (/^"?(apiVersion|kind)"?\s*:/.test(l.trim()) && !/^\s/.test(l)) return 0;
      if (KEYS.test(l)) keys++;
      if (STRONG.test(l)) strong++;
    }
    return strong >= 2 && keys >= 3 ? 0.9 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const read = readCliTree(lines, out, 'clusters describe output');
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `clusters describe output is not valid YAML or JSON: ${read.error}` });
      return out;
    }
    const tree = read.tree;
    if (tree.value === null || typeof tree.value !== 'object' || Array.isArray(tree.value)) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'clusters describe output: expected the Cluster resource as a mapping' });
      return out;
    }
    readGkeCluster(new CloudDoc(tree.value, { line: (p) => tree.line(p), excerpt: (l) => lines[l - 1] ?? '' }, out, 'clusters describe'));
    return out;
  },
};

function readGkeCluster(doc: CloudDoc): void {
  const first = doc.get(['selfLink']) !== undefined ? ['selfLink'] : doc.get(['name']) !== undefined ? ['name'] : [];
  doc.claim({ type: 'distribution', name: 'gke' }, first);
  const name = doc.str(['name']);
  if (name !== null) doc.claim({ type: 'clusterName', name }, ['name']);
  doc.version(['currentMasterVersion']);
  const iap = ['ipAllocationPolicy'];
  if (!doc.network('pod', ['clusterIpv4Cidr'])) doc.network('pod', [...iap, 'clusterIpv4CidrBlock']);
  if (!doc.network('service', ['servicesIpv4Cidr'])) doc.network('service', [...iap, 'servicesIpv4CidrBlock']);
  const stack = doc.str([...iap, 'stackType']);
  if (stack === 'IPV4_IPV6') {
    // Dual-stack pods take IPv6 addresses from the node subnet's IPv6 range (not printed as a pod range).
    doc.network('service', [...iap, 'servicesIpv6CidrBlock']);
  }
  doc.inferred({ type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, doc.get(['clusterIpv4Cidr']) !== undefined ? ['clusterIpv4Cidr'] : first, 'GKE gives each node a podCIDR from the pod range (an alias IP range on VPC-native clusters)');

  const mask = doc.int(['nodeIpv4CidrSize']);
  const pools = poolMasks(doc);
  if (mask !== null && mask >= 8 && mask <= 30) doc.claim({ type: 'nodeCIDRMaskSize', family: 'IPv4', size: mask }, ['nodeIpv4CidrSize']);
  else if (pools.length > 0) {
    // Each node pool prints the podCIDR size its nodes get (podIpv4CidrSize, output only). One size
    // for every pool is the cluster's node mask; pools of different sizes have no single one.
    if (pools.every((p) => p.size === pools[0]!.size)) doc.claim({ type: 'nodeCIDRMaskSize', family: 'IPv4', size: pools[0]!.size }, pools[0]!.path);
  } else {
    const maxPods = doc.int(['defaultMaxPodsConstraint', 'maxPodsPerNode']);
    const m = maxPods === null ? null : gkeNodeMask(maxPods);
    if (m !== null) {
      doc.inferred({ type: 'nodeCIDRMaskSize', family: 'IPv4', size: m }, ['defaultMaxPodsConstraint', 'maxPodsPerNode'], `GKE gives a node with maxPodsPerNode ${maxPods} a /${m} podCIDR (flexible pod CIDR table)`);
    }
  }

  const dp = doc.str(['networkConfig', 'datapathProvider']);
  if (dp === 'ADVANCED_DATAPATH') {
    const p = ['networkConfig', 'datapathProvider'];
    doc.claim({ type: 'cni', name: 'cilium' }, p);
    doc.claim({ type: 'kubeProxyReplacement', name: 'cilium' }, p);
    doc.claim({ type: 'kubeProxyPresent', present: false }, p);
    doc.claim({ type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, p);
  } else if (doc.get(['networkPolicy', 'enabled']) === true) {
    doc.claim({ type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, ['networkPolicy', 'enabled']);
  }

  // currentNodeCount is not turned into nodes: the nodes exist and have names only `kubectl get nodes`
  // knows; nodes made up here would be counted twice beside that list (and DaemonSet DESIRED judged against both).
}

/** The podCIDR size each node pool states (`nodePools[].podIpv4CidrSize`), with its path. */
function poolMasks(doc: CloudDoc): { size: number; path: Path }[] {
  const pools = doc.get(['nodePools']);
  if (!Array.isArray(pools)) return [];
  return pools.flatMap((_, i) => {
    const path: Path = ['nodePools', i, 'podIpv4CidrSize'];
    if (doc.get(path) === undefined) return [];
    const size = doc.int(path);
    return size !== null && size >= 8 && size <= 30 ? [{ size, path }] : [];
  });
}
