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

import data.kubenetcheck.lib.numbers

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

# selector(ds, node): "yes", "no" or "unknown". A label the evidence shows
# the node lacks does not match; a label it does not show is unknown.
selector(ds, node) := "unknown" if {
	ds.nodeSelector == null
} else := _all([_expression({"operator": "In", "values": [value]}, _label_state(node, key)) |
	some key, value in ds.nodeSelector
])

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
taints(ds, node) := "yes" if {
	_tolerates_everything(ds)
} else := "unknown" if {
	node.taints == null
} else := "yes" if {
	not _any_blocking(node)
} else := "unknown" if {
	ds.tolerations == null
} else := "no" if {
	tols := _all_tolerations(ds)
	some taint in node.taints
	_blocking(taint)
	not _tolerated_by_any(tols, taint)
} else := "yes"

_any_blocking(node) if {
	some taint in node.taints
	_blocking(taint)
}

_tolerated_by_any(tols, taint) if {
	some t in tols
	tolerates(t, taint)
}

# What of a node the decision reads, for the DaemonSets given: the labels they
# select on (keys from label_keys), the node's taints, and where its labels are
# not shown its OS and name (label falls back to them); its name too when a
# DaemonSet selects on metadata.name. runs_on gives nodes with the same profile
# the same answer, so a cluster's nodes are judged once per distinct profile
# (a few per node pool), not once each: 50,000 nodes cost little more than 5.
profile(node, keys, by_name) := {
	"labels": _labels_of(node, keys),
	"taints": node.taints,
	"os": _unless_labelled(node, node.os),
	"name": _name_of(node, by_name),
}

# Every label key the DaemonSets' node selectors and required node affinity read.
label_keys(daemonsets) := {k | some ds in daemonsets; some k, _ in ds.nodeSelector} | {r.key |
	some ds in daemonsets
	some t in _terms(ds)
	some r in object.get(t, "matchExpressions", [])
}

# Whether a DaemonSet's node affinity matches on fields (metadata.name).
uses_fields(daemonsets) if {
	some ds in daemonsets
	some t in _terms(ds)
	count(object.get(t, "matchFields", [])) > 0
} else := false

_labels_of(node, keys) := null if {
	node.labels == null
} else := {k: v | some k in keys; v := node.labels[k]}

_unless_labelled(node, value) := value if node.labels == null

else := null

_name_of(node, by_name) := node.name if {
	node.labels == null
} else := node.name if {
	by_name
} else := null

# runs_on(ds, node): "yes", "no" or "unknown". One body, each part computed
# once: it runs once per DaemonSet and node.
runs_on(ds, node) := _all([selector(ds, node), taints(ds, node), affinity(ds, node)])

# affinity(ds, node): required node affinity, "yes", "no" or "unknown".
# Not shown (null, as in a kubectl table) counts as none: the upstream
# manifests of kube-proxy and the common CNIs have none.
affinity(ds, node) := "yes" if {
	count(_terms(ds)) == 0
} else := _any([_term(t, node) | some t in _terms(ds)])

_terms(ds) := terms if {
	terms := object.get(ds, "requiredNodeAffinity", null)
	terms != null
} else := []

# An empty term matches no node.
_term(t, node) := "no" if {
	count(object.get(t, "matchExpressions", [])) + count(object.get(t, "matchFields", [])) == 0
} else := _all(array.concat(
	[_expression(r, _label_state(node, r.key)) | some r in object.get(t, "matchExpressions", [])],
	[_expression(r, _field_state(node, r.key)) | some r in object.get(t, "matchFields", [])],
))

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
	result := _cmp(numbers.integer(value), numbers.integer(vs[0]), op)
} else := false

_cmp(a, b, "Gt") := a > b

_cmp(a, b, "Lt") := a < b
