# METADATA
# title: Clusters that reach each other must not share pod, service or node ranges
# description: |
#   Clusters whose networks are connected (a flat network, Submariner without
#   Globalnet, Cilium Cluster Mesh, VPC peering, a VPN) route each other's
#   addresses: a pod range used by two of them makes the peer's pods
#   unreachable (traffic for them stays in the local cluster), two equal
#   service ranges make a Service address mean two Services, and two node
#   networks that overlap cannot be routed at all. Which ranges must be unique
#   depends on what the clusters route to each other: the group's kind (the
#   fleet file; all clusters, as a mesh, by default). Cilium Cluster Mesh asks
#   for unique pod ranges and node IP connectivity; Submariner without
#   Globalnet for disjoint pod and service ranges.
#
#   A cluster whose evidence states no range of a role the group needs is
#   undecided for that role: nothing is assumed about it.
# related_resources:
#   - ref: https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/
#     description: Cilium Cluster Mesh prerequisites, PodCIDR ranges in all clusters must be non-conflicting
#   - ref: https://submariner.io/getting-started/architecture/globalnet/
#     description: Submariner, clusters with overlapping CIDRs need Globalnet
#   - ref: https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
#     description: AWS VPC peering, no peering between VPCs with overlapping CIDR blocks
# custom:
#   id: KN801
#   severity: error
#   family: ranges
#   remediation: |
#     Give one of the two clusters other ranges, or take it out of the group if the
#     clusters do not need to reach each other (the fleet file's groups). Changing
#     a running cluster's pod or service range is a migration: for a new cluster,
#     `kube-netcheck fleet plan` proposes ranges that avoid every range of the fleet.
#     Where ranges must overlap, Submariner's Globalnet translates them. Verify with
#     `kube-netcheck fleet check ...` again.
#   evidence: each cluster's ranges (kube-apiserver and kube-controller-manager flags, the CNI configuration, ip addr), and the fleet file's groups
package kubenetcheck.fleet.rules.ranges.overlap

import data.kubenetcheck.fleet.lib.groups
import data.kubenetcheck.lib.ranges

findings contains f if {
	some a in groups.entries
	some b in groups.entries
	a.i < b.i
	a.role == b.role
	ranges.overlaps(a.net, b.net)
	some g, group in groups.groups
	groups.members[g][a.i]
	groups.members[g][b.i]
	some [a.role, _] in groups.same_role_pairs[group.kind]
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

# A member of a group (with at least one other readable member) that states no range of a role the group needs.
findings contains f if {
	some g, group in groups.groups
	members := groups.readable_members(group)
	count(members) > 1
	some i in members
	needed := {role | some [role, _] in groups.same_role_pairs[group.kind]}
	some role in needed
	groups.missing(i, role)
	f := {
		"verdict": "unknown",
		"message": sprintf("cannot tell whether the %s of cluster %s overlaps another cluster's, in %s: no source stated it", [
			groups.noun(role), input.clusters[i].name, groups.label(g),
		]),
		"facts": [sprintf("/clusters/%d/networks/%s", [i, role])],
		"clusters": [input.clusters[i].name],
		"group": group.name,
		"evidence": sprintf("the %s of cluster %s (%s)", [groups.noun(role), input.clusters[i].name, _evidence[role]]),
	}
}

_evidence := {
	"node": "`ip addr` output from a node, or the VPC subnets",
	"pod": "the CNI's configuration or kube-controller-manager --cluster-cidr",
	"service": "kube-apiserver --service-cluster-ip-range",
}
