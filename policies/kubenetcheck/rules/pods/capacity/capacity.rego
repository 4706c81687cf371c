# METADATA
# title: The pod range must hold a block for every node
# description: |
#   Each node takes a block of pod addresses: a podCIDR of the node mask cut
#   from --cluster-cidr (kube-controller-manager's range allocator), or with
#   Calico IPAM at least one IPAM block of the pool's blockSize (default /26
#   for IPv4, /122 for IPv6). When the blocks run out a new node gets no
#   podCIDR (its pods cannot start: the allocator reports CIDRNotAvailable),
#   or with Calico borrows addresses from other nodes' blocks (and with
#   strictAffinity, used for Windows, gets none). An upgrade that surges
#   extra nodes needs free blocks too. Error when every block is taken,
#   warning from the capacity threshold (default 80%).
# related_resources:
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/range_allocator.go
#     description: kube-controller-manager range allocator, CIDRNotAvailable when the cluster CIDR is exhausted
#   - ref: https://github.com/kubernetes/kubernetes/pull/121229
#     description: Kubernetes 1.29 removes the alpha ClusterCIDR API (MultiCIDRRangeAllocator); --cluster-cidr stays one range per family
#   - ref: https://docs.tigera.io/calico/latest/networking/ipam/change-block-size
#     description: Calico IPAM block size, and borrowing when blocks run out
#   - ref: https://docs.tigera.io/calico/latest/reference/resources/ippool
#     description: Calico IPPool blockSize (default 26 for IPv4, 122 for IPv6)
# custom:
#   id: KN504
#   severity: error
#   family: pods
#   remediation: |
#     Give the pod range more blocks before adding nodes or upgrading with surge: a longer
#     node mask (kube-controller-manager --node-cidr-mask-size, e.g. /25 for at most 128 pods
#     a node, below kubelet maxPods) or a wider pod range: --cluster-cidr takes one range per
#     family in every version (the alpha ClusterCIDR API that added ranges was removed in 1.29,
#     kubernetes PR 121229), so widening it means changing the range: plan a migration. With
#     Calico add an IPPool
#     (`calicoctl create -f pool.yaml`) or use a smaller blockSize for a new pool. Verify:
#     `kubectl get nodes -o custom-columns=NAME:.metadata.name,PODCIDR:.spec.podCIDR` shows no
#     empty podCIDR, and `kube-netcheck check` shows no KN504.
#   evidence: kube-controller-manager flags or the kubeadm config, the CNI's pools, and kubectl get nodes
#   versions:
#     - fact: the alpha ClusterCIDR API (extra pod ranges for node podCIDRs) removed
#       versions: 1.29
#       source: https://github.com/kubernetes/kubernetes/pull/121229
package kubenetcheck.rules.pods.capacity

import data.kubenetcheck.lib.params
import data.kubenetcheck.lib.pods
import data.kubenetcheck.lib.ranges

# Exponents beyond this hold more blocks than any cluster has nodes.
_huge := 40

_nodes := count(input.nodes)

# One model per family: [description, blocks, facts].
_models contains [family, what, blocks, facts] if {
	pods.allocates
	pods.uses_node_podcidrs
	some family in pods.families
	mask := pods.node_mask(family)
	rs := pods.allocation_ranges(family)
	count(rs) > 0
	every pair in rs {
		mask.size - pair[1].prefixLength <= _huge
	}
	blocks := sum([ranges.pow2(mask.size - r.prefixLength) | some [_, r] in rs; mask.size >= r.prefixLength])
	what := sprintf("node blocks of /%d (%s) in %s", [mask.size, mask.source, concat(", ", [r.cidr | some [_, r] in rs])])
	facts := array.concat([sprintf("/networks/pod/%d", [i]) | some [i, _] in rs], [sprintf("/cluster/nodeCIDRMaskSize/%s", [family]), "/nodes"])
}

_models contains [family, what, blocks, facts] if {
	input.cni.ipam == "pool"
	some family in {p.network.family | some p in _pools}
	ps := [[i, p] | some [i, p] in _indexed_pools; p.network.family == family]
	every pair in ps {
		pair[1].blockSize - pair[1].network.prefixLength <= _huge
	}
	blocks := sum([ranges.pow2(p.blockSize - p.network.prefixLength) | some [_, p] in ps; p.blockSize >= p.network.prefixLength])
	what := sprintf("IPAM blocks in %s", [concat(", ", [sprintf("%s (blockSize %d)", [p.network.cidr, p.blockSize]) | some [_, p] in ps])])
	facts := array.concat([sprintf("/cni/pools/%d", [i]) | some [i, _] in ps], ["/nodes"])
}

_indexed_pools := [[i, p] | some i, p in input.cni.pools; not p.disabled; p.blockSize != null]

_pools := [p | some [_, p] in _indexed_pools]

findings contains f if {
	_nodes > 0
	some [family, what, blocks, facts] in _models
	_nodes > blocks
	f := {
		"verdict": "fail",
		"message": sprintf("%s pod addresses are exhausted: %d nodes, but only %d %s: %d node(s) get no block", [family, _nodes, blocks, what, _nodes - blocks]),
		"facts": facts,
	}
}

findings contains f if {
	_nodes > 0
	some [family, what, blocks, facts] in _models
	_nodes == blocks
	f := {
		"verdict": "fail",
		"message": sprintf("%s pod addresses are exhausted: %d nodes use all %d %s: the next node, or an upgrade's surge node, gets none", [family, _nodes, blocks, what]),
		"facts": facts,
	}
}

findings contains f if {
	_nodes > 0
	some [family, what, blocks, facts] in _models
	_nodes < blocks
	_nodes >= params.capacity_warning_threshold * blocks
	f := {
		"verdict": "fail",
		"severity": "warning",
		"message": sprintf("%s pod addresses are %d%% used: %d nodes of %d %s (warning from %d%%)", [
			family, floor((_nodes * 100) / blocks), _nodes, blocks, what, round(params.capacity_warning_threshold * 100),
		]),
		"facts": facts,
	}
}

findings contains f if {
	_nodes == 0
	some [family, what, blocks, _] in _models
	f := {
		"verdict": "unknown",
		"message": sprintf("the %s pod range holds %d %s, but no node list was given: cannot tell how many are used", [family, blocks, what]),
		"facts": ["/nodes"],
		"evidence": "`kubectl get nodes`",
	}
}
