package main

test_userspace_is_denied {
	deny["kube-proxy runs the userspace proxier, removed in Kubernetes 1.26: switch to iptables, ipvs or nftables"] with input as {"kubeProxy": {"mode": "userspace"}}
}

test_iptables_is_not_denied {
	count(deny) == 0 with input as {"kubeProxy": {"mode": "iptables"}, "nodes": []}
}

test_not_ready_node_is_denied {
	deny["node node02 is NotReady"] with input as {"nodes": [{"name": "node02", "ready": false}]}
}

test_weave_warns_with_metadata {
	warn[w] with input as {"cni": {"name": "weave-net"}}
	w.owner == "platform-networking"
}
