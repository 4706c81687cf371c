package main

# Only this policy's results: every policy of the folder shares package main.
_internal_ip_deny contains r if {
	some r in deny
	r.id == "ACME-NET-003"
}

test_nodes_with_an_internal_ip_pass if {
	count(_internal_ip_deny) == 0 with input as {"nodes": [
		{"name": "controlplane", "internalIPs": ["192.8.33.6"]},
		{"name": "node01", "internalIPs": ["192.8.33.8", "fd00:8::8"]},
	]}
}

test_a_node_without_an_internal_ip_is_denied_with_its_pointer if {
	results := _internal_ip_deny with input as {"nodes": [
		{"name": "controlplane", "internalIPs": ["192.8.33.6"]},
		{"name": "node02", "internalIPs": []},
	]}
	count(results) == 1
	some r in results
	r.msg == "node node02 has no InternalIP address"
	r.facts == ["/nodes/1"]
}

test_no_node_list_judges_nothing if {
	count(_internal_ip_deny) == 0 with input as {"nodes": []}
}
