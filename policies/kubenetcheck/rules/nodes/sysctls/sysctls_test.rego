package kubenetcheck.rules.nodes.sysctls_test

import data.kubenetcheck.rules.nodes.sysctls

_s(key, value, node) := {"key": key, "value": value, "node": node}

_input(sysctls, cni, pods) := {
	"sysctls": sysctls,
	"cni": {"name": cni},
	"kubeProxy": {"present": true},
	"networks": {"pod": pods},
}

_v4 := {"cidr": "10.244.0.0/16", "family": "IPv4"}

_v6 := {"cidr": "fd00:10:244::/56", "family": "IPv6"}

test_no_sysctl_output_no_findings if {
	count(sysctls.findings) == 0 with input as _input([], "flannel", [_v4])
}

test_forwarding_on_passes if {
	ss := [_s("net.ipv4.ip_forward", "1", "node01"), _s("net.bridge.bridge-nf-call-iptables", "1", "node01")]
	count(sysctls.findings) == 0 with input as _input(ss, "flannel", [_v4])
}

test_forwarding_off_fails if {
	ss := [_s("net.ipv4.ip_forward", "0", "node01"), _s("net.bridge.bridge-nf-call-iptables", "1", "node01")]
	fs := sysctls.findings with input as _input(ss, "flannel", [_v4])
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "node node01 has net.ipv4.ip_forward = 0, but it must be 1: pods are routed through the node"
	f.facts == ["/sysctls/0"]
}

test_the_last_value_wins if {
	ss := [_s("net.ipv4.ip_forward", "0", null), _s("net.ipv4.ip_forward", "1", null)]
	count(sysctls.findings) == 0 with input as _input(ss, "calico", [_v4])
}

test_bridge_setting_only_for_bridged_cnis if {
	ss := [_s("net.ipv4.ip_forward", "1", null), _s("net.bridge.bridge-nf-call-iptables", "0", null)]
	count(sysctls.findings) == 0 with input as _input(ss, "calico", [_v4])
	fs := sysctls.findings with input as _input(ss, "weave-net", [_v4])
	some f in fs
	f.message == "the node has net.bridge.bridge-nf-call-iptables = 0, but it must be 1: weave-net bridges pods and kube-proxy's iptables rules must see bridged traffic"
}

test_bridge_setting_not_needed_without_kube_proxy if {
	ss := [_s("net.ipv4.ip_forward", "1", null)]
	inp := object.union(_input(ss, "flannel", [_v4]), {"kubeProxy": {"present": false}})
	count(sysctls.findings) == 0 with input as inp
}

test_ipv6_pods_need_ipv6_forwarding if {
	ss := [_s("net.ipv4.ip_forward", "1", "a"), _s("net.ipv6.conf.all.forwarding", "0", "a")]
	fs := sysctls.findings with input as _input(ss, "cilium", [_v4, _v6])
	count(fs) == 1
	some f in fs
	contains(f.message, "net.ipv6.conf.all.forwarding = 0")
}

test_a_key_not_shown_is_unknown_per_node if {
	ss := [_s("net.ipv4.ip_forward", "1", "a"), _s("net.bridge.bridge-nf-call-iptables", "1", "b")]
	fs := sysctls.findings with input as _input(ss, "flannel", [_v4])
	count(fs) == 2
	some f in fs
	f.verdict == "unknown"
	f.message == "the sysctl output of node b does not show net.ipv4.ip_forward, which must be 1: pods are routed through the node"
}

test_ipv6_bridged_pods_need_bridge_nf_call_ip6tables if {
	ss := [
		_s("net.ipv4.ip_forward", "1", "a"), _s("net.ipv6.conf.all.forwarding", "1", "a"),
		_s("net.bridge.bridge-nf-call-iptables", "1", "a"), _s("net.bridge.bridge-nf-call-ip6tables", "0", "a"),
	]
	fs := sysctls.findings with input as _input(ss, "flannel", [_v4, _v6])
	count(fs) == 1
	some f in fs
	f.message == "node a has net.bridge.bridge-nf-call-ip6tables = 0, but it must be 1: flannel bridges IPv6 pods and kube-proxy's rules must see bridged traffic"
}

# Canal runs the calico CNI plugin with routed veths (projectcalico/calico
# manifests/canal.yaml, cni_network_config "type": "calico"): no bridge.
test_canal_is_not_bridged if {
	ss := [{"key": "net.ipv4.ip_forward", "value": "1", "node": "n1"}, {"key": "net.bridge.bridge-nf-call-iptables", "value": "0", "node": "n1"}]
	count(sysctls.findings) == 0 with input as _input(ss, "canal", [_v4])
}
