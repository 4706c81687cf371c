# METADATA
# title: Nodes must forward packets as Kubernetes networking needs
# description: |
#   Pod traffic crosses the node's kernel: net.ipv4.ip_forward must be 1
#   (kubeadm's preflight refuses a node without it), and
#   net.ipv6.conf.all.forwarding too where pods have IPv6 addresses. Where
#   pods sit on a Linux bridge (flannel's cni0, weave, kubenet) and
#   kube-proxy programs iptables, net.bridge.bridge-nf-call-iptables (and
#   -ip6tables for IPv6) must be 1, or Service traffic between pods on the
#   same node bypasses kube-proxy's rules (kubeadm dropped this preflight
#   check in 1.30 because CNIs without a bridge do not need it). Judged per
#   node, where sysctl output is given. Canal is not bridged: its manifest runs
#   the calico CNI plugin (routed veths, host-local IPAM) with flannel only for
#   the VXLAN overlay.
# related_resources:
#   - ref: https://kubernetes.io/docs/setup/production-environment/container-runtimes/#prerequisite-ipv4-forwarding-optional
#     description: Container runtimes, enable IPv4 packet forwarding
#   - ref: https://kubernetes.io/docs/concepts/extend-kubernetes/compute-storage-net/network-plugins/#network-plugin-requirements
#     description: Network plugin requirements, br_netfilter and bridge-nf-call-iptables
#   - ref: https://github.com/projectcalico/calico/blob/master/manifests/canal.yaml
#     description: canal's cni_network_config, the calico CNI plugin ("type" calico) with routed veths, no bridge
#   - ref: https://github.com/kubernetes/kubernetes/pull/123464
#     description: kubeadm removes the bridge-nf-call-iptables preflight check (1.30)
# custom:
#   id: KN701
#   severity: error
#   family: nodes
#   remediation: |
#     On the node: `modprobe br_netfilter` (for the bridge settings), then persist the settings
#     in /etc/sysctl.d/k8s.conf (`net.ipv4.ip_forward = 1`, `net.ipv6.conf.all.forwarding = 1`,
#     `net.bridge.bridge-nf-call-iptables = 1`, `net.bridge.bridge-nf-call-ip6tables = 1`) and
#     /etc/modules-load.d/k8s.conf (`br_netfilter`), and apply with `sysctl --system`.
#     Verify with `sysctl net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables`.
#   evidence: sysctl output from each node (sysctl -a, or sysctl KEY...)
#   versions:
#     - fact: kubeadm preflight no longer checks bridge-nf-call-iptables
#       versions: kubeadm 1.30 and newer
#       source: https://github.com/kubernetes/kubernetes/pull/123464
package kubenetcheck.rules.nodes.sysctls

# CNIs that attach pods to a Linux bridge.
# Not canal: it runs the calico CNI plugin (routed veths) with flannel's VXLAN.
_bridged := {"flannel", "weave-net", "kubenet", "bridge"}

_ipv6 if {
	some r in input.networks.pod
	r.family == "IPv6"
}

_iptables if input.kubeProxy.present != false

_required contains ["net.ipv4.ip_forward", "pods are routed through the node"]

_required contains ["net.ipv6.conf.all.forwarding", "IPv6 pods are routed through the node"] if _ipv6

_required contains ["net.bridge.bridge-nf-call-iptables", sprintf("%s bridges pods and kube-proxy's iptables rules must see bridged traffic", [input.cni.name])] if {
	input.cni.name in _bridged
	_iptables
}

_required contains ["net.bridge.bridge-nf-call-ip6tables", sprintf("%s bridges IPv6 pods and kube-proxy's rules must see bridged traffic", [input.cni.name])] if {
	input.cni.name in _bridged
	_iptables
	_ipv6
}

# The nodes the sysctl output is about (null: not named).
_nodes := {s.node | some s in input.sysctls}

# The last value of each key per node, with its index.
_value(node, key) := [i, s.value] if {
	indexes := [i | some i, s in input.sysctls; s.node == node; s.key == key]
	count(indexes) > 0
	i := max(indexes)
	s := input.sysctls[i]
}

_where(null) := "the node"

_where(node) := sprintf("node %s", [node]) if node != null

findings contains f if {
	some node in _nodes
	some [key, why] in _required
	[i, value] := _value(node, key)
	trim_space(value) != "1"
	f := {
		"verdict": "fail",
		"message": sprintf("%s has %s = %s, but it must be 1: %s", [_where(node), key, value, why]),
		"facts": [sprintf("/sysctls/%d", [i])],
	}
}

findings contains f if {
	some node in _nodes
	some [key, why] in _required
	not _value(node, key)
	f := {
		"verdict": "unknown",
		"message": sprintf("the sysctl output of %s does not show %s, which must be 1: %s", [_where(node), key, why]),
		"facts": ["/sysctls"],
		"evidence": sprintf("`sysctl %s` on %s", [key, _where(node)]),
	}
}
