# METADATA
# title: The node mask must fit the pod range
# description: |
#   When kube-controller-manager allocates node podCIDRs (--allocate-node-cidrs,
#   which kubeadm sets with a podSubnet), it cuts blocks of
#   --node-cidr-mask-size (default /24 for IPv4, /64 for IPv6) from each
#   --cluster-cidr range. The node mask must not be shorter than the pod
#   range's mask, and at most 16 bits longer (the allocator's bitmap limit:
#   kube-controller-manager fails to start, kubeadm refuses the config);
#   kubeadm also needs a pod subnet of at least 14 addresses. CNI pools
#   (Calico IPPools) are judged by their own block size, not here.
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/apis/kubeadm/validation/validation.go
#     description: kubeadm ValidatePodSubnetNodeMask
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/constants/constants.go
#     description: kubeadm PodSubnetNodeMaskMaxDiff 16, MinimumAddressesInPodSubnet 14
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/cidrset/cidr_set.go
#     description: kube-controller-manager CIDR set, node CIDR at most 16 bits longer than the cluster CIDR
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
#     description: kube-controller-manager --node-cidr-mask-size-ipv4 (default 24) and -ipv6 (default 64)
# custom:
#   id: KN503
#   severity: error
#   family: pods
#   remediation: |
#     Pick a node mask between the pod range's mask and 16 bits more: kube-controller-manager
#     --node-cidr-mask-size (or -ipv4 / -ipv6 for dual-stack) in
#     /etc/kubernetes/manifests/kube-controller-manager.yaml (kubeadm: controllerManager.extraArgs
#     node-cidr-mask-size), or widen the pod range (--cluster-cidr, kubeadm networking.podSubnet).
#     Existing nodes keep their podCIDRs; the new mask applies to nodes that register afterwards.
#     Verify: `kubectl -n kube-system logs -l component=kube-controller-manager | grep -i cidr`.
#   evidence: kube-controller-manager flags or the kubeadm ClusterConfiguration
package kubenetcheck.rules.pods.node_mask

import data.kubenetcheck.lib.pods
import data.kubenetcheck.lib.ranges

_max_diff := 16

_min_addresses := 14

_mask_text(mask) := sprintf("/%d (%s)", [mask.size, mask.source])

findings contains f if {
	pods.allocates
	some family in pods.families
	mask := pods.node_mask(family)
	some [i, r] in pods.allocation_ranges(family)
	r.prefixLength > mask.size
	f := {
		"verdict": "fail",
		"message": sprintf("node mask %s is shorter than the pod range %s: a node block would be larger than the whole range", [_mask_text(mask), r.cidr]),
		"facts": [sprintf("/networks/pod/%d", [i]), sprintf("/cluster/nodeCIDRMaskSize/%s", [family])],
	}
}

findings contains f if {
	pods.allocates
	some family in pods.families
	mask := pods.node_mask(family)
	some [i, r] in pods.allocation_ranges(family)
	mask.size - r.prefixLength > _max_diff
	f := {
		"verdict": "fail",
		"message": sprintf("node mask %s is %d bits longer than the pod range %s: kube-controller-manager and kubeadm allow at most %d", [
			_mask_text(mask), mask.size - r.prefixLength, r.cidr, _max_diff,
		]),
		"facts": [sprintf("/networks/pod/%d", [i]), sprintf("/cluster/nodeCIDRMaskSize/%s", [family])],
	}
}

# kubeadm needs 14 addresses in podSubnet whether or not node podCIDRs are allocated
# (ValidateIPNetFromString with MinimumAddressesInPodSubnet, before the node-mask check).
_judges_size if pods.allocates

_judges_size if input.cluster.distribution in {"kubeadm", "kind"}

findings contains f if {
	_judges_size
	some family in pods.families
	some [i, r] in pods.allocation_ranges(family)
	size := ranges.size(r)
	size < _min_addresses
	f := {
		"verdict": "fail",
		"message": sprintf("pod range %s has %d addresses: kubeadm needs at least %d", [r.cidr, size, _min_addresses]),
		"facts": [sprintf("/networks/pod/%d", [i])],
	}
}

findings contains f if {
	input.cluster.allocateNodeCIDRs == true
	count(input.networks.pod) == 0
	f := {
		"verdict": "unknown",
		"message": "kube-controller-manager allocates node podCIDRs, but no source stated the pod range (--cluster-cidr)",
		"facts": ["/cluster/allocateNodeCIDRs", "/networks/pod"],
		"evidence": "kube-controller-manager --cluster-cidr, or the kubeadm ClusterConfiguration (networking.podSubnet)",
	}
}
