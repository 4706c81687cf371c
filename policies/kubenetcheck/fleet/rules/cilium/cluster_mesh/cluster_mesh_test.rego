package kubenetcheck.fleet.rules.cilium.cluster_mesh_test

import data.kubenetcheck.fleet.rules.cilium.cluster_mesh

_c(name, cilium) := {
	"name": name, "readable": true,
	"networks": {"node": [], "pod": [], "service": []},
	"cni": {"name": "cilium", "ipam": "pool", "cilium": cilium},
}

_mesh := [{"name": "mesh", "kind": "cilium-cluster-mesh", "members": ["a", "b"]}]

_id(name, id) := {"clusterName": name, "clusterId": id, "maxConnectedClusters": null}

test_unique_names_and_ids_pass if {
	count(cluster_mesh.findings) == 0 with input as {"clusters": [_c("a", _id("a", 1)), _c("b", _id("b", 2))], "groups": _mesh}
}

test_not_judged_outside_a_cilium_cluster_mesh_group if {
	count(cluster_mesh.findings) == 0 with input as {"clusters": [_c("a", _id("x", 0)), _c("b", _id("x", 0))], "groups": []}
}

test_the_same_id_fails_naming_both_clusters if {
	fs := cluster_mesh.findings with input as {"clusters": [_c("a", _id("a", 7)), _c("b", _id("b", 7))], "groups": _mesh}
	fs == {{
		"verdict": "fail",
		"message": "clusters a and b have the same Cilium cluster ID, 7: each cluster of a Cluster Mesh needs its own, in group \"mesh\" (cilium-cluster-mesh)",
		"facts": ["/clusters/0/cni/cilium/clusterId", "/clusters/1/cni/cilium/clusterId"],
		"clusters": ["a", "b"],
		"group": "mesh",
	}}
}

test_the_same_name_fails if {
	fs := cluster_mesh.findings with input as {"clusters": [_c("a", _id("prod", 1)), _c("b", _id("prod", 2))], "groups": _mesh}
	[f.message | some f in fs] == ["clusters a and b have the same Cilium cluster name, prod: each cluster of a Cluster Mesh needs its own, in group \"mesh\" (cilium-cluster-mesh)"]
}

test_id_zero_is_unset_and_above_255_needs_511 if {
	fs := cluster_mesh.findings with input as {"clusters": [_c("a", _id("a", 0)), _c("b", _id("b", 300))], "groups": _mesh}
	{f.message | some f in fs} == {
		"cluster a has Cilium cluster ID 0: Cluster Mesh needs an ID from 1 to 255, in group \"mesh\" (cilium-cluster-mesh)",
		"cluster b has Cilium cluster ID 300: Cluster Mesh needs an ID from 1 to 255, in group \"mesh\" (cilium-cluster-mesh)",
	}
	wide := {"clusterName": "b", "clusterId": 300, "maxConnectedClusters": 511}
	count(cluster_mesh.findings) == 1 with input as {"clusters": [_c("a", _id("a", 0)), _c("b", wide)], "groups": _mesh}
}

test_unstated_name_and_id_are_unknown_and_another_cni_fails if {
	a := {"name": "a", "readable": true, "networks": {"node": [], "pod": [], "service": []}, "cni": {"name": "cilium", "ipam": "pool"}}
	b := {"name": "b", "readable": true, "networks": {"node": [], "pod": [], "service": []}, "cni": {"name": "calico", "ipam": "pool"}}
	fs := cluster_mesh.findings with input as {"clusters": [a, b], "groups": _mesh}
	{[f.verdict, f.facts[0]] | some f in fs} == {
		["unknown", "/clusters/0/cni/cilium/clusterName"],
		["unknown", "/clusters/0/cni/cilium/clusterId"],
		["fail", "/clusters/1/cni/name"],
	}
}
