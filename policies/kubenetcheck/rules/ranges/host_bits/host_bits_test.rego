package kubenetcheck.rules.ranges.host_bits_test

import data.kubenetcheck.rules.ranges.host_bits

_net(cidr, written) := {"cidr": cidr, "family": "IPv4", "written": written, "hostBitsSet": cidr != written}

_input(pod, service, cluster_cidr, pools) := {
	"networks": {"node": [_net("192.168.10.0/24", "192.168.10.0/24")], "pod": pod, "service": service},
	"kubeProxy": {"clusterCIDR": cluster_cidr},
	"cni": {"pools": pools},
}

test_canonical_ranges_pass if {
	count(host_bits.findings) == 0 with input as _input([_net("10.244.0.0/16", "10.244.0.0/16")], [_net("10.96.0.0/12", "10.96.0.0/12")], [], [])
}

test_pod_range_with_host_bits_warns if {
	fs := host_bits.findings with input as _input([_net("10.244.0.0/16", "10.244.1.0/16")], [], [], [])
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "pod range written as 10.244.1.0/16 has host bits set: Kubernetes silently uses 10.244.0.0/16"
	f.facts == ["/networks/pod/0"]
	f.value == "10.244.1.0/16"
}

test_service_range_with_host_bits_warns if {
	fs := host_bits.findings with input as _input([], [_net("10.96.0.0/12", "10.100.0.0/12")], [], [])
	some f in fs
	f.message == "service range written as 10.100.0.0/12 has host bits set: Kubernetes silently uses 10.96.0.0/12"
}

test_kube_proxy_cluster_cidr_and_pools_are_checked if {
	pool := {"name": "default-ipv4-ippool", "network": _net("192.168.0.0/16", "192.168.1.0/16"), "blockSize": 26}
	fs := host_bits.findings with input as _input([], [], [_net("10.244.0.0/16", "10.244.0.1/16")], [pool])
	count(fs) == 2
}
