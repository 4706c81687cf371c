# METADATA
# title: kube-proxy's mode must exist in the Kubernetes version it runs on
# description: |
#   kube-proxy's modes have a history: userspace was removed in 1.26 (kube-proxy
#   refuses to start with it); nftables arrived as alpha in 1.29 (behind the
#   NFTablesProxyMode feature gate), beta in 1.31 and GA in 1.33; ipvs is
#   deprecated from 1.35. On a node with a kernel older than 5.13 (the check
#   stands in for the host's nft being 1.0.1 or newer; kernels back to 5.4 run
#   the mode), kube-proxy 1.33 and newer refuses to start unless
#   KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is non-empty (an error); 1.31
#   and 1.32 shipped the check inverted, running it only when that variable is
#   set, and 1.29-1.30 have none, so they start (a warning). The
#   version judged is --target-version when given (the version being
#   upgraded to), else the cluster version the evidence states, else the
#   newest kubelet version among the nodes; each finding says which. No
#   kube-proxy where a replacement (Cilium, Calico eBPF) is configured is not
#   a fault.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-modes
#     description: Virtual IPs and Service proxies, proxy modes (nftables needs kernel 5.13 or later)
#   - ref: https://kubernetes.io/blog/2025/02/28/nftables-kube-proxy/
#     description: NFTables mode for kube-proxy, alpha 1.29, beta 1.31, GA 1.33
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/nftables/proxier.go
#     description: kube-proxy's kernel check (utilkernel.NFTablesKubeProxyKernelVersion 5.13) and why it stands in for the host's nft version
#   - ref: https://github.com/kubernetes/kubernetes/pull/124152
#     description: kube-proxy 1.31, the kernel 5.13 / nft 1.0.1 requirement (CHANGELOG-1.31)
#   - ref: https://github.com/kubernetes/kubernetes/pull/130401
#     description: kube-proxy 1.33, the inverted KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK test fixed (CHANGELOG-1.33)
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.26.md
#     description: Kubernetes 1.26, the userspace proxy mode removed
#   - ref: https://github.com/kubernetes/enhancements/issues/5495
#     description: KEP-5495, deprecating kube-proxy's ipvs mode (1.35)
# custom:
#   id: KN302
#   severity: error
#   family: kubeproxy
#   remediation: |
#     Before the upgrade, switch kube-proxy to a mode the target version supports: edit
#     the kube-proxy ConfigMap (`kubectl -n kube-system edit cm kube-proxy`, config.conf
#     `mode: iptables`, or `nftables` from 1.31 on nodes with kernel 5.13 or newer), and the
#     KubeProxyConfiguration in the kubeadm config so upgrades keep it; then
#     `kubectl -n kube-system rollout restart ds/kube-proxy`. For nftables on 1.29-1.30 also
#     enable the NFTablesProxyMode feature gate. Verify: `kubectl -n kube-system logs ds/kube-proxy | grep -i proxier`.
#   evidence: a kube-proxy log or ConfigMap, and the Kubernetes version (--target-version, kubeadm kubernetesVersion or kubectl get nodes)
#   versions:
#     - fact: kube-proxy userspace mode removed
#       versions: 1.26
#       source: https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.26.md
#     - fact: kube-proxy nftables mode alpha (NFTablesProxyMode gate), beta, GA
#       versions: 1.29, 1.31, 1.33
#       source: https://kubernetes.io/blog/2025/02/28/nftables-kube-proxy/
#     - fact: kube-proxy nftables mode, no kernel check
#       versions: 1.29-1.30
#       source: https://github.com/kubernetes/kubernetes/pull/124152
#     - fact: kube-proxy nftables kernel check (5.13) runs only when KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set (inverted)
#       versions: 1.31-1.32
#       source: https://github.com/kubernetes/kubernetes/pull/130401
#     - fact: kube-proxy refuses nftables mode on kernel < 5.13 unless KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is non-empty
#       versions: 1.33 and newer
#       source: https://github.com/kubernetes/kubernetes/pull/130401
#     - fact: kube-proxy ipvs mode deprecated
#       versions: 1.35
#       source: https://github.com/kubernetes/enhancements/issues/5495
package kubenetcheck.rules.kubeproxy.mode_version

import data.kubenetcheck.lib.nftables
import data.kubenetcheck.lib.versions

_judged := versions.judged

_modes := {m | some m in input.kubeProxy.modes}

findings contains f if {
	"userspace" in _modes
	_judged.version >= [1, 26]
	f := _fail("error", sprintf("kube-proxy runs in userspace mode, which Kubernetes removed in 1.26: it does not start on %s", [_judged.source]), "userspace")
}

findings contains f if {
	"nftables" in _modes
	_judged.version < [1, 29]
	f := _fail("error", sprintf("kube-proxy runs in nftables mode, which does not exist before Kubernetes 1.29: %s", [_judged.source]), "nftables")
}

findings contains f if {
	"nftables" in _modes
	_judged.version >= [1, 29]
	_judged.version < [1, 31]
	f := _fail("warning", sprintf("kube-proxy's nftables mode is alpha on %s: it needs the NFTablesProxyMode feature gate and is not for production", [_judged.source]), "nftables")
}

findings contains f if {
	"nftables" in _modes
	_judged.version >= [1, 31]
	_judged.version < [1, 33]
	f := _fail("info", sprintf("kube-proxy's nftables mode is beta on %s (GA from 1.33)", [_judged.source]), "nftables")
}

findings contains f if {
	"ipvs" in _modes
	_judged.version >= [1, 35]
	f := _fail("warning", sprintf("kube-proxy's ipvs mode is deprecated from Kubernetes 1.35 (%s): plan a move to nftables", [_judged.source]), "ipvs")
}

# nftables and a kernel older than 5.13: what kube-proxy does depends on its version.
findings contains f if {
	"nftables" in _modes
	some i, node in input.nodes
	_linux(node)
	node.kernelVersion in _old_kernels
	w := nftables.old_kernel(_version)
	f := object.union(
		{
			"verdict": "fail",
			"severity": w.severity,
			"message": sprintf("kube-proxy runs in nftables mode and node %s runs kernel %s: %s", [node.name, node.kernelVersion, w.what]),
			"facts": ["/kubeProxy/mode", sprintf("/nodes/%d", [i]), "/cluster/version"],
		},
		_when_version_unknown,
	)
}

_version := _judged.version

_version := null if not _judged

_when_version_unknown := {} if _judged

_when_version_unknown := {
	"verdict": "unknown",
	"evidence": "--target-version, the kubeadm ClusterConfiguration (kubernetesVersion) or `kubectl get nodes` (VERSION)",
} if not _judged

findings contains f if {
	"nftables" in _modes
	unknown := [node.name | some node in input.nodes; _linux(node); not node.kernelVersion in _parsed_kernels]
	count(unknown) > 0
	f := {
		"verdict": "unknown",
		"message": sprintf("kube-proxy runs in nftables mode, which needs kernel 5.13 or newer, but the evidence does not show the kernel of %d node(s): %s", [count(unknown), _names(unknown)]),
		"facts": ["/kubeProxy/mode", "/nodes"],
		"missing": ["/nodes"],
		"evidence": "`kubectl get nodes -o wide` (KERNEL-VERSION)",
		"verify": _verify_kernel,
	}
}

findings contains f if {
	"nftables" in _modes
	count(input.nodes) == 0
	f := {
		"verdict": "unknown",
		"message": "kube-proxy runs in nftables mode, which needs kernel 5.13 or newer on every node, but no node list was given",
		"facts": ["/kubeProxy/mode", "/nodes"],
		"missing": ["/nodes"],
		"evidence": "`kubectl get nodes -o wide` (KERNEL-VERSION)",
		"verify": _verify_kernel,
	}
}

# A mode whose support depends on the version, and no version known.
findings contains f if {
	not _judged
	"userspace" in _modes
	mode := "userspace"
	f := {
		"verdict": "unknown",
		"message": sprintf("kube-proxy runs in %s mode, whose support depends on the Kubernetes version, and no version is known", [mode]),
		"facts": ["/kubeProxy/mode", "/cluster/version"],
		"evidence": "--target-version, the kubeadm ClusterConfiguration (kubernetesVersion) or `kubectl get nodes` (VERSION)",
		"value": mode,
		"severity": _unknown_severity[mode],
	}
}

# The same for nftables and ipvs, which exist in current releases: in review mode
# (a configuration with no kubernetesVersion, judged before the cluster exists) the
# version is decided when the cluster is built, so it is a check before rollout.
# userspace is not: no supported release has it.
findings contains f if {
	not _judged
	some mode in _modes
	_verify_version[mode]
	f := {
		"verdict": "unknown",
		"message": sprintf("kube-proxy runs in %s mode, whose support depends on the Kubernetes version, and no version is known", [mode]),
		"facts": ["/kubeProxy/mode", "/cluster/version"],
		"missing": ["/cluster/version"],
		"evidence": "--target-version, the kubeadm ClusterConfiguration (kubernetesVersion) or `kubectl get nodes` (VERSION)",
		"verify": _verify_version[mode],
		"value": mode,
		"severity": _unknown_severity[mode],
	}
}

_verify_kernel := "`kubectl get nodes -o wide` shows KERNEL-VERSION 5.13 or newer on every Linux node"

_verify_version := {
	"nftables": "`kubectl version` (or the kubeadm that builds the cluster, `kubeadm version`) shows Kubernetes 1.31 or newer (nftables is GA from 1.33)",
	"ipvs": "`kubectl version` (or `kubeadm version`) shows the Kubernetes version: ipvs mode is deprecated from 1.35",
}

# Kernels are parsed once per distinct version string, not once per node.
_kernels := {node.kernelVersion | some node in input.nodes}

_parsed_kernels := {v | some v in _kernels; versions.kernel_of(v)}

_old_kernels := {v | some v in _parsed_kernels; versions.kernel_of(v) < [5, 13]}

_unknown_severity := {"userspace": "error", "nftables": "error", "ipvs": "warning"}

_linux(node) if object.get(node, "os", null) != "windows"

_fail(severity, message, mode) := {
	"verdict": "fail",
	"severity": severity,
	"message": message,
	"facts": ["/kubeProxy/mode", "/cluster/version"],
	"value": mode,
}

_names(names) := concat(", ", names) if count(names) <= 5

else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 5)), count(names) - 5])
