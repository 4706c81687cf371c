# METADATA
# title: Ranges should be written without host bits
# description: |
#   A range written with host bits set, such as 10.244.1.0/16, is not what it
#   seems: Kubernetes components and kubeadm parse it with Go's
#   net.ParseCIDR and silently use the masked network, 10.244.0.0/16, while
#   other tools (a CNI, a firewall, a cloud route table) may reject it or
#   read it differently. The author usually meant a different prefix or a
#   different address. This is kube-netcheck's own warning: Kubernetes does
#   not report it.
# related_resources:
#   - ref: https://pkg.go.dev/net#ParseCIDR
#     description: Go net.ParseCIDR returns the masked network of a CIDR with host bits set
#   - ref: https://github.com/kubernetes/utils/blob/master/net/parse.go
#     description: k8s.io/utils/net ParseCIDRSloppy, as Kubernetes components parse ranges
# custom:
#   id: KN104
#   severity: warning
#   family: ranges
#   remediation: |
#     Write the range as its network address: the finding names the canonical form
#     (e.g. 10.244.0.0/16 instead of 10.244.1.0/16) at the file and line where it was
#     written. If the prefix was the mistake (10.244.1.0/24 was meant), correct the prefix
#     instead. Verify with `kube-netcheck check`: no KN104, and the other rules judged the
#     range you meant.
#   evidence: any configuration that states a range
package kubenetcheck.rules.ranges.host_bits

_sets contains [sprintf("/networks/%s/%d", [role, i]), net, sprintf("%s range", [role])] if {
	some role in ["node", "pod", "service"]
	some i, net in input.networks[role]
}

_sets contains [sprintf("/kubeProxy/clusterCIDR/%d", [i]), net, "kube-proxy clusterCIDR"] if {
	some i, net in input.kubeProxy.clusterCIDR
}

_sets contains [sprintf("/cni/pools/%d", [i]), pool.network, "CNI pool"] if {
	some i, pool in input.cni.pools
}

findings contains f if {
	some [pointer, net, what] in _sets
	net.hostBitsSet == true
	f := {
		"verdict": "fail",
		"message": sprintf("%s written as %s has host bits set: Kubernetes silently uses %s", [what, net.written, net.cidr]),
		"facts": [pointer],
		"value": net.written,
	}
}
