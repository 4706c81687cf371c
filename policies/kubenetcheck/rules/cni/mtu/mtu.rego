# METADATA
# title: The pod MTU plus the encapsulation overhead must fit the node's interface
# description: |
#   An overlay wraps every pod packet in an outer header: VXLAN adds 50 bytes
#   over an IPv4 underlay and 70 over IPv6, WireGuard 60 and 80, Geneve 50
#   and 70, IP-in-IP 20. Some stack: Cilium's WireGuard encryption adds 80 on
#   top of a VXLAN or Geneve tunnel (or alone with native routing), and Cilium's
#   load balancer in DSR mode with Geneve dispatch adds a 12-byte Geneve option
#   (pkg/mtu WireguardOverhead, DsrTunnelOverhead). The pod MTU the CNI is
#   configured with, plus the whole overhead, must not exceed the MTU of the host interface that carries the
#   node network: otherwise large packets are dropped or fragmented, and
#   connections hang after the handshake (TLS, large HTTP responses) while
#   ping works. Judged when the CNI's MTU is configured; CNIs that detect it
#   themselves are not judged.
# related_resources:
#   - ref: https://docs.tigera.io/calico/latest/networking/configuring/mtu
#     description: Calico, configure MTU (IP-in-IP 20, VXLAN 50/70, WireGuard 60/80 bytes)
#   - ref: https://docs.cilium.io/en/stable/network/concepts/routing/#encapsulation
#     description: Cilium encapsulation, VXLAN and Geneve overhead
#   - ref: https://github.com/cilium/cilium/blob/main/pkg/mtu/mtu.go
#     description: Cilium MTU calculation, TunnelOverhead 50, WireguardOverhead 80 added to it with a tunnel, DsrTunnelOverhead 12 for the Geneve DSR option
#   - ref: https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md
#     description: flannel backends, vxlan and wireguard
# custom:
#   id: KN601
#   severity: error
#   family: cni
#   remediation: |
#     Lower the CNI's MTU to the interface MTU minus the overhead (e.g. 1450 for VXLAN over a
#     1500-byte IPv4 network, 1430 over IPv6): Calico `veth_mtu` in the calico-config
#     ConfigMap or Installation spec.calicoNetwork.mtu; flannel derives it from the interface;
#     Cilium `mtu` in cilium-config. Restart the CNI DaemonSet and recreate pods (their veths keep
#     the old MTU). Or raise the underlay MTU (jumbo frames) if the network allows it.
#     Verify with `ping -M do -s $((MTU-28)) POD_IP` from another node.
#   evidence: the CNI's configuration (MTU and encapsulation) and ip addr output from a node
package kubenetcheck.rules.cni.mtu

# Outer-header bytes per encapsulation and underlay family.
overhead := {
	"vxlan": {"IPv4": 50, "IPv6": 70},
	"geneve": {"IPv4": 50, "IPv6": 70},
	"wireguard": {"IPv4": 60, "IPv6": 80},
	"ipip": {"IPv4": 20, "IPv6": 40},
	"none": {"IPv4": 0, "IPv6": 0},
}

# The encapsulations of each family: its pools' (Calico sets one per IPPool), else the CNI's.
_pool_encaps(family) := {lower(p.encapsulation) |
	some p in input.cni.pools
	not p.disabled
	p.network.family == family
	p.encapsulation != null
}

_encaps_of(family) := _pool_encaps(family) if {
	count(_pool_encaps(family)) > 0
} else := {lower(input.cni.encapsulation)} if {
	input.cni.encapsulation != null
} else := set()

_encaps := _encaps_of("IPv4") | _encaps_of("IPv6")

_node_cidrs := {n.cidr | some n in input.networks.node}

_pod_families := {n.family | some n in input.networks.pod}

# Host interfaces that carry the node network, with the families they carry.
_underlays contains [i, family] if {
	some i, iface in input.interfaces
	iface.kind == "host"
	iface.mtu != null
	some a in iface.addresses
	a.network.cidr in _node_cidrs
	family := a.network.family
	_carries(family)
}

_carries(_) if count(_pod_families) == 0

_carries(family) if family in _pod_families

findings contains f if {
	mtu := input.cni.mtu
	mtu != null
	some [i, family] in _underlays
	some e in _encaps_of(family)
	base := overhead[e][family]
	extras := [x | some x in _extras(e)]
	bytes := base + sum([x.bytes | some x in extras])
	iface := input.interfaces[i]
	mtu + bytes > iface.mtu
	name := concat(" + ", array.concat([e], [x.what | some x in extras]))
	f := {
		"verdict": "fail",
		"message": sprintf("CNI MTU %d plus %s's %d-byte %s overhead is %d, more than %s's MTU %d: large packets are dropped", [
			mtu, name, bytes, family, mtu + bytes, iface.name, iface.mtu,
		]),
		"facts": array.concat(["/cni/mtu", "/cni/encapsulation", sprintf("/interfaces/%d", [i])], [x.fact | some x in extras]),
	}
}

# Overheads stacked on the encapsulation (Cilium pkg/mtu): WireGuard encryption
# adds its 80 bytes (WireguardOverhead) on top of a VXLAN or Geneve tunnel, or
# alone with native routing; the load balancer's Geneve DSR option adds 12
# (DsrTunnelOverhead) to a Geneve tunnel.
_extras(e) := {x |
	input.cni.encryption == "wireguard"
	x := {"what": "WireGuard encryption", "bytes": 80, "fact": "/cni/encryption"}
} | {x |
	e == "geneve"
	input.cni.dsrDispatch == "geneve"
	x := {"what": "the Geneve DSR option", "bytes": 12, "fact": "/cni/dsrDispatch"}
}

findings contains f if {
	input.cni.mtu != null
	some e in _encaps
	not overhead[e]
	f := {
		"verdict": "unknown",
		"message": sprintf("the CNI's encapsulation %s has no known overhead: cannot tell whether MTU %d fits", [e, input.cni.mtu]),
		"facts": ["/cni/encapsulation", "/cni/mtu"],
		"evidence": "the encapsulation as vxlan, geneve, wireguard, ipip or none",
		"severity": "warning",
	}
}

findings contains f if {
	input.cni.mtu != null
	count(_encaps) > 0
	count(_underlays) == 0
	f := {
		"verdict": "unknown",
		"message": sprintf("the CNI's MTU is %d, but no host interface MTU on the node network is known: cannot tell whether it fits", [input.cni.mtu]),
		"facts": ["/cni/mtu", "/interfaces"],
		"missing": ["/interfaces"],
		"evidence": "`ip addr` output from a node (with the node network's interface and its mtu)",
		"verify": sprintf("`ip link` on every node shows the node network's interface with an mtu of at least %d plus the encapsulation's overhead (%s)", [
			input.cni.mtu, concat(", ", sort([sprintf("%s: %d on IPv4, %d on IPv6", [e, overhead[e].IPv4, overhead[e].IPv6]) | some e in _encaps; overhead[e]])),
		]),
	}
}
