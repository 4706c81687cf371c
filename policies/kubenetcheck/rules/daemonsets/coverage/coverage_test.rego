package kubenetcheck.rules.daemonsets.coverage_test

import data.kubenetcheck.rules.daemonsets.coverage

_ds(name, role, desired, selector, tolerations) := {
	"namespace": "kube-system", "name": name, "role": role,
	"desired": desired, "current": desired, "ready": desired, "upToDate": desired, "available": desired,
	"nodeSelector": selector, "tolerations": tolerations,
}

_node(name, os, taints) := {"name": name, "labels": null, "os": os, "taints": taints}

_kube_proxy(desired) := _ds("kube-proxy", "kube-proxy", desired, {"kubernetes.io/os": "linux"}, [{"operator": "Exists"}])

_cp_taint := {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}

test_desired_equals_matching_nodes if {
	nodes := [_node("controlplane", "linux", null), _node("node01", "linux", null)]
	count(coverage.findings) == 0 with input as {"daemonSets": [_kube_proxy(2)], "nodes": nodes}
}

test_a_node_without_kube_proxy if {
	nodes := [_node("cp", "linux", null), _node("n1", "linux", null), _node("n2", "linux", null)]
	fs := coverage.findings with input as {"daemonSets": [_kube_proxy(2)], "nodes": nodes}
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "DaemonSet kube-system/kube-proxy DESIRED is 2, but 3 of the 3 nodes should run it (node selector kubernetes.io/os=linux)"
	f.facts == ["/daemonSets/0/desired", "/nodes"]
}

test_windows_nodes_are_not_selected_by_a_linux_selector if {
	nodes := [_node("cp", "linux", null), _node("win01", "windows", null)]
	count(coverage.findings) == 0 with input as {"daemonSets": [_kube_proxy(1)], "nodes": nodes}
}

test_tainted_control_plane_without_toleration if {
	calico := _ds("calico-node", "cni", 2, {}, [{"key": "CriticalAddonsOnly", "operator": "Exists"}])
	nodes := [_node("cp", "linux", [_cp_taint]), _node("n1", "linux", []), _node("n2", "linux", [])]
	count(coverage.findings) == 0 with input as {"daemonSets": [calico], "nodes": nodes}
}

test_tainted_control_plane_with_toleration_must_be_covered if {
	weave := _ds("weave-net", "cni", 2, {}, [{"operator": "Exists", "effect": "NoSchedule"}, {"operator": "Exists", "effect": "NoExecute"}])
	nodes := [_node("cp", "linux", [_cp_taint]), _node("n1", "linux", []), _node("n2", "linux", [])]
	fs := coverage.findings with input as {"daemonSets": [weave], "nodes": nodes}
	some f in fs
	f.message == "DaemonSet kube-system/weave-net DESIRED is 2, but 3 of the 3 nodes should run it"
}

test_controller_added_tolerations_count if {
	# A NotReady node carries node.kubernetes.io/not-ready:NoExecute; daemon pods tolerate it anyway.
	ds := _ds("cilium", "cni", 2, {}, [])
	nodes := [
		_node("n1", "linux", []),
		_node("n2", "linux", [{"key": "node.kubernetes.io/not-ready", "effect": "NoExecute"}, {"key": "node.kubernetes.io/network-unavailable", "effect": "NoSchedule"}]),
	]
	count(coverage.findings) == 0 with input as {"daemonSets": [ds], "nodes": nodes}
}

test_prefer_no_schedule_does_not_block if {
	ds := _ds("weave-net", "cni", 2, {}, [])
	nodes := [_node("n1", "linux", [{"key": "spot", "effect": "PreferNoSchedule"}]), _node("n2", "linux", [])]
	count(coverage.findings) == 0 with input as {"daemonSets": [ds], "nodes": nodes}
}

test_equal_toleration_needs_the_value if {
	ds := _ds("weave-net", "cni", 1, {}, [{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}])
	nodes := [_node("gpu1", "linux", [{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]), _node("db1", "linux", [{"key": "dedicated", "value": "db", "effect": "NoSchedule"}])]
	count(coverage.findings) == 0 with input as {"daemonSets": [ds], "nodes": nodes}
}

test_status_counts_must_equal_desired if {
	ds := object.union(_kube_proxy(3), {"ready": 2, "available": 2})
	nodes := [_node("a", "linux", null), _node("b", "linux", null), _node("c", "linux", null)]
	fs := coverage.findings with input as {"daemonSets": [ds], "nodes": nodes}
	count(fs) == 2
	some f in fs
	f.message == "DaemonSet kube-system/kube-proxy READY is 2 of DESIRED 3: 1 node(s) without a ready pod"
}

test_status_is_checked_without_a_node_list if {
	ds := object.union(_kube_proxy(3), {"upToDate": 1})
	fs := coverage.findings with input as {"daemonSets": [ds], "nodes": []}
	some f in fs
	f.verdict == "fail"
	contains(f.message, "UP-TO-DATE is 1 of DESIRED 3")
}

test_no_nodes_is_unknown_not_pass if {
	fs := coverage.findings with input as {"daemonSets": [_kube_proxy(2)], "nodes": []}
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	f.message == "DaemonSet kube-system/kube-proxy DESIRED is 2, but no node list was given: cannot tell how many nodes it should run on"
}

test_unknown_taints_with_partial_tolerations_is_unknown if {
	ds := _ds("calico-node", "cni", 2, {}, [{"operator": "Exists", "effect": "NoSchedule"}])
	nodes := [_node("a", "linux", null), _node("b", "linux", null)]
	fs := coverage.findings with input as {"daemonSets": [ds], "nodes": nodes}
	some f in fs
	f.verdict == "unknown"
	contains(f.message, "cannot tell whether it should run on a, b")
}

test_unknown_labels_for_a_custom_selector_is_unknown if {
	ds := _ds("kube-proxy", "kube-proxy", 2, {"node.kubernetes.io/pool": "blue"}, [{"operator": "Exists"}])
	nodes := [_node("a", "linux", null), _node("b", "linux", null)]
	fs := coverage.findings with input as {"daemonSets": [ds], "nodes": nodes}
	some f in fs
	f.verdict == "unknown"
}

test_labels_decide_when_shown if {
	ds := _ds("kube-proxy", "kube-proxy", 1, {"node.kubernetes.io/pool": "blue"}, [{"operator": "Exists"}])
	nodes := [
		{"name": "a", "labels": {"node.kubernetes.io/pool": "blue"}, "os": "linux", "taints": []},
		{"name": "b", "labels": {"node.kubernetes.io/pool": "green"}, "os": "linux", "taints": []},
	]
	count(coverage.findings) == 0 with input as {"daemonSets": [ds], "nodes": nodes}
}

test_other_daemonsets_are_not_judged if {
	ds := _ds("node-exporter", "other", 1, {}, [])
	nodes := [_node("a", "linux", []), _node("b", "linux", [])]
	fs := coverage.findings with input as {"daemonSets": [ds], "nodes": nodes}
	some f in fs
	f.message == "no kube-proxy or CNI DaemonSet status was given: cannot tell whether they run on every node"
}

test_no_namespace_shown if {
	ds := object.union(_kube_proxy(3), {"namespace": null})
	fs := coverage.findings with input as {"daemonSets": [ds], "nodes": [_node("a", "linux", null)]}
	some f in fs
	startswith(f.message, "DaemonSet kube-proxy DESIRED is 3")
}

_with_affinity(ds, terms) := object.union(ds, {"requiredNodeAffinity": terms})

_labelled(name, labels) := {"name": name, "labels": labels, "os": "linux", "taints": []}

test_required_node_affinity_excludes_nodes if {
	# Cilium-style: only linux nodes, and not the ones opted out.
	ds := _with_affinity(_ds("cilium", "cni", 2, {}, [{"operator": "Exists"}]), [{"matchExpressions": [
		{"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]},
		{"key": "io.cilium/no-schedule", "operator": "NotIn", "values": ["true"]},
	]}])
	nodes := [
		_labelled("a", {"kubernetes.io/os": "linux"}),
		_labelled("b", {"kubernetes.io/os": "linux", "io.cilium/no-schedule": "false"}),
		_labelled("c", {"kubernetes.io/os": "linux", "io.cilium/no-schedule": "true"}),
		_labelled("win", {"kubernetes.io/os": "windows"}),
	]
	count(coverage.findings) == 0 with input as {"daemonSets": [ds], "nodes": nodes}
	fs := coverage.findings with input as {"daemonSets": [object.union(ds, {"desired": 3, "current": 3, "ready": 3, "upToDate": 3, "available": 3})], "nodes": nodes}
	some f in fs
	f.message == "DaemonSet kube-system/cilium DESIRED is 3, but 2 of the 4 nodes should run it"
}

test_affinity_terms_are_ored if {
	ds := _with_affinity(_ds("calico-node", "cni", 2, {}, [{"operator": "Exists"}]), [
		{"matchExpressions": [{"key": "pool", "operator": "In", "values": ["blue"]}]},
		{"matchExpressions": [{"key": "pool", "operator": "In", "values": ["green"]}]},
	])
	nodes := [_labelled("a", {"pool": "blue"}), _labelled("b", {"pool": "green"}), _labelled("c", {"pool": "red"})]
	count(coverage.findings) == 0 with input as {"daemonSets": [ds], "nodes": nodes}
}

test_affinity_exists_does_not_exist_gt_lt_and_fields if {
	terms := [{
		"matchExpressions": [
			{"key": "gpu", "operator": "DoesNotExist"},
			{"key": "zone", "operator": "Exists"},
			{"key": "generation", "operator": "Gt", "values": ["3"]},
			{"key": "generation", "operator": "Lt", "values": ["10"]},
		],
		"matchFields": [{"key": "metadata.name", "operator": "NotIn", "values": ["drained"]}],
	}]
	ds := _with_affinity(_ds("kube-proxy", "kube-proxy", 1, {}, [{"operator": "Exists"}]), terms)
	nodes := [
		_labelled("ok", {"zone": "a", "generation": "5"}),
		_labelled("gpu", {"zone": "a", "generation": "5", "gpu": "h100"}),
		_labelled("old", {"zone": "a", "generation": "2"}),
		_labelled("nozone", {"generation": "5"}),
		_labelled("notanumber", {"zone": "a", "generation": "five"}),
		_labelled("drained", {"zone": "a", "generation": "5"}),
	]
	count(coverage.findings) == 0 with input as {"daemonSets": [ds], "nodes": nodes}
}

test_an_empty_affinity_term_matches_no_node if {
	ds := _with_affinity(_ds("kube-proxy", "kube-proxy", 0, {}, [{"operator": "Exists"}]), [{}])
	count(coverage.findings) == 0 with input as {"daemonSets": [ds], "nodes": [_labelled("a", {})]}
}

test_affinity_on_labels_not_shown_is_unknown if {
	ds := _with_affinity(_ds("kube-proxy", "kube-proxy", 1, {}, [{"operator": "Exists"}]), [{"matchExpressions": [{"key": "pool", "operator": "In", "values": ["blue"]}]}])
	fs := coverage.findings with input as {"daemonSets": [ds], "nodes": [_node("a", "linux", [])]}
	some f in fs
	f.verdict == "unknown"
}

test_affinity_on_the_os_label_is_known_from_the_table if {
	ds := _with_affinity(_ds("kube-proxy", "kube-proxy", 1, {}, [{"operator": "Exists"}]), [{"matchExpressions": [{"key": "kubernetes.io/os", "operator": "In", "values": ["linux"]}]}])
	count(coverage.findings) == 0 with input as {"daemonSets": [ds], "nodes": [_node("a", "linux", []), _node("w", "windows", [])]}
}

test_affinity_with_unknown_field_is_unknown if {
	ds := _with_affinity(_ds("kube-proxy", "kube-proxy", 1, {}, [{"operator": "Exists"}]), [{"matchFields": [{"key": "spec.unschedulable", "operator": "In", "values": ["false"]}]}])
	fs := coverage.findings with input as {"daemonSets": [ds], "nodes": [_labelled("a", {})]}
	some f in fs
	f.verdict == "unknown"
}

test_selector_not_shown_is_unknown_and_says_so if {
	ds := object.union(_kube_proxy(2), {"nodeSelector": null, "desired": null})
	fs := coverage.findings with input as {"daemonSets": [ds], "nodes": [_node("a", "linux", [])]}
	some f in fs
	f.message == "DaemonSet kube-system/kube-proxy: cannot tell whether it should run on a: the evidence does not show the DaemonSet's node selector"
	gs := coverage.findings with input as {"daemonSets": [ds], "nodes": []}
	some g in gs
	g.message == "DaemonSet kube-system/kube-proxy DESIRED is unknown, but no node list was given: cannot tell how many nodes it should run on"
}

test_k3s_with_its_own_flannel_expects_no_daemonset if {
	fs := coverage.findings with input as {"daemonSets": [], "nodes": [_node("a", "linux", [])], "cluster": {"distribution": "k3s"}, "cni": {"name": "flannel"}}
	count(fs) == 0
}

test_k3s_with_another_cni_still_needs_its_daemonset_status if {
	fs := coverage.findings with input as {"daemonSets": [], "nodes": [_node("a", "linux", [])], "cluster": {"distribution": "k3s"}, "cni": {"name": "cilium"}}
	some f in fs
	f.verdict == "unknown"
}
