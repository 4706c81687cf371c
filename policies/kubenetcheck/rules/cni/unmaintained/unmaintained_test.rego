package kubenetcheck.rules.cni.unmaintained_test

import data.kubenetcheck.rules.cni.unmaintained

test_weave_net_warns if {
	fs := unmaintained.findings with input as {"cni": {"name": "weave-net"}}
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "the CNI is weave-net, which is no longer maintained: Weaveworks closed in February 2024 and archived weave-net: it gets no more fixes"
	f.facts == ["/cni/name"]
}

test_maintained_cnis_pass if {
	every name in ["calico", "cilium", "flannel", "antrea"] {
		count(unmaintained.findings) == 0 with input as {"cni": {"name": name}}
	}
}

test_unknown_cni_says_nothing if {
	count(unmaintained.findings) == 0 with input as {"cni": {"name": null}}
}
