# The same conftest user's policy in Rego v1 syntax (OPA 1.x's default), as
# conftest runs it (`conftest test --policy conftest-v1 facts.json`).
package main

deny contains msg if {
	input.kubeProxy.mode == "userspace"
	msg := "kube-proxy runs the userspace proxier, removed in Kubernetes 1.26: switch to iptables, ipvs or nftables"
}

deny contains msg if {
	some node in input.nodes
	node.ready == false
	msg := sprintf("node %s is NotReady", [node.name])
}

warn contains {"msg": msg, "facts": ["/cni/name"], "owner": "platform-networking"} if {
	input.cni.name == "weave-net"
	msg := "weave-net is unmaintained since Weaveworks closed in 2024: plan the move to another CNI"
}
