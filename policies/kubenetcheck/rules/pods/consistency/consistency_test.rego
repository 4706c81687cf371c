package kubenetcheck.rules.pods.consistency_test

import data.kubenetcheck.rules.pods.consistency

_v4(cidr, first, last) := {"cidr": cidr, "family": "IPv4", "first": sprintf("000000000000000000000000%s", [first]), "last": sprintf("000000000000000000000000%s", [last])}

_cluster := _v4("10.244.0.0/16", "0af40000", "0af4ffff")

_weave_default := _v4("10.32.0.0/12", "0a200000", "0a2fffff")

_input(pod, pools, cluster_cidr) := {"networks": {"pod": pod}, "cni": {"pools": [{"network": p} | some p in pools]}, "kubeProxy": {"clusterCIDR": cluster_cidr}}

test_one_range_everywhere_passes if {
	count(consistency.findings) == 0 with input as _input([_cluster], [], [_cluster])
}

test_weave_default_range_against_the_cluster_cidr if {
	fs := consistency.findings with input as _input([_cluster, _weave_default], [], [])
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "sources disagree on the IPv4 pod range: 10.244.0.0/16, 10.32.0.0/12 are each stated as a pod range and none contains the others"
	f.facts == ["/networks/pod/0", "/networks/pod/1"]
}

test_calico_pools_inside_the_cluster_cidr_pass if {
	a := _v4("10.244.0.0/17", "0af40000", "0af47fff")
	b := _v4("10.244.128.0/17", "0af48000", "0af4ffff")
	count(consistency.findings) == 0 with input as _input([_cluster, a, b], [a, b], [_cluster])
}

test_several_pools_without_a_cluster_range_pass if {
	a := _v4("192.168.0.0/17", "c0a80000", "c0a87fff")
	b := _v4("172.20.0.0/16", "ac140000", "ac14ffff")
	count(consistency.findings) == 0 with input as _input([a, b], [a, b], [])
}

test_calico_default_pool_outside_kubeadm_pod_subnet if {
	calico := _v4("192.168.0.0/16", "c0a80000", "c0a8ffff")
	fs := consistency.findings with input as _input([_cluster, calico], [calico], [])
	count(fs) == 1
}

test_kube_proxy_cluster_cidr_must_contain_the_pod_range if {
	narrow := _v4("10.244.0.0/17", "0af40000", "0af47fff")
	fs := consistency.findings with input as _input([_cluster], [], [narrow])
	count(fs) == 1
	some f in fs
	f.message == "kube-proxy clusterCIDR 10.244.0.0/17 does not contain the pod range 10.244.0.0/16: kube-proxy treats traffic from those pods as external"
	f.facts == ["/kubeProxy/clusterCIDR/0", "/networks/pod/0"]
}

test_dual_stack_families_are_separate if {
	v6 := {"cidr": "fd00:10:244::/56", "family": "IPv6", "first": "fd000010024400000000000000000000", "last": "fd000010024400ffffffffffffffffff"}
	count(consistency.findings) == 0 with input as _input([_cluster, v6], [], [_cluster, v6])
}

# kube-proxy reads clusterCIDR only with detectLocalMode ClusterCIDR (the default).
test_kube_proxy_cluster_cidr_judged_only_with_detect_local_mode_cluster_cidr if {
	pod := {"cidr": "10.244.0.0/16", "family": "IPv4", "prefixLength": 16, "first": "0000000000000000000000000af40000", "last": "0000000000000000000000000af4ffff"}
	kp := {"cidr": "10.32.0.0/12", "family": "IPv4", "prefixLength": 12, "first": "0000000000000000000000000a200000", "last": "0000000000000000000000000a2fffff"}
	doc := {"networks": {"pod": [pod]}, "cni": {"pools": []}, "kubeProxy": {"clusterCIDR": [kp], "detectLocalMode": null}}
	count(consistency.findings) == 1 with input as doc
	count(consistency.findings) == 1 with input as object.union(doc, {"kubeProxy": {"detectLocalMode": "ClusterCIDR"}})
	count(consistency.findings) == 0 with input as object.union(doc, {"kubeProxy": {"detectLocalMode": "NodeCIDR"}})
	count(consistency.findings) == 0 with input as object.union(doc, {"kubeProxy": {"detectLocalMode": "InterfaceNamePrefix"}})
}
