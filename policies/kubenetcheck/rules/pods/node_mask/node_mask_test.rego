package kubenetcheck.rules.pods.node_mask_test

import data.kubenetcheck.rules.pods.node_mask

_v4(cidr, prefix) := {"cidr": cidr, "family": "IPv4", "prefixLength": prefix}

_v6(cidr, prefix) := {"cidr": cidr, "family": "IPv6", "prefixLength": prefix}

_input(pod, mask4, mask6, allocate, ipam, pools) := {
	"networks": {"pod": pod},
	"cluster": {"nodeCIDRMaskSize": {"IPv4": mask4, "IPv6": mask6}, "allocateNodeCIDRs": allocate},
	"cni": {"ipam": ipam, "pools": [{"network": p} | some p in pools]},
}

test_kubeadm_defaults_pass if {
	count(node_mask.findings) == 0 with input as _input([_v4("10.244.0.0/16", 16)], null, null, true, null, [])
}

test_not_judged_when_nothing_allocates if {
	count(node_mask.findings) == 0 with input as _input([_v4("10.244.0.0/26", 26)], null, null, null, "pool", [])
}

test_node_mask_shorter_than_the_pod_range if {
	fs := node_mask.findings with input as _input([_v4("10.244.0.0/25", 25)], null, null, true, null, [])
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "node mask /24 (the default) is shorter than the pod range 10.244.0.0/25: a node block would be larger than the whole range"
	f.facts == ["/networks/pod/0", "/cluster/nodeCIDRMaskSize/IPv4"]
}

test_more_than_16_bits_apart if {
	fs := node_mask.findings with input as _input([_v4("10.0.0.0/8", 8)], 26, null, true, null, [])
	count(fs) == 1
	some f in fs
	f.message == "node mask /26 (--node-cidr-mask-size) is 18 bits longer than the pod range 10.0.0.0/8: kube-controller-manager and kubeadm allow at most 16"
}

test_exactly_16_bits_apart_passes if {
	count(node_mask.findings) == 0 with input as _input([_v4("10.0.0.0/8", 8)], 24, null, null, null, [])
}

test_ipv6_default_64_against_a_slash_48 if {
	count(node_mask.findings) == 0 with input as _input([_v6("fd00:10:244::/48", 48)], null, null, true, null, [])
	fs := node_mask.findings with input as _input([_v6("fd00:10:244::/40", 40)], null, null, true, null, [])
	some f in fs
	f.message == "node mask /64 (the default) is 24 bits longer than the pod range fd00:10:244::/40: kube-controller-manager and kubeadm allow at most 16"
}

test_pod_range_too_small_for_kubeadm if {
	fs := node_mask.findings with input as _input([_v4("10.244.0.0/29", 29)], 29, null, true, null, [])
	count(fs) == 1
	some f in fs
	f.message == "pod range 10.244.0.0/29 has 8 addresses: kubeadm needs at least 14"
}

test_calico_pools_are_not_judged_against_the_node_mask if {
	pool := _v4("10.244.0.0/26", 26)
	cluster := _v4("10.244.0.0/16", 16)
	count(node_mask.findings) == 0 with input as _input([cluster, pool], null, null, true, "pool", [pool])
}

test_allocating_without_a_pod_range_is_unknown if {
	fs := node_mask.findings with input as _input([], null, null, true, null, [])
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
}

test_allocate_node_cidrs_false_turns_the_mask_check_off_even_with_a_mask if {
	inp := json.patch(_input([_v4("10.244.0.0/16", 16)], 12, null, false, null, []), [])
	count(node_mask.findings) == 0 with input as inp
}

test_kubeadm_needs_14_pod_addresses_even_without_allocation if {
	inp := json.patch(_input([_v4("10.244.0.0/29", 29)], null, null, false, null, []), [{"op": "add", "path": "/cluster/distribution", "value": "kubeadm"}])
	fs := node_mask.findings with input as inp
	count(fs) == 1
	some f in fs
	f.message == "pod range 10.244.0.0/29 has 8 addresses: kubeadm needs at least 14"
}
