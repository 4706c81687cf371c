/**
 * The example of each rule (examples/rules/<id>/{pass,fail}) with what its failing
 * example must report, and the cluster fixtures that must report no failed finding.
 * Shared by the end-to-end rule tests and the rule meta-test.
 */
import type { Facts } from '../src/facts/types.js';

export interface Expected {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** `file:line` (exact) or `file` (any line of it), by base name. */
  locations: string[];
}

export interface Needs {
  /** What the example needs the evidence to yield. */
  what: string;
  ok(facts: Facts): boolean;
}

export interface Example {
  id: string;
  fail: Expected;
  /** Flags given with both the passing and the failing example. */
  args?: string[];
  needs?: Needs;
}

const nodesWithPodCIDRs: Needs = { what: 'node podCIDRs (kubectl get nodes -o json)', ok: (f) => f.nodes.some((n) => n.podCIDRs.length > 0) };
const nodeCPUs: Needs = { what: 'node CPU counts (kubectl get nodes -o json) and sysctl output', ok: (f) => f.nodes.some((n) => n.cpu !== null) && f.sysctls.length > 0 };

export const EXAMPLES: readonly Example[] = [
  {
    id: 'KN101',
    fail: {
      severity: 'error',
      message: 'pod range 10.100.0.0/16 overlaps service range 10.96.0.0/12 (10.96.0.0/12 contains 10.100.0.0/16): kube-controller-manager marks the node blocks inside the service range as used, and the service range covers the whole pod range, so no node gets a podCIDR',
      locations: ['kube-controller-manager.yaml:18', 'kube-apiserver.yaml:24', 'kube-controller-manager.yaml:25'],
    },
  },
  {
    id: 'KN102',
    args: ['--avoid', '10.240.0.0/12', '--avoid', '172.16.0.0/16'],
    fail: {
      severity: 'error',
      message: 'pod range 10.244.0.0/16 overlaps 10.240.0.0/12, a range named as taken (--avoid) (10.240.0.0/12 contains 10.244.0.0/16)',
      locations: ['kube-controller-manager.yaml:18'],
    },
  },
  {
    id: 'KN103',
    needs: { what: 'the kubelet clusterDNS (KubeletConfiguration) and the kube-dns Service', ok: (f) => f.cluster.clusterDNS.length > 0 && f.cluster.dnsServiceIP !== null },
    fail: {
      severity: 'error',
      message: 'kubelet clusterDNS 10.96.0.100 differs from the kube-dns Service ClusterIP 10.96.0.10: pods send DNS queries to an address CoreDNS does not answer on',
      locations: ['kubelet-config.yaml', 'kube-dns-service.yaml'],
    },
  },
  {
    id: 'KN104',
    fail: {
      severity: 'warning',
      message: 'service range written as 10.96.0.1/12 has host bits set: Kubernetes silently uses 10.96.0.0/12',
      locations: ['kube-apiserver.yaml:24', 'kube-controller-manager.yaml:25'],
    },
  },
  {
    id: 'KN105',
    fail: {
      severity: 'warning',
      message: 'pod range 192.169.0.0/16 is outside private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)',
      locations: ['kube-controller-manager.yaml:18'],
    },
  },
  {
    id: 'KN106',
    fail: {
      severity: 'warning',
      message: 'node worker-2 InternalIP 172.31.48.118 is outside the node network 172.31.16.0/20',
      locations: ['kubectl-get-nodes-wide.txt:4', 'ip-addr.txt:10'],
    },
  },
  {
    id: 'KN107',
    fail: {
      severity: 'error',
      message: 'the service range has IPv6 (fd00:10:96::/112) but no pod range does: Services of that family have no endpoints',
      locations: ['kube-apiserver.yaml:24', 'kube-controller-manager.yaml:25', 'kube-controller-manager.yaml:18'],
    },
  },
  {
    id: 'KN201',
    fail: {
      severity: 'error',
      message: 'DaemonSet kube-system/kube-proxy READY is 2 of DESIRED 3: 1 node(s) without a ready pod',
      locations: ['kubectl-get-ds-A.txt:3'],
    },
  },
  {
    id: 'KN301',
    fail: {
      severity: 'error',
      message: 'kube-proxy runs in userspace mode, which is not allowed (allowed: iptables, ipvs, nftables)',
      locations: ['kube-proxy.log:3'],
    },
  },
  {
    id: 'KN302',
    fail: {
      severity: 'error',
      message: "kube-proxy runs in nftables mode and node worker-2 runs kernel 5.4.0-1103-aws: kube-proxy 1.33 and newer refuses to start in nftables mode on a kernel older than 5.13, unless KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set to a non-empty value (which skips the check, leaving the host's nft to be 1.0.1 or newer)",
      locations: ['kube-proxy.log:1', 'kube-proxy.log:3', 'kubectl-get-nodes-wide.txt:4'],
    },
  },
  {
    id: 'KN303',
    args: ['--target-proxy-mode', 'nftables', '--target-version', 'v1.33'],
    fail: {
      severity: 'error',
      message:
        "migration to kube-proxy nftables mode blocked: node worker-2 runs kernel 5.10.0-33-cloud-amd64: kube-proxy 1.33 and newer refuses to start in nftables mode on a kernel older than 5.13, unless KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set to a non-empty value (which skips the check, leaving the host's nft to be 1.0.1 or newer)",
      locations: ['kubectl-get-nodes-wide.txt:4'],
    },
  },
  {
    id: 'KN401',
    fail: {
      severity: 'error',
      message:
        'service range 10.64.0.0/11 has 21 host bits: kube-apiserver refuses more than 20 (IPv4 mask must be /12 or longer) before Kubernetes 1.34, and kubeadm from 1.20; judged for kubelet version v1.31 (newest node, from the evidence)',
      locations: ['kube-apiserver.yaml:24', 'kube-controller-manager.yaml:25'],
    },
  },
  {
    id: 'KN501',
    fail: {
      severity: 'error',
      message: 'sources disagree on the IPv4 pod range: 10.244.0.0/16, 10.32.0.0/12 are each stated as a pod range and none contains the others',
      locations: ['kube-controller-manager.yaml:18', 'weave-net.log:1'],
    },
  },
  {
    id: 'KN502',
    needs: nodesWithPodCIDRs,
    fail: {
      severity: 'error',
      message: 'node podCIDRs overlap, so pods on different nodes can get the same address: worker-1 10.244.1.0/24 and worker-2 10.244.1.0/24',
      locations: ['kubectl-get-nodes-o-json.json'],
    },
  },
  {
    id: 'KN503',
    fail: {
      severity: 'error',
      message: 'node mask /24 (the default) is shorter than the pod range 10.244.0.0/25: a node block would be larger than the whole range',
      locations: ['kube-controller-manager.yaml:18'],
    },
  },
  {
    id: 'KN504',
    fail: {
      severity: 'error',
      message: 'IPv4 pod addresses are exhausted: 3 nodes, but only 2 node blocks of /24 (the default) in 10.244.0.0/23: 1 node(s) get no block',
      locations: ['kube-controller-manager.yaml:18', 'kubectl-get-nodes-wide.txt:2'],
    },
  },
  {
    id: 'KN601',
    needs: { what: "the CNI's MTU and encapsulation (calico-config, IPPool)", ok: (f) => f.cni.mtu !== null && (f.cni.encapsulation !== null || f.cni.pools.some((p) => p.encapsulation !== null)) },
    fail: {
      severity: 'error',
      message: "CNI MTU 1500 plus vxlan's 50-byte IPv4 overhead is 1550, more than ens5's MTU 1500: large packets are dropped",
      locations: ['calico-config.yaml', 'ip-addr.txt:5'],
    },
  },
  {
    id: 'KN602',
    fail: {
      severity: 'warning',
      message: 'the CNI is weave-net, which is no longer maintained: Weaveworks closed in February 2024 and archived weave-net: it gets no more fixes',
      locations: ['weave-net.log:1'],
    },
  },
  {
    id: 'KN603',
    needs: { what: 'NetworkPolicy objects (kubectl get networkpolicy -A -o yaml)', ok: (f) => (f.networkPolicies.count ?? 0) > 0 },
    fail: {
      severity: 'error',
      message: '3 NetworkPolicy object(s) exist, but the CNI flannel does not enforce NetworkPolicy and no policy controller is seen beside it: they isolate nothing',
      locations: ['kubectl-get-networkpolicy-A.yaml', 'kubectl-get-ds-A.txt:2'],
    },
  },
  {
    id: 'KN701',
    needs: { what: 'sysctl output', ok: (f) => f.sysctls.length > 0 },
    fail: {
      severity: 'error',
      message: 'node worker-2 has net.ipv4.ip_forward = 0, but it must be 1: pods are routed through the node',
      locations: ['sysctl-worker-2.txt:2'],
    },
  },
  {
    id: 'KN702',
    needs: nodeCPUs,
    fail: {
      severity: 'warning',
      message:
        'node worker-1 has nf_conntrack_max 65536, below the 262144 kube-proxy sets (max(32768 × 8 cores, 131072)): the node drops new connections once the table is full',
      locations: ['sysctl-worker-1.txt:6'],
    },
  },
  {
    id: 'KN900',
    fail: {
      severity: 'error',
      message: 'examples/rules/KN900/fail/kubectl-get-nodes-o-yaml.txt:48:40: not valid YAML or JSON: Missing closing "quote: nothing from this file is judged',
      locations: ['kubectl-get-nodes-o-yaml.txt:48'],
    },
  },
  {
    id: 'KN901',
    fail: {
      severity: 'error',
      message:
        'sources disagree on DaemonSet kube-system/kube-proxy DESIRED: 2 (examples/rules/KN901/fail/kubectl-get-ds-A-before-scale-up.txt:3) vs 3 (examples/rules/KN901/fail/kubectl-get-ds-A.txt:3): evidence of two clusters, or of two moments, mixed in one input',
      locations: ['kubectl-get-ds-A-before-scale-up.txt:3', 'kubectl-get-ds-A.txt:3'],
    },
  },
];

/** The clusters that must produce no failed finding at all. */
export const CLUSTERS: readonly { dir: string; what: string; needs?: Needs }[] = [
  { dir: 'examples/clusters/tainted-control-plane', what: 'a tainted control plane and a tainted GPU node', needs: { what: 'node taints (kubectl get nodes -o json)', ok: (f) => f.nodes.some((n) => (n.taints ?? []).length > 0) } },
  { dir: 'examples/clusters/windows-node', what: 'a Windows node beside Linux nodes' },
  { dir: 'examples/clusters/cilium-no-kube-proxy', what: "Cilium's kube-proxy replacement and no kube-proxy", needs: { what: 'the kube-proxy replacement (cilium-config)', ok: (f) => f.kubeProxy.replacement !== null } },
  { dir: 'examples/clusters/calico-ipam', what: 'Calico IPAM with unused node podCIDRs', needs: { what: 'Calico IPPools and node podCIDRs', ok: (f) => f.cni.pools.length > 0 && nodesWithPodCIDRs.ok(f) } },
  {
    dir: 'examples/clusters/cilium-chained-aws-cni',
    what: 'Cilium chained onto the AWS VPC CNI (no CNI conflict, Cilium\'s unused pool not read)',
    needs: { what: 'the chained CNI config and cilium-config', ok: (f) => f.cni.name === 'amazon-vpc-cni' && f.cni.enforcesNetworkPolicy === true && f.cni.pools.length === 0 && f.conflicts.length === 0 },
  },
  { dir: 'examples/rules/KN107/pass', what: 'a dual-stack cluster' },
];

