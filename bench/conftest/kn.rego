# The core rules of kube-netcheck written the way a conftest user would, as
# `package main` deny rules over the whole facts document (`conftest test
# facts.json -p bench/conftest`): KN101 (ranges overlap), KN201 (networking
# DaemonSets cover their nodes) and KN301 (kube-proxy mode allowed). Same
# judgements as policies/kubenetcheck, without the unknown verdicts (conftest
# has pass or fail only). Used by the benchmarks only.
package main

allowed_proxy_modes := {"iptables", "ipvs", "nftables", "kernelspace"}

# KN101: pod, service and node ranges must not overlap (per family).
deny contains msg if {
	some pair in [["pod", "service"], ["pod", "node"], ["service", "node"]]
	some a in input.networks[pair[0]]
	some b in input.networks[pair[1]]
	a.family == b.family
	a.first <= b.last
	b.first <= a.last
	msg := sprintf("KN101: %s range %s overlaps %s range %s", [pair[0], a.cidr, pair[1], b.cidr])
}

# KN301: kube-proxy's mode is in the allowed list.
deny contains msg if {
	some mode in input.kubeProxy.modes
	not mode in allowed_proxy_modes
	msg := sprintf("KN301: kube-proxy runs in %s mode, which is not allowed", [mode])
}

# KN201: DESIRED equals the nodes the DaemonSet should run on; status counts equal DESIRED.
auto_tolerations := [
	{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
	{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
	{"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
	{"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
	{"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
	{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
	{"key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"},
]

label(node, key) := node.labels[key] if node.labels != null

label(node, "kubernetes.io/os") := node.os if node.labels == null

selected(ds, node) if {
	every key, value in object.get(ds, "nodeSelector", {}) {
		label(node, key) == value
	}
}

tolerates(t, taint) if {
	object.get(t, "effect", "") in {"", taint.effect}
	object.get(t, "key", "") == ""
	t.operator == "Exists"
}

tolerates(t, taint) if {
	object.get(t, "effect", "") in {"", taint.effect}
	t.key == taint.key
	object.get(t, "operator", "Equal") == "Exists"
}

tolerates(t, taint) if {
	object.get(t, "effect", "") in {"", taint.effect}
	t.key == taint.key
	object.get(t, "operator", "Equal") == "Equal"
	object.get(t, "value", "") == object.get(taint, "value", "")
}

schedulable(ds, node) if {
	tols := array.concat(list(ds.tolerations), auto_tolerations)
	every taint in list(node.taints) {
		ok(tols, taint)
	}
}

list(x) := x if x != null

else := []

ok(_, taint) if taint.effect == "PreferNoSchedule"

ok(tols, taint) if {
	some t in tols
	tolerates(t, taint)
}

deny contains msg if {
	some ds in input.daemonSets
	ds.role in {"kube-proxy", "cni"}
	ds.desired != null
	count(input.nodes) > 0
	expected := count([node | some node in input.nodes; selected(ds, node); schedulable(ds, node)])
	ds.desired != expected
	msg := sprintf("KN201: DaemonSet %s/%s DESIRED is %d, but %d of the %d nodes should run it", [ds.namespace, ds.name, ds.desired, expected, count(input.nodes)])
}

deny contains msg if {
	some ds in input.daemonSets
	ds.role in {"kube-proxy", "cni"}
	ds.desired != null
	some field in ["current", "ready", "upToDate", "available"]
	ds[field] != null
	ds[field] != ds.desired
	msg := sprintf("KN201: DaemonSet %s/%s %s is %d of DESIRED %d", [ds.namespace, ds.name, field, ds[field], ds.desired])
}
