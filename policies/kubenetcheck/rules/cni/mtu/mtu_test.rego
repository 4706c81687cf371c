package kubenetcheck.rules.cni.mtu_test

import data.kubenetcheck.rules.cni.mtu

_net4 := {"cidr": "192.168.10.0/24", "family": "IPv4"}

_net6 := {"cidr": "fd00:10::/64", "family": "IPv6"}

_eth0(mtu, nets) := {"name": "eth0", "kind": "host", "mtu": mtu, "addresses": [{"network": n} | some n in nets]}

_input(cni_mtu, encap, ifaces, pods) := {
	"cni": {"mtu": cni_mtu, "encapsulation": encap, "pools": []},
	"interfaces": ifaces,
	"networks": {"node": [_net4, _net6], "pod": pods},
}

_pod4 := {"cidr": "10.244.0.0/16", "family": "IPv4"}

_pod6 := {"cidr": "fd00:10:244::/56", "family": "IPv6"}

test_vxlan_1450_on_1500_fits if {
	count(mtu.findings) == 0 with input as _input(1450, "vxlan", [_eth0(1500, [_net4])], [_pod4])
}

test_vxlan_1500_on_1500_does_not_fit if {
	fs := mtu.findings with input as _input(1500, "vxlan", [_eth0(1500, [_net4])], [_pod4])
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "CNI MTU 1500 plus vxlan's 50-byte IPv4 overhead is 1550, more than eth0's MTU 1500: large packets are dropped"
	f.facts == ["/cni/mtu", "/cni/encapsulation", "/interfaces/0"]
}

test_ipv6_underlay_needs_70_bytes_for_vxlan if {
	count(mtu.findings) == 0 with input as _input(1430, "vxlan", [_eth0(1500, [_net6])], [_pod6])
	fs := mtu.findings with input as _input(1450, "vxlan", [_eth0(1500, [_net6])], [_pod6])
	some f in fs
	contains(f.message, "70-byte IPv6 overhead")
}

test_ipv4_pods_on_a_dual_stack_underlay_use_the_ipv4_overhead if {
	count(mtu.findings) == 0 with input as _input(1450, "vxlan", [_eth0(1500, [_net4, _net6])], [_pod4])
}

test_wireguard_and_ipip if {
	count(mtu.findings) == 0 with input as _input(1440, "WireGuard", [_eth0(1500, [_net4])], [_pod4])
	count(mtu.findings) == 1 with input as _input(1450, "wireguard", [_eth0(1500, [_net4])], [_pod4])
	count(mtu.findings) == 0 with input as _input(1480, "ipip", [_eth0(1500, [_net4])], [_pod4])
}

test_calico_pool_encapsulation_counts if {
	inp := object.union(_input(1480, null, [_eth0(1500, [_net4])], [_pod4]), {"cni": {"pools": [{"network": _pod4, "encapsulation": "vxlan", "disabled": false}]}})
	count(mtu.findings) == 1 with input as inp
}

test_no_encapsulation_must_still_fit if {
	count(mtu.findings) == 1 with input as _input(9000, "none", [_eth0(1500, [_net4])], [_pod4])
}

test_cni_mtu_not_configured_is_not_judged if {
	count(mtu.findings) == 0 with input as _input(null, "vxlan", [_eth0(1450, [_net4])], [_pod4])
}

test_interfaces_off_the_node_network_are_ignored if {
	docker := {"name": "docker0", "kind": "container", "mtu": 1500, "addresses": [{"network": {"cidr": "172.17.0.0/16", "family": "IPv4"}}]}
	fs := mtu.findings with input as _input(1450, "vxlan", [docker], [_pod4])
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
}

test_unknown_encapsulation_is_unknown if {
	fs := mtu.findings with input as _input(1376, "sleeve", [_eth0(1500, [_net4])], [_pod4])
	count(fs) == 1
	some f in fs
	f.verdict == "unknown"
	f.severity == "warning"
}

test_no_pod_ranges_judges_every_family if {
	count(mtu.findings) == 1 with input as _input(1450, "vxlan", [_eth0(1500, [_net6])], [])
}

test_each_family_uses_its_pools_encapsulation if {
	# Calico dual-stack: VXLAN for the IPv4 pool, no encapsulation for the IPv6 pool.
	pools := [
		{"network": _pod4, "encapsulation": "vxlan", "disabled": false},
		{"network": _pod6, "encapsulation": "none", "disabled": false},
	]
	inp := object.union(_input(1450, "vxlan", [_eth0(1500, [_net4, _net6])], [_pod4, _pod6]), {"cni": {"pools": pools}})
	count(mtu.findings) == 0 with input as inp
	vx6 := object.union(inp, {"cni": {"pools": [pools[0], object.union(pools[1], {"encapsulation": "vxlan"})]}})
	fs := mtu.findings with input as vx6
	count(fs) == 1
	some f in fs
	contains(f.message, "70-byte IPv6 overhead")
}

test_disabled_pools_do_not_count if {
	pools := [{"network": _pod4, "encapsulation": "vxlan", "disabled": true}]
	inp := object.union(_input(1480, "ipip", [_eth0(1500, [_net4])], [_pod4]), {"cni": {"pools": pools}})
	count(mtu.findings) == 0 with input as inp
}

# Cilium's WireGuard on a VXLAN tunnel: 50 + 80 (pkg/mtu WireguardOverhead on top of TunnelOverhead).
test_cilium_wireguard_on_vxlan_stacks if {
	doc := object.union(_input(1450, "vxlan", [_eth0(1500, [_net4])], [_pod4]), {"cni": {"encryption": "wireguard"}})
	fs := mtu.findings with input as doc
	count(fs) == 1
	some f in fs
	f.message == "CNI MTU 1450 plus vxlan + WireGuard encryption's 130-byte IPv4 overhead is 1580, more than eth0's MTU 1500: large packets are dropped"
	f.facts == ["/cni/mtu", "/cni/encapsulation", "/interfaces/0", "/cni/encryption"]
	count(mtu.findings) == 0 with input as object.union(doc, {"cni": {"mtu": 1370}})
}

# The Geneve DSR option adds 12 bytes to a Geneve tunnel (pkg/mtu DsrTunnelOverhead).
test_geneve_dsr_option_stacks if {
	doc := object.union(_input(1450, "geneve", [_eth0(1500, [_net4])], [_pod4]), {"cni": {"dsrDispatch": "geneve"}})
	fs := mtu.findings with input as doc
	some f in fs
	f.message == "CNI MTU 1450 plus geneve + the Geneve DSR option's 62-byte IPv4 overhead is 1512, more than eth0's MTU 1500: large packets are dropped"
	count(mtu.findings) == 0 with input as object.union(doc, {"cni": {"mtu": 1438}})
	count(mtu.findings) == 0 with input as object.union(doc, {"cni": {"encapsulation": "vxlan"}})
}

test_no_interface_mtu_is_unknown_with_the_check_before_rollout if {
	fs := mtu.findings with input as _input(1450, "vxlan", [], [_pod4])
	some f in fs
	f.verdict == "unknown"
	f.missing == ["/interfaces"]
	f.verify == "`ip link` on every node shows the node network's interface with an mtu of at least 1450 plus the encapsulation's overhead (vxlan: 50 on IPv4, 70 on IPv6)"
}
