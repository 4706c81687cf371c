package kubenetcheck.fleet.rules.ranges.cross_role_test

import data.kubenetcheck.fleet.rules.ranges.cross_role

_v4(cidr, first, last) := {"cidr": cidr, "family": "IPv4", "first": sprintf("000000000000000000000000%s", [first]), "last": sprintf("000000000000000000000000%s", [last])}

_cluster(name, node, pod, svc) := {
	"name": name, "readable": true,
	"networks": {"node": node, "pod": pod, "service": svc},
	"cni": {"name": "flannel", "ipam": "node-podcidr"},
}

_pod_16 := _v4("10.16.0.0/16", "0a100000", "0a10ffff")

_node_16_5 := _v4("10.16.5.0/24", "0a100500", "0a1005ff")

_svc_96 := _v4("10.96.0.0/12", "0a600000", "0a6fffff")

_node_1 := _v4("192.168.1.0/24", "c0a80100", "c0a801ff")

_pod_32 := _v4("10.32.0.0/16", "0a200000", "0a20ffff")

_svc_97 := _v4("10.97.0.0/16", "0a610000", "0a61ffff")

_peering := [{"name": "vpn", "kind": "peering", "members": ["a", "b"]}]

test_a_node_network_inside_a_peers_pod_range_fails_naming_both if {
	a := _cluster("a", [_node_1], [_pod_16], [_svc_96])
	b := _cluster("b", [_node_16_5], [_pod_32], [_v4("10.128.0.0/16", "0a800000", "0a80ffff")])
	fs := cross_role.findings with input as {"clusters": [a, b], "groups": _peering}
	fs == {{
		"verdict": "fail",
		"message": "node network 10.16.5.0/24 of cluster b overlaps pod range 10.16.0.0/16 of cluster a (10.16.0.0/16 contains 10.16.5.0/24), in group \"vpn\" (peering)",
		"facts": ["/clusters/1/networks/node/0", "/clusters/0/networks/pod/0"],
		"clusters": ["b", "a"],
		"group": "vpn",
	}}
}

test_peering_leaves_pod_against_service_alone_mesh_does_not if {
	a := _cluster("a", [_node_1], [_pod_16], [_svc_96])
	b := _cluster("b", [_v4("192.168.2.0/24", "c0a80200", "c0a802ff")], [_svc_97], [_v4("10.128.0.0/16", "0a800000", "0a80ffff")])
	count(cross_role.findings) == 0 with input as {"clusters": [a, b], "groups": _peering}
	fs := cross_role.findings with input as {"clusters": [a, b], "groups": []}
	[f.message | some f in fs] == ["pod range 10.97.0.0/16 of cluster b overlaps service range 10.96.0.0/12 of cluster a (10.96.0.0/12 contains 10.97.0.0/16), in group \"all clusters\" (mesh)"]
}

test_peering_without_a_pod_range_is_unknown if {
	a := _cluster("a", [_node_1], [], [_svc_96])
	b := _cluster("b", [_v4("192.168.2.0/24", "c0a80200", "c0a802ff")], [_pod_32], [_svc_97])
	fs := cross_role.findings with input as {"clusters": [a, b], "groups": _peering}
	[[f.verdict, f.facts] | some f in fs] == [["unknown", ["/clusters/0/networks/pod"]]]
}
