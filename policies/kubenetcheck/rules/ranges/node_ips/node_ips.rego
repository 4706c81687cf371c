# METADATA
# title: Node addresses should lie inside the node network
# description: |
#   Each node's InternalIP is the address kubelet, kube-proxy and the CNI
#   use to reach it. It should lie inside the node network seen on the
#   nodes' host interfaces (ip addr): a node whose InternalIP is outside it
#   was registered with the wrong address (kubelet --node-ip, a second NIC,
#   a NAT address), and tunnels, NodePorts and the API server's connections
#   to kubelets fail for it. Clusters spread over several subnets need each
#   subnet's ip addr evidence.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/node/node-status/#addresses
#     description: Node status, addresses (InternalIP)
#   - ref: https://kubernetes.io/docs/reference/command-line-tools-reference/kubelet/
#     description: kubelet --node-ip
# custom:
#   id: KN106
#   severity: warning
#   family: ranges
#   remediation: |
#     Compare the node's addresses (`kubectl get node NAME -o wide`, INTERNAL-IP) with its
#     interfaces (`ip -br addr` on the node). If the node registered the wrong address, set
#     kubelet --node-ip (kubeadm: nodeRegistration.kubeletExtraArgs node-ip, or KUBELET_EXTRA_ARGS
#     in /etc/default/kubelet) and `systemctl restart kubelet`. If the node sits in another
#     subnet on purpose, give that subnet's `ip addr` output as evidence too. Verify with
#     `kubectl get nodes -o wide` and `kube-netcheck check`.
#   evidence: kubectl get nodes -o wide, and ip addr output from the nodes
package kubenetcheck.rules.ranges.node_ips

_family(ip) := "IPv6" if contains(ip, ":")

else := "IPv4"

_has_network(family) if {
	some r in input.networks.node
	r.family == family
}

_inside(ip) if {
	some r in input.networks.node
	r.family == _family(ip)
	net.cidr_contains(r.cidr, ip)
}

_networks(family) := concat(", ", [r.cidr | some r in input.networks.node; r.family == family])

findings contains f if {
	some i, node in input.nodes
	some j, ip in node.internalIPs
	_has_network(_family(ip))
	not _inside(ip)
	f := {
		"verdict": "fail",
		"message": sprintf("node %s InternalIP %s is outside the node network %s", [node.name, ip, _networks(_family(ip))]),
		"facts": [sprintf("/nodes/%d/internalIPs/%d", [i, j]), "/networks/node"],
	}
}

findings contains f if {
	some family in ["IPv4", "IPv6"]
	not _has_network(family)
	names := [node.name | some node in input.nodes; some ip in node.internalIPs; _family(ip) == family]
	count(names) > 0
	f := {
		"verdict": "unknown",
		"message": sprintf("%d node(s) have %s InternalIPs, but no source stated the %s node network", [count(names), family, family]),
		"facts": ["/nodes", "/networks/node"],
		"evidence": "`ip addr` output from a node",
	}
}
