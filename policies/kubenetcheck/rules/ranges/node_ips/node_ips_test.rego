package kubenetcheck.rules.ranges.node_ips_test

import data.kubenetcheck.rules.ranges.node_ips

_net := {"cidr": "192.8.33.0/24", "family": "IPv4"}

_net6 := {"cidr": "fd00:8:33::/64", "family": "IPv6"}

_node(name, ips) := {"name": name, "internalIPs": ips}

test_lab_nodes_inside_the_node_network if {
	nodes := [_node("controlplane", ["192.8.33.6"]), _node("node01", ["192.8.33.8"])]
	count(node_ips.findings) == 0 with input as {"networks": {"node": [_net]}, "nodes": nodes}
}

test_a_node_registered_with_another_address if {
	nodes := [_node("controlplane", ["192.8.33.6"]), _node("node02", ["10.0.2.15"])]
	fs := node_ips.findings with input as {"networks": {"node": [_net]}, "nodes": nodes}
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "node node02 InternalIP 10.0.2.15 is outside the node network 192.8.33.0/24"
	f.facts == ["/nodes/1/internalIPs/0", "/networks/node"]
}

test_dual_stack_node_addresses if {
	nodes := [_node("a", ["192.8.33.6", "fd00:8:33::6"])]
	count(node_ips.findings) == 0 with input as {"networks": {"node": [_net, _net6]}, "nodes": nodes}
}

test_no_ipv6_node_network_is_unknown if {
	nodes := [_node("a", ["192.8.33.6", "fd00:8:33::6"])]
	fs := node_ips.findings with input as {"networks": {"node": [_net]}, "nodes": nodes}
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	f.message == "1 node(s) have IPv6 InternalIPs, but no source stated the IPv6 node network"
}

test_nodes_without_addresses_say_nothing if {
	count(node_ips.findings) == 0 with input as {"networks": {"node": []}, "nodes": [_node("a", [])]}
}
