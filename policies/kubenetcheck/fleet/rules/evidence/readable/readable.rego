# METADATA
# title: Every cluster of the fleet must be read
# description: |
#   A fleet check judges every cluster it is given. A cluster that could not be
#   read at all (an evidence folder of which nothing could be read, an
#   unreachable API server, credentials refused, RBAC denying the reads) has no
#   facts: nothing about it, nor about its ranges against the other clusters',
#   can be decided. It is reported, never silently left out, and the other
#   clusters are judged as usual.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/access-authn-authz/rbac/
#     description: Kubernetes RBAC, the reads a collection needs (deploy/rbac-collect.yaml)
# custom:
#   id: KN800
#   severity: error
#   family: evidence
#   remediation: |
#     Fix what the message names: the evidence folder's files (each error names its
#     file and line), the kubeconfig context, the network path to the API server, or
#     the RBAC of the identity (deploy/rbac-collect.yaml grants every read).
#     Verify with `kube-netcheck fleet check ...` again: the cluster is judged.
#   evidence: the cluster's evidence folder or kubeconfig context
package kubenetcheck.fleet.rules.evidence.readable

findings contains f if {
	some i, c in input.clusters
	not c.readable
	f := {
		"verdict": "fail",
		"message": sprintf("cluster %s could not be read: %s", [c.name, c.error]),
		"facts": [sprintf("/clusters/%d", [i])],
		"clusters": [c.name],
	}
}
