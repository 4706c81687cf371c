# METADATA
# title: The cluster DNS address must be a Service address of the kube-dns Service
# description: |
#   Every pod's /etc/resolv.conf names the kubelet's clusterDNS address. It
#   must lie inside the service range (a ClusterIP that kube-proxy routes to
#   CoreDNS) and, when the kube-dns Service is shown, equal its ClusterIP:
#   otherwise name resolution in every pod times out. kubeadm puts the DNS
#   Service at the tenth address of the service range and writes the same
#   address into the KubeletConfiguration; the two drift apart when the
#   service range is changed afterwards, or the kubelet configuration is
#   written by hand. NodeLocal DNSCache listens on an address of its own on
#   every node, which may be any address that collides with nothing: the
#   Kubernetes docs recommend a local-scope one, IPv4 link-local (169.254.0.0/16,
#   169.254.20.10 in the example) or an IPv6 unique local address (fd00::/8). A
#   clusterDNS outside the service range is taken as NodeLocal DNSCache's, and
#   not judged, when it is such an address (or IPv6 link-local, fe80::/10) or
#   when a node-local-dns DaemonSet is in the evidence.
# related_resources:
#   - ref: https://kubernetes.io/docs/tasks/administer-cluster/dns-custom-nameservers/
#     description: Customizing DNS Service, kubelet --cluster-dns
#   - ref: https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
#     description: KubeletConfiguration clusterDNS
#   - ref: https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
#     description: NodeLocal DNSCache, its listen address any non-colliding one, recommended in 169.254.0.0/16 (IPv4) or fd00::/8 (IPv6)
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cluster/addons/dns/nodelocaldns/nodelocaldns.yaml
#     description: the node-local-dns DaemonSet (kube-system), __PILLAR__LOCAL__DNS__ its listen address
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/constants/constants.go
#     description: kubeadm, the DNS Service at the tenth address of the service subnet (MinimumAddressesInServiceSubnet)
# custom:
#   id: KN103
#   severity: error
#   family: ranges
#   remediation: |
#     Make the kubelet's clusterDNS equal the kube-dns Service's ClusterIP
#     (`kubectl -n kube-system get svc kube-dns -o jsonpath='{.spec.clusterIP}'`), an address
#     inside --service-cluster-ip-range. On kubeadm clusters edit the kubelet-config
#     ConfigMap (`kubectl -n kube-system edit cm kubelet-config`, clusterDNS), then on each
#     node `kubeadm upgrade node phase kubelet-config` and `systemctl restart kubelet`.
#     Pods keep their old resolv.conf until recreated. Verify in a new pod: `cat /etc/resolv.conf`.
#   evidence: the KubeletConfiguration (/var/lib/kubelet/config.yaml) and `kubectl -n kube-system get svc kube-dns -o yaml`
package kubenetcheck.rules.ranges.cluster_dns

_family(ip) := "IPv6" if contains(ip, ":")

else := "IPv4"

# NodeLocal DNSCache's address: IPv4 or IPv6 link-local; outside a known service
# range of its family, an IPv6 unique local address, or any address when the
# node-local-dns DaemonSet is in the evidence.
_node_local(ip) if net.cidr_contains("169.254.0.0/16", ip)

_node_local(ip) if net.cidr_contains("fe80::/10", ip)

_node_local(ip) if {
	net.cidr_contains("fd00::/8", ip)
	_has_service_family(ip)
	not _in_service_range(ip)
}

_node_local(ip) if {
	_node_local_dns_daemonset
	_has_service_family(ip)
	not _in_service_range(ip)
}

_node_local_dns_daemonset if {
	some ds in input.daemonSets
	ds.name == "node-local-dns"
}

_cluster_dns contains [i, ip] if {
	some i, ip in input.cluster.clusterDNS
	not _node_local(ip)
}

_in_service_range(ip) if {
	some r in input.networks.service
	r.family == _family(ip)
	net.cidr_contains(r.cidr, ip)
}

_has_service_family(ip) if {
	some r in input.networks.service
	r.family == _family(ip)
}

_service_ranges(ip) := concat(", ", [n.cidr | some n in input.networks.service; n.family == _family(ip)])

# The kubelet's clusterDNS outside the service range.
findings contains f if {
	some [i, ip] in _cluster_dns
	_has_service_family(ip)
	not _in_service_range(ip)
	f := {
		"verdict": "fail",
		"message": sprintf("kubelet clusterDNS %s is outside the service range %s: pods resolve names through an address no Service has", [ip, _service_ranges(ip)]),
		"facts": [sprintf("/cluster/clusterDNS/%d", [i]), "/networks/service"],
	}
}

# The kube-dns Service outside the service range (the evidence disagrees with itself).
findings contains f if {
	ip := input.cluster.dnsServiceIP
	ip != null
	_has_service_family(ip)
	not _in_service_range(ip)
	f := {
		"verdict": "fail",
		"message": sprintf("kube-dns Service ClusterIP %s is outside the service range %s", [ip, _service_ranges(ip)]),
		"facts": ["/cluster/dnsServiceIP", "/networks/service"],
	}
}

# clusterDNS against the kube-dns Service's ClusterIP, same family.
findings contains f if {
	svc := input.cluster.dnsServiceIP
	svc != null
	some [i, ip] in _cluster_dns
	_family(ip) == _family(svc)
	ip != svc
	f := {
		"verdict": "fail",
		"message": sprintf("kubelet clusterDNS %s differs from the kube-dns Service ClusterIP %s: pods send DNS queries to an address CoreDNS does not answer on", [ip, svc]),
		"facts": [sprintf("/cluster/clusterDNS/%d", [i]), "/cluster/dnsServiceIP"],
	}
}

findings contains f if {
	some [i, ip] in _cluster_dns
	not _has_service_family(ip)
	f := {
		"verdict": "unknown",
		"message": sprintf("kubelet clusterDNS is %s, but no source stated the %s service range: cannot tell whether it is a Service address", [ip, _family(ip)]),
		"facts": [sprintf("/cluster/clusterDNS/%d", [i]), "/networks/service"],
		"evidence": "kube-apiserver --service-cluster-ip-range (its static pod manifest)",
	}
}
