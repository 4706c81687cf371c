package kubenetcheck.rules.pods.node_mask_test

import data.kubenetcheck.rules.pods.node_mask

_v4(cidr, prefix) := {"cidr": cidr, "family": "IPv4", "prefixLength": prefix}

_v6(cidr, prefix) := {"cidr": cidr, "family": "IPv6", "prefixLength": prefix}

_input(pod, mask4, mask6, allocate, ipam, pools) := {
	"networks": {"pod": pod},
	"cluster": {"nodeCIDRMaskSize": {"IPv4": mask4, "IPv6": mask6}, "allocateNodeCIDRs": allocate},
	"cni": {"ipam": ipam, "pools": [{"network": p} | some p in pools]},
}

_kubeadm(doc, version) := object.union(doc, {"cluster": {"distribution": "kubeadm", "version": version}})

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

# The issue's case: an IPv4 cluster not built by kubeadm, /8 pods and /26 blocks.
# kube-controller-manager applies the 16-bit limit to IPv6 only (cidr_set.go).
test_ipv4_more_than_16_bits_apart_passes_without_kubeadm if {
	count(node_mask.findings) == 0 with input as _input([_v4("10.0.0.0/8", 8)], 26, null, true, null, [])
}

test_ipv4_more_than_16_bits_apart_fails_on_kubeadm if {
	fs := node_mask.findings with input as _kubeadm(_input([_v4("10.0.0.0/8", 8)], 26, null, true, null, []), "v1.31.2")
	count(fs) == 1
	some f in fs
	f.message == "node mask /26 (--node-cidr-mask-size) is 18 bits longer than the IPv4 pod range 10.0.0.0/8: kubeadm (1.20 and newer) refuses more than 16 (node-cidr-mask-size-ipv4 against networking.podSubnet; kube-controller-manager itself allows it for IPv4)"
	f.facts == ["/networks/pod/0", "/cluster/nodeCIDRMaskSize/IPv4", "/cluster/distribution"]
}

# kubeadm before 1.20 had no such check; from 1.21 it skips it with allocate-node-cidrs=false.
test_ipv4_kubeadm_check_by_version_and_allocate_node_cidrs if {
	count(node_mask.findings) == 0 with input as _kubeadm(_input([_v4("10.0.0.0/8", 8)], 26, null, true, null, []), "v1.19.16")
	count(node_mask.findings) == 0 with input as _kubeadm(_input([_v4("10.0.0.0/8", 8)], 26, null, false, null, []), "v1.31.2")
	count(node_mask.findings) == 1 with input as _kubeadm(_input([_v4("10.0.0.0/8", 8)], 26, null, true, null, []), null)
}

test_exactly_16_bits_apart_passes if {
	count(node_mask.findings) == 0 with input as _input([_v4("10.0.0.0/8", 8)], 24, null, null, null, [])
}

test_ipv6_default_64_against_a_slash_48 if {
	count(node_mask.findings) == 0 with input as _input([_v6("fd00:10:244::/48", 48)], null, null, true, null, [])
	fs := node_mask.findings with input as _input([_v6("fd00:10:244::/40", 40)], null, null, true, null, [])
	some f in fs
	f.message == "node mask /64 (the default) is 24 bits longer than the IPv6 pod range fd00:10:244::/40: kube-controller-manager allows at most 16 for IPv6 and fails to start"
}

test_pod_range_too_small_for_kubeadm if {
	fs := node_mask.findings with input as _kubeadm(_input([_v4("10.244.0.0/29", 29)], 29, null, true, null, []), "v1.31.2")
	count(fs) == 1
	some f in fs
	f.message == "pod range 10.244.0.0/29 has 8 addresses: kubeadm (1.20 and newer) needs at least 14 in networking.podSubnet"
	count(node_mask.findings) == 0 with input as _input([_v4("10.244.0.0/29", 29)], 29, null, true, null, [])
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
	f.message == "pod range 10.244.0.0/29 has 8 addresses: kubeadm (1.20 and newer) needs at least 14 in networking.podSubnet"
}
