# METADATA
# title: The node mask must fit the pod range
# description: |
#   When kube-controller-manager allocates node podCIDRs (--allocate-node-cidrs,
#   which kubeadm sets with a podSubnet), it cuts blocks of
#   --node-cidr-mask-size (default /24 for IPv4, /64 for IPv6) from each
#   --cluster-cidr range. The node mask must not be shorter than the pod
#   range's mask (kube-controller-manager refuses to start). How much longer it
#   may be depends on the family and on who checks. IPv6: at most 16 bits, or
#   kube-controller-manager's CIDR set refuses the range and the
#   controller-manager fails to start (cidr_set.go NewCIDRSet applies
#   clusterSubnetMaxDiff to IPv6 only). IPv4: kube-controller-manager has no
#   such limit; kubeadm (from 1.20, kubernetes PR 95723) refuses a podSubnet
#   more than 16 bits shorter than node-cidr-mask-size-ipv4 (default 24; it
#   reads only the per-family flags, not node-cidr-mask-size) and one of fewer
#   than 14 addresses, and skips the mask check when allocate-node-cidrs is
#   false (from 1.21, PR 98984). So the IPv4 limits are judged only on a cluster
#   the evidence shows kubeadm built. CNI pools (Calico IPPools) are judged by
#   their own block size, not here.
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/cidrset/cidr_set.go
#     description: kube-controller-manager NewCIDRSet, clusterSubnetMaxDiff 16 checked only when clusterCIDR.IP.To4() == nil (IPv6), every version
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/apis/kubeadm/validation/validation.go
#     description: kubeadm ValidatePodSubnetNodeMask and getClusterNodeMask (node-cidr-mask-size-ipv4 / -ipv6 only, defaults 24 / 64), skipped when allocate-node-cidrs is false
#   - ref: https://github.com/kubernetes/kubernetes/pull/95723
#     description: kubeadm 1.20, validate podSubnet against the node mask (PodSubnetNodeMaskMaxDiff 16, MinimumAddressesInPodSubnet 14)
#   - ref: https://github.com/kubernetes/kubernetes/pull/98984
#     description: kubeadm 1.21, skip the podSubnet/node-mask check when allocate-node-cidrs is false
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kube-controller-manager/
#     description: kube-controller-manager --node-cidr-mask-size-ipv4 (default 24) and -ipv6 (default 64)
# custom:
#   id: KN503
#   severity: error
#   family: pods
#   remediation: |
#     Pick a node mask no shorter than the pod range's mask and, for IPv6 (and for IPv4 on
#     kubeadm clusters), at most 16 bits longer: kube-controller-manager --node-cidr-mask-size
#     (or -ipv4 / -ipv6 for dual-stack) in /etc/kubernetes/manifests/kube-controller-manager.yaml
#     (kubeadm: controllerManager.extraArgs node-cidr-mask-size-ipv4 / -ipv6, the ones kubeadm
#     validates), or widen the pod range (--cluster-cidr, kubeadm networking.podSubnet).
#     Existing nodes keep their podCIDRs; the new mask applies to nodes that register afterwards.
#     Verify: `kubectl -n kube-system logs -l component=kube-controller-manager | grep -i cidr`
#     (kubeadm: `kubeadm init --config <file> --dry-run` reports podSubnet errors).
#   evidence: kube-controller-manager flags or the kubeadm ClusterConfiguration
#   versions:
#     - fact: kube-controller-manager refuses a node mask more than 16 bits longer than an IPv6 --cluster-cidr (IPv4 has no limit)
#       versions: every version
#       source: https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/cidrset/cidr_set.go
#     - fact: kubeadm refuses a podSubnet more than 16 bits shorter than node-cidr-mask-size-ipv4/-ipv6, or of fewer than 14 addresses
#       versions: kubeadm 1.20 and newer
#       source: https://github.com/kubernetes/kubernetes/pull/95723
#     - fact: kubeadm skips the podSubnet/node-mask check when allocate-node-cidrs is false
#       versions: kubeadm 1.21 and newer
#       source: https://github.com/kubernetes/kubernetes/pull/98984
package kubenetcheck.rules.pods.node_mask

import data.kubenetcheck.lib.pods
import data.kubenetcheck.lib.ranges
import data.kubenetcheck.lib.versions

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

# IPv6: kube-controller-manager's CIDR set refuses more than 16 bits (every version).
findings contains f if {
	pods.allocates
	mask := pods.node_mask("IPv6")
	some [i, r] in pods.allocation_ranges("IPv6")
	mask.size - r.prefixLength > _max_diff
	f := {
		"verdict": "fail",
		"message": sprintf("node mask %s is %d bits longer than the IPv6 pod range %s: kube-controller-manager allows at most %d for IPv6 and fails to start", [
			_mask_text(mask), mask.size - r.prefixLength, r.cidr, _max_diff,
		]),
		"facts": [sprintf("/networks/pod/%d", [i]), "/cluster/nodeCIDRMaskSize/IPv6"],
	}
}

# IPv4: only kubeadm (1.20 and newer) refuses more than 16 bits.
findings contains f if {
	_kubeadm_checks_mask
	mask := pods.node_mask("IPv4")
	some [i, r] in pods.allocation_ranges("IPv4")
	mask.size - r.prefixLength > _max_diff
	f := {
		"verdict": "fail",
		"message": sprintf("node mask %s is %d bits longer than the IPv4 pod range %s: kubeadm (1.20 and newer) refuses more than %d (node-cidr-mask-size-ipv4 against networking.podSubnet; kube-controller-manager itself allows it for IPv4)", [
			_mask_text(mask), mask.size - r.prefixLength, r.cidr, _max_diff,
		]),
		"facts": [sprintf("/networks/pod/%d", [i]), "/cluster/nodeCIDRMaskSize/IPv4", "/cluster/distribution"],
	}
}

# kubeadm validates podSubnet against the node mask from 1.20 (PR 95723), not when
# allocate-node-cidrs is false (from 1.21, PR 98984).
_kubeadm_checks_mask if {
	_kubeadm_validates
	input.cluster.allocateNodeCIDRs != false
}

# kind builds its clusters with kubeadm too.
_kubeadm_validates if {
	input.cluster.distribution in {"kubeadm", "kind"}
	not _before_1_20
}

_before_1_20 if versions.judged.version < [1, 20]

# kubeadm (1.20 and newer) refuses a podSubnet of fewer than 14 addresses, whether or
# not node podCIDRs are allocated (ValidateIPNetFromString with MinimumAddressesInPodSubnet,
# before the node-mask check).
findings contains f if {
	_kubeadm_validates
	some family in pods.families
	some [i, r] in pods.cluster_ranges(family)
	size := ranges.size(r)
	size < _min_addresses
	f := {
		"verdict": "fail",
		"message": sprintf("pod range %s has %d addresses: kubeadm (1.20 and newer) needs at least %d in networking.podSubnet", [r.cidr, size, _min_addresses]),
		"facts": [sprintf("/networks/pod/%d", [i]), "/cluster/distribution"],
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
