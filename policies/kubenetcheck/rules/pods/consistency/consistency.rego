# METADATA
# title: Every source must state the same pod range
# description: |
#   The pod range is stated in several places that Kubernetes never compares:
#   kubeadm's podSubnet, kube-controller-manager --cluster-cidr (node
#   podCIDRs are cut from it), the CNI's pools (Calico IPPools, the weave
#   range, Cilium's cluster-pool, flannel's Network) and kube-proxy's
#   clusterCIDR (which tells pod traffic from external traffic). Within a
#   family, the stated ranges must nest: several CNI pools inside one
#   cluster range is normal, two unrelated ranges mean pods get addresses
#   the rest of the cluster does not treat as pod addresses. kube-proxy's
#   clusterCIDR must contain every pod range of its family where kube-proxy
#   uses it: with detectLocalMode ClusterCIDR, the default; with NodeCIDR,
#   BridgeInterface or InterfaceNamePrefix it tells pod traffic otherwise and
#   its clusterCIDR is not judged.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
#     description: kube-controller-manager --cluster-cidr
#   - ref: https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/
#     description: KubeProxyConfiguration clusterCIDR and detectLocalMode
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/apis/config/types.go
#     description: kube-proxy LocalMode, ClusterCIDR (the default), NodeCIDR, BridgeInterface, InterfaceNamePrefix
#   - ref: https://docs.tigera.io/calico/latest/networking/ipam/initial-ippool
#     description: Calico, the default IPPool and the cluster's pod CIDR
#   - ref: https://github.com/weaveworks/weave/blob/master/site/kubernetes/kube-addon.md
#     description: weave-net IPALLOC_RANGE and the cluster's pod CIDR
# custom:
#   id: KN501
#   severity: error
#   family: pods
#   remediation: |
#     Make every source state the same pod range, per family: kubeadm networking.podSubnet
#     = kube-controller-manager --cluster-cidr (/etc/kubernetes/manifests/kube-controller-manager.yaml)
#     = kube-proxy clusterCIDR (`kubectl -n kube-system edit cm kube-proxy`) and the CNI's pools
#     inside it (Calico: `calicoctl get ippool -o wide`, or CALICO_IPV4POOL_CIDR before install;
#     weave: IPALLOC_RANGE; flannel: net-conf.json Network). Restart the edited components
#     (`kubectl -n kube-system rollout restart ds/kube-proxy`). Verify with `kube-netcheck check`.
#   evidence: kube-controller-manager flags, the kube-proxy ConfigMap, the kubeadm ClusterConfiguration and the CNI's configuration
package kubenetcheck.rules.pods.consistency

import data.kubenetcheck.lib.ranges

_pool_cidrs := {p.network.cidr | some p in input.cni.pools}

# Ranges not strictly inside another pod range of their family.
_maximal(family) := [[i, r] |
	some i, r in input.networks.pod
	r.family == family
	not _inside_another(i, r)
]

_inside_another(i, r) if {
	some j, o in input.networks.pod
	j != i
	o.cidr != r.cidr
	ranges.contains_range(o, r)
}

findings contains f if {
	some family in {r.family | some r in input.networks.pod}
	top := _maximal(family)
	count(top) > 1
	some [_, r] in top
	not r.cidr in _pool_cidrs
	f := {
		"verdict": "fail",
		"message": sprintf("sources disagree on the %s pod range: %s are each stated as a pod range and none contains the others", [
			family, concat(", ", [x.cidr | some [_, x] in top]),
		]),
		"facts": [sprintf("/networks/pod/%d", [i]) | some [i, _] in top],
	}
}

# kube-proxy reads clusterCIDR only with detectLocalMode ClusterCIDR, its default.
_cluster_cidr_detects if object.get(input.kubeProxy, "detectLocalMode", null) == null

_cluster_cidr_detects if input.kubeProxy.detectLocalMode == "ClusterCIDR"

findings contains f if {
	_cluster_cidr_detects
	some j, c in input.kubeProxy.clusterCIDR
	some i, r in input.networks.pod
	r.family == c.family
	not ranges.contains_range(c, r)
	f := {
		"verdict": "fail",
		"message": sprintf("kube-proxy clusterCIDR %s does not contain the pod range %s: kube-proxy treats traffic from those pods as external", [c.cidr, r.cidr]),
		"facts": [sprintf("/kubeProxy/clusterCIDR/%d", [j]), sprintf("/networks/pod/%d", [i])],
	}
}
