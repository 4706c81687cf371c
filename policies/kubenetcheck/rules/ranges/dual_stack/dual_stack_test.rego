package kubenetcheck.rules.ranges.dual_stack_test

import data.kubenetcheck.rules.ranges.dual_stack

_v4(cidr) := {"cidr": cidr, "family": "IPv4"}

_v6(cidr) := {"cidr": cidr, "family": "IPv6"}

_input(node, pod, service) := {
	"networks": {"node": node, "pod": pod, "service": service},
	"nodes": [],
	"kubeProxy": {"clusterCIDR": []},
	"cni": {"ipam": null},
}

test_single_stack_ipv4_passes if {
	count(dual_stack.findings) == 0 with input as _input([_v4("192.168.10.0/24")], [_v4("10.244.0.0/16")], [_v4("10.96.0.0/12")])
}

test_dual_stack_everywhere_passes if {
	inp := _input(
		[_v4("192.168.10.0/24"), _v6("fd00:10::/64")],
		[_v4("10.244.0.0/16"), _v6("fd00:10:244::/56")],
		[_v4("10.96.0.0/12"), _v6("fd00:10:96::/112")],
	)
	count(dual_stack.findings) == 0 with input as inp
}

test_dual_stack_pods_single_stack_services_is_valid if {
	inp := _input([_v4("192.168.10.0/24"), _v6("fd00:10::/64")], [_v4("10.244.0.0/16"), _v6("fd00:10:244::/56")], [_v4("10.96.0.0/12")])
	count(dual_stack.findings) == 0 with input as inp
}

test_ipv6_services_without_ipv6_pods if {
	inp := _input([_v4("192.168.10.0/24")], [_v4("10.244.0.0/16")], [_v4("10.96.0.0/12"), _v6("fd00:10:96::/112")])
	fs := dual_stack.findings with input as inp
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "the service range has IPv6 (fd00:10:96::/112) but no pod range does: Services of that family have no endpoints"
}

test_ipv6_pods_on_ipv4_only_nodes if {
	inp := _input([_v4("192.168.10.0/24")], [_v4("10.244.0.0/16"), _v6("fd00:10:244::/56")], [_v4("10.96.0.0/12")])
	fs := dual_stack.findings with input as inp
	some f in fs
	f.message == "the pod range has IPv6 (fd00:10:244::/56) but no node has an IPv6 address: the nodes cannot route it"
}

test_node_internal_ips_count_as_node_families if {
	inp := object.union(
		_input([_v4("192.168.10.0/24")], [_v4("10.244.0.0/16"), _v6("fd00:10:244::/56")], []),
		{"nodes": [{"name": "a", "internalIPs": ["192.168.10.5", "fd00:10::5"], "podCIDRs": []}]},
	)
	count(dual_stack.findings) == 0 with input as inp
}

test_kube_proxy_cluster_cidr_lacking_a_family if {
	inp := object.union(
		_input([_v4("192.168.10.0/24"), _v6("fd00:10::/64")], [_v4("10.244.0.0/16"), _v6("fd00:10:244::/56")], []),
		{"kubeProxy": {"clusterCIDR": [_v4("10.244.0.0/16")]}},
	)
	fs := dual_stack.findings with input as inp
	count(fs) == 1
	some f in fs
	f.message == "kube-proxy clusterCIDR 10.244.0.0/16 names no IPv6 range, but the pod range has IPv6 (fd00:10:244::/56)"
}

test_nodes_with_one_family_of_pod_cidrs if {
	base := _input([_v4("192.168.10.0/24"), _v6("fd00:10::/64")], [_v4("10.244.0.0/16"), _v6("fd00:10:244::/56")], [])
	nodes := [
		{"name": "a", "internalIPs": [], "podCIDRs": [_v4("10.244.0.0/24"), _v6("fd00:10:244::/64")]},
		{"name": "b", "internalIPs": [], "podCIDRs": [_v4("10.244.1.0/24")]},
		{"name": "c", "internalIPs": [], "podCIDRs": []},
	]
	fs := dual_stack.findings with input as object.union(base, {"nodes": nodes})
	count(fs) == 1
	some f in fs
	f.message == "the pod range is dual-stack but 1 node(s) have podCIDRs of one family: b"
	count(dual_stack.findings) == 0 with input as object.union(base, {"nodes": nodes, "cni": {"ipam": "pool"}})
}

test_many_lacking_nodes_are_summarised if {
	base := _input([_v4("192.168.10.0/24"), _v6("fd00:10::/64")], [_v4("10.244.0.0/16"), _v6("fd00:10:244::/56")], [])
	nodes := [{"name": sprintf("n%d", [i]), "internalIPs": [], "podCIDRs": [_v4("10.244.1.0/24")]} | some i in numbers.range(1, 7)]
	fs := dual_stack.findings with input as object.union(base, {"nodes": nodes})
	some f in fs
	f.message == "the pod range is dual-stack but 7 node(s) have podCIDRs of one family: n1, n2, n3, n4, n5 and 2 more"
}

# With detectLocalMode NodeCIDR (or the interface modes) kube-proxy does not read clusterCIDR.
test_kube_proxy_cluster_cidr_not_judged_without_detect_local_mode_cluster_cidr if {
	inp := object.union(
		_input([_v4("192.168.10.0/24"), _v6("fd00:10::/64")], [_v4("10.244.0.0/16"), _v6("fd00:10:244::/56")], []),
		{"kubeProxy": {"clusterCIDR": [_v4("10.244.0.0/16")], "detectLocalMode": "NodeCIDR"}},
	)
	count(dual_stack.findings) == 0 with input as inp
	count(dual_stack.findings) == 1 with input as object.union(inp, {"kubeProxy": {"detectLocalMode": "ClusterCIDR"}})
}
