package kubenetcheck.lib_test

import data.kubenetcheck.lib.numbers
import data.kubenetcheck.lib.pods
import data.kubenetcheck.lib.scheduling
import data.kubenetcheck.lib.versions

test_versions_parse_and_compare if {
	versions.minor_of("v1.31.2") == [1, 31]
	versions.minor_of("1.9") == [1, 9]
	not versions.minor_of("latest")
	versions.kernel_of("5.15.0-1071-gcp") == [5, 15, 0]
	versions.kernel_of("6.8") == [6, 8, 0]
	versions.kernel_of("4.18.0-553.el8_10.x86_64") < [5, 13]
}

test_whole_numbers_drop_leading_zeros if {
	numbers.integer("42") == 42
	numbers.integer("04") == 4
	numbers.integer("000") == 0
	numbers.integer("-012") == -12
	not numbers.integer("4.2")
	not numbers.integer("")
	versions.kernel_of("22.04.3") == [22, 4, 3]
	versions.minor_of("v1.09") == [1, 9]
}

test_hostname_label_is_known_without_labels if {
	ds := {"nodeSelector": {"kubernetes.io/hostname": "a"}, "tolerations": [], "role": "other"}
	scheduling.selector(ds, {"name": "a", "labels": null, "os": null}) == "yes"
	scheduling.selector(ds, {"name": "b", "labels": null, "os": null}) == "no"
}

test_other_daemonsets_get_no_host_network_toleration if {
	ds := {"nodeSelector": {}, "tolerations": [], "role": "other"}
	node := {"name": "a", "labels": {}, "taints": [{"key": "node.kubernetes.io/network-unavailable", "effect": "NoSchedule"}]}
	scheduling.runs_on(ds, node) == "no"
	scheduling.runs_on(object.union(ds, {"role": "cni"}), node) == "yes"
}

test_unknown_tolerations_with_harmless_taints if {
	ds := {"nodeSelector": {}, "tolerations": null, "role": "cni"}
	scheduling.taints(ds, {"taints": [{"key": "spot", "effect": "PreferNoSchedule"}]}) == "yes"
	scheduling.taints(ds, {"taints": [{"key": "spot", "effect": "NoSchedule"}]}) == "unknown"
}

test_allocation_ranges_fall_back_to_pools_without_pool_ipam if {
	flannel := {"cidr": "10.244.0.0/16", "family": "IPv4"}
	inp := {"networks": {"pod": [flannel]}, "cni": {"ipam": "node-podcidr", "pools": [{"network": flannel}]}}
	pods.allocation_ranges("IPv4") == [[0, flannel]] with input as inp
	pods.allocation_ranges("IPv4") == [] with input as object.union(inp, {"cni": {"ipam": "pool"}})
}

test_node_podcidr_ipam_allocates if {
	pods.allocates with input as {"cluster": {"allocateNodeCIDRs": null, "nodeCIDRMaskSize": {"IPv4": null, "IPv6": null}}, "cni": {"ipam": "node-podcidr"}}
	not pods.allocates with input as {"cluster": {"allocateNodeCIDRs": null, "nodeCIDRMaskSize": {"IPv4": null, "IPv6": null}}, "cni": {"ipam": "pool"}}
}

test_a_shown_label_set_without_the_key_does_not_match if {
	ds := {"nodeSelector": {"pool": "blue"}, "tolerations": [], "role": "other"}
	scheduling.selector(ds, {"name": "a", "labels": {"kubernetes.io/os": "linux"}, "os": "linux"}) == "no"
	scheduling.selector(ds, {"name": "a", "labels": null, "os": "linux"}) == "unknown"
}

test_label_reads_shown_labels if {
	scheduling.label({"labels": {"pool": "blue"}}, "pool") == "blue"
}
