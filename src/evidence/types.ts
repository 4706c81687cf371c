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
  | {
      type: 'proxyMode';
      mode: string;
      /**
       * The mode an installer gives kube-proxy when its config states none (kubeadm
       * deploys kube-proxy in iptables mode without a KubeProxyConfiguration): it
       * counts only when no source states or infers a mode, and kube-proxy is not
       * known to be absent or replaced. Recorded as inferred.
       */
      installerDefault?: string;
    }
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
  /** The cluster's own name where the evidence names it (an EKS, GKE or AKS cluster, an eksctl or Terraform config): two names mean two clusters. */
  | { type: 'clusterName'; name: string }
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
  | { type: 'cniSetting'; field: 'ipam'; value: 'node-podcidr' | 'pool' | 'vpc' }
  | { type: 'cniSetting'; field: 'encapsulation'; value: string }
  | { type: 'cniSetting'; field: 'mtu'; value: number }
  | { type: 'cniSetting'; field: 'enforcesNetworkPolicy'; value: boolean }
  /** Encryption of pod traffic between nodes, on top of any encapsulation: wireguard, ipsec or none (Cilium). */
  | { type: 'cniSetting'; field: 'encryption'; value: 'wireguard' | 'ipsec' | 'none' }
  /** How a load balancer in DSR mode passes the service address to the backend's node: opt, ipip or geneve (Cilium); none without DSR. */
  | { type: 'cniSetting'; field: 'dsrDispatch'; value: 'opt' | 'ipip' | 'geneve' | 'none' }
  /**
   * Cilium's own identity of the cluster, which Cluster Mesh needs unique across the meshed clusters:
   * cilium-config `cluster-name`, `cluster-id`, `max-connected-clusters`; Helm `cluster.name`, `cluster.id`,
   * `clustermesh.maxConnectedClusters`.
   */
  | { type: 'ciliumCluster'; field: 'clusterName'; value: string }
  | { type: 'ciliumCluster'; field: 'clusterId' | 'maxConnectedClusters'; value: number }
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
  /** The cluster it describes, where one text holds several (each Terraform cluster resource); otherwise the file's (../evidence/clusters.ts). */
  cluster?: string;
}

export type DiagnosticLevel = 'error' | 'warning' | 'skipped';

/**
 * What a reader, a parser or the normaliser could not use, with where and why.
 * One model from the parsers to the reports (and into the facts document):
 *
 * - `error`: something could not be read, or a value is invalid. The text it is
 *   in contributes no facts (a whole file, or, when `contained`, only the part the
 *   parser already left out), and the rule KN900 fails the gate naming it.
 * - `warning`: a note; what was read stands (a template placeholder, a block of a
 *   write-up that does not parse, a merge conflict's lines).
 * - `skipped`: not evidence (a README in a folder, prose): counted, listed by --verbose.
 */
export interface RawDiagnostic {
  level: DiagnosticLevel;
  /** 1-based line within the text handed to the parser, or null for the whole text. */
  line: number | null;
  /** 1-based column within that line, where known. */
  column?: number | null;
  message: string;
  /** What was expected there, when the message does not say it already. */
  expected?: string;
  /** The text could not be parsed at all as the format it looks like (YAML, JSON...), as opposed to a value that parses but is invalid. */
  syntax?: boolean;
  /**
   * The parser left out only the part this is about (a block of a write-up, one
   * value) and the rest of the text stands. Without it, an error withholds every
   * fact of the file: what a half-read file gives could be partial (a truncated
   * node list must never undercount nodes).
   */
  contained?: boolean;
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
  /** The other files of a Terraform module (the folder's .tf and .tfvars), for variables and locals; read by read.ts. */
  module?: { files: readonly { file: string; lines: string[] }[] };
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
  /** 1-based column: only where a finding is located at evidence that could not be read (never in the facts' observations). */
  column?: number;
}

export interface Observation {
  claim: Claim;
  source: Source;
  inferred: boolean;
  /** The cluster it describes, as its parser said (RawObservation.cluster). */
  cluster?: string;
}

export interface Diagnostic {
  level: DiagnosticLevel;
  file: string;
  line: number | null;
  column?: number | null;
  message: string;
  expected?: string;
  /** Because of this error, none of the file's observations is used. */
  withheld?: boolean;
}
