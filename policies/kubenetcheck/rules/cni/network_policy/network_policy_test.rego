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
	f.message == "3 NetworkPolicy object(s) exist, but the CNI flannel does not enforce NetworkPolicy: they isolate nothing"
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
	f.message == "1 NetworkPolicy object(s) exist, but the CNI in use does not enforce NetworkPolicy: they isolate nothing"
}
