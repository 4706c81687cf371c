package kubenetcheck.rules.kubeproxy.migration_test

import data.kubenetcheck.rules.kubeproxy.migration

_node(name, kernel) := {"name": name, "os": "linux", "kernelVersion": kernel, "kubeletVersion": "v1.33.1"}

_input(nodes) := {
	"cluster": {"version": null},
	"kubeProxy": {"present": true, "replacement": null, "modes": ["iptables"]},
	"nodes": nodes,
}

test_no_target_no_finding if {
	count(migration.findings) == 0 with input as _input([_node("a", "5.10.0-28-amd64")])
}

test_nftables_blocked_by_one_old_kernel if {
	fs := migration.findings with input as _input([_node("a", "6.1.0-18-amd64"), _node("b", "5.10.0-28-amd64")])
		with data.netcheck.params.targetProxyMode as "nftables"
		with data.netcheck.params.targetVersion as "v1.33"
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.severity == "error"
	f.message == "migration to kube-proxy nftables mode blocked: node b runs kernel 5.10.0-28-amd64: kube-proxy 1.33 and newer refuses to start in nftables mode on a kernel older than 5.13, unless KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set to a non-empty value (which skips the check, leaving the host's nft to be 1.0.1 or newer)"
	f.facts == ["/nodes/1"]
}

# kube-proxy 1.31 runs its kernel check only when the skip variable is set (fixed in 1.33, PR 130401).
test_nftables_old_kernel_on_1_31_is_a_warning if {
	fs := migration.findings with input as _input([_node("b", "5.10.0-28-amd64")])
		with data.netcheck.params.targetProxyMode as "nftables"
		with data.netcheck.params.targetVersion as "v1.31"
	some f in fs
	f.severity == "warning"
	startswith(f.message, "migration to kube-proxy nftables mode blocked: node b runs kernel 5.10.0-28-amd64: kube-proxy 1.31 checks the kernel only when KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set")
}

test_nftables_ready_when_every_kernel_is_new if {
	count(migration.findings) == 0 with input as _input([_node("a", "6.1.0-18-amd64"), _node("b", "5.13.0")])
		with data.netcheck.params.targetProxyMode as "nftables"
		with data.netcheck.params.targetVersion as "v1.33"
}

test_windows_nodes_are_not_judged_for_nftables if {
	win := {"name": "w", "os": "windows", "kernelVersion": "10.0.20348.2340", "kubeletVersion": "v1.33.1"}
	count(migration.findings) == 0 with input as _input([_node("a", "6.1.0"), win])
		with data.netcheck.params.targetProxyMode as "nftables"
}

test_nftables_before_1_29_and_alpha if {
	fs := migration.findings with input as _input([_node("a", "6.1.0")])
		with data.netcheck.params.targetProxyMode as "nftables"
		with data.netcheck.params.targetVersion as "v1.28"
	some f in fs
	f.message == "migration to kube-proxy nftables mode blocked: nftables mode does not exist before Kubernetes 1.29: target version v1.28 (--target-version)"
	alpha := migration.findings with input as _input([_node("a", "6.1.0")])
		with data.netcheck.params.targetProxyMode as "nftables"
		with data.netcheck.params.targetVersion as "v1.30"
	some g in alpha
	g.severity == "warning"
	contains(g.message, "NFTablesProxyMode feature gate")
}

test_userspace_removed_and_ipvs_deprecated if {
	us := migration.findings with input as _input([_node("a", "6.1.0")])
		with data.netcheck.params.targetProxyMode as "userspace"
		with data.netcheck.params.allowedProxyModes as ["userspace"]
	some f in us
	f.message == "migration to kube-proxy userspace mode blocked: userspace mode was removed in Kubernetes 1.26: kubelet version v1.33 (newest node, from the evidence)"
	ipvs := migration.findings with input as _input([_node("a", "6.1.0")])
		with data.netcheck.params.targetProxyMode as "ipvs"
		with data.netcheck.params.targetVersion as "1.35.0"
	some g in ipvs
	g.severity == "warning"
}

test_kernelspace_on_linux_nodes if {
	fs := migration.findings with input as _input([_node("a", "6.1.0")])
		with data.netcheck.params.targetProxyMode as "kernelspace"
	some f in fs
	f.message == "migration to kube-proxy kernelspace mode blocked: kernelspace is the Windows mode, but node a runs Linux"
}

test_a_mode_outside_the_allowed_list_blocks if {
	fs := migration.findings with input as _input([_node("a", "6.1.0")])
		with data.netcheck.params.targetProxyMode as "nftables"
		with data.netcheck.params.allowedProxyModes as ["iptables"]
	some f in fs
	f.message == "migration to kube-proxy nftables mode blocked: nftables is not an allowed proxy mode (allowed: iptables)"
}

test_unknown_kernels_and_versions_are_unknown if {
	no_kernel := {"name": "a", "os": "linux", "kernelVersion": null, "kubeletVersion": null}
	fs := migration.findings with input as _input([no_kernel])
		with data.netcheck.params.targetProxyMode as "nftables"
	count(fs) == 2
	every f in fs {
		f.verdict == "unknown"
	}
	none := migration.findings with input as _input([])
		with data.netcheck.params.targetProxyMode as "nftables"
		with data.netcheck.params.targetVersion as "v1.33"
	some g in none
	g.message == "cannot tell whether every node can run kube-proxy in nftables mode: no node list was given"
}

test_a_replacement_makes_the_mode_moot if {
	inp := {"cluster": {"version": null}, "kubeProxy": {"present": false, "replacement": "cilium", "modes": []}, "nodes": [_node("a", "5.4.0")]}
	fs := migration.findings with input as inp
		with data.netcheck.params.targetProxyMode as "nftables"
	count(fs) == 1
	some f in fs
	f.severity == "info"
	f.message == "kube-proxy is replaced by cilium here: moving kube-proxy to nftables mode changes nothing"
}

# Without any version, kube-proxy's behaviour on an old kernel is that of 1.33 and newer, said as unknown-version.
test_nftables_old_kernel_without_a_version if {
	fs := migration.findings with input as _input([{"name": "b", "os": "linux", "kernelVersion": "5.10.0-28-amd64", "kubeletVersion": null}])
		with data.netcheck.params.targetProxyMode as "nftables"
	some f in fs
	f.severity == "error"
	endswith(f.message, "the Kubernetes version is not known")
}
