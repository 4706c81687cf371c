package kubenetcheck.rules.kubeproxy.mode_version_test

import data.kubenetcheck.rules.kubeproxy.mode_version

_node(name, os, kernel, kubelet) := {"name": name, "os": os, "kernelVersion": kernel, "kubeletVersion": kubelet}

_input(modes, version, nodes) := {
	"kubeProxy": {"modes": modes, "present": count(modes) > 0},
	"cluster": {"version": version},
	"nodes": nodes,
}

_nodes := [_node("cp", "linux", "5.15.0-1071-gcp", "v1.31.0"), _node("n1", "linux", "6.8.0-1015-aws", "v1.31.0")]

test_iptables_is_never_judged_by_version if {
	count(mode_version.findings) == 0 with input as _input(["iptables"], "v1.35.0", _nodes)
	count(mode_version.findings) == 0 with input as _input(["iptables"], null, [])
}

test_userspace_before_1_26_is_fine if {
	count(mode_version.findings) == 0 with input as _input(["userspace"], "v1.25.16", _nodes)
}

test_userspace_on_the_target_version_is_removed if {
	fs := mode_version.findings with input as _input(["userspace"], "v1.24.17", _nodes)
		with data.netcheck.params.targetVersion as "v1.26.0"
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.severity == "error"
	f.message == "kube-proxy runs in userspace mode, which Kubernetes removed in 1.26: it does not start on target version v1.26 (--target-version)"
	f.value == "userspace"
}

test_version_from_the_cluster_and_from_kubelets if {
	fs := mode_version.findings with input as _input(["userspace"], "v1.27.3", _nodes)
	some f in fs
	contains(f.message, "cluster version v1.27 (from the evidence)")
	gs := mode_version.findings with input as _input(["userspace"], null, _nodes)
	some g in gs
	contains(g.message, "kubelet version v1.31 (newest node, from the evidence)")
}

test_nftables_before_1_29_does_not_exist if {
	fs := mode_version.findings with input as _input(["nftables"], "v1.28.4", _nodes)
	count(fs) == 1
	some f in fs
	f.severity == "error"
	f.message == "kube-proxy runs in nftables mode, which does not exist before Kubernetes 1.29: cluster version v1.28 (from the evidence)"
}

test_nftables_alpha_beta_ga if {
	alpha := mode_version.findings with input as _input(["nftables"], "v1.30.2", _nodes)
	some a in alpha
	a.severity == "warning"
	beta := mode_version.findings with input as _input(["nftables"], "v1.32.0", _nodes)
	some b in beta
	b.severity == "info"
	count(mode_version.findings) == 0 with input as _input(["nftables"], "v1.33.0", _nodes)
}

_kernel_nodes := [_node("cp", "linux", "5.15.0-1071-gcp", null), _node("old", "linux", "5.4.0-204-generic", null), _node("edge", "linux", "5.13", null)]

# From 1.33 (kubernetes PR 130401) kube-proxy refuses to start below 5.13.
test_nftables_needs_kernel_5_13_on_every_node if {
	fs := mode_version.findings with input as _input(["nftables"], "v1.33.1", _kernel_nodes)
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.severity == "error"
	f.message == "kube-proxy runs in nftables mode and node old runs kernel 5.4.0-204-generic: kube-proxy 1.33 and newer refuses to start in nftables mode on a kernel older than 5.13, unless KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set to a non-empty value (which skips the check, leaving the host's nft to be 1.0.1 or newer)"
	f.facts == ["/kubeProxy/mode", "/nodes/1", "/cluster/version"]
}

# 1.31 and 1.32 shipped the check inverted: kube-proxy starts, a warning.
test_nftables_old_kernel_on_1_31_and_1_32_is_a_warning if {
	fs := mode_version.findings with input as _input(["nftables"], "v1.32.4", _kernel_nodes)
	some f in fs
	f.severity == "warning"
	f.message == "kube-proxy runs in nftables mode and node old runs kernel 5.4.0-204-generic: kube-proxy 1.32 checks the kernel only when KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set (the check shipped inverted in 1.31, fixed in 1.33), so it starts; but below 5.13 the host's nft may be older than 1.0.1 and break on kube-proxy's rules, and from 1.33 kube-proxy refuses to start here"
}

# 1.29 and 1.30 have no kernel check at all.
test_nftables_old_kernel_on_1_29_and_1_30_is_a_warning if {
	fs := mode_version.findings with input as _input(["nftables"], "v1.30.2", _kernel_nodes)
	some f in fs
	contains(f.message, "node old")
	f.severity == "warning"
	endswith(f.message, "kube-proxy 1.30 does not check the kernel, so it starts; but below 5.13 the host's nft may be older than 1.0.1 and break on kube-proxy's rules, and from 1.33 kube-proxy refuses to start here")
}

test_nftables_old_kernel_without_a_version_is_unknown if {
	fs := mode_version.findings with input as _input(["nftables"], null, [_node("old", "linux", "5.10.0-33-cloud-amd64", null)])
	some f in fs
	contains(f.message, "node old")
	f.verdict == "unknown"
	f.severity == "error"
	endswith(f.message, "the Kubernetes version is not known")
}

test_windows_nodes_are_not_judged_for_the_kernel if {
	nodes := [_node("cp", "linux", "6.1.0-28-cloud-amd64", null), _node("win01", "windows", "10.0.20348.2849", null)]
	count(mode_version.findings) == 0 with input as _input(["nftables", "kernelspace"], "v1.33.1", nodes)
}

test_unknown_kernel_is_unknown if {
	nodes := [_node("cp", "linux", null, null)]
	fs := mode_version.findings with input as _input(["nftables"], "v1.33.1", nodes)
	some f in fs
	f.verdict == "unknown"
	f.message == "kube-proxy runs in nftables mode, which needs kernel 5.13 or newer, but the evidence does not show the kernel of 1 node(s): cp"
}

test_nftables_without_nodes_is_unknown if {
	fs := mode_version.findings with input as _input(["nftables"], "v1.33.1", [])
	some f in fs
	f.message == "kube-proxy runs in nftables mode, which needs kernel 5.13 or newer on every node, but no node list was given"
}

test_ipvs_deprecated_from_1_35_as_a_warning if {
	count(mode_version.findings) == 0 with input as _input(["ipvs"], "v1.34.2", _nodes)
	fs := mode_version.findings with input as _input(["ipvs"], "v1.34.2", _nodes)
		with data.netcheck.params.targetVersion as "1.35"
	some f in fs
	f.severity == "warning"
	f.message == "kube-proxy's ipvs mode is deprecated from Kubernetes 1.35 (target version v1.35 (--target-version)): plan a move to nftables"
}

test_no_version_is_unknown_for_version_dependent_modes if {
	fs := mode_version.findings with input as _input(["ipvs"], null, [])
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	f.severity == "warning"
	f.message == "kube-proxy runs in ipvs mode, whose support depends on the Kubernetes version, and no version is known"
}

test_no_kube_proxy_with_a_replacement_is_not_a_fault if {
	count(mode_version.findings) == 0 with input as _input([], null, _nodes)
}

test_a_version_two_digit_minor_compares_numerically if {
	# 1.9 is older than 1.26 although "1.9" > "1.26" as text.
	count(mode_version.findings) == 0 with input as _input(["userspace"], "v1.9.11", [])
}

test_many_unknown_kernels_are_summarised if {
	nodes := [_node(sprintf("n%d", [i]), "linux", null, null) | some i in numbers.range(1, 6)]
	fs := mode_version.findings with input as _input(["nftables"], "v1.33.1", nodes)
	some f in fs
	endswith(f.message, "n1, n2, n3, n4, n5 and 1 more")
}

test_unknowns_for_lack_of_runtime_facts_say_what_they_lack_and_how_to_verify if {
	kernel := mode_version.findings with input as _input(["nftables"], "v1.33.0", [])
	some k in kernel
	k.missing == ["/nodes"]
	k.verify == "`kubectl get nodes -o wide` shows KERNEL-VERSION 5.13 or newer on every Linux node"
	version := mode_version.findings with input as _input(["nftables"], null, [])
	some v in version
	v.value == "nftables"
	v.missing == ["/cluster/version"]
	startswith(v.verify, "`kubectl version` (or the kubeadm that builds the cluster, `kubeadm version`) shows Kubernetes 1.31 or newer")
}

test_userspace_without_a_version_stays_unknown_even_in_review if {
	fs := mode_version.findings with input as _input(["userspace"], null, [])
	some f in fs
	f.verdict == "unknown"
	not f.missing
	not f.verify
}
