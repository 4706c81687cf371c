# METADATA
# title: DaemonSet node selection, as the DaemonSet controller decides it
# description: |
#   A DaemonSet runs on a node when the node matches its nodeSelector and every
#   NoSchedule / NoExecute taint of the node is tolerated, counting the
#   tolerations the controller adds to every daemon pod
#   (kubernetes pkg/controller/daemon/util AddOrUpdateDaemonPodTolerations),
#   and its required node affinity (terms ORed, requirements within a term
#   ANDed, as component-helpers/scheduling/corev1/nodeaffinity evaluates them).
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
runs_on(ds, node) := "no" if {
	some part in _parts(ds, node)
	part == "no"
}

runs_on(ds, node) := "yes" if {
	every part in _parts(ds, node) {
		part == "yes"
	}
}

runs_on(ds, node) := "unknown" if {
	parts := _parts(ds, node)
	not "no" in parts
	"unknown" in parts
}

_parts(ds, node) := [selector(ds, node), taints(ds, node), affinity(ds, node)]

# affinity(ds, node): required node affinity, "yes", "no" or "unknown".
# Not shown (null, as in a kubectl table) counts as none: the upstream
# manifests of kube-proxy and the common CNIs have none.
affinity(ds, _) := "yes" if object.get(ds, "requiredNodeAffinity", null) == null

affinity(ds, _) := "yes" if count(object.get(ds, "requiredNodeAffinity", [])) == 0

affinity(ds, node) := _any([_term(t, node) | some t in ds.requiredNodeAffinity]) if count(object.get(ds, "requiredNodeAffinity", [])) > 0

# An empty term matches no node.
_term(t, _) := "no" if count(array.concat(object.get(t, "matchExpressions", []), object.get(t, "matchFields", []))) == 0

_term(t, node) := _all(array.concat(
	[_expression(r, _label_state(node, r.key)) | some r in object.get(t, "matchExpressions", [])],
	[_expression(r, _field_state(node, r.key)) | some r in object.get(t, "matchFields", [])],
)) if count(array.concat(object.get(t, "matchExpressions", []), object.get(t, "matchFields", []))) > 0

_any(states) := "yes" if {
	"yes" in states
} else := "unknown" if {
	"unknown" in states
} else := "no"

_all(states) := "no" if {
	"no" in states
} else := "unknown" if {
	"unknown" in states
} else := "yes"

# What the evidence says of a label: {"known": true, "value": v | null} or {"known": false}.
_label_state(node, key) := {"known": true, "value": object.get(node.labels, key, null)} if node.labels != null

else := {"known": true, "value": v} if {
	v := label(node, key)
} else := {"known": false}

_field_state(node, "metadata.name") := {"known": true, "value": node.name}

_field_state(_, key) := {"known": false} if key != "metadata.name"

_expression(_, state) := "unknown" if not state.known

_expression(r, state) := _bool(_matches(r, state.value)) if state.known

_bool(true) := "yes"

_bool(false) := "no"

_matches(r, value) := value != null if r.operator == "Exists"

_matches(r, value) := value == null if r.operator == "DoesNotExist"

_matches(r, value) := _is_in(value, r) if r.operator == "In"

_matches(r, value) := _is_in(value, r) == false if r.operator == "NotIn"

_matches(r, value) := _compare(value, r, "Gt") if r.operator == "Gt"

_matches(r, value) := _compare(value, r, "Lt") if r.operator == "Lt"

_is_in(value, r) if {
	value != null
	value in object.get(r, "values", [])
} else := false

# Gt and Lt compare the label as an integer with the single value; a label that is
# not an integer does not match.
_compare(value, r, op) := result if {
	value != null
	regex.match(`^-?[0-9]+$`, value)
	vs := object.get(r, "values", [])
	count(vs) == 1
	regex.match(`^-?[0-9]+$`, vs[0])
	result := _cmp(to_number(value), to_number(vs[0]), op)
} else := false

_cmp(a, b, "Gt") := a > b

_cmp(a, b, "Lt") := a < b
