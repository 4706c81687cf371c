# From Kubernetes 1.33 on (nftables mode GA) the company runs kube-proxy in
# nftables mode only. The version judged is the planned upgrade's target when
# there is one (data.upgrade.targetVersion from --data, or --target-version, the
# flag the built-in rules read as data.netcheck.params.targetVersion), else the
# newest version the evidence states (kube-apiserver, kubelets). nftables mode needs kernel 5.13 or newer
# on every node: older kernels are warned about once nftables is required.
package main

deny contains result if {
	_nftables_required
	input.kubeProxy.present != false
	mode := input.kubeProxy.mode
	is_string(mode)
	mode != "nftables"
	result := {
		"id": "ACME-NET-002",
		"title": "kube-proxy must run in nftables mode from Kubernetes 1.33 on",
		"msg": sprintf("kube-proxy runs in %s mode, but from Kubernetes 1.33 on the company requires nftables (%s)", [mode, _version_text]),
		"facts": ["/kubeProxy/mode"],
		"remediation": "Set mode: nftables in the KubeProxyConfiguration (kube-proxy ConfigMap config.conf), then restart kube-proxy: kubectl -n kube-system rollout restart ds/kube-proxy.",
	}
}

warn contains result if {
	_nftables_required
	input.kubeProxy.present != false
	not is_string(input.kubeProxy.mode)
	result := {
		"id": "ACME-NET-002",
		"msg": sprintf("cannot tell kube-proxy's mode, which must be nftables from Kubernetes 1.33 on (%s): give its log or ConfigMap as evidence", [_version_text]),
		"facts": ["/kubeProxy"],
	}
}

warn contains result if {
	_nftables_required
	some i, node in input.nodes
	kernel := _version(node.kernelVersion)
	_older(kernel, [5, 13])
	result := {
		"id": "ACME-NET-002",
		"msg": sprintf("node %s runs kernel %s, but kube-proxy's nftables mode needs 5.13 or newer", [node.name, node.kernelVersion]),
		"facts": [sprintf("/nodes/%d", [i])],
	}
}

_nftables_required if not _older(_target, [1, 33])

# The version judged: the planned upgrade's target, else the newest stated.
_planned := data.upgrade.targetVersion

_planned := data.netcheck.params.targetVersion if not data.upgrade.targetVersion

_target := _version(_planned)

_target := max(_stated) if {
	not _planned
	count(_stated) > 0
}

_version_text := sprintf("upgrade target %s", [_planned])

_version_text := sprintf("the evidence states %d.%d", _target) if not _planned

_stated contains _version(v) if {
	v := input.cluster.version
	is_string(v)
}

_stated contains _version(node.kubeletVersion) if {
	some node in input.nodes
	is_string(node.kubeletVersion)
}

# "v1.33.2", "1.33", "5.15.0-1071-gcp", "5.14-rc1" -> [major, minor]
_version(text) := [to_number(parts[0]), to_number(minor)] if {
	parts := split(trim_prefix(text, "v"), ".")
	count(parts) >= 2
	minor := split(split(parts[1], "-")[0], "+")[0]
}

_older(a, b) if a[0] < b[0]

_older(a, b) if {
	a[0] == b[0]
	a[1] < b[1]
}
