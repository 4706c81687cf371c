package kubenetcheck.rules.kubeproxy.mode_allowed_test

import data.kubenetcheck.rules.kubeproxy.mode_allowed

_input(modes, present) := {"kubeProxy": {"modes": modes, "present": present}}

test_iptables_is_allowed_by_default if {
	count(mode_allowed.findings) == 0 with input as _input(["iptables"], true)
}

test_ipvs_and_nftables_are_allowed_by_default if {
	count(mode_allowed.findings) == 0 with input as _input(["ipvs", "nftables"], true)
}

test_userspace_is_not_allowed if {
	fs := mode_allowed.findings with input as _input(["userspace"], true)
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "kube-proxy runs in userspace mode, which is not allowed (allowed: iptables, ipvs, nftables)"
	f.value == "userspace"
}

test_the_allowed_list_is_a_parameter if {
	fs := mode_allowed.findings with input as _input(["iptables"], true)
		with data.netcheck.params.allowedProxyModes as ["nftables"]
	some f in fs
	f.message == "kube-proxy runs in iptables mode, which is not allowed (allowed: nftables)"
}

test_each_mode_of_mixed_nodes_is_judged if {
	fs := mode_allowed.findings with input as _input(["iptables", "userspace", "ipvs"], true)
		with data.netcheck.params.allowedProxyModes as ["iptables"]
	count(fs) == 2
}

test_windows_kernelspace_is_judged_on_its_own_list if {
	count(mode_allowed.findings) == 0 with input as _input(["iptables", "kernelspace"], true)
	fs := mode_allowed.findings with input as _input(["kernelspace"], true)
		with data.netcheck.params.allowedWindowsProxyModes as []
	count(fs) == 1
}

test_unknown_mode_is_unknown_not_pass if {
	fs := mode_allowed.findings with input as _input([], null)
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
}

test_no_kube_proxy_with_a_replacement_is_not_a_fault if {
	count(mode_allowed.findings) == 0 with input as _input([], false)
}
