# METADATA
# title: Node podCIDRs must lie inside the pod range and not overlap
# description: |
#   Where the CNI gives pods addresses from each node's spec.podCIDRs (flannel,
#   kubenet, host-local IPAM, Cilium's kubernetes IPAM), every node's podCIDR
#   must lie inside the cluster's pod range and no two nodes may share
#   addresses: an overlap gives two pods on different nodes the same IP, and
#   a podCIDR outside the pod range is routed, masqueraded and policed as
#   external traffic. kube-controller-manager never allocates such blocks,
#   but podCIDRs set by hand, by another allocator or left over from an old
#   --cluster-cidr are. With pool IPAM (Calico IPAM, Weave, Cilium
#   cluster-pool) and vpc IPAM (AWS VPC CNI, Azure CNI without overlay:
#   pods take addresses from the node subnets) node podCIDRs are unused and
#   not judged. Checked in
#   n log n: the podCIDRs are sorted and neighbours compared.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/node-v1/#NodeSpec
#     description: Node spec.podCIDRs
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/range_allocator.go
#     description: kube-controller-manager range allocator, node podCIDRs cut from --cluster-cidr
# custom:
#   id: KN502
#   severity: error
#   family: pods
#   remediation: |
#     List the podCIDRs: `kubectl get nodes -o custom-columns=NAME:.metadata.name,PODCIDRS:.spec.podCIDRs`.
#     spec.podCIDR cannot be changed on a Node: drain the node (`kubectl drain NAME
#     --ignore-daemonsets`), delete it (`kubectl delete node NAME`) and let it re-register
#     (`systemctl restart kubelet` on it) so kube-controller-manager allocates a fresh block
#     from --cluster-cidr. If the pod range itself is wrong, fix --cluster-cidr first.
#     Verify with `kube-netcheck check`.
#   evidence: kubectl get nodes -o json (spec.podCIDRs), and the pod range
package kubenetcheck.rules.pods.node_cidrs

import data.kubenetcheck.lib.pods
import data.kubenetcheck.lib.ranges

_judged if pods.uses_node_podcidrs

# Every node podCIDR, in one pass over the nodes, sorted by family and first
# address: [family, first, last, node index, podCIDR index, inside the pod range].
_cidrs := sort([[c.family, c.first, c.last, i, k, _inside(c)] |
	some i, node in input.nodes
	some k, c in node.podCIDRs
])

_inside(c) if {
	some r in input.networks.pod
	ranges.contains_range(r, c)
} else := false

# In node order, as the nodes were given.
_outside(family) := sort([[b[3], b[4]] | some b in _cidrs; b[0] == family; b[5] == false])

# Sorted by first address, a podCIDR overlapping another overlaps its next neighbour (n log n).
_overlapping := [[a, b] |
	some k, a in _cidrs
	b := _cidrs[k + 1]
	a[0] == b[0]
	b[1] <= a[2]
]

_has_pod_range(family) if {
	some r in input.networks.pod
	r.family == family
}

_node_families := {b[0] | some b in _cidrs}

findings contains f if {
	_judged
	some family in _node_families
	_has_pod_range(family)
	bad := _outside(family)
	count(bad) > 0
	first := array.slice(bad, 0, 5)
	f := {
		"verdict": "fail",
		"message": sprintf("%d node podCIDR(s) lie outside the %s pod range %s: %s", [
			count(bad), family, _pod_ranges(family),
			_list([sprintf("%s %s", [input.nodes[i].name, input.nodes[i].podCIDRs[k].cidr]) | some [i, k] in first], count(bad)),
		]),
		"facts": array.concat([sprintf("/nodes/%d/podCIDRs/%d", [i, k]) | some [i, k] in first], ["/networks/pod"]),
	}
}

findings contains f if {
	_judged
	some family in _node_families
	pairs := [p | some p in _overlapping; p[0][0] == family]
	count(pairs) > 0
	first := array.slice(pairs, 0, 5)
	f := {
		"verdict": "fail",
		"message": sprintf("node podCIDRs overlap, so pods on different nodes can get the same address: %s", [_list(
			[sprintf("%s %s and %s %s", [
				input.nodes[a[3]].name, input.nodes[a[3]].podCIDRs[a[4]].cidr,
				input.nodes[b[3]].name, input.nodes[b[3]].podCIDRs[b[4]].cidr,
			]) |
				some [a, b] in first
			],
			count(pairs),
		)]),
		"facts": [sprintf("/nodes/%d/podCIDRs/%d", [x[3], x[4]]) | some pair in first; some x in pair],
	}
}

findings contains f if {
	_judged
	some family in _node_families
	not _has_pod_range(family)
	f := {
		"verdict": "unknown",
		"message": sprintf("nodes have %s podCIDRs, but no source stated the %s pod range: cannot tell whether they lie inside it", [family, family]),
		"facts": ["/nodes", "/networks/pod"],
		"evidence": "kube-controller-manager --cluster-cidr, or the kubeadm ClusterConfiguration (networking.podSubnet)",
	}
}

_pod_ranges(family) := concat(", ", [r.cidr | some r in input.networks.pod; r.family == family])

_list(items, total) := concat(", ", items) if total <= count(items)

else := sprintf("%s and %d more", [concat(", ", items), total - count(items)])
