# METADATA
# title: The conntrack table must be as large as kube-proxy sets it
# description: |
#   Every connection through a Service takes a conntrack entry. At start
#   kube-proxy raises nf_conntrack_max to max(conntrack.maxPerCore × cores,
#   conntrack.min), by default max(32768 × cores, 131072). A node whose limit
#   is lower (kube-proxy could not write /proc/sys, something lowered it
#   afterwards, or kube-proxy is not running there) drops new connections
#   once the table is full ("nf_conntrack: table full, dropping packet").
#   Judged per node, where sysctl output is given; maxPerCore 0 means
#   kube-proxy leaves the limit alone, and it is not judged.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConntrackConfiguration
#     description: KubeProxyConntrackConfiguration maxPerCore and min
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/apis/config/v1alpha1/defaults.go
#     description: kube-proxy defaults, maxPerCore 32768 and min 131072
# custom:
#   id: KN702
#   severity: warning
#   family: nodes
#   remediation: |
#     Find why the limit is low: `kubectl -n kube-system logs POD | grep conntrack` on the node's
#     kube-proxy pod (a "Setting nf_conntrack_max" line, or an error writing it). Set it on the node
#     (`sysctl -w net.netfilter.nf_conntrack_max=N`, persisted in /etc/sysctl.d/), or let kube-proxy
#     set it (conntrack.maxPerCore and min in the kube-proxy ConfigMap, then
#     `kubectl -n kube-system rollout restart ds/kube-proxy`). Verify with `sysctl net.netfilter.nf_conntrack_max`.
#   evidence: sysctl output from the nodes, the nodes' CPU count (kubectl get nodes -o json), the kube-proxy configuration
package kubenetcheck.rules.nodes.conntrack

import data.kubenetcheck.lib.numbers

_key := "net.netfilter.nf_conntrack_max"

_per_core := input.kubeProxy.conntrack.maxPerCore if input.kubeProxy.conntrack.maxPerCore != null

else := 32768

_min := input.kubeProxy.conntrack.min if input.kubeProxy.conntrack.min != null

else := 131072

_cpu(name) := node.cpu if {
	some node in input.nodes
	node.name == name
	node.cpu != null
}

# What kube-proxy sets on a node: with its core count, or at least the minimum.
_expected(name) := [max([_per_core * cpu, _min]), sprintf("max(%d × %d cores, %d)", [_per_core, cpu, _min])] if {
	cpu := _cpu(name)
} else := [_min, sprintf("at least its minimum %d", [_min])]

_where(null) := "the node"

_where(node) := sprintf("node %s", [node]) if node != null

findings contains f if {
	input.kubeProxy.present != false
	_per_core > 0
	some i, s in input.sysctls
	s.key == _key
	regex.match(`^\s*[0-9]+\s*$`, s.value)
	value := numbers.integer(trim_space(s.value))
	[want, how] := _expected(s.node)
	value < want
	f := {
		"verdict": "fail",
		"message": sprintf("%s has nf_conntrack_max %d, below the %d kube-proxy sets (%s): the node drops new connections once the table is full", [
			_where(s.node), value, want, how,
		]),
		"facts": [sprintf("/sysctls/%d", [i]), "/kubeProxy/conntrack"],
	}
}
