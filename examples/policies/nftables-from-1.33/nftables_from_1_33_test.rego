package main

# Only this policy's results: every policy of the folder shares package main.
_nftables_deny contains r if {
	some r in deny
	r.id == "ACME-NET-002"
}

_nftables_warn contains r if {
	some r in warn
	r.id == "ACME-NET-002"
}

_nodes(version, kernel) := [
	{"name": "controlplane", "kubeletVersion": version, "kernelVersion": kernel},
	{"name": "node01", "kubeletVersion": version, "kernelVersion": kernel},
]

test_iptables_before_1_33_passes if {
	count(_nftables_deny) == 0 with input as {"kubeProxy": {"present": true, "mode": "iptables"}, "nodes": _nodes("v1.31.0", "5.15.0-1071-gcp")}
}

test_iptables_on_1_33_is_denied if {
	results := _nftables_deny with input as {"kubeProxy": {"present": true, "mode": "iptables"}, "nodes": _nodes("v1.33.1", "5.15.0-1071-gcp")}
	count(results) == 1
	some r in results
	r.msg == "kube-proxy runs in iptables mode, but from Kubernetes 1.33 on the company requires nftables (the evidence states 1.33)"
	r.facts == ["/kubeProxy/mode"]
}

test_the_planned_upgrade_target_decides if {
	results := _nftables_deny with input as {"kubeProxy": {"present": true, "mode": "userspace"}, "nodes": _nodes("v1.24.17", "5.15.0-1071-gcp")}
		with data.upgrade.targetVersion as "1.33"
	some r in results
	r.msg == "kube-proxy runs in userspace mode, but from Kubernetes 1.33 on the company requires nftables (upgrade target 1.33)"
}

test_the_target_version_flag_decides_too if {
	results := _nftables_deny with input as {"kubeProxy": {"present": true, "mode": "userspace"}, "nodes": _nodes("v1.24.17", "5.15.0-1071-gcp")}
		with data.netcheck.params.targetVersion as "v1.33.2"
	some r in results
	r.msg == "kube-proxy runs in userspace mode, but from Kubernetes 1.33 on the company requires nftables (upgrade target v1.33.2)"
}

test_the_upgrade_data_wins_over_the_flag if {
	count(_nftables_deny) == 0 with input as {"kubeProxy": {"present": true, "mode": "iptables"}, "nodes": _nodes("v1.24.17", "5.15.0-1071-gcp")}
		with data.upgrade.targetVersion as "1.32"
		with data.netcheck.params.targetVersion as "1.33"
}

test_a_newer_apiserver_than_kubelets_counts if {
	count(_nftables_deny) == 1 with input as {
		"cluster": {"version": "v1.34.0"},
		"kubeProxy": {"present": true, "mode": "ipvs"},
		"nodes": _nodes("v1.33.0", "6.8.0-45-generic"),
	}
}

test_nftables_on_1_33_passes if {
	count(_nftables_deny) == 0 with input as {"kubeProxy": {"present": true, "mode": "nftables"}, "nodes": _nodes("v1.33.1", "6.8.0-45-generic")}
	count(_nftables_warn) == 0 with input as {"kubeProxy": {"present": true, "mode": "nftables"}, "nodes": _nodes("v1.33.1", "6.8.0-45-generic")}
}

test_no_kube_proxy_is_not_judged if {
	count(_nftables_deny) == 0 with input as {"kubeProxy": {"present": false, "mode": null}, "nodes": _nodes("v1.33.1", "6.8.0-45-generic")}
}

test_unknown_version_is_not_judged if {
	count(_nftables_deny) == 0 with input as {"kubeProxy": {"present": true, "mode": "iptables"}, "nodes": []}
}

test_old_kernels_warn_once_nftables_is_required if {
	results := _nftables_warn with input as {"kubeProxy": {"present": true, "mode": "nftables"}, "nodes": _nodes("v1.33.1", "5.4.0-1009-aws")}
	count(results) == 2
	some r in results
	r.msg == "node node01 runs kernel 5.4.0-1009-aws, but kube-proxy's nftables mode needs 5.13 or newer"
	r.facts == ["/nodes/1"]
}

test_an_unstated_mode_warns_instead_of_denying if {
	count(_nftables_deny) == 0 with input as {"kubeProxy": {"present": null, "mode": null}, "nodes": _nodes("v1.33.1", "6.8.0-45-generic")}
	results := _nftables_warn with input as {"kubeProxy": {"present": null, "mode": null}, "nodes": _nodes("v1.33.1", "6.8.0-45-generic")}
	some r in results
	startswith(r.msg, "cannot tell kube-proxy's mode")
}

test_an_older_major_kernel_warns_too if {
	results := _nftables_warn with input as {"kubeProxy": {"present": true, "mode": "nftables"}, "nodes": _nodes("v1.33.1", "4.19.0-26-amd64")}
	count(results) == 2
}
