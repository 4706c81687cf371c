# METADATA
# title: Pod range helpers
# description: |
#   Which pod ranges are the cluster's (kube-controller-manager --cluster-cidr,
#   kubeadm podSubnet) as opposed to the CNI's own pools, and the node mask
#   kube-controller-manager allocates node podCIDRs with (--node-cidr-mask-size,
#   default 24 for IPv4 and 64 for IPv6, pkg/controller/nodeipam).
package kubenetcheck.lib.pods

_pool_cidrs := {p.network.cidr | some p in input.cni.pools}

# Pod ranges of a family, with their index in networks.pod, that are not CNI pools.
cluster_ranges(family) := [[i, r] |
	some i, r in input.networks.pod
	r.family == family
	not r.cidr in _pool_cidrs
]

# The ranges node podCIDRs are allocated from: the non-pool ranges; with a
# node-podcidr or unknown IPAM and no such range, every pod range of the family.
allocation_ranges(family) := cluster_ranges(family) if {
	count(cluster_ranges(family)) > 0
} else := [[i, r] |
	not input.cni.ipam in _own_addresses
	some i, r in input.networks.pod
	r.family == family
]

# IPAM models that do not draw pod addresses from node podCIDRs.
_own_addresses := {"pool", "vpc"}

# Node podCIDRs carry the pods' addresses: not with pool IPAM (the CNI's own
# pools) nor with vpc IPAM (pods take addresses from the node subnets of the
# cloud network: AWS VPC CNI, Azure CNI without overlay).
uses_node_podcidrs if not input.cni.ipam in _own_addresses

# Pods take addresses from the node subnets: there is no pod range apart from
# the nodes', and pod/node overlap is by design.
vpc if input.cni.ipam == "vpc"

default_node_mask := {"IPv4": 24, "IPv6": 64}

node_mask(family) := {"size": size, "source": "--node-cidr-mask-size"} if {
	size := input.cluster.nodeCIDRMaskSize[family]
	size != null
} else := {"size": default_node_mask[family], "source": "the default"}

# Node podCIDRs are allocated (and so must fit) when the evidence says so.
allocates if input.cluster.allocateNodeCIDRs == true

allocates if input.cni.ipam == "node-podcidr"

# A node mask given implies allocation, unless --allocate-node-cidrs=false says otherwise
# (kube-controller-manager then ignores the mask, and kubeadm does not check it:
# ValidateNetworking, cmd/kubeadm/app/apis/kubeadm/validation/validation.go, v1.37.2).
allocates if {
	input.cluster.allocateNodeCIDRs != false
	some family in ["IPv4", "IPv6"]
	input.cluster.nodeCIDRMaskSize[family] != null
}

families := {r.family | some r in input.networks.pod}
