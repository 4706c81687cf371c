# METADATA
# title: DaemonSet node selection, as the DaemonSet controller decides it
# description: |
#   A DaemonSet runs on a node when the node matches its nodeSelector and every
#   NoSchedule / NoExecute taint of the node is tolerated, counting the
#   tolerations the controller adds to every daemon pod
#   (kubernetes pkg/controller/daemon/util AddOrUpdateDaemonPodTolerations).
#   Each answer is "yes", "no" or "unknown" when the evidence does not show
#   labels, taints or tolerations.
package kubenetcheck.lib.scheduling

# Tolerations the DaemonSet controller adds to every daemon pod.
auto_tolerations := [
	{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
	{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
	{"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
	{"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
	{"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
	{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
]

# Added for host-network pods, which kube-proxy and CNI agents are.
host_network_tolerations := [{"key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"}]

# A node label, or what the evidence implies for the well-known ones when labels were not shown.
label(node, key) := node.labels[key] if node.labels != null

label(node, "kubernetes.io/os") := node.os if {
	node.labels == null
	node.os != null
}

label(node, "kubernetes.io/hostname") := node.name if node.labels == null

# selector(ds, node): "yes", "no" or "unknown".
selector(ds, _) := "unknown" if ds.nodeSelector == null

selector(ds, node) := "no" if {
	ds.nodeSelector != null
	some key, value in ds.nodeSelector
	label(node, key) != value
}

selector(ds, node) := "yes" if {
	ds.nodeSelector != null
	every key, value in ds.nodeSelector {
		label(node, key) == value
	}
}

selector(ds, node) := "unknown" if {
	ds.nodeSelector != null
	not _selector_decided(ds, node)
}

_selector_decided(ds, node) if {
	some key, value in ds.nodeSelector
	label(node, key) != value
}

_selector_decided(ds, node) if {
	every key, value in ds.nodeSelector {
		label(node, key) == value
	}
}

tolerates(t, taint) if {
	_effect_matches(t, taint)
	_key_matches(t, taint)
}

_effect_matches(t, _) if object.get(t, "effect", "") == ""

_effect_matches(t, taint) if t.effect == taint.effect

_key_matches(t, _) if {
	object.get(t, "key", "") == ""
	t.operator == "Exists"
}

_key_matches(t, taint) if {
	t.key == taint.key
	t.operator == "Exists"
}

_key_matches(t, taint) if {
	t.key == taint.key
	object.get(t, "operator", "Equal") == "Equal"
	object.get(t, "value", "") == object.get(taint, "value", "")
}

_all_tolerations(ds) := array.concat(array.concat(ds.tolerations, auto_tolerations), host_network_tolerations) if {
	ds.role in {"kube-proxy", "cni"}
} else := array.concat(ds.tolerations, auto_tolerations)

_blocking(taint) if taint.effect in {"NoSchedule", "NoExecute"}

# Tolerates every NoSchedule and NoExecute taint whatever its key.
_tolerates_everything(ds) if {
	ds.tolerations != null
	every effect in ["NoSchedule", "NoExecute"] {
		some t in ds.tolerations
		tolerates(t, {"key": "any.example/key", "value": "any", "effect": effect})
	}
}

# taints(ds, node): "yes" (tolerated), "no" or "unknown".
taints(ds, _) := "yes" if _tolerates_everything(ds)

taints(ds, node) := "unknown" if {
	not _tolerates_everything(ds)
	node.taints == null
}

taints(ds, node) := "unknown" if {
	not _tolerates_everything(ds)
	node.taints != null
	ds.tolerations == null
	some taint in node.taints
	_blocking(taint)
}

taints(ds, node) := "yes" if {
	not _tolerates_everything(ds)
	node.taints != null
	ds.tolerations == null
	every taint in node.taints {
		not _blocking(taint)
	}
}

taints(ds, node) := "no" if {
	not _tolerates_everything(ds)
	node.taints != null
	ds.tolerations != null
	tols := _all_tolerations(ds)
	some taint in node.taints
	_blocking(taint)
	not _tolerated_by_any(tols, taint)
}

taints(ds, node) := "yes" if {
	not _tolerates_everything(ds)
	node.taints != null
	ds.tolerations != null
	tols := _all_tolerations(ds)
	every taint in node.taints {
		_ok(tols, taint)
	}
}

_ok(_, taint) if not _blocking(taint)

_ok(tols, taint) if _tolerated_by_any(tols, taint)

_tolerated_by_any(tols, taint) if {
	some t in tols
	tolerates(t, taint)
}

# runs_on(ds, node): "yes", "no" or "unknown".
runs_on(ds, node) := "no" if selector(ds, node) == "no"

runs_on(ds, node) := "no" if {
	selector(ds, node) != "no"
	taints(ds, node) == "no"
}

runs_on(ds, node) := "yes" if {
	selector(ds, node) == "yes"
	taints(ds, node) == "yes"
}

runs_on(ds, node) := "unknown" if {
	selector(ds, node) != "no"
	taints(ds, node) != "no"
	not _both_yes(ds, node)
}

_both_yes(ds, node) if {
	selector(ds, node) == "yes"
	taints(ds, node) == "yes"
}
