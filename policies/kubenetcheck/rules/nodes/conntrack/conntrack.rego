# METADATA
# title: The conntrack table must be as large as kube-proxy sets it
# description: |
#   Every connection through a Service takes a conntrack entry. At start
#   kube-proxy sets nf_conntrack_max to max(conntrack.maxPerCore × cores,
#   conntrack.min), by default max(32768 × cores, 131072); kube-proxy 1.36
#   caps the computed value at 1,048,576 (kubernetes PR 137002, see issue
#   141943), so from 1.36 a node at 1,048,576 or more is not judged low. A
#   node whose limit is lower (kube-proxy could not write /proc/sys, something
#   lowered it afterwards, or kube-proxy is not running there) drops new
#   connections once the table is full ("nf_conntrack: table full, dropping
#   packet"). Judged per node, where sysctl output is given; maxPerCore 0
#   means kube-proxy leaves the limit alone, and it is not judged.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/#kubeproxy-config-k8s-io-v1alpha1-KubeProxyConntrackConfiguration
#     description: KubeProxyConntrackConfiguration maxPerCore and min (maxPerCore 0 leaves the limit as-is)
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/apis/config/v1alpha1/defaults.go
#     description: kube-proxy defaults, maxPerCore 32768 and min 131072
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kube-proxy/app/conntrack.go
#     description: kube-proxy getConntrackMax and SetMax, nf_conntrack_max written at start
#   - ref: https://github.com/kubernetes/kubernetes/issues/141943
#     description: kube-proxy 1.36 computes a different nf_conntrack_max (the 1,048,576 maximum of PR 137002) and writes it even when lower; fixed by PR 142035
# custom:
#   id: KN702
#   severity: warning
#   family: nodes
#   remediation: |
#     Find why the limit is low: `kubectl -n kube-system logs POD | grep conntrack` on the node's
#     kube-proxy pod (a "Setting nf_conntrack_max" line, or an error writing it). Let kube-proxy
#     set it: conntrack.maxPerCore and min in the kube-proxy ConfigMap (and the kubeadm
#     KubeProxyConfiguration), then `kubectl -n kube-system rollout restart ds/kube-proxy`.
#     kube-proxy writes its computed value at every start, so a `sysctl -w
#     net.netfilter.nf_conntrack_max=N` on the node lasts only until then where it is below that
#     value (and 1.36 before PR 142035 also lowers a higher one); to manage the limit on the node
#     yourself, set conntrack.maxPerCore: 0 so kube-proxy leaves it alone, and persist N in
#     /etc/sysctl.d/. Verify with `sysctl net.netfilter.nf_conntrack_max` after kube-proxy restarts.
#   evidence: sysctl output from the nodes, the nodes' CPU count (kubectl get nodes -o json), the kube-proxy configuration
#   versions:
#     - fact: kube-proxy caps the nf_conntrack_max it computes at 1,048,576
#       versions: 1.36 and newer
#       source: https://github.com/kubernetes/kubernetes/issues/141943
package kubenetcheck.rules.nodes.conntrack

import data.kubenetcheck.lib.numbers
import data.kubenetcheck.lib.versions

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

# kube-proxy 1.36 and newer computes at most 1,048,576 (PR 137002).
_cap := 1048576

_at_the_1_36_cap(value) if {
	versions.judged.version >= [1, 36]
	value >= _cap
}

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
	not _at_the_1_36_cap(value)
	f := {
		"verdict": "fail",
		"message": sprintf("%s has nf_conntrack_max %d, below the %d kube-proxy sets (%s): the node drops new connections once the table is full", [
			_where(s.node), value, want, how,
		]),
		"facts": [sprintf("/sysctls/%d", [i]), "/kubeProxy/conntrack"],
	}
}
