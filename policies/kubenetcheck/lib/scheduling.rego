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

# affinity(ds, node): "yes", "no" or "unknown" for the pod template's required node
# affinity: its terms are ORed, the requirements within a term ANDed; none means any node.
affinity(ds, _) := "yes" if object.get(ds, "requiredNodeAffinity", null) == null

affinity(ds, _) := "yes" if count(ds.requiredNodeAffinity) == 0

affinity(ds, node) := "yes" if {
	count(ds.requiredNodeAffinity) > 0
	some term in ds.requiredNodeAffinity
	_term(term, node) == "yes"
}

affinity(ds, node) := "no" if {
	count(ds.requiredNodeAffinity) > 0
	every term in ds.requiredNodeAffinity {
		_term(term, node) == "no"
	}
}

affinity(ds, node) := "unknown" if {
	count(ds.requiredNodeAffinity) > 0
	not _affinity_decided(ds, node)
}

_affinity_decided(ds, node) if {
	some term in ds.requiredNodeAffinity
	_term(term, node) == "yes"
}

_affinity_decided(ds, node) if {
	every term in ds.requiredNodeAffinity {
		_term(term, node) == "no"
	}
}

_requirements(term) := array.concat(
	[["label", r] | some r in object.get(term, "matchExpressions", [])],
	[["field", r] | some r in object.get(term, "matchFields", [])],
)

# A term with no requirement matches no node (k8s.io/component-helpers nodeaffinity).
_term(term, _) := "no" if count(_requirements(term)) == 0

_term(term, node) := "no" if {
	some pair in _requirements(term)
	_requirement(pair[0], pair[1], node) == "no"
}

_term(term, node) := "yes" if {
	count(_requirements(term)) > 0
	every pair in _requirements(term) {
		_requirement(pair[0], pair[1], node) == "yes"
	}
}

_term(term, node) := "unknown" if {
	count(_requirements(term)) > 0
	not _term_has_no(term, node)
	some pair in _requirements(term)
	_requirement(pair[0], pair[1], node) == "unknown"
}

_term_has_no(term, node) if {
	some pair in _requirements(term)
	_requirement(pair[0], pair[1], node) == "no"
}

# matchFields: only metadata.name is supported by Kubernetes.
_requirement("field", r, node) := _match(r, r.key == "metadata.name", node.name)

_requirement("label", r, node) := "unknown" if not _label_known(node, r.key)

_requirement("label", r, node) := _match(r, true, label(node, r.key)) if {
	_label_known(node, r.key)
	label(node, r.key)
}

_requirement("label", r, node) := _match(r, false, "") if {
	_label_known(node, r.key)
	not label(node, r.key)
}

_label_known(node, _) if node.labels != null

_label_known(node, "kubernetes.io/os") if node.os != null

_label_known(_, "kubernetes.io/hostname")

# _match(requirement, whether the label exists, its value): "yes" or "no".
_match(r, present, value) := "yes" if _matches(r, present, value)

else := "no"

_matches(r, present, value) if {
	r.operator == "In"
	present
	value in object.get(r, "values", [])
}

_matches(r, present, value) if {
	r.operator == "NotIn"
	not _in(present, value, object.get(r, "values", []))
}

_matches(r, present, _) if {
	r.operator == "Exists"
	present
}

_matches(r, present, _) if {
	r.operator == "DoesNotExist"
	not present
}

_matches(r, present, value) if {
	r.operator == "Gt"
	present
	to_number(value) > to_number(r.values[0])
}

_matches(r, present, value) if {
	r.operator == "Lt"
	present
	to_number(value) < to_number(r.values[0])
}

_in(present, value, values) if {
	present
	value in values
}

# runs_on(ds, node): "yes", "no" or "unknown": node selector, required node affinity and taints.
_checks(ds, node) := [selector(ds, node), affinity(ds, node), taints(ds, node)]

runs_on(ds, node) := "no" if "no" in _checks(ds, node)

runs_on(ds, node) := "yes" if {
	every v in _checks(ds, node) {
		v == "yes"
	}
}

runs_on(ds, node) := "unknown" if {
	checks := _checks(ds, node)
	not "no" in checks
	"unknown" in checks
}
