package kubenetcheck.rules.ranges.avoid_test

import data.kubenetcheck.rules.ranges.avoid

_v4(cidr, first, last) := {"cidr": cidr, "family": "IPv4", "first": sprintf("000000000000000000000000%s", [first]), "last": sprintf("000000000000000000000000%s", [last])}

_svc := _v4("10.96.0.0/12", "0a600000", "0a6fffff")

_pod := _v4("10.244.0.0/16", "0af40000", "0af4ffff")

_node := _v4("192.168.10.0/24", "c0a80a00", "c0a80aff")

_vpn := _v4("10.240.0.0/12", "0af00000", "0affffff")

_input := {"networks": {"node": [_node], "pod": [_pod], "service": [_svc]}}

test_no_avoid_ranges_no_findings if {
	count(avoid.findings) == 0 with input as _input
}

test_pod_range_inside_a_vpn_range_fails if {
	fs := avoid.findings with input as _input with data.netcheck.params.avoid as [_vpn]
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "pod range 10.244.0.0/16 overlaps 10.240.0.0/12, a range named as taken (--avoid) (10.240.0.0/12 contains 10.244.0.0/16)"
	f.facts == ["/networks/pod/0"]
}

test_disjoint_avoid_range_passes if {
	peered := _v4("172.16.0.0/12", "ac100000", "ac1fffff")
	count(avoid.findings) == 0 with input as _input with data.netcheck.params.avoid as [peered]
}

test_adjacent_avoid_range_passes if {
	# 10.95.0.0/16 ends at 10.95.255.255, right before the service range starts.
	below := _v4("10.95.0.0/16", "0a5f0000", "0a5fffff")
	count(avoid.findings) == 0 with input as _input with data.netcheck.params.avoid as [below]
}

test_every_role_is_checked if {
	wide := _v4("0.0.0.0/0", "00000000", "ffffffff")
	fs := avoid.findings with input as _input with data.netcheck.params.avoid as [wide]
	count(fs) == 3
}

test_ipv6_avoid_range_does_not_match_ipv4 if {
	v6 := {"cidr": "::/0", "family": "IPv6", "first": "00000000000000000000000000000000", "last": "ffffffffffffffffffffffffffffffff"}
	count(avoid.findings) == 0 with input as _input with data.netcheck.params.avoid as [v6]
}

test_missing_pod_range_with_avoid_is_unknown if {
	fs := avoid.findings with input as {"networks": {"node": [], "pod": [], "service": [_svc]}}
		with data.netcheck.params.avoid as [_vpn]
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	f.message == "cannot tell whether the cluster overlaps the --avoid ranges: no source stated the pod range"
}

test_vpc_ipam_needs_no_pod_range if {
	# EKS: pods take addresses from the node subnets, which are checked against --avoid.
	vpc := {"cni": {"ipam": "vpc"}, "networks": {"node": [_node], "pod": [], "service": [_svc]}}
	count(avoid.findings) == 0 with input as vpc with data.netcheck.params.avoid as [_vpn]
	inside := _v4("192.168.0.0/16", "c0a80000", "c0a8ffff")
	fs := avoid.findings with input as vpc with data.netcheck.params.avoid as [inside]
	some f in fs
	f.message == "node range 192.168.10.0/24 overlaps 192.168.0.0/16, a range named as taken (--avoid) (192.168.0.0/16 contains 192.168.10.0/24)"
}

test_vpc_ipam_without_node_range_is_unknown if {
	vpc := {"cni": {"ipam": "vpc"}, "networks": {"node": [], "pod": [], "service": [_svc]}}
	fs := avoid.findings with input as vpc with data.netcheck.params.avoid as [_vpn]
	some f in fs
	f.verdict == "unknown"
	f.facts == ["/networks/node"]
}
