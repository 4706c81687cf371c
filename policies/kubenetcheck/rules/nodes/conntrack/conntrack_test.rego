package kubenetcheck.rules.nodes.conntrack_test

import data.kubenetcheck.rules.nodes.conntrack

_input(sysctls, nodes, per_core, min) := {
	"sysctls": sysctls,
	"nodes": nodes,
	"kubeProxy": {"present": true, "conntrack": {"max": null, "maxPerCore": per_core, "min": min}},
}

_ct(value, node) := {"key": "net.netfilter.nf_conntrack_max", "value": value, "node": node}

test_kube_proxy_default_on_a_small_node_passes if {
	count(conntrack.findings) == 0 with input as _input([_ct("131072", "n1")], [{"name": "n1", "cpu": 2}], null, null)
}

test_per_core_limit_on_a_big_node if {
	count(conntrack.findings) == 0 with input as _input([_ct("1048576", "n1")], [{"name": "n1", "cpu": 32}], null, null)
	fs := conntrack.findings with input as _input([_ct("262144", "n1")], [{"name": "n1", "cpu": 32}], null, null)
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "node n1 has nf_conntrack_max 262144, below the 1048576 kube-proxy sets (max(32768 × 32 cores, 131072)): the node drops new connections once the table is full"
	f.facts == ["/sysctls/0", "/kubeProxy/conntrack"]
}

test_unknown_cores_judge_against_the_minimum if {
	fs := conntrack.findings with input as _input([_ct("65536", null)], [], null, null)
	some f in fs
	f.message == "the node has nf_conntrack_max 65536, below the 131072 kube-proxy sets (at least its minimum 131072): the node drops new connections once the table is full"
}

test_configured_min_and_per_core if {
	count(conntrack.findings) == 0 with input as _input([_ct("65536", "n1")], [{"name": "n1", "cpu": 2}], 16384, 32768)
}

test_per_core_zero_leaves_the_limit_alone if {
	count(conntrack.findings) == 0 with input as _input([_ct("65536", "n1")], [], 0, null)
}

test_no_kube_proxy_is_not_judged if {
	inp := object.union(_input([_ct("65536", "n1")], [], null, null), {"kubeProxy": {"present": false}})
	count(conntrack.findings) == 0 with input as inp
}

test_non_numeric_value_is_ignored if {
	count(conntrack.findings) == 0 with input as _input([_ct("unlimited", "n1")], [], null, null)
}

# From 1.36 kube-proxy caps its value at 1,048,576: a 64-core node there is not low.
test_the_1_36_cap if {
	doc := _input([_ct("1048576", "n1")], [{"name": "n1", "cpu": 64}], null, null)
	count(conntrack.findings) == 0 with input as object.union(doc, {"cluster": {"version": "v1.36.0"}})
	fs := conntrack.findings with input as object.union(doc, {"cluster": {"version": "v1.35.2"}})
	count(fs) == 1
}
