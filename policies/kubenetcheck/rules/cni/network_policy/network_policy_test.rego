package kubenetcheck.rules.cni.network_policy_test

import data.kubenetcheck.rules.cni.network_policy

_input(count, name, enforces) := {"networkPolicies": {"count": count}, "cni": {"name": name, "enforcesNetworkPolicy": enforces}}

test_policies_with_calico_pass if {
	count(network_policy.findings) == 0 with input as _input(4, "calico", null)
}

test_policies_with_plain_flannel_fail if {
	fs := network_policy.findings with input as _input(3, "flannel", null)
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "3 NetworkPolicy object(s) exist, but the CNI flannel does not enforce NetworkPolicy and no policy controller is seen beside it: they isolate nothing"
	f.facts == ["/networkPolicies/count", "/cni/name"]
}

test_stated_enforcement_beats_the_name if {
	# Canal-style flannel with a policy controller.
	count(network_policy.findings) == 0 with input as _input(3, "flannel", true)
	count(network_policy.findings) == 1 with input as _input(3, "cilium", false)
}

test_no_policies_no_finding if {
	count(network_policy.findings) == 0 with input as _input(0, "flannel", null)
	count(network_policy.findings) == 0 with input as _input(null, "flannel", null)
}

test_unknown_cni_is_unknown if {
	fs := network_policy.findings with input as _input(2, null, null)
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	fs2 := network_policy.findings with input as _input(2, "some-other-cni", null)
	count(fs2) == 1
}

test_an_unknown_cni_that_does_not_enforce if {
	fs := network_policy.findings with input as _input(1, null, false)
	some f in fs
	f.message == "1 NetworkPolicy object(s) exist, but the CNI in use does not enforce NetworkPolicy and no policy controller is seen beside it: they isolate nothing"
}

# k3s runs an embedded network policy controller beside flannel by default.
test_k3s_flannel_is_unknown_not_a_failure if {
	doc := object.union(_input(3, "flannel", null), {"cluster": {"distribution": "k3s"}})
	fs := network_policy.findings with input as doc
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	startswith(f.evidence, "the k3s server's flags")
	count(network_policy.findings) == 0 with input as object.union(doc, {"cni": {"enforcesNetworkPolicy": true}})
}

# kube-network-policies (flannel's chart, netpol.enabled) or kube-router beside flannel enforce them.
test_a_policy_controller_beside_flannel_enforces if {
	doc := object.union(_input(3, "flannel", null), {"daemonSets": [{"name": "kube-network-policies", "namespace": "kube-system"}]})
	count(network_policy.findings) == 0 with input as doc
}
