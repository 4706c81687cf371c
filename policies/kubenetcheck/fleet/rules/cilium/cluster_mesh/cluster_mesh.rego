# METADATA
# title: Clusters in a Cilium Cluster Mesh need a unique Cilium cluster name and ID
# description: |
#   Cilium Cluster Mesh tells the clusters apart by the name and numeric ID each
#   one's Cilium is configured with (cilium-config cluster-name and cluster-id,
#   Helm cluster.name and cluster.id): security identities carry the cluster ID,
#   so two clusters with one ID, or one name, cannot be connected. The ID must be
#   set (0, the default, is ClusterIDUnset: no Cluster Mesh identity) and at most
#   max-connected-clusters: 255 by default, 511 when max-connected-clusters is
#   511 (cilium/cilium pkg/clustermesh/types/option.go, ClusterIDMax =
#   defaults.MaxConnectedClusters; InitClusterIDMax accepts only 255 and 511; the
#   parser refuses other values). Judged for the groups of kind
#   cilium-cluster-mesh in the fleet file. A name or ID no source states is
#   undecided: Cilium would use its defaults ("default", 0), which cannot mesh.
# related_resources:
#   - ref: https://docs.cilium.io/en/stable/network/clustermesh/clustermesh/
#     description: Setting up Cluster Mesh, each cluster a unique cluster.name and cluster.id
#   - ref: https://github.com/cilium/cilium/blob/main/pkg/clustermesh/types/option.go
#     description: Cilium ClusterIDMin, ClusterIDMax (defaults.MaxConnectedClusters 255, or 511) and cluster name validation
# custom:
#   id: KN803
#   severity: error
#   family: cilium
#   remediation: |
#     Give each cluster of the mesh its own name and an ID from 1 to 255 (511 with
#     max-connected-clusters 511): Helm `--set cluster.name=NAME --set cluster.id=N`
#     (cilium-config cluster-name, cluster-id), then restart the Cilium agents.
#     Changing a running cluster's ID changes its security identities: plan it.
#     Verify with `cilium config view | grep cluster-` in each cluster and
#     `kube-netcheck fleet check ...` again.
#   evidence: each cluster's cilium-config ConfigMap (or cilium config view, or the Helm values)
package kubenetcheck.fleet.rules.cilium.cluster_mesh

import data.kubenetcheck.fleet.lib.groups

_mesh_groups contains g if {
	some g, group in groups.groups
	group.kind == "cilium-cluster-mesh"
}

_cilium(i) := object.get(input.clusters[i], ["cni", "cilium"], null)

_name(i) := n if {
	n := _cilium(i).clusterName
	n != null
}

_id(i) := n if {
	n := _cilium(i).clusterId
	n != null
}

_max(i) := m if {
	m := _cilium(i).maxConnectedClusters
	m != null
} else := 255

_finding(g, i, verdict, message, facts) := f if {
	f := {
		"verdict": verdict,
		"message": sprintf("%s, in %s", [message, groups.label(g)]),
		"facts": facts,
		"clusters": [input.clusters[i].name],
		"group": groups.groups[g].name,
	}
}

_members(g) := groups.readable_members(groups.groups[g])

# A member whose CNI is not Cilium.
findings contains f if {
	some g in _mesh_groups
	some i in _members(g)
	cni := input.clusters[i].cni.name
	cni != null
	cni != "cilium"
	f := _finding(g, i, "fail", sprintf("cluster %s runs %s, not Cilium: it cannot join a Cilium Cluster Mesh", [input.clusters[i].name, cni]), [sprintf("/clusters/%d/cni/name", [i])])
}

findings contains f if {
	some g in _mesh_groups
	some i in _members(g)
	input.clusters[i].cni.name == null
	f := object.union(
		_finding(g, i, "unknown", sprintf("cannot tell whether cluster %s runs Cilium: no source named its CNI", [input.clusters[i].name]), [sprintf("/clusters/%d/cni/name", [i])]),
		{"evidence": "the cluster's cilium-config ConfigMap or Cilium Helm values"},
	)
}

# The name or ID is not stated.
findings contains f if {
	some g in _mesh_groups
	some i in _members(g)
	input.clusters[i].cni.name == "cilium"
	some [field, what] in [["clusterName", "cluster name (cluster-name)"], ["clusterId", "cluster ID (cluster-id)"]]
	object.get(input.clusters[i], ["cni", "cilium", field], null) == null
	f := object.union(
		_finding(g, i, "unknown", sprintf("cannot tell the Cilium %s of cluster %s: no source stated it (Cilium's default cannot mesh)", [what, input.clusters[i].name]), [sprintf("/clusters/%d/cni/cilium/%s", [i, field])]),
		{"evidence": sprintf("cilium-config %s, or the Helm value %s", [_keys[field][0], _keys[field][1]])},
	)
}

_keys := {"clusterName": ["cluster-name", "cluster.name"], "clusterId": ["cluster-id", "cluster.id"]}

# ID 0 (unset) or above the limit.
findings contains f if {
	some g in _mesh_groups
	some i in _members(g)
	id := _id(i)
	not _id_in_range(i, id)
	f := _finding(g, i, "fail", sprintf("cluster %s has Cilium cluster ID %d: Cluster Mesh needs an ID from 1 to %d", [input.clusters[i].name, id, _max(i)]), [sprintf("/clusters/%d/cni/cilium/clusterId", [i])])
}

_id_in_range(i, id) if {
	id >= 1
	id <= _max(i)
}

# Two members with one name or one ID.
findings contains f if {
	some g in _mesh_groups
	members := _members(g)
	some i in members
	some j in members
	i < j
	some [field, what] in [["clusterName", "name"], ["clusterId", "ID"]]
	v := object.get(input.clusters[i], ["cni", "cilium", field], null)
	v != null
	v == object.get(input.clusters[j], ["cni", "cilium", field], null)
	ci := input.clusters[i].name
	cj := input.clusters[j].name
	f := {
		"verdict": "fail",
		"message": sprintf("clusters %s and %s have the same Cilium cluster %s, %s: each cluster of a Cluster Mesh needs its own, in %s", [ci, cj, what, _show(v), groups.label(g)]),
		"facts": [sprintf("/clusters/%d/cni/cilium/%s", [i, field]), sprintf("/clusters/%d/cni/cilium/%s", [j, field])],
		"clusters": [ci, cj],
		"group": groups.groups[g].name,
	}
}

_show(v) := format_int(v, 10) if is_number(v)

else := v
