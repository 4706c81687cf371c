package kubenetcheck.rules.pods.node_cidrs_test

import data.kubenetcheck.rules.pods.node_cidrs

# 10.244.N.0/24 as the facts carry it.
_block(n) := {
	"cidr": sprintf("10.244.%d.0/24", [n]), "family": "IPv4",
	"first": sprintf("0000000000000000000000000af4%s00", [_hex2(n)]),
	"last": sprintf("0000000000000000000000000af4%sff", [_hex2(n)]),
}

_hex2(n) := sprintf("%s%s", [_digit(floor(n / 16)), _digit(n % 16)])

_digit(d) := substring("0123456789abcdef", d, 1)

_pod := {"cidr": "10.244.0.0/16", "family": "IPv4", "first": "0000000000000000000000000af40000", "last": "0000000000000000000000000af4ffff"}

_node(name, cidrs) := {"name": name, "podCIDRs": cidrs}

_input(nodes, ipam) := {"networks": {"pod": [_pod]}, "nodes": nodes, "cni": {"ipam": ipam}}

test_allocated_blocks_pass if {
	nodes := [_node("cp", [_block(0)]), _node("n1", [_block(1)]), _node("n2", [_block(2)])]
	count(node_cidrs.findings) == 0 with input as _input(nodes, "node-podcidr")
}

test_overlapping_blocks_fail if {
	nodes := [_node("cp", [_block(0)]), _node("n1", [_block(1)]), _node("n2", [_block(1)])]
	fs := node_cidrs.findings with input as _input(nodes, "node-podcidr")
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "node podCIDRs overlap, so pods on different nodes can get the same address: n1 10.244.1.0/24 and n2 10.244.1.0/24"
	f.facts == ["/nodes/1/podCIDRs/0", "/nodes/2/podCIDRs/0"]
}

test_a_wide_block_covering_others_is_found_by_neighbours if {
	wide := {"cidr": "10.244.0.0/22", "family": "IPv4", "first": "0000000000000000000000000af40000", "last": "0000000000000000000000000af403ff"}
	nodes := [_node("a", [_block(3)]), _node("b", [wide]), _node("c", [_block(7)])]
	fs := node_cidrs.findings with input as _input(nodes, "node-podcidr")
	some f in fs
	f.message == "node podCIDRs overlap, so pods on different nodes can get the same address: b 10.244.0.0/22 and a 10.244.3.0/24"
}

test_block_outside_the_pod_range if {
	stray := {"cidr": "10.245.0.0/24", "family": "IPv4", "first": "0000000000000000000000000af50000", "last": "0000000000000000000000000af500ff"}
	nodes := [_node("cp", [_block(0)]), _node("old", [stray])]
	fs := node_cidrs.findings with input as _input(nodes, null)
	count(fs) == 1
	some f in fs
	f.message == "1 node podCIDR(s) lie outside the IPv4 pod range 10.244.0.0/16: old 10.245.0.0/24"
	f.facts == ["/nodes/1/podCIDRs/0", "/networks/pod"]
}

test_calico_ipam_leaves_node_pod_cidrs_unjudged if {
	nodes := [_node("cp", [_block(0)]), _node("n1", [_block(0)])]
	count(node_cidrs.findings) == 0 with input as _input(nodes, "pool")
}

test_nodes_without_pod_cidrs_pass if {
	count(node_cidrs.findings) == 0 with input as _input([_node("a", []), _node("b", [])], "node-podcidr")
}

test_many_overlaps_are_summarised if {
	nodes := [_node(sprintf("n%d", [i]), [_block(1)]) | some i in numbers.range(0, 7)]
	fs := node_cidrs.findings with input as _input(nodes, "node-podcidr")
	some f in fs
	endswith(f.message, "and 2 more")
	count(f.facts) == 10
}

test_no_pod_range_is_unknown if {
	fs := node_cidrs.findings with input as {"networks": {"pod": []}, "nodes": [_node("a", [_block(0)])], "cni": {"ipam": null}}
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
}

test_vpc_ipam_leaves_node_pod_cidrs_unjudged if {
	# EKS with the VPC CNI: pods take VPC addresses; a podCIDR left on a node is unused.
	nodes := [_node("ip-10-0-1-5", [_block(0)]), _node("ip-10-0-2-7", [_block(0)])]
	count(node_cidrs.findings) == 0 with input as _input(nodes, "vpc")
	count(node_cidrs.findings) == 1 with input as _input(nodes, "node-podcidr")
}
