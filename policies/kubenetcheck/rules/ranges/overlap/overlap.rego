# METADATA
# title: Pod, service and node ranges must not overlap
# description: |
#   Pod IPs, Service ClusterIPs and node addresses must come from disjoint
#   ranges of each address family. When the pod range overlaps the service
#   range, kube-proxy's rules capture pod traffic meant for Services (or the
#   reverse); when either overlaps the node network, nodes become unreachable
#   from pods. Kubernetes does not check this across components: the API server
#   knows only the service range, the controller-manager only the pod range, the
#   CNI only its own pool. Where pods take addresses from the node subnets
#   (IPAM vpc: the AWS VPC CNI on EKS, Azure CNI without overlay on AKS) there
#   is no pod range apart from the nodes': pod/node overlap is by design and
#   not judged, and the node ranges stand for the pods' against the service range.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/cluster-administration/networking/
#     description: Cluster networking, address ranges
#   - ref: https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/#considerations-about-apiserver-advertise-address-and-controlplaneendpoint
#     description: kubeadm, choosing a pod network that does not overlap host networks
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

findings contains f if {
	some [p, i, q, j] in _violations
	a := input.networks[p][i]
	b := input.networks[q][j]
	f := {
		"verdict": "fail",
		"message": sprintf("%s range %s overlaps %s range %s (%s)%s", [p, a.cidr, q, b.cidr, ranges.relation(a, b), _vpc_note(q)]),
		"facts": [sprintf("/networks/%s/%d", [p, i]), sprintf("/networks/%s/%d", [q, j])],
	}
}

# With vpc IPAM the pods' addresses are the node subnets': the pod range is
# not missing, the node range stands for it.
_missing contains role if {
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

findings contains f if {
	count(_violations) == 0
	count(_missing) > 0
	missing := sort([r | some r in _missing])
	f := {
		"verdict": "unknown",
		"message": sprintf("cannot tell whether ranges overlap: no source stated the %s range%s", [concat(" or ", missing), _vpc_unknown_note]),
		"facts": [sprintf("/networks/%s", [r]) | some r in missing],
		"evidence": concat("; ", [_evidence[r] | some r in missing]),
	}
}

_evidence := {
	"node": "`ip addr` output from a node",
	"pod": "the CNI's configuration or log, or kube-controller-manager --cluster-cidr",
	"service": "kube-apiserver --service-cluster-ip-range (its static pod manifest)",
}
