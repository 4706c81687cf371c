# A conftest user's policy in the older Rego v0 syntax, exactly as conftest
# runs it (`conftest test --policy conftest-v0 facts.json`): kube-netcheck
# detects the v0 syntax and compiles it with OPA's v0 compatibility.
package main

deny[msg] {
	input.kubeProxy.mode == "userspace"
	msg := "kube-proxy runs the userspace proxier, removed in Kubernetes 1.26: switch to iptables, ipvs or nftables"
}

deny[msg] {
	node := input.nodes[_]
	node.ready == false
	msg := sprintf("node %s is NotReady", [node.name])
}

warn[{"msg": msg, "facts": ["/cni/name"], "owner": "platform-networking"}] {
	input.cni.name == "weave-net"
	msg := "weave-net is unmaintained since Weaveworks closed in 2024: plan the move to another CNI"
}
