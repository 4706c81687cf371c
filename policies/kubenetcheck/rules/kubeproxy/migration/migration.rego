# METADATA
# title: A kube-proxy mode migration must have nothing that blocks it
# description: |
#   Before kube-proxy is moved to another mode (--target-proxy-mode), every node
#   and setting that would stop the move is reported, judged for the version
#   being upgraded to (--target-version, else the version the evidence states):
#   nftables exists from 1.29 (alpha, behind the NFTablesProxyMode feature gate),
#   beta in 1.31, GA in 1.33. On a node with a kernel older than 5.13 kube-proxy
#   1.33 and newer refuses to start in nftables mode unless
#   KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is non-empty (a blocker, error);
#   1.31-1.32 shipped the check inverted (it runs only when the variable is set)
#   and 1.29-1.30 have none, so they start (a warning). The check stands in for
#   the host's nft being 1.0.1 or newer, which kube-proxy cannot see; kernels
#   back to 5.4 run the mode when it is skipped; userspace was removed in 1.26;
#   ipvs is deprecated from 1.35; kernelspace is the Windows mode only. A mode
#   outside the allowed list (--allow-proxy-mode) is a blocker too, and where a
#   kube-proxy replacement is configured, kube-proxy's mode does not matter.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-mode-nftables
#     description: The nftables proxy mode and its kernel requirement (5.13)
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/nftables/proxier.go
#     description: kube-proxy's kernel version check and KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK (skips the check when non-empty, from 1.33)
#   - ref: https://github.com/kubernetes/kubernetes/pull/124152
#     description: kube-proxy 1.31, kernel 5.13 required as a stand-in for nft 1.0.1 on the host (CHANGELOG-1.31)
#   - ref: https://github.com/kubernetes/kubernetes/pull/130401
#     description: kube-proxy 1.33, the inverted skip-variable test fixed (CHANGELOG-1.33)
#   - ref: https://kubernetes.io/blog/2025/02/28/nftables-kube-proxy/
#     description: NFTables mode for kube-proxy, alpha 1.29, beta 1.31, GA 1.33
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.26.md
#     description: Kubernetes 1.26, the userspace proxy mode removed
#   - ref: https://github.com/kubernetes/enhancements/issues/5495
#     description: KEP-5495, deprecating kube-proxy's ipvs mode (1.35)
# custom:
#   id: KN303
#   severity: error
#   family: kubeproxy
#   remediation: |
#     Clear every blocker before changing the mode: upgrade the kernel of each node named
#     (to 5.13 or newer for nftables; `uname -r` on the node, or KERNEL-VERSION in
#     `kubectl get nodes -o wide`), or keep those nodes out of the migration; upgrade
#     Kubernetes first where the mode is not yet available. Then set `mode:` in the
#     kube-proxy ConfigMap and the kubeadm KubeProxyConfiguration, and
#     `kubectl -n kube-system rollout restart ds/kube-proxy`. Verify with
#     `kube-netcheck check --target-proxy-mode MODE` (no KN303) and in the new pods' logs:
#     `kubectl -n kube-system logs ds/kube-proxy | grep -i proxier`.
#   evidence: nodes with their kernel versions (`kubectl get nodes -o wide`), and the Kubernetes version
#   versions:
#     - fact: kube-proxy nftables mode alpha, beta, GA
#       versions: 1.29, 1.31, 1.33
#       source: https://kubernetes.io/blog/2025/02/28/nftables-kube-proxy/
#     - fact: kube-proxy refuses nftables mode on kernel < 5.13 unless KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is non-empty
#       versions: 1.33 and newer (1.31-1.32 inverted, 1.29-1.30 no check)
#       source: https://github.com/kubernetes/kubernetes/pull/130401
#     - fact: kube-proxy userspace mode removed
#       versions: 1.26
#       source: https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.26.md
#     - fact: kube-proxy ipvs mode deprecated
#       versions: 1.35
#       source: https://github.com/kubernetes/enhancements/issues/5495
package kubenetcheck.rules.kubeproxy.migration

import data.kubenetcheck.lib.nftables
import data.kubenetcheck.lib.params
import data.kubenetcheck.lib.versions

_target := params.target_proxy_mode

_judged := versions.judged

_version := _judged.version

_version := null if not _judged

_linux(node) if object.get(node, "os", null) != "windows"

_replaced if {
	input.kubeProxy.present == false
	input.kubeProxy.replacement != null
}

findings contains f if {
	_target != null
	_replaced
	f := {
		"verdict": "fail",
		"severity": "info",
		"message": sprintf("kube-proxy is replaced by %s here: moving kube-proxy to %s mode changes nothing", [input.kubeProxy.replacement, _target]),
		"facts": ["/kubeProxy/replacement"],
	}
}

_blockers contains b if {
	_target == "nftables"
	_judged.version < [1, 29]
	b := {"severity": "error", "message": sprintf("nftables mode does not exist before Kubernetes 1.29: %s", [_judged.source]), "facts": ["/cluster/version"]}
}

_blockers contains b if {
	_target == "nftables"
	_judged.version >= [1, 29]
	_judged.version < [1, 31]
	b := {"severity": "warning", "message": sprintf("nftables mode is alpha on %s: it needs the NFTablesProxyMode feature gate on kube-proxy", [_judged.source]), "facts": ["/cluster/version"]}
}

_blockers contains b if {
	_target == "userspace"
	_judged.version >= [1, 26]
	b := {"severity": "error", "message": sprintf("userspace mode was removed in Kubernetes 1.26: %s", [_judged.source]), "facts": ["/cluster/version"]}
}

_blockers contains b if {
	_target == "ipvs"
	_judged.version >= [1, 35]
	b := {"severity": "warning", "message": sprintf("ipvs mode is deprecated from Kubernetes 1.35 (%s): move to nftables instead", [_judged.source]), "facts": ["/cluster/version"]}
}

_blockers contains b if {
	_target == "kernelspace"
	some i, node in input.nodes
	_linux(node)
	b := {"severity": "error", "message": sprintf("kernelspace is the Windows mode, but node %s runs Linux", [node.name]), "facts": [sprintf("/nodes/%d", [i])]}
}

_blockers contains b if {
	_target in {"iptables", "ipvs", "nftables", "userspace"}
	not _target in params.allowed_proxy_modes
	b := {"severity": "error", "message": sprintf("%s is not an allowed proxy mode (allowed: %s)", [_target, concat(", ", params.allowed_proxy_modes)]), "facts": ["/kubeProxy/mode"]}
}

# Kernels, parsed once per distinct version string.
_kernels := {k: versions.kernel_of(k) | some n in input.nodes; k := n.kernelVersion; is_string(k)}

_blockers contains b if {
	_target == "nftables"
	some i, node in input.nodes
	_linux(node)
	kernel := _kernels[node.kernelVersion]
	kernel < [5, 13]
	w := nftables.old_kernel(_version)
	b := {
		"severity": w.severity,
		"message": sprintf("node %s runs kernel %s: %s", [node.name, node.kernelVersion, w.what]),
		"facts": [sprintf("/nodes/%d", [i])],
	}
}

findings contains f if {
	_target != null
	not _replaced
	some b in _blockers
	f := {
		"verdict": "fail",
		"severity": b.severity,
		"message": sprintf("migration to kube-proxy %s mode blocked: %s", [_target, b.message]),
		"facts": b.facts,
	}
}

# What the evidence does not show.
findings contains f if {
	_target != null
	not _replaced
	_target in {"nftables", "userspace", "ipvs"}
	not _judged
	f := {
		"verdict": "unknown",
		"message": sprintf("cannot tell whether kube-proxy can move to %s mode: no Kubernetes version is known", [_target]),
		"facts": ["/cluster/version"],
		"evidence": "--target-version, the kubeadm ClusterConfiguration (kubernetesVersion) or `kubectl get nodes` (VERSION)",
	}
}

findings contains f if {
	_target == "nftables"
	not _replaced
	unknown := [n.name | some n in input.nodes; _linux(n); not _kernels[n.kernelVersion]]
	count(unknown) > 0
	f := {
		"verdict": "unknown",
		"message": sprintf("cannot tell whether %d node(s) can run kube-proxy in nftables mode: their kernel version is not shown (%s)", [count(unknown), concat(", ", array.slice(unknown, 0, 5))]),
		"facts": ["/nodes"],
		"evidence": "`kubectl get nodes -o wide` (KERNEL-VERSION)",
	}
}

findings contains f if {
	_target in {"nftables", "kernelspace"}
	not _replaced
	count(input.nodes) == 0
	f := {
		"verdict": "unknown",
		"message": sprintf("cannot tell whether every node can run kube-proxy in %s mode: no node list was given", [_target]),
		"facts": ["/nodes"],
		"evidence": "`kubectl get nodes -o wide` (KERNEL-VERSION, OS-IMAGE)",
	}
}
