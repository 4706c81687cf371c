package kubenetcheck.fleet.lib.groups_test

import data.kubenetcheck.fleet.lib.groups

_c(name) := {"name": name, "readable": true, "networks": {"node": [], "pod": [], "service": []}, "cni": {"name": null, "ipam": null}}

test_no_groups_is_one_mesh_of_every_cluster if {
	gs := groups.groups with input as {"clusters": [_c("a"), _c("b")], "groups": []}
	gs == [{"name": "all clusters", "kind": "mesh", "members": ["a", "b"]}]
}

test_members_by_index_and_entries_only_of_readable_clusters if {
	unread := object.union(_c("c"), {"readable": false})
	net := {"cidr": "10.0.0.0/8", "family": "IPv4", "first": "0000000000000000000000000a000000", "last": "0000000000000000000000000affffff"}
	a := object.union(_c("a"), {"networks": {"node": [], "pod": [net], "service": []}})
	c := object.union(unread, {"networks": {"node": [net], "pod": [], "service": []}})
	inp := {"clusters": [a, _c("b"), c, _c("d")], "groups": [{"name": "eu", "kind": "peering", "members": ["a", "c", "d"]}]}
	groups.members with input as inp == {0: {0, 2, 3}}
	groups.entries with input as inp == [{"i": 0, "role": "pod", "net": net, "pointer": "/clusters/0/networks/pod/0"}]
}
