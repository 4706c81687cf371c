# METADATA
# title: Pod, service and node ranges must not overlap
# description: |
#   Pod IPs, Service ClusterIPs and node addresses must come from disjoint
#   ranges of each address family. When the pod range overlaps the service
#   range, kube-proxy's rules capture pod traffic meant for Services (or the
#   reverse); when either overlaps the node network, nodes become unreachable
#   from pods. Kubernetes does not check this across components: the API server
#   knows only the service range, the controller-manager only the pod range, the
#   CNI only its own pool.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/cluster-administration/networking/
#     description: Cluster networking, address ranges
#   - ref: https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/#considerations-about-apiserver-advertise-address-and-controlplaneendpoint
#     description: kubeadm, choosing a pod network that does not overlap host networks
# custom:
#   id: KN101
#   severity: error
#   family: ranges
#   remediation: |
#     Choose ranges that do not overlap. On a kubeadm cluster the service range is
#     networking.serviceSubnet (kube-apiserver --service-cluster-ip-range) and the
#     pod range is networking.podSubnet (kube-controller-manager --cluster-cidr) and
#     the CNI's pool (weave IPALLOC_RANGE, Calico IPPool cidr, flannel Network).
#     Changing either on a running cluster means re-addressing Services or pods,
#     so plan it as a migration. Verify with `kube-netcheck check` again.
#   evidence: ip addr output of a node, kube-apiserver flags or manifest, the CNI's configuration or log
package kubenetcheck.rules.ranges.overlap

import data.kubenetcheck.lib.params
import data.kubenetcheck.lib.ranges

_pairs := [["pod", "service"], ["pod", "node"], ["service", "node"]]

_roles := ["node", "pod", "service"]

_violations contains [p, i, q, j] if {
	some pair in _pairs
	p := pair[0]
	q := pair[1]
	some i, a in input.networks[p]
	some j, b in input.networks[q]
	ranges.overlaps(a, b)
}

findings contains f if {
	some [p, i, q, j] in _violations
	a := input.networks[p][i]
	b := input.networks[q][j]
	f := {
		"verdict": "fail",
		"message": sprintf("%s range %s overlaps %s range %s (%s)", [p, a.cidr, q, b.cidr, ranges.relation(a, b)]),
		"facts": [sprintf("/networks/%s/%d", [p, i]), sprintf("/networks/%s/%d", [q, j])],
	}
}

_absent contains role if {
	some role in _roles
	count(input.networks[role]) == 0
}

# In review mode the node network (a fact of the machines) is never asked of a configuration.
_missing := _absent - {"node"} if params.mode == "review"

else := _absent

findings contains f if {
	count(_violations) == 0
	count(_missing) > 0
	not _node_only_missing
	missing := sort([r | some r in _missing])
	f := {
		"verdict": "unknown",
		"message": sprintf("cannot tell whether ranges overlap: no source stated the %s range", [concat(" or ", missing)]),
		"facts": [sprintf("/networks/%s", [r]) | some r in missing],
		"evidence": concat("; ", [_evidence[r] | some r in missing]),
	}
}

# Only the node network is missing: a fact of the machines. In review mode (a
# configuration judged before its nodes exist) it is a check before rollout.
_node_only_missing if _absent == {"node"}

findings contains f if {
	count(_violations) == 0
	_node_only_missing
	cidrs := [n.cidr | some role in ["pod", "service"]; some n in input.networks[role]]
	f := {
		"verdict": "unknown",
		"message": "cannot tell whether ranges overlap: no source stated the node range",
		"facts": array.concat(
			["/networks/node"],
			[sprintf("/networks/%s/%d", [role, i]) | some role in ["pod", "service"]; some i, _ in input.networks[role]],
		),
		"missing": ["/networks/node"],
		"evidence": _evidence.node,
		"verify": sprintf("`ip -o addr` on every node shows no node address inside %s", [concat(", ", cidrs)]),
	}
}

_evidence := {
	"node": "`ip addr` output from a node",
	"pod": "the CNI's configuration or log, or kube-controller-manager --cluster-cidr",
	"service": "kube-apiserver --service-cluster-ip-range (its static pod manifest)",
}
