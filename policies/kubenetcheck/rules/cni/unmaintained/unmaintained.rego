# METADATA
# title: The CNI should be maintained
# description: |
#   A CNI plugin runs with full privileges on every node and must keep up with
#   new kernels, Kubernetes versions and security fixes. weave-net is no
#   longer maintained: Weaveworks closed in February 2024 and its repository
#   was archived, so no fixes will come. Plan a migration while the cluster
#   still works.
# related_resources:
#   - ref: https://github.com/weaveworks/weave
#     description: weaveworks/weave, archived
#   - ref: https://kubernetes.io/docs/concepts/cluster-administration/addons/#networking-and-network-policy
#     description: Kubernetes add-ons, networking and network policy
# custom:
#   id: KN602
#   severity: warning
#   family: cni
#   remediation: |
#     Plan a move to a maintained CNI (Calico, Cilium, flannel, Antrea, kube-router...). A CNI
#     cannot be swapped in place without pod disruption: the usual path is a new node pool
#     or a maintenance window (remove the old DaemonSet and its /etc/cni/net.d config, install
#     the new CNI with the same pod range, restart every pod). Rehearse on a copy of the cluster.
#     Verify with `kubectl get ds -A` and `kube-netcheck check`.
#   evidence: the CNI's DaemonSet, logs or configuration
package kubenetcheck.rules.cni.unmaintained

_unmaintained := {"weave-net": "Weaveworks closed in February 2024 and archived weave-net: it gets no more fixes"}

findings contains f if {
	why := _unmaintained[input.cni.name]
	f := {
		"verdict": "fail",
		"message": sprintf("the CNI is %s, which is no longer maintained: %s", [input.cni.name, why]),
		"facts": ["/cni/name"],
	}
}
