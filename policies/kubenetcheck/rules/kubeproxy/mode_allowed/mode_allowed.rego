# METADATA
# title: kube-proxy's mode must be one the cluster allows
# description: |
#   kube-proxy programs Service routing in one of several modes: iptables
#   (the Linux default), ipvs, nftables, and kernelspace on Windows; userspace
#   was removed in Kubernetes 1.26. Teams standardise on the modes they
#   operate and monitor; a node running another mode behaves differently under
#   load, in its conntrack use and in how it is debugged. The allowed Linux modes
#   are a parameter (--allow-proxy-mode, default iptables, ipvs, nftables);
#   Windows' kernelspace is judged on its own list.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/networking/virtual-ips/#proxy-modes
#     description: Virtual IPs and Service proxies, proxy modes
#   - ref: https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/
#     description: KubeProxyConfiguration, mode
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.26.md
#     description: Kubernetes 1.26, the userspace proxy mode removed
# custom:
#   id: KN301
#   severity: error
#   family: kubeproxy
#   remediation: |
#     Set the mode in the kube-proxy ConfigMap (`kubectl -n kube-system edit cm kube-proxy`,
#     config.conf: `mode: iptables`, or ipvs / nftables), then restart kube-proxy:
#     `kubectl -n kube-system rollout restart ds/kube-proxy`. On kubeadm, put the same
#     `mode` in the KubeProxyConfiguration of the kubeadm config so upgrades keep it.
#     Verify in the new pods' logs: `kubectl -n kube-system logs ds/kube-proxy | grep -i "using"`.
#   evidence: a kube-proxy log, or the kube-proxy ConfigMap
#   versions:
#     - fact: kube-proxy userspace mode removed
#       versions: 1.26
#       source: https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.26.md
package kubenetcheck.rules.kubeproxy.mode_allowed

import data.kubenetcheck.lib.params

_allowed(mode) if mode in params.allowed_proxy_modes

_allowed(mode) if mode in params.allowed_windows_proxy_modes

findings contains f if {
	some mode in input.kubeProxy.modes
	not _allowed(mode)
	f := {
		"verdict": "fail",
		"message": sprintf("kube-proxy runs in %s mode, which is not allowed (allowed: %s)", [
			mode, concat(", ", params.allowed_proxy_modes),
		]),
		"facts": ["/kubeProxy/mode"],
		"value": mode,
	}
}

findings contains f if {
	count(input.kubeProxy.modes) == 0
	input.kubeProxy.present != false
	f := {
		"verdict": "unknown",
		"message": "no source states kube-proxy's mode",
		"facts": ["/kubeProxy/mode"],
		"evidence": "a kube-proxy log (`kubectl -n kube-system logs ds/kube-proxy`) or the kube-proxy ConfigMap",
	}
}
