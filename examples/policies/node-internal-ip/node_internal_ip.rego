# Every node must have an InternalIP: kube-proxy, the CNI and the API server's
# kubelet connections use it. A node without one is typically waiting for the
# cloud controller manager to initialise it (taint
# node.cloudprovider.kubernetes.io/uninitialized) or its kubelet was started
# with a --node-ip that is not on any interface.
package main

deny contains result if {
	some i, node in input.nodes
	count(object.get(node, "internalIPs", [])) == 0
	result := {
		"id": "ACME-NET-003",
		"title": "Every node must have an InternalIP",
		"msg": sprintf("node %s has no InternalIP address", [node.name]),
		"facts": [sprintf("/nodes/%d", [i])],
		"remediation": "Check the node's addresses (kubectl get node NAME -o jsonpath='{.status.addresses}'): on a cloud, the cloud controller manager sets them; otherwise give the kubelet --node-ip with an address of the node's interface.",
	}
}
