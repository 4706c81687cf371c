# METADATA
# title: Pod, service and node ranges must not overlap
# description: |
#   Pod IPs, Service ClusterIPs and node addresses must come from disjoint
#   ranges of each address family. When the pod range overlaps the service
#   range, kube-proxy's rules capture pod traffic meant for Services (or the
#   reverse); when either overlaps the node network, nodes become unreachable
#   from pods. Kubernetes checks little of this across components: the API
#   server knows only the service range and the CNI only its own pool.
#
#   Pod and service ranges: kube-controller-manager, when given the service range
#   (--service-cluster-ip-range, which kubeadm sets with a podSubnet), marks the
#   node blocks inside it as used before it allocates node podCIDRs
#   (range_allocator.go, filterOutServiceRange). So with node-podCIDR IPAM
#   (flannel, kubenet, host-local, Cilium's kubernetes IPAM) and the flag set,
#   pods never get service addresses: the overlap only costs those blocks (a
#   warning), unless the service range covers the whole pod range, when no node
#   gets a block at all (an error). With pool IPAM (Calico, Cilium cluster-pool,
#   Weave) nothing keeps pod addresses out of the service range: an error. With
#   the flag set and the IPAM model unknown, a partial overlap is unknown (it
#   depends on the IPAM) and a pod range inside the service range an error (it
#   breaks with either).
#
#   Where pods take addresses from the node subnets (IPAM vpc: the AWS VPC CNI on
#   EKS, Azure CNI without overlay on AKS) there is no pod range apart from the
#   nodes': pod/node overlap is by design and not judged, and the node ranges
#   stand for the pods' against the service range.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/cluster-administration/networking/
#     description: Cluster networking, address ranges
#   - ref: https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/#considerations-about-apiserver-advertise-address-and-controlplaneendpoint
#     description: kubeadm, choosing a pod network that does not overlap host networks
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/range_allocator.go
#     description: kube-controller-manager NewCIDRRangeAllocator, filterOutServiceRange marks the node blocks inside --service-cluster-ip-range (and the secondary range) as used
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/phases/controlplane/manifests.go
#     description: kubeadm getControllerManagerCommand, --service-cluster-ip-range set with a podSubnet
#   - ref: https://github.com/kubernetes/kops/pull/16344
#     description: kops allows pod/node and service range overlap again, as kube-controller-manager excludes the service range from node CIDRs
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/managing-vpc-cni.html
#     description: Amazon VPC CNI, pods take addresses from the VPC subnets of their nodes
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
import data.kubenetcheck.lib.pods
import data.kubenetcheck.lib.ranges

_pairs := [["pod", "service"], ["service", "node"]] if pods.vpc

else := [["pod", "service"], ["pod", "node"], ["service", "node"]]

_roles := ["node", "pod", "service"]

_violations contains [p, i, q, j] if {
	some pair in _pairs
	p := pair[0]
	q := pair[1]
	some i, a in input.networks[p]
	some j, b in input.networks[q]
	ranges.overlaps(a, b)
}

# Pod against node, service against node: always an error.
findings contains f if {
	some [p, i, q, j] in _violations
	[p, q] != ["pod", "service"]
	f := _finding(p, i, q, j, _vpc_note(q))
}

# Pod against service: judged by the IPAM model and the controller-manager's service range.
findings contains f if {
	some ["pod", i, "service", j] in _violations
	case := _pod_service_case(input.networks.pod[i], input.networks.service[j])
	base := _finding("pod", i, "service", j, case.why)
	f := object.union(base, object.union(case.extra, {"facts": array.concat(base.facts, case.facts)}))
}

_finding(p, i, q, j, why) := {
	"verdict": "fail",
	"message": sprintf("%s range %s overlaps %s range %s (%s)%s", [p, a.cidr, q, b.cidr, ranges.relation(a, b), why]),
	"facts": [sprintf("/networks/%s/%d", [p, i]), sprintf("/networks/%s/%d", [q, j])],
} if {
	a := input.networks[p][i]
	b := input.networks[q][j]
}

_kcm := "/cluster/controllerManagerServiceRange"

_pod_service_case(pod, svc) := {
	"why": ": the CNI's IPAM gives pods addresses from its own pools, which nothing keeps out of the service range",
	"facts": ["/cni/ipam"], "extra": {},
} if {
	input.cni.ipam == "pool"
} else := {
	"why": ": kube-controller-manager is not given the service range (--service-cluster-ip-range), so it can hand out node podCIDRs inside it",
	"facts": ["/cni/ipam", _kcm], "extra": {},
} if {
	input.cni.ipam == "node-podcidr"
	input.cluster.controllerManagerServiceRange == false
} else := {
	"why": ": kube-controller-manager marks the node blocks inside the service range as used, and the service range covers the whole pod range, so no node gets a podCIDR",
	"facts": ["/cni/ipam", _kcm], "extra": {},
} if {
	input.cni.ipam == "node-podcidr"
	input.cluster.controllerManagerServiceRange == true
	ranges.contains_range(svc, pod)
} else := {
	"why": ": the service range covers the whole pod range, so with node podCIDRs kube-controller-manager has no block left to give a node, and with a CNI's own pools pods take service addresses",
	"facts": [_kcm], "extra": {},
} if {
	input.cluster.controllerManagerServiceRange == true
	ranges.contains_range(svc, pod)
} else := {
	"why": ": kube-controller-manager (given --service-cluster-ip-range) skips the node blocks inside the service range, so pods get no service addresses, but those blocks are lost to nodes",
	"facts": ["/cni/ipam", _kcm], "extra": {"severity": "warning"},
} if {
	input.cni.ipam == "node-podcidr"
	input.cluster.controllerManagerServiceRange == true
} else := {
	"why": ": kube-controller-manager keeps node podCIDRs out of the service range (--service-cluster-ip-range), but a CNI with IP pools of its own (Calico, Cilium cluster-pool, Weave) does not, and the evidence does not say which IPAM the CNI uses",
	"facts": ["/cni/ipam", _kcm],
	"extra": {"verdict": "unknown", "evidence": "the CNI's configuration, which says whether pods take node podCIDRs or the CNI's own pools"},
} if {
	input.cluster.controllerManagerServiceRange == true
} else := {"why": "", "facts": [], "extra": {}}

# With vpc IPAM the pods' addresses are the node subnets': the pod range is
# not missing, the node range stands for it.
_absent contains role if {
	some role in _roles
	not _stands_in(role)
	count(input.networks[role]) == 0
}

_stands_in("pod") if pods.vpc

_vpc_note(role) := " (pods take addresses from the node subnets, IPAM vpc: pods collide with Services too)" if {
	pods.vpc
	role == "node"
} else := ""

_vpc_unknown_note := "; pods take addresses from the node subnets (IPAM vpc), so the node range stands for theirs" if pods.vpc

else := ""

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
		"message": sprintf("cannot tell whether ranges overlap: no source stated the %s range%s", [concat(" or ", missing), _vpc_unknown_note]),
		"facts": [sprintf("/networks/%s", [r]) | some r in missing],
		"evidence": concat("; ", [_evidence[r] | some r in missing]),
	}
}

# Only the node network is missing: a fact of the machines. In review mode (a
# configuration judged before its nodes exist) it is a check before rollout.
# With IPAM vpc the node range also stands for the pods': the general unknown says so.
_node_only_missing if {
	_absent == {"node"}
	not pods.vpc
}

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
