package main

# Only this policy's results: every policy of the folder shares package main.
_pod_range_deny contains r if {
	some r in deny
	r.id == "ACME-NET-001"
}

_pod_range_warn contains r if {
	some r in warn
	r.id == "ACME-NET-001"
}

_allocations := {"pod": ["10.244.0.0/14", "fd00:10:244::/48"]}

test_pod_range_inside_the_allocation_passes if {
	count(_pod_range_deny) == 0 with input as {"networks": {"pod": [{"cidr": "10.245.0.0/16", "family": "IPv4"}]}}
		with data.company.allocations as _allocations
}

test_dual_stack_pod_ranges_inside_the_allocation_pass if {
	count(_pod_range_deny) == 0 with input as {"networks": {"pod": [
		{"cidr": "10.244.0.0/16", "family": "IPv4"},
		{"cidr": "fd00:10:244:1::/64", "family": "IPv6"},
	]}}
		with data.company.allocations as _allocations
}

test_pod_range_outside_the_allocation_is_denied_with_its_pointer if {
	results := _pod_range_deny with input as {"networks": {"pod": [
		{"cidr": "10.244.0.0/16", "family": "IPv4"},
		{"cidr": "10.100.0.0/16", "family": "IPv4"},
	]}}
		with data.company.allocations as _allocations
	count(results) == 1
	some r in results
	r.id == "ACME-NET-001"
	r.facts == ["/networks/pod/1"]
	r.msg == "pod range 10.100.0.0/16 is outside the company's pod allocation (10.244.0.0/14, fd00:10:244::/48)"
}

test_pod_range_larger_than_the_allocation_is_denied if {
	count(_pod_range_deny) == 1 with input as {"networks": {"pod": [{"cidr": "10.240.0.0/12", "family": "IPv4"}]}}
		with data.company.allocations as _allocations
}

test_no_allocation_warns_instead_of_passing if {
	count(_pod_range_deny) == 0 with input as {"networks": {"pod": [{"cidr": "10.100.0.0/16", "family": "IPv4"}]}}
	count(_pod_range_warn) == 1 with input as {"networks": {"pod": [{"cidr": "10.100.0.0/16", "family": "IPv4"}]}}
}
