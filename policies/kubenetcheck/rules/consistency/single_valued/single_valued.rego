# METADATA
# title: Sources must agree on facts that have one value per cluster
# description: |
#   Some facts have exactly one true value in a cluster at a time: a
#   DaemonSet's DESIRED, CURRENT, READY, UP-TO-DATE and AVAILABLE counts, the
#   cluster's version, its CNI, the controller-manager's node mask, the kube-dns
#   Service's ClusterIP, a node's kubelet version. When two pieces of evidence
#   state different values, they come from two clusters, or from two moments of
#   one cluster, mixed in one input: judging the mix would be judging a cluster
#   that does not exist, so kube-netcheck reports the disagreement with where each
#   value was stated instead of picking one.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_cluster-info/kubectl_cluster-info_dump/
#     description: kubectl cluster-info dump, one snapshot of one cluster
# custom:
#   id: KN901
#   severity: error
#   family: consistency
#   remediation: |
#     Give evidence of one cluster, collected at one time: move the other cluster's
#     files into a folder of their own and check each folder separately, pick one of the
#     clusters the evidence names with `--cluster-name NAME`, or collect
#     a fresh snapshot (`kubectl cluster-info dump --output-directory DIR`, or
#     `kube-netcheck collect DIR`). Each value's file:line is in the message.
#     Verify with `kube-netcheck check DIR` on each folder: no KN901.
#   evidence: one snapshot of one cluster
package kubenetcheck.rules.consistency.single_valued

_what(pointer) := sprintf("DaemonSet %s %s", [_ds_name(to_number(parts[2])), _count_name[parts[3]]]) if {
	parts := split(pointer, "/")
	parts[1] == "daemonSets"
	count(parts) == 4
}

_what(pointer) := sprintf("node %s's kubelet version", [input.nodes[to_number(parts[2])].name]) if {
	parts := split(pointer, "/")
	parts[1] == "nodes"
}

_what(pointer) := _names[pointer] if _names[pointer]

_names := {
	"/cluster/version": "the cluster version",
	"/cluster/nodeCIDRMaskSize/IPv4": "the IPv4 node mask size",
	"/cluster/nodeCIDRMaskSize/IPv6": "the IPv6 node mask size",
	"/cluster/allocateNodeCIDRs": "--allocate-node-cidrs",
	"/cluster/dnsServiceIP": "the kube-dns ClusterIP",
	"/cni/name": "the CNI",
	"/cluster/name": "the cluster's name",
	"/cluster/distribution": "the installer or platform that built the cluster",
}

_count_name := {"desired": "DESIRED", "current": "CURRENT", "ready": "READY", "upToDate": "UP-TO-DATE", "available": "AVAILABLE"}

_ds_name(i) := sprintf("%s/%s", [ds.namespace, ds.name]) if {
	ds := input.daemonSets[i]
	ds.namespace != null
} else := input.daemonSets[i].name

findings contains f if {
	some c in input.conflicts
	c.pointer != "/clusters/seen"
	values := [sprintf("%s (%s)", [v.value, v.source]) | some v in c.values]
	f := {
		"verdict": "fail",
		"message": sprintf("sources disagree on %s: %s: evidence of two clusters, or of two moments, mixed in one input", [
			_label(c.pointer), concat(" vs ", values),
		]),
		"facts": [c.pointer],
	}
}

_label(pointer) := _what(pointer)

_label(pointer) := pointer if not _what(pointer)

# The evidence names (or, by their installers, shows) several clusters and none was
# picked: each with where the evidence first says it (src/evidence/clusters.ts).
findings contains f if {
	some c in input.conflicts
	c.pointer == "/clusters/seen"
	values := [sprintf("%s at %s", [v.value, v.source]) | some v in c.values]
	f := {
		"verdict": "fail",
		"message": sprintf("the evidence describes %d clusters: %s: their facts are not judged as one cluster's; pick one with --cluster-name NAME, or give each its own folder", [
			count(c.values), concat(" and ", values),
		]),
		"facts": [c.pointer],
	}
}
