package kubenetcheck.fleet.rules.ranges.overlap_test

import data.kubenetcheck.fleet.rules.ranges.overlap

_v4(cidr, first, last) := {"cidr": cidr, "family": "IPv4", "first": sprintf("000000000000000000000000%s", [first]), "last": sprintf("000000000000000000000000%s", [last])}

_pod_244 := _v4("10.244.0.0/16", "0af40000", "0af4ffff")

_pod_244_1 := _v4("10.244.1.0/24", "0af40100", "0af401ff")

_pod_245 := _v4("10.245.0.0/16", "0af50000", "0af5ffff")

_svc_96 := _v4("10.96.0.0/12", "0a600000", "0a6fffff")

_svc_112 := _v4("10.112.0.0/12", "0a700000", "0a7fffff")

_node(third) := _v4(sprintf("192.168.%d.0/24", [third]), sprintf("c0a8%02x00", [third]), sprintf("c0a8%02xff", [third]))

_cluster(name, node, pod, svc) := {
	"name": name, "readable": true,
	"networks": {"node": node, "pod": pod, "service": svc},
	"cni": {"name": "calico", "ipam": "pool"},
}

_eu := _cluster("eu-1", [_node(1)], [_pod_244], [_svc_96])

_us := _cluster("us-1", [_node(2)], [_pod_245], [_svc_112])

test_disjoint_clusters_pass if {
	count(overlap.findings) == 0 with input as {"clusters": [_eu, _us], "groups": []}
}

test_a_pod_range_inside_another_clusters_fails_naming_both_and_the_group if {
	us := _cluster("us-1", [_node(2)], [_pod_244_1], [_svc_112])
	fs := overlap.findings with input as {"clusters": [_eu, us], "groups": []}
	fs == {{
		"verdict": "fail",
		"message": "pod range 10.244.0.0/16 of cluster eu-1 overlaps pod range 10.244.1.0/24 of cluster us-1 (10.244.0.0/16 contains 10.244.1.0/24), in group \"all clusters\" (mesh)",
		"facts": ["/clusters/0/networks/pod/0", "/clusters/1/networks/pod/0"],
		"clusters": ["eu-1", "us-1"],
		"group": "all clusters",
	}}
}

test_peered_clusters_may_share_pod_and_service_ranges_but_not_node_networks if {
	us := _cluster("us-1", [_node(1)], [_pod_244], [_svc_96])
	fs := overlap.findings with input as {"clusters": [_eu, us], "groups": [{"name": "vpn", "kind": "peering", "members": ["eu-1", "us-1"]}]}
	[f.message | some f in fs] == ["node network 192.168.1.0/24 of cluster eu-1 overlaps node network 192.168.1.0/24 of cluster us-1 (they are the same range), in group \"vpn\" (peering)"]
}

test_clusters_in_different_groups_are_not_compared if {
	us := _cluster("us-1", [_node(1)], [_pod_244], [_svc_96])
	ap := _cluster("ap-1", [_node(3)], [_pod_245], [_svc_112])
	count(overlap.findings) == 0 with input as {"clusters": [_eu, us, ap], "groups": [
		{"name": "eu", "kind": "mesh", "members": ["eu-1", "ap-1"]},
		{"name": "us", "kind": "mesh", "members": ["us-1"]},
	]}
}

test_a_missing_pod_range_is_unknown_for_that_cluster if {
	us := _cluster("us-1", [_node(2)], [], [_svc_112])
	fs := overlap.findings with input as {"clusters": [_eu, us], "groups": []}
	[[f.verdict, f.message, f.facts] | some f in fs] == [[
		"unknown",
		"cannot tell whether the pod range of cluster us-1 overlaps another cluster's, in group \"all clusters\" (mesh): no source stated it",
		["/clusters/1/networks/pod"],
	]]
}

test_vpc_ipam_pods_are_judged_as_the_node_networks if {
	eks := object.union(_cluster("eks-1", [_node(1)], [], [_svc_112]), {"cni": {"name": "amazon-vpc-cni", "ipam": "vpc"}})
	fs := overlap.findings with input as {"clusters": [_eu, eks], "groups": []}
	[f.message | some f in fs] == ["node network 192.168.1.0/24 of cluster eu-1 overlaps node network 192.168.1.0/24 of cluster eks-1 (they are the same range), in group \"all clusters\" (mesh)"]
}

test_an_unreadable_cluster_is_not_compared if {
	us := object.union(_cluster("us-1", [], [], []), {"readable": false})
	count(overlap.findings) == 0 with input as {"clusters": [_eu, us], "groups": []}
}
