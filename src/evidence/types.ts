/**
 * What a parser sees and what it returns. Parsers are pure and synchronous:
 * lines in, observations and diagnostics out; they never throw on bad text.
 */

export type Role = 'node' | 'pod' | 'service';

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** One term of required node affinity; terms are ORed, requirements within a term ANDed. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** One statement of fact, as a parser understood it. */
export type Claim =
  | { type: 'network'; role: Role; cidr: string; /** An interface address with its prefix: the network is its masked form, host bits expected. */ isAddress?: boolean }
  | { type: 'proxyMode'; mode: string }
  | { type: 'kubeProxyPresent'; present: boolean }
  | { type: 'kubeProxyNodeIP'; ip: string }
  | { type: 'conntrack'; field: 'max' | 'maxPerCore' | 'min'; value: number }
  | {
      type: 'daemonSet';
      namespace: string | null;
      name: string;
      desired: number | null;
      current: number | null;
      ready: number | null;
      upToDate: number | null;
      available: number | null;
      nodeSelector: Record<string, string> | null;
      tolerations: Toleration[] | null;
      /** requiredDuringSchedulingIgnoredDuringExecution node selector terms; null when not shown. */
      requiredNodeAffinity?: NodeSelectorTerm[] | null;
    }
  | {
      type: 'node';
      name: string;
      internalIPs?: string[];
      podCIDRs?: string[];
      labels?: Record<string, string> | null;
      taints?: Taint[] | null;
      ready?: boolean | null;
      os?: string | null;
      kernelVersion?: string | null;
      kubeletVersion?: string | null;
      roles?: string[];
      /** status.capacity.cpu in whole cores. */
      cpu?: number | null;
    }
  | { type: 'cni'; name: string }
  | {
      type: 'interface';
      name: string;
      mtu: number | null;
      addresses: { address: string; prefixLength: number; scope: string }[];
    }
  | { type: 'nodePortRange'; range: string }
  | { type: 'clusterVersion'; version: string }
  /** The installer or platform that built the cluster: kubeadm, kind, k3s, rke2, rke, kubespray, openshift, talos, eks, gke, aks, minikube, microk8s. */
  | { type: 'distribution'; name: string }
  | { type: 'nodeCIDRMaskSize'; family: 'IPv4' | 'IPv6'; size: number }
  | { type: 'allocateNodeCIDRs'; value: boolean }
  /** kube-controller-manager is given the service range (--service-cluster-ip-range), so its node IPAM skips the node blocks inside it. */
  | { type: 'controllerManagerServiceRange'; value: boolean }
  /** kubelet clusterDNS (KubeletConfiguration, --cluster-dns). */
  | { type: 'clusterDNS'; ip: string }
  /** ClusterIP of the kube-dns Service. */
  | { type: 'dnsServiceIP'; ip: string }
  /** kube-proxy clusterCIDR (KubeProxyConfiguration, --cluster-cidr). */
  | { type: 'kubeProxyClusterCIDR'; cidr: string }
  /** kube-proxy detectLocalMode (KubeProxyConfiguration, --detect-local-mode): ClusterCIDR, NodeCIDR, BridgeInterface, InterfaceNamePrefix. */
  | { type: 'kubeProxyDetectLocalMode'; mode: string }
  /** A kube-proxy replacement that is configured: cilium, calico-ebpf, k3s... */
  | { type: 'kubeProxyReplacement'; name: string }
  | { type: 'cniSetting'; field: 'ipam'; value: 'node-podcidr' | 'pool' }
  | { type: 'cniSetting'; field: 'encapsulation'; value: string }
  | { type: 'cniSetting'; field: 'mtu'; value: number }
  | { type: 'cniSetting'; field: 'enforcesNetworkPolicy'; value: boolean }
  /** Encryption of pod traffic between nodes, on top of any encapsulation: wireguard, ipsec or none (Cilium). */
  | { type: 'cniSetting'; field: 'encryption'; value: 'wireguard' | 'ipsec' | 'none' }
  /** How a load balancer in DSR mode passes the service address to the backend's node: opt, ipip or geneve (Cilium); none without DSR. */
  | { type: 'cniSetting'; field: 'dsrDispatch'; value: 'opt' | 'ipip' | 'geneve' | 'none' }
  /** A CNI address pool (Calico IPPool, Cilium cluster-pool, weave range...); also a pod network. */
  | {
      type: 'ipPool';
      name: string | null;
      cidr: string;
      blockSize: number | null;
      encapsulation: string | null;
      disabled: boolean;
      /** Fields taken from the CNI's documented default rather than stated (blockSize 26 / 122...). */
      inferredFields?: ('blockSize' | 'encapsulation')[];
    }
  | { type: 'sysctl'; key: string; value: string; node: string | null }
  | { type: 'route'; destination: string; via: string | null; dev: string | null }
  | { type: 'networkPolicy'; namespace: string | null; name: string };

export interface RawObservation {
  claim: Claim;
  /** 1-based line within the text handed to the parser. */
  line: number;
  excerpt: string;
  /** Derived from a documented default rather than stated. */
  inferred?: boolean;
  /** Evidence kind, when a container format (a runbook) handed the text to another parser. */
  kind?: string;
}

export type DiagnosticLevel = 'error' | 'warning' | 'skipped';

export interface RawDiagnostic {
  level: DiagnosticLevel;
  /** 1-based line within the text handed to the parser, or null for the whole text. */
  line: number | null;
  message: string;
}

export interface ParseResult {
  observations: RawObservation[];
  diagnostics: RawDiagnostic[];
}

export interface ParseContext {
  /** Command that produced the text, when known (from a runbook). */
  command?: string;
  /** File name, for detection hints only. */
  path?: string;
  /** Host the command ran on, when a runbook prompt shows it (`root@node01:~#`). */
  host?: string;
}

export interface Parser {
  /** Evidence kind, e.g. `ip-addr`. */
  kind: string;
  /** Human name, e.g. `ip addr output`. */
  title: string;
  /**
   * How sure the parser is that these lines are its kind: 0 (not at all) to 1.
   * Decided from content; the command and path only break ties.
   */
  detect(lines: readonly string[], ctx: ParseContext): number;
  parse(lines: readonly string[], ctx: ParseContext): ParseResult;
}

/** Where an observation came from, after reading. */
export interface Source {
  kind: string;
  file: string;
  line: number | null;
  excerpt: string;
  /** Live evidence: the field path inside the API object that `file` names, e.g. `status.addresses[0].address`. */
  field?: string;
}

export interface Observation {
  claim: Claim;
  source: Source;
  inferred: boolean;
}

export interface Diagnostic {
  level: DiagnosticLevel;
  file: string;
  line: number | null;
  message: string;
}
