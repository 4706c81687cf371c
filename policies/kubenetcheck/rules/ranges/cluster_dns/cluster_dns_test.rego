package kubenetcheck.rules.ranges.cluster_dns_test

import data.kubenetcheck.rules.ranges.cluster_dns

_svc4 := {"cidr": "10.96.0.0/12", "family": "IPv4", "first": "0000000000000000000000000a600000", "last": "0000000000000000000000000a6fffff"}

_svc6 := {"cidr": "fd00:10:96::/112", "family": "IPv6", "first": "fd000010009600000000000000000000", "last": "fd00001000960000000000000000ffff"}

_input(service, dns, svc) := {"networks": {"service": service}, "cluster": {"clusterDNS": dns, "dnsServiceIP": svc}}

test_kubeadm_default_tenth_address_passes if {
	count(cluster_dns.findings) == 0 with input as _input([_svc4], ["10.96.0.10"], "10.96.0.10")
}

test_no_dns_evidence_no_findings if {
	count(cluster_dns.findings) == 0 with input as _input([_svc4], [], null)
}

test_cluster_dns_outside_the_service_range if {
	fs := cluster_dns.findings with input as _input([_svc4], ["10.32.0.10"], null)
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "kubelet clusterDNS 10.32.0.10 is outside the service range 10.96.0.0/12: pods resolve names through an address no Service has"
	f.facts == ["/cluster/clusterDNS/0", "/networks/service"]
}

test_cluster_dns_differs_from_the_kube_dns_service if {
	fs := cluster_dns.findings with input as _input([_svc4], ["10.96.0.10"], "10.96.0.2")
	count(fs) == 1
	some f in fs
	f.message == "kubelet clusterDNS 10.96.0.10 differs from the kube-dns Service ClusterIP 10.96.0.2: pods send DNS queries to an address CoreDNS does not answer on"
}

test_kube_dns_service_outside_the_range if {
	fs := cluster_dns.findings with input as _input([_svc4], [], "10.0.0.10")
	count(fs) == 1
	some f in fs
	f.message == "kube-dns Service ClusterIP 10.0.0.10 is outside the service range 10.96.0.0/12"
}

test_last_address_of_the_range_is_inside if {
	count(cluster_dns.findings) == 0 with input as _input([_svc4], ["10.111.255.255"], null)
}

test_dual_stack_dns_each_family_against_its_range if {
	count(cluster_dns.findings) == 0 with input as _input([_svc4, _svc6], ["10.96.0.10", "fd00:10:96::a"], "10.96.0.10")
	fs := cluster_dns.findings with input as _input([_svc4, _svc6], ["10.96.0.10", "2001:db8:97::a"], "10.96.0.10")
	count(fs) == 1
}

test_no_service_range_of_the_family_is_unknown if {
	fs := cluster_dns.findings with input as _input([_svc4], ["fd00:10:96::a"], null)
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	f.message == "kubelet clusterDNS is fd00:10:96::a, but no source stated the IPv6 service range: cannot tell whether it is a Service address"
}

test_node_local_dns_cache_address_is_not_judged if {
	count(cluster_dns.findings) == 0 with input as _input([_svc4], ["169.254.20.10"], "10.96.0.10")
	count(cluster_dns.findings) == 0 with input as _input([_svc4, _svc6], ["fe80::a:10"], "10.96.0.10")
}

# The Kubernetes docs recommend an IPv6 unique local address (fd00::/8) for
# NodeLocal DNSCache on IPv6: outside the service range it is not an error.
test_node_local_dns_cache_ipv6_unique_local_address_is_not_judged if {
	count(cluster_dns.findings) == 0 with input as _input([_svc6], ["fd00::10"], "fd00:10:96::a")
	count(cluster_dns.findings) == 0 with input as _input([_svc4, _svc6], ["169.254.20.10", "fd00::10"], "10.96.0.10")
}

# A unique local address inside the service range is a Service address, judged as one.
test_unique_local_address_inside_the_service_range_is_judged if {
	fs := cluster_dns.findings with input as _input([_svc6], ["fd00:10:96::b"], "fd00:10:96::a")
	count(fs) == 1
	some f in fs
	f.message == "kubelet clusterDNS fd00:10:96::b differs from the kube-dns Service ClusterIP fd00:10:96::a: pods send DNS queries to an address CoreDNS does not answer on"
}

# With the node-local-dns DaemonSet in the evidence any address outside the range is its.
test_node_local_dns_daemonset_any_address_outside_the_range if {
	ds := [{"name": "node-local-dns", "namespace": "kube-system"}]
	count(cluster_dns.findings) == 0 with input as object.union(_input([_svc4], ["10.255.0.10"], "10.96.0.10"), {"daemonSets": ds})
	fs := cluster_dns.findings with input as _input([_svc4], ["10.255.0.10"], "10.96.0.10")
	count(fs) == 2
}

# Without an IPv6 service range a unique local clusterDNS cannot be told apart.
test_unique_local_address_without_a_service_range_is_unknown if {
	fs := cluster_dns.findings with input as _input([_svc4], ["fd00::10"], "10.96.0.10")
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
}
