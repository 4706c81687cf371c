package kubenetcheck.rules.pods.capacity_test

import data.kubenetcheck.rules.pods.capacity

_v4(cidr, prefix) := {"cidr": cidr, "family": "IPv4", "prefixLength": prefix}

_nodes(n) := [{"name": sprintf("n%d", [i])} | some i in numbers.range(1, n)]

_input(pod, mask, nodes) := {
	"networks": {"pod": pod},
	"cluster": {"nodeCIDRMaskSize": {"IPv4": mask, "IPv6": null}, "allocateNodeCIDRs": true},
	"cni": {"ipam": "node-podcidr", "pools": []},
	"nodes": nodes,
}

_calico(pools, nodes) := {
	"networks": {"pod": [p.network | some p in pools]},
	"cluster": {"nodeCIDRMaskSize": {"IPv4": null, "IPv6": null}, "allocateNodeCIDRs": null},
	"cni": {"ipam": "pool", "pools": pools},
	"nodes": nodes,
}

_pool(cidr, prefix, block) := {"name": "default-ipv4-ippool", "network": _v4(cidr, prefix), "blockSize": block, "disabled": false}

test_plenty_of_blocks if {
	count(capacity.findings) == 0 with input as _input([_v4("10.244.0.0/16", 16)], null, _nodes(3))
}

test_blocks_exhausted_is_an_error if {
	fs := capacity.findings with input as _input([_v4("10.244.0.0/22", 22)], 24, _nodes(5))
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "IPv4 pod addresses are exhausted: 5 nodes, but only 4 node blocks of /24 (--node-cidr-mask-size) in 10.244.0.0/22: 1 node(s) get no block"
	f.facts == ["/networks/pod/0", "/cluster/nodeCIDRMaskSize/IPv4", "/nodes"]
}

test_every_block_taken_is_an_error if {
	fs := capacity.findings with input as _input([_v4("10.244.0.0/22", 22)], null, _nodes(4))
	some f in fs
	f.message == "IPv4 pod addresses are exhausted: 4 nodes use all 4 node blocks of /24 (the default) in 10.244.0.0/22: the next node, or an upgrade's surge node, gets none"
}

test_near_capacity_is_a_warning if {
	fs := capacity.findings with input as _input([_v4("10.244.0.0/20", 20)], 24, _nodes(13))
	count(fs) == 1
	some f in fs
	f.severity == "warning"
	f.message == "IPv4 pod addresses are 81% used: 13 nodes of 16 node blocks of /24 (--node-cidr-mask-size) in 10.244.0.0/20 (warning from 80%)"
}

test_threshold_is_a_parameter if {
	count(capacity.findings) == 0 with input as _input([_v4("10.244.0.0/20", 20)], 24, _nodes(13))
		with data.netcheck.params.capacityWarningThreshold as 0.9
}

test_calico_blocks_count if {
	pools := [_pool("192.168.0.0/24", 24, 26)]
	count(capacity.findings) == 0 with input as _calico(pools, _nodes(3))
	fs := capacity.findings with input as _calico(pools, _nodes(5))
	some f in fs
	f.message == "IPv4 pod addresses are exhausted: 5 nodes, but only 4 IPAM blocks in 192.168.0.0/24 (blockSize 26): 1 node(s) get no block"
	f.facts == ["/cni/pools/0", "/nodes"]
}

test_calico_ipam_ignores_the_node_mask if {
	pools := [_pool("192.168.0.0/16", 16, 26)]
	inp := object.union(_calico(pools, _nodes(300)), {"cluster": {"nodeCIDRMaskSize": {"IPv4": 24, "IPv6": null}, "allocateNodeCIDRs": true}})
	count(capacity.findings) == 0 with input as inp
}

test_disabled_pools_do_not_count if {
	pools := [_pool("192.168.0.0/24", 24, 26), object.union(_pool("10.10.0.0/16", 16, 26), {"disabled": true})]
	fs := capacity.findings with input as _calico(pools, _nodes(5))
	count(fs) == 1
}

test_huge_ipv6_ranges_are_not_counted if {
	inp := {
		"networks": {"pod": [{"cidr": "fd00:10:244::/56", "family": "IPv6", "prefixLength": 56}]},
		"cluster": {"nodeCIDRMaskSize": {"IPv4": null, "IPv6": 120}, "allocateNodeCIDRs": true},
		"cni": {"ipam": null, "pools": []},
		"nodes": _nodes(2),
	}
	count(capacity.findings) == 0 with input as inp
}

test_no_nodes_is_unknown if {
	fs := capacity.findings with input as _input([_v4("10.244.0.0/16", 16)], null, [])
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	f.message == "the IPv4 pod range holds 256 node blocks of /24 (the default) in 10.244.0.0/16, but no node list was given: cannot tell how many are used"
}

test_vpc_ipam_counts_no_node_blocks if {
	# With the VPC CNI a node takes addresses from its subnet, not a block of a pod range.
	vpc := object.union(_input([_v4("10.0.0.0/22", 22)], 24, _nodes(5)), {"cni": {"ipam": "vpc", "pools": []}})
	count(capacity.findings) == 0 with input as vpc
}
