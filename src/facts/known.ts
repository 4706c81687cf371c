/**
 * What upstream manifests say about well-known networking components, used
 * only where the evidence is silent and always marked as inferred.
 */
import type { NodeSelectorTerm, Toleration } from '../evidence/types.js';

export interface KnownDaemonSet {
  /** Matches the DaemonSet name. */
  name: RegExp;
  role: 'kube-proxy' | 'cni';
  cni?: string;
  /** Tolerations in the upstream manifest. */
  tolerations: Toleration[];
  /** Required node affinity in the upstream manifest, when it has one (a kubectl table does not show it). */
  requiredNodeAffinity?: NodeSelectorTerm[];
  origin: string;
}

const NO_SCHEDULE_AND_EXECUTE: Toleration[] = [
  { operator: 'Exists', effect: 'NoSchedule' },
  { operator: 'Exists', effect: 'NoExecute' },
];

export const KNOWN_DAEMONSETS: readonly KnownDaemonSet[] = [
  // kubeadm: cmd/kubeadm/app/phases/addons/proxy/manifests.go, `tolerations: - operator: Exists`.
  { name: /^kube-proxy$/, role: 'kube-proxy', tolerations: [{ operator: 'Exists' }], origin: 'kubeadm kube-proxy DaemonSet' },
  // weave-net: weaveworks/weave prog/weave-kube/weave-daemonset-k8s.yaml.
  { name: /^weave-net$/, role: 'cni', cni: 'weave-net', tolerations: NO_SCHEDULE_AND_EXECUTE, origin: 'weave-daemonset-k8s.yaml' },
  // calico: manifests/calico.yaml, calico-node tolerations.
  {
    name: /^calico-node$/,
    role: 'cni',
    cni: 'calico',
    tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists', effect: 'NoExecute' }],
    origin: 'calico.yaml calico-node DaemonSet',
  },
  // flannel: Documentation/kube-flannel.yml.
  // flannel: Documentation/kube-flannel.yml (old manifests had one DaemonSet per architecture;
  // sig-windows-tools' kube-flannel-ds-windows-* is another DaemonSet for Windows nodes),
  // linux nodes only through required node affinity
  // (kubernetes.io/os In [linux]), which the NODE SELECTOR column of a table does not show.
  {
    name: /^kube-flannel-ds(-(amd64|arm64|arm|ppc64le|s390x))?$/,
    role: 'cni',
    cni: 'flannel',
    tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
    requiredNodeAffinity: [{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }],
    origin: 'kube-flannel.yml',
  },
  // cilium: install/kubernetes/cilium values.yaml, `tolerations: - operator: Exists`.
  { name: /^cilium$/, role: 'cni', cni: 'cilium', tolerations: [{ operator: 'Exists' }], origin: 'cilium Helm chart' },
  // Amazon VPC CNI: aws/amazon-vpc-cni-k8s config/master/aws-k8s-cni.yaml (v1.16.0), aws-node `tolerations: - operator: Exists`.
  { name: /^aws-node$/, role: 'cni', cni: 'aws-vpc-cni', tolerations: [{ operator: 'Exists' }], origin: 'aws-k8s-cni.yaml aws-node DaemonSet' },
  { name: /^canal$/, role: 'cni', cni: 'canal', tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }, { key: 'CriticalAddonsOnly', operator: 'Exists' }, { operator: 'Exists', effect: 'NoExecute' }], origin: 'canal.yaml' },
];

export function knownDaemonSet(name: string): KnownDaemonSet | undefined {
  return KNOWN_DAEMONSETS.find((k) => k.name.test(name));
}

/** IPAM model of each CNI by default: whose addresses pods get. */
export const CNI_IPAM: Readonly<Record<string, 'node-podcidr' | 'pool' | 'vpc'>> = {
  'weave-net': 'pool',
  calico: 'pool',
  canal: 'node-podcidr',
  flannel: 'node-podcidr',
  'kube-router': 'node-podcidr',
  antrea: 'node-podcidr',
  // Pods take addresses from the node subnets: docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html
  // (Amazon VPC CNI), learn.microsoft.com/azure/aks/concepts-network-azure-cni-pod-subnet (Azure CNI, no overlay).
  'aws-vpc-cni': 'vpc',
  'azure-cni': 'vpc',
};
