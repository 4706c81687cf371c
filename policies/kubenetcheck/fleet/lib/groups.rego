# METADATA
# title: Fleet groups, their members and every range of the fleet
# description: |
#   Which clusters must be disjoint is the user's choice (a fleet file: mesh
#   groups, peerings). Without one, every cluster is in one group, "all
#   clusters", of kind mesh: all ranges of all clusters disjoint, the safe default.
#
#   Kinds, by what the clusters route to each other:
#   - mesh: pods and Services are routed between the clusters (a flat network,
#     Submariner without Globalnet): every range of one cluster must be disjoint
#     from every range of the others.
#   - cilium-cluster-mesh: Cilium Cluster Mesh: pod ranges unique, nodes reach
#     each other's InternalIPs (node networks disjoint, and from the peers' pod
#     ranges), and each cluster a unique Cilium cluster name and ID.
#   - peering: only node networks are routed (VPC peering, a VPN): node networks
#     disjoint, and each cluster's pod and service ranges disjoint from the
#     peers' node networks.
package kubenetcheck.fleet.lib.groups

default_group := {"name": "all clusters", "kind": "mesh", "members": [c.name | some c in input.clusters]}

groups := input.groups if count(input.groups) > 0

else := [default_group]

# Role pairs that must be disjoint between two clusters of a group, by kind.
# A cross-role pair [r, s] is judged both ways: r of one cluster against s of the other.
same_role_pairs := {
	"mesh": [["pod", "pod"], ["service", "service"], ["node", "node"]],
	"cilium-cluster-mesh": [["pod", "pod"], ["node", "node"]],
	"peering": [["node", "node"]],
}

cross_role_pairs := {
	"mesh": [["node", "pod"], ["node", "service"], ["pod", "service"]],
	"cilium-cluster-mesh": [["node", "pod"]],
	"peering": [["node", "pod"], ["node", "service"]],
}

# Index of each cluster by name.
index[c.name] := i if some i, c in input.clusters

# The indexes of each group's members (by group index).
members[g] := {i | some name in group.members; i := index[name]} if some g, group in groups

# Every range of every readable cluster, once: {i, role, net, pointer}. The rules compare
# these pairwise (a fleet of 200 clusters has some 600), never rebuilding them per pair of
# clusters, so the policy's memory does not grow with the square of the fleet.
entries := [e |
	some i, c in input.clusters
	c.readable
	some role in ["node", "pod", "service"]
	some x in nets(i, role)
	e := object.union(x, {"i": i, "role": role})
]

# Members of a group that were read, by index.
readable_members(group) := [i |
	some name in group.members
	i := index[name]
	input.clusters[i].readable
]

# "group "x" (mesh)": how findings name their group.
label(g) := sprintf("group \"%s\" (%s)", [groups[g].name, groups[g].kind])

# A cluster's ranges of a role, each with its fact pointer. Where pods take
# addresses from the node subnets (IPAM vpc: AWS VPC CNI, Azure CNI without
# overlay) there is no pod range apart from the nodes': the node networks
# stand for it, and are judged as node networks.
nets(i, role) := [] if {
	role == "pod"
	input.clusters[i].cni.ipam == "vpc"
} else := [{"net": n, "pointer": sprintf("/clusters/%d/networks/%s/%d", [i, role, x])} |
	some x, n in input.clusters[i].networks[role]
]

# The cluster states no range of the role (and none stands for it).
missing(i, role) if {
	count(input.clusters[i].networks[role]) == 0
	not _stood_for(i, role)
}

_stood_for(i, "pod") if input.clusters[i].cni.ipam == "vpc"

# "pod range", "node network", "service range".
noun("node") := "node network"

noun("pod") := "pod range"

noun("service") := "service range"
