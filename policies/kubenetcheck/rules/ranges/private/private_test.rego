package kubenetcheck.rules.ranges.private_test

import data.kubenetcheck.rules.ranges.private

_v4(cidr, first, last) := {"cidr": cidr, "family": "IPv4", "first": sprintf("000000000000000000000000%s", [first]), "last": sprintf("000000000000000000000000%s", [last])}

_input(pod, service) := {"networks": {"node": [], "pod": pod, "service": service}}

test_rfc1918_ranges_pass if {
	count(private.findings) == 0 with input as _input([_v4("10.244.0.0/16", "0af40000", "0af4ffff")], [_v4("10.96.0.0/12", "0a600000", "0a6fffff")])
	count(private.findings) == 0 with input as _input([_v4("172.16.0.0/12", "ac100000", "ac1fffff")], [_v4("192.168.0.0/16", "c0a80000", "c0a8ffff")])
}

test_shared_address_space_passes if {
	count(private.findings) == 0 with input as _input([_v4("100.64.0.0/10", "64400000", "647fffff")], [])
}

test_public_pod_range_warns if {
	fs := private.findings with input as _input([_v4("20.0.0.0/16", "14000000", "1400ffff")], [])
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "pod range 20.0.0.0/16 is outside private address space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)"
	f.facts == ["/networks/pod/0"]
}

test_range_straddling_private_space_warns if {
	# 172.0.0.0/8 contains 172.16.0.0/12 but is mostly public.
	fs := private.findings with input as _input([], [_v4("172.0.0.0/8", "ac000000", "acffffff")])
	count(fs) == 1
}

test_ipv6_ula_passes_and_global_warns if {
	ula := {"cidr": "fd00:10:244::/56", "family": "IPv6", "first": "fd000010024400000000000000000000", "last": "fd000010024400ffffffffffffffffff"}
	gua := {"cidr": "2001:db8:42::/56", "family": "IPv6", "first": "20010db8004200000000000000000000", "last": "20010db8004200ffffffffffffffffff"}
	count(private.findings) == 0 with input as _input([ula], [])
	fs := private.findings with input as _input([gua], [])
	some f in fs
	f.message == "pod range 2001:db8:42::/56 is outside private address space (fc00::/7)"
}

test_public_ranges_can_be_allowed if {
	count(private.findings) == 0 with input as _input([_v4("20.0.0.0/16", "14000000", "1400ffff")], [])
		with data.netcheck.params.allowPublicRanges as true
}

test_node_networks_are_not_judged if {
	count(private.findings) == 0 with input as {"networks": {"node": [_v4("192.8.33.0/24", "c0082100", "c00821ff")], "pod": [], "service": []}}
}
