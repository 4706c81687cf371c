package kubenetcheck.rules.services.range_size_test

import data.kubenetcheck.rules.services.range_size

_v4(cidr, prefix) := {"cidr": cidr, "family": "IPv4", "prefixLength": prefix}

_v6(cidr, prefix) := {"cidr": cidr, "family": "IPv6", "prefixLength": prefix}

_input(service, version) := {"networks": {"service": service}, "cluster": {"version": version}, "nodes": []}

test_kubeadm_default_slash_12_passes if {
	count(range_size.findings) == 0 with input as _input([_v4("10.96.0.0/12", 12)], "v1.31.2")
}

test_slash_11_before_1_34_fails if {
	fs := range_size.findings with input as _input([_v4("10.64.0.0/11", 11)], "v1.31.2")
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "service range 10.64.0.0/11 has 21 host bits: kube-apiserver refuses more than 20 (IPv4 mask must be /12 or longer) before Kubernetes 1.34, and kubeadm from 1.20; judged for cluster version v1.31 (from the evidence)"
	f.facts == ["/networks/service/0"]
}

test_slash_8_on_1_34_is_a_kubeadm_warning if {
	fs := range_size.findings with input as _input([_v4("10.0.0.0/8", 8)], "v1.31.2")
		with data.netcheck.params.targetVersion as "v1.34.0"
	count(fs) == 1
	some f in fs
	f.severity == "warning"
	f.message == "service range 10.0.0.0/8 has 24 host bits: kube-apiserver accepts it from 1.34 (target version v1.34 (--target-version)), but kubeadm refuses more than 20 (IPv4 mask /12 or longer)"
}

test_ipv6_slash_108_passes_and_slash_64_fails if {
	count(range_size.findings) == 0 with input as _input([_v6("fd00:10:96::/108", 108)], "v1.30.0")
	fs := range_size.findings with input as _input([_v6("fd00:10:96::/64", 64)], "v1.30.0")
	some f in fs
	contains(f.message, "has 64 host bits")
	contains(f.message, "IPv6 mask must be /108 or longer")
}

test_too_large_without_a_version_is_unknown if {
	fs := range_size.findings with input as _input([_v4("10.0.0.0/8", 8)], null)
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
}

test_too_small_for_the_dns_address if {
	count(range_size.findings) == 0 with input as _input([_v4("10.96.0.0/28", 28)], "v1.31.2")
	fs := range_size.findings with input as _input([_v4("10.96.0.0/29", 29)], "v1.31.2")
	count(fs) == 1
	some f in fs
	f.message == "service range 10.96.0.0/29 has 8 addresses: kubeadm needs at least 10, the DNS Service takes the tenth"
	gs := range_size.findings with input as _input([_v6("fd00::/125", 125)], null)
	count(gs) == 1
}

test_version_from_the_nodes if {
	inp := {"networks": {"service": [_v4("10.0.0.0/10", 10)]}, "cluster": {"version": null}, "nodes": [{"kubeletVersion": "v1.28.15"}]}
	fs := range_size.findings with input as inp
	some f in fs
	contains(f.message, "kubelet version v1.28 (newest node, from the evidence)")
}

test_kubeadm_refuses_more_than_20_host_bits_in_every_version if {
	inp := {"networks": {"service": [_v4("10.0.0.0/8", 8)]}, "cluster": {"version": "v1.37.2", "distribution": "kubeadm"}, "nodes": []}
	fs := range_size.findings with input as inp
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	not f.severity
	f.message == "service range 10.0.0.0/8 has 24 host bits: kubeadm refuses more than 20 in every version (IPv4 mask must be /12 or longer)"
	f.facts == ["/networks/service/0", "/cluster/distribution"]
}
