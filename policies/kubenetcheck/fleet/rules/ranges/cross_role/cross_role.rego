# METADATA
# title: A cluster's node network must not overlap the pod or service ranges of the clusters it reaches
# description: |
#   Where clusters reach each other's nodes (VPC peering, a VPN, Cilium Cluster
#   Mesh, a flat network), one cluster's node network must not overlap another's
#   pod or service range: a pod sending to a peer's node address that lies in its
#   own cluster's pod or service range never leaves the cluster (the CNI routes it
#   to a local pod, kube-proxy captures it as a Service address). Where pods and
#   Services are routed between clusters too (kind mesh), a pod range must also
#   not overlap a peer's service range. Each finding names both clusters, both
#   ranges and the group.
# related_resources:
#   - ref: https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/create-cluster-kubeadm/#pod-network
#     description: kubeadm, the pod network must not overlap any of the host networks
#   - ref: https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/
#     description: Cilium Cluster Mesh, nodes in all clusters must have IP connectivity to each other
#   - ref: https://submariner.io/getting-started/architecture/globalnet/
#     description: Submariner, overlapping CIDRs between connected clusters need Globalnet
# custom:
#   id: KN802
#   severity: error
#   family: ranges
#   remediation: |
#     Move the pod or service range of one cluster out of the other's node network
#     (for a new cluster, `kube-netcheck fleet plan` avoids every range of the fleet),
#     or, if the clusters need not reach each other's nodes, take them out of the
#     group in the fleet file. Verify with `kube-netcheck fleet check ...` again.
#   evidence: each cluster's node networks (ip addr, VPC subnets) and pod and service ranges, and the fleet file's groups
package kubenetcheck.fleet.rules.ranges.cross_role

import data.kubenetcheck.fleet.lib.groups
import data.kubenetcheck.lib.ranges

findings contains f if {
	some a in groups.entries
	some b in groups.entries
	a.i != b.i
	a.role < b.role
	ranges.overlaps(a.net, b.net)
	some g, group in groups.groups
	groups.members[g][a.i]
	groups.members[g][b.i]
	[a.role, b.role] in groups.cross_role_pairs[group.kind]
	ci := input.clusters[a.i].name
	cj := input.clusters[b.i].name
	f := {
		"verdict": "fail",
		"message": sprintf("%s %s of cluster %s overlaps %s %s of cluster %s (%s), in %s", [
			groups.noun(a.role), a.net.cidr, ci, groups.noun(b.role), b.net.cidr, cj,
			ranges.relation(a.net, b.net), groups.label(g),
		]),
		"facts": [a.pointer, b.pointer],
		"clusters": [ci, cj],
		"group": group.name,
	}
}

# Roles the group's cross checks need that its same-role checks (KN801) do not
# already report as missing: pod and service ranges of peered clusters.
findings contains f if {
	some g, group in groups.groups
	members := groups.readable_members(group)
	count(members) > 1
	some i in members
	cross := {role | some pair in groups.cross_role_pairs[group.kind]; some role in pair}
	same := {role | some [role, _] in groups.same_role_pairs[group.kind]}
	some role in (cross - same)
	groups.missing(i, role)
	f := {
		"verdict": "unknown",
		"message": sprintf("cannot tell whether the %s of cluster %s overlaps the node networks of the other clusters, in %s: no source stated it", [
			groups.noun(role), input.clusters[i].name, groups.label(g),
		]),
		"facts": [sprintf("/clusters/%d/networks/%s", [i, role])],
		"clusters": [input.clusters[i].name],
		"group": group.name,
		"evidence": sprintf("the %s of cluster %s", [groups.noun(role), input.clusters[i].name]),
	}
}
