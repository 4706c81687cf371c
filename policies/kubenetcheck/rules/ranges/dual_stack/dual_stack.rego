# METADATA
# title: Address families must be consistent across pods, services and nodes
# description: |
#   A cluster is IPv4, IPv6 or dual-stack, and every component must agree.
#   A Service family needs pods of that family behind it (else its
#   ClusterIPs have no endpoints); a pod family needs nodes with an address
#   of that family to route it; kube-proxy's clusterCIDR must name a pod
#   range of every pod family (else it cannot tell pod traffic from external
#   traffic for the family it lacks; judged only with detectLocalMode
#   ClusterCIDR, the default, as the other modes do not read clusterCIDR); and
#   with node podCIDRs each node needs
#   one of every pod family. Dual-stack pods with single-stack Services is
#   valid.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/dual-stack/
#     description: IPv4/IPv6 dual-stack, prerequisites and configuration
#   - ref: https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/dual-stack-support/
#     description: Dual-stack support with kubeadm
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/apis/config/types.go
#     description: kube-proxy LocalMode, ClusterCIDR (the default) is the only mode that reads clusterCIDR
# custom:
#   id: KN107
#   severity: error
#   family: ranges
#   remediation: |
#     Give every component both families or one: kube-apiserver --service-cluster-ip-range
#     and kube-controller-manager --cluster-cidr each take one range per family,
#     comma-separated (kubeadm networking.serviceSubnet and podSubnet, e.g.
#     "10.244.0.0/16,fd00:10:244::/56"); kube-proxy clusterCIDR the same list; the CNI one
#     pool per family; each node an address of each family (kubelet --node-ip with both).
#     Verify with `kubectl get nodes -o jsonpath='{.items[*].spec.podCIDRs}'` and `kube-netcheck check`.
#   evidence: kube-apiserver and kube-controller-manager flags, the kube-proxy ConfigMap, the CNI configuration, ip addr
package kubenetcheck.rules.ranges.dual_stack

import data.kubenetcheck.lib.pods

_families(nets) := {n.family | some n in nets}

_ip_family(ip) := "IPv6" if contains(ip, ":")

else := "IPv4"

_pod := _families(input.networks.pod)

_service := _families(input.networks.service)

_node := _families(input.networks.node) | {_ip_family(ip) | some n in input.nodes; some ip in n.internalIPs}

findings contains f if {
	count(_pod) > 0
	some family in _service
	not family in _pod
	f := {
		"verdict": "fail",
		"message": sprintf("the service range has %s (%s) but no pod range does: Services of that family have no endpoints", [family, _cidrs(input.networks.service, family)]),
		"facts": ["/networks/service", "/networks/pod"],
	}
}

findings contains f if {
	count(_node) > 0
	some family in _pod
	not family in _node
	f := {
		"verdict": "fail",
		"message": sprintf("the pod range has %s (%s) but no node has an %s address: the nodes cannot route it", [family, _cidrs(input.networks.pod, family), family]),
		"facts": ["/networks/pod", "/networks/node"],
	}
}

# kube-proxy reads clusterCIDR only with detectLocalMode ClusterCIDR, its default.
_cluster_cidr_detects if object.get(input.kubeProxy, "detectLocalMode", null) == null

_cluster_cidr_detects if input.kubeProxy.detectLocalMode == "ClusterCIDR"

findings contains f if {
	_cluster_cidr_detects
	count(input.kubeProxy.clusterCIDR) > 0
	some family in _pod
	not family in _families(input.kubeProxy.clusterCIDR)
	f := {
		"verdict": "fail",
		"message": sprintf("kube-proxy clusterCIDR %s names no %s range, but the pod range has %s (%s)", [
			concat(",", [n.cidr | some n in input.kubeProxy.clusterCIDR]), family, family, _cidrs(input.networks.pod, family),
		]),
		"facts": ["/kubeProxy/clusterCIDR", "/networks/pod"],
	}
}

# Nodes with podCIDRs of fewer families than the pod range, where the IPAM uses them.
findings contains f if {
	pods.uses_node_podcidrs
	count(_pod) > 1
	lacking := [n.name |
		some n in input.nodes
		count(n.podCIDRs) > 0
		count(_families(n.podCIDRs)) < count(_pod)
	]
	count(lacking) > 0
	f := {
		"verdict": "fail",
		"message": sprintf("the pod range is dual-stack but %d node(s) have podCIDRs of one family: %s", [count(lacking), _names(lacking)]),
		"facts": ["/nodes", "/networks/pod"],
	}
}

_cidrs(nets, family) := concat(", ", [n.cidr | some n in nets; n.family == family])

_names(names) := concat(", ", names) if count(names) <= 5

else := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 5)), count(names) - 5])
