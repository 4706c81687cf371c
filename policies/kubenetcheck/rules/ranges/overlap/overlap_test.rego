package kubenetcheck.rules.ranges.overlap_test

import data.kubenetcheck.rules.ranges.overlap

# Ranges as the facts document carries them: first/last as 32 hex digits.
_v4(cidr, first, last) := {"cidr": cidr, "family": "IPv4", "first": sprintf("000000000000000000000000%s", [first]), "last": sprintf("000000000000000000000000%s", [last])}

_svc := _v4("10.96.0.0/12", "0a600000", "0a6fffff")

_pod := _v4("10.244.0.0/16", "0af40000", "0af4ffff")

_node := _v4("192.8.33.0/24", "c0082100", "c00821ff")

_input(node, pod, service) := {"networks": {"node": node, "pod": pod, "service": service}}

test_seed_ranges_do_not_overlap if {
	count(overlap.findings) == 0 with input as _input([_node], [_pod], [_svc])
}

test_pod_range_inside_service_range_fails if {
	pod := _v4("10.100.0.0/16", "0a640000", "0a64ffff")
	fs := overlap.findings with input as _input([_node], [pod], [_svc])
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "pod range 10.100.0.0/16 overlaps service range 10.96.0.0/12 (10.96.0.0/12 contains 10.100.0.0/16)"
	f.facts == ["/networks/pod/0", "/networks/service/0"]
}

test_adjacent_ranges_do_not_overlap if {
	# 10.96.0.0/12 ends at 10.111.255.255; 10.112.0.0/12 starts right after.
	pod := _v4("10.112.0.0/12", "0a700000", "0a7fffff")
	count(overlap.findings) == 0 with input as _input([_node], [pod], [_svc])
}

test_one_address_overlap_at_the_edge if {
	node := _v4("10.111.255.255/32", "0a6fffff", "0a6fffff")
	fs := overlap.findings with input as _input([node], [_pod], [_svc])
	some f in fs
	f.message == "service range 10.96.0.0/12 overlaps node range 10.111.255.255/32 (10.96.0.0/12 contains 10.111.255.255/32)"
}

test_same_range_twice if {
	fs := overlap.findings with input as _input([_node], [_svc], [_svc])
	some f in fs
	contains(f.message, "they are the same range")
}

test_partial_overlap if {
	a := _v4("10.0.0.0/15", "0a000000", "0a01ffff")
	b := _v4("10.1.0.0/16", "0a010000", "0a01ffff")
	c := {"cidr": "10.1.128.0-10.2.0.0", "family": "IPv4", "first": "0000000000000000000000000a018000", "last": "0000000000000000000000000a020000"}
	fs := overlap.findings with input as _input([_node], [a], [c])
	some f in fs
	contains(f.message, "they partly overlap")
	count(overlap.findings) == 1 with input as _input([_node], [a], [b])
}

test_ipv6_overlap if {
	pod := {"cidr": "fd00:10::/48", "family": "IPv6", "first": "fd000010000000000000000000000000", "last": "fd00001000000000ffffffffffffffff"}
	svc := {"cidr": "fd00:10::/108", "family": "IPv6", "first": "fd000010000000000000000000000000", "last": "fd0000100000000000000000000fffff"}
	fs := overlap.findings with input as _input([_node], [pod], [svc])
	count(fs) == 1
}

test_families_never_overlap_each_other if {
	# ::/96 spans the same hex as all of IPv4, but IPv6 never overlaps IPv4.
	v6 := {"cidr": "::/96", "family": "IPv6", "first": "00000000000000000000000000000000", "last": "000000000000000000000000ffffffff"}
	count(overlap.findings) == 0 with input as _input([_node], [v6], [_svc])
}

test_dual_stack_each_family_checked if {
	pod6 := {"cidr": "fd00:10:244::/56", "family": "IPv6", "first": "fd00001002440000000000000000000", "last": "fd000010024400ffffffffffffffffff"}
	svc6 := {"cidr": "fd00:10:96::/112", "family": "IPv6", "first": "fd000010009600000000000000000000", "last": "fd00001000960000000000000000ffff"}
	count(overlap.findings) == 0 with input as _input([_node], [_pod, pod6], [_svc, svc6])
}

test_missing_range_is_unknown_not_pass if {
	fs := overlap.findings with input as _input([], [_pod], [_svc])
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	f.message == "cannot tell whether ranges overlap: no source stated the node range"
	f.facts == ["/networks/node", "/networks/pod/0", "/networks/service/0"]
	f.missing == ["/networks/node"]
	f.verify == "`ip -o addr` on every node shows no node address inside 10.244.0.0/16, 10.96.0.0/12"
}

test_missing_configuration_ranges_name_no_check_before_rollout if {
	fs := overlap.findings with input as _input([], [], [_svc])
	some f in fs
	f.message == "cannot tell whether ranges overlap: no source stated the node or pod range"
	f.facts == ["/networks/node", "/networks/pod"]
	not f.missing
	not f.verify
}

test_overlap_is_reported_even_when_a_range_is_missing if {
	pod := _v4("10.100.0.0/16", "0a640000", "0a64ffff")
	fs := overlap.findings with input as _input([], [pod], [_svc])
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
}

# Pod against service by IPAM model and kube-controller-manager's service range
# (range_allocator.go filterOutServiceRange marks node blocks inside it as used).

_pod_half := _v4("10.96.0.0/11", "0a600000", "0a7fffff")

_pod_inside := _v4("10.100.0.0/16", "0a640000", "0a64ffff")

_with(pod, ipam, kcm) := object.union(_input([_node], [pod], [_svc]), {"cni": {"ipam": ipam}, "cluster": {"controllerManagerServiceRange": kcm}})

test_pod_service_overlap_node_podcidr_with_the_flag_is_a_warning if {
	fs := overlap.findings with input as _with(_pod_half, "node-podcidr", true)
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.severity == "warning"
	f.message == "pod range 10.96.0.0/11 overlaps service range 10.96.0.0/12 (10.96.0.0/11 contains 10.96.0.0/12): kube-controller-manager (given --service-cluster-ip-range) skips the node blocks inside the service range, so pods get no service addresses, but those blocks are lost to nodes"
	f.facts == ["/networks/pod/0", "/networks/service/0", "/cni/ipam", "/cluster/controllerManagerServiceRange"]
}

test_pod_range_inside_the_service_range_leaves_no_node_block if {
	fs := overlap.findings with input as _with(_pod_inside, "node-podcidr", true)
	some f in fs
	not f.severity
	f.message == "pod range 10.100.0.0/16 overlaps service range 10.96.0.0/12 (10.96.0.0/12 contains 10.100.0.0/16): kube-controller-manager marks the node blocks inside the service range as used, and the service range covers the whole pod range, so no node gets a podCIDR"
}

test_pod_service_overlap_with_pool_ipam_is_an_error if {
	fs := overlap.findings with input as _with(_pod_half, "pool", true)
	some f in fs
	f.verdict == "fail"
	not f.severity
	endswith(f.message, ": the CNI's IPAM gives pods addresses from its own pools, which nothing keeps out of the service range")
}

test_pod_service_overlap_without_the_flag_is_an_error if {
	fs := overlap.findings with input as _with(_pod_half, "node-podcidr", false)
	some f in fs
	not f.severity
	endswith(f.message, "so it can hand out node podCIDRs inside it")
}

test_pod_service_overlap_with_the_flag_and_unknown_ipam_is_unknown if {
	fs := overlap.findings with input as _with(_pod_half, null, true)
	some f in fs
	f.verdict == "unknown"
	f.evidence == "the CNI's configuration, which says whether pods take node podCIDRs or the CNI's own pools"
}

test_pod_range_inside_the_service_range_with_unknown_ipam_is_an_error if {
	fs := overlap.findings with input as _with(_pod_inside, null, true)
	some f in fs
	f.verdict == "fail"
	not f.severity
	f.message == "pod range 10.100.0.0/16 overlaps service range 10.96.0.0/12 (10.96.0.0/12 contains 10.100.0.0/16): the service range covers the whole pod range, so with node podCIDRs kube-controller-manager has no block left to give a node, and with a CNI's own pools pods take service addresses"
}

# IPAM vpc (EKS VPC CNI, Azure CNI without overlay): pods take addresses from the node subnets.
_vpc_input(node, pod, service) := object.union(_input(node, pod, service), {"cni": {"ipam": "vpc"}})

test_vpc_pods_in_node_subnets_is_not_an_overlap if {
	# An Azure CNI pod subnet stated inside the VNet's node range is by design.
	node := _v4("10.0.0.0/16", "0a000000", "0a00ffff")
	pod := _v4("10.0.64.0/18", "0a004000", "0a007fff")
	count(overlap.findings) == 0 with input as _vpc_input([node], [pod], [_svc])
	count(overlap.findings) == 1 with input as _input([node], [pod], [_svc])
}

test_vpc_no_pod_range_is_not_unknown if {
	node := _v4("192.168.0.0/16", "c0a80000", "c0a8ffff")
	count(overlap.findings) == 0 with input as _vpc_input([node], [], [_svc])
}

test_vpc_service_overlapping_node_subnets_says_pods_collide if {
	node := _v4("10.100.0.0/16", "0a640000", "0a64ffff")
	fs := overlap.findings with input as _vpc_input([node], [], [_svc])
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "service range 10.96.0.0/12 overlaps node range 10.100.0.0/16 (10.96.0.0/12 contains 10.100.0.0/16) (pods take addresses from the node subnets, IPAM vpc: pods collide with Services too)"
}

test_vpc_without_node_range_is_unknown_naming_the_node_subnets if {
	fs := overlap.findings with input as _vpc_input([], [], [_svc])
	some f in fs
	f.verdict == "unknown"
	f.message == "cannot tell whether ranges overlap: no source stated the node range; pods take addresses from the node subnets (IPAM vpc), so the node range stands for theirs"
	f.facts == ["/networks/node"]
}

test_review_mode_asks_only_for_configured_ranges if {
	fs := overlap.findings with input as _input([], [], [_svc]) with data.netcheck.params.mode as "review"
	some f in fs
	f.message == "cannot tell whether ranges overlap: no source stated the pod range"
	f.facts == ["/networks/pod"]
}
