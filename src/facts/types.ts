/** The facts document: TypeScript view of schemas/facts.schema.json. */
import type { Family, Network } from './address.js';
import type { NodeSelectorTerm, Source, Taint, Toleration } from '../evidence/types.js';

export type { Family, Network };

export const SCHEMA_VERSION = 1;

export interface InterfaceAddress {
  address: string;
  network: Network;
  scope: string;
}

export interface DaemonSetFacts {
  namespace: string | null;
  name: string;
  role: 'kube-proxy' | 'cni' | 'other';
  desired: number | null;
  current: number | null;
  ready: number | null;
  upToDate: number | null;
  available: number | null;
  nodeSelector: Record<string, string> | null;
  tolerations: Toleration[] | null;
  tolerationsSource: 'stated' | 'inferred' | null;
  requiredNodeAffinity: NodeSelectorTerm[] | null;
}

export interface NodeFacts {
  name: string;
  internalIPs: string[];
  podCIDRs: Network[];
  labels: Record<string, string> | null;
  taints: Taint[] | null;
  ready: boolean | null;
  os: string | null;
  kernelVersion: string | null;
  kubeletVersion: string | null;
  roles: string[];
  cpu: number | null;
}

export interface Pool {
  name: string | null;
  network: Network;
  blockSize: number | null;
  encapsulation: string | null;
  disabled: boolean;
}

export interface CiliumCluster {
  /** cluster-name (Helm cluster.name); Cilium's default is "default". */
  clusterName: string | null;
  /** cluster-id (Helm cluster.id), 0 to max-connected-clusters; 0, the default, is no Cluster Mesh identity. */
  clusterId: number | null;
  /** max-connected-clusters (Helm clustermesh.maxConnectedClusters): 255 (the default) or 511. */
  maxConnectedClusters: number | null;
}

export interface FactObservation {
  pointer: string;
  value: unknown;
  inferred?: boolean;
  source: Source;
}

export interface Facts {
  schemaVersion: number;
  cluster: {
    version: string | null;
    /** The installer or platform that built the cluster (kubeadm, kind, k3s, rke2, openshift, eks...), when evidence says. */
    distribution: string | null;
    /** The cluster's name, where evidence names it (managed clusters, eksctl, Terraform); absent otherwise. */
    name?: string | null;
    nodePortRange: string | null;
    nodeCIDRMaskSize: { IPv4: number | null; IPv6: number | null };
    allocateNodeCIDRs: boolean | null;
    /**
     * kube-controller-manager is given --service-cluster-ip-range (kubeadm sets it with a podSubnet), so the
     * node podCIDR allocator marks the blocks inside the service range as used: true, false or unknown.
     */
    controllerManagerServiceRange: boolean | null;
    clusterDNS: string[];
    dnsServiceIP: string | null;
  };
  networks: { node: Network[]; pod: Network[]; service: Network[] };
  kubeProxy: {
    present: boolean | null;
    mode: string | null;
    modes: string[];
    modeSource: 'stated' | 'inferred' | null;
    replacement: string | null;
    clusterCIDR: Network[];
    /** How kube-proxy tells local (pod) traffic: ClusterCIDR (the default, from clusterCIDR), NodeCIDR, BridgeInterface, InterfaceNamePrefix; null when not stated. */
    detectLocalMode: string | null;
    nodeIPs: string[];
    conntrack: { max: number | null; maxPerCore: number | null; min: number | null };
  };
  daemonSets: DaemonSetFacts[];
  nodes: NodeFacts[];
  cni: {
    name: string | null;
    ipam: 'node-podcidr' | 'pool' | 'vpc' | null;
    encapsulation: string | null;
    mtu: number | null;
    enforcesNetworkPolicy: boolean | null;
    /** Encryption between nodes on top of the encapsulation (Cilium WireGuard or IPsec), when evidence says. */
    encryption: 'wireguard' | 'ipsec' | 'none' | null;
    /** The DSR dispatch of the CNI's load balancer (Cilium bpf-lb-dsr-dispatch) when it runs in DSR mode; none without DSR. */
    dsrDispatch: 'opt' | 'ipip' | 'geneve' | 'none' | null;
    pools: Pool[];
    /** Cilium's identity of the cluster (Cluster Mesh), where cilium-config or the Helm values state it; absent otherwise. */
    cilium?: CiliumCluster;
  };
  interfaces: { name: string; mtu: number | null; kind: 'host' | 'loopback' | 'container' | 'cni' | 'proxy'; addresses: InterfaceAddress[] }[];
  sysctls: { key: string; value: string; node: string | null }[];
  routes: { destination: Network; via: string | null; dev: string | null }[];
  networkPolicies: { count: number | null };
  /** Single-valued facts on which stated sources disagree. */
  conflicts: { pointer: string; values: { value: string; source: string }[] }[];
  observations: FactObservation[];
  /**
   * What could not be read (errors: none of that file's facts are here) and notes
   * (warnings), with file, line and column; absent when reading had nothing to say.
   * The rule KN900 fails the gate on each error.
   */
  diagnostics?: FactDiagnostic[];
  /**
   * The clusters the evidence describes, when it describes more than one or one was
   * picked (--cluster-name): two seen and none picked is a KN901 conflict naming each.
   */
  clusters?: {
    seen: { name: string; named: boolean; distribution: string | null; source: string }[];
    picked: string | null;
  };
}

export interface FactDiagnostic {
  level: 'error' | 'warning';
  file: string;
  line: number | null;
  column?: number;
  message: string;
  /** What was expected there, when the message does not say it. */
  expected?: string;
  /** Because of this error, nothing from the file is in the facts (otherwise only the part it names is missing). */
  withheld?: boolean;
}
