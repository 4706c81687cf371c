package main

test_userspace_is_denied if {
	"kube-proxy runs the userspace proxier, removed in Kubernetes 1.26: switch to iptables, ipvs or nftables" in deny with input as {"kubeProxy": {"mode": "userspace"}}
}

test_iptables_is_not_denied if {
	count(deny) == 0 with input as {"kubeProxy": {"mode": "iptables"}, "nodes": []}
}

test_not_ready_node_is_denied if {
	"node node02 is NotReady" in deny with input as {"nodes": [{"name": "node02", "ready": false}]}
}

test_weave_warns_with_metadata if {
	some w in warn with input as {"cni": {"name": "weave-net"}}
	w.owner == "platform-networking"
}
