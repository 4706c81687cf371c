# METADATA
# title: Cluster ranges must not overlap networks named as taken
# description: |
#   Pod, service and node ranges must not overlap the networks the user names
#   as taken with --avoid: the VPC or data-centre networks, VPN pools, peered
#   networks and on-premises ranges the cluster must reach. A pod or Service
#   range overlapping one of them makes it unreachable from pods: traffic to
#   it is routed to pods (or captured by kube-proxy's Service rules) instead
#   of leaving the cluster. Kubernetes cannot know these ranges; only the
#   operator can name them.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/cluster-administration/networking/#the-kubernetes-network-model
#     description: The Kubernetes network model, pod and Service addresses
#   - ref: https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/#pod-network
#     description: kubeadm, the pod network must not overlap any host networks
#   - ref: https://github.com/kubernetes/kubernetes/pull/128971
#     description: Kubernetes 1.33, MultiCIDRServiceAllocator GA, ServiceCIDR objects extend the service range
# custom:
#   id: KN102
#   severity: error
#   family: ranges
#   remediation: |
#     Move the cluster range out of the taken network. For the pod range: a new
#     CNI pool (Calico: create an IPPool outside it and disable the old one; weave:
#     IPALLOC_RANGE) plus kubeadm networking.podSubnet / kube-controller-manager
#     --cluster-cidr. For the service range: kube-apiserver --service-cluster-ip-range
#     (kubeadm networking.serviceSubnet); from Kubernetes 1.33 add a ServiceCIDR object
#     and migrate Services. If the --avoid range is wrong instead, correct it.
#     Verify with `kube-netcheck check --avoid CIDR ...` again.
#   evidence: the cluster's ranges (kube-apiserver and kube-controller-manager flags, the CNI configuration, ip addr) and --avoid
#   versions:
#     - fact: ServiceCIDR objects (networking.k8s.io/v1) add service ranges; MultiCIDRServiceAllocator GA
#       versions: 1.33
#       source: https://github.com/kubernetes/kubernetes/pull/128971
package kubenetcheck.rules.ranges.avoid

import data.kubenetcheck.lib.params
import data.kubenetcheck.lib.pods
import data.kubenetcheck.lib.ranges

_roles := ["node", "pod", "service"]

# With vpc IPAM pods take addresses from the node subnets: the node range is theirs.
_needed := ["node", "service"] if pods.vpc

else := ["pod", "service"]

findings contains f if {
	some role in _roles
	some i, net in input.networks[role]
	some taken in params.avoid
	ranges.overlaps(net, taken)
	f := {
		"verdict": "fail",
		"message": sprintf("%s range %s overlaps %s, a range named as taken (--avoid) (%s)", [
			role, net.cidr, taken.cidr, ranges.relation(net, taken),
		]),
		"facts": [sprintf("/networks/%s/%d", [role, i])],
	}
}

findings contains f if {
	count(params.avoid) > 0
	missing := [role | some role in _needed; count(input.networks[role]) == 0]
	count(missing) > 0
	f := {
		"verdict": "unknown",
		"message": sprintf("cannot tell whether the cluster overlaps the --avoid ranges: no source stated the %s range", [concat(" or ", missing)]),
		"facts": [sprintf("/networks/%s", [r]) | some r in missing],
		"evidence": "kube-apiserver --service-cluster-ip-range and the CNI's pool or kube-controller-manager --cluster-cidr",
	}
}
