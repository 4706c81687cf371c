package kubenetcheck.fleet.lib.groups_test

import data.kubenetcheck.fleet.lib.groups

_c(name) := {"name": name, "readable": true, "networks": {"node": [], "pod": [], "service": []}, "cni": {"name": null, "ipam": null}}

test_no_groups_is_one_mesh_of_every_cluster if {
	gs := groups.groups with input as {"clusters": [_c("a"), _c("b")], "groups": []}
	gs == [{"name": "all clusters", "kind": "mesh", "members": ["a", "b"]}]
}

test_pairs_only_of_readable_members_of_a_group if {
	unread := object.union(_c("c"), {"readable": false})
	ps := groups.pairs with input as {
		"clusters": [_c("a"), _c("b"), unread, _c("d")],
		"groups": [{"name": "eu", "kind": "peering", "members": ["a", "c", "d"]}],
	}
	ps == {[0, 0, 3]}
}
