# METADATA
# title: Networking DaemonSets must run on every node they should
# description: |
#   kube-proxy and the CNI's node agent must run on every node they select:
#   a node without them has no Service routing or no pod network. The
#   DaemonSet's DESIRED count must equal the number of nodes that match its
#   nodeSelector and required node affinity and whose taints it tolerates
#   (as the DaemonSet controller decides, including the tolerations it adds
#   to every daemon pod), and
#   CURRENT, READY, UP-TO-DATE and AVAILABLE must each equal DESIRED.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/#how-daemon-pods-are-scheduled
#     description: How daemon pods are scheduled, and the tolerations added automatically
#   - ref: https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
#     description: Taints and tolerations
#   - ref: https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
#     description: Node affinity, required terms ORed and expressions ANDed
#   - ref: https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/daemon/util/daemonset_util.go
#     description: DaemonSet controller, the tolerations added to every daemon pod
# custom:
#   id: KN201
#   severity: error
#   family: daemonsets
#   remediation: |
#     Find the nodes without a pod: `kubectl get pods -n kube-system -o wide -l k8s-app=kube-proxy`
#     against `kubectl get nodes`. A node the DaemonSet does not select needs the label
#     of its nodeSelector or node affinity, or a toleration for its taint
#     (`kubectl describe node NAME`, Taints; `kubectl -n NAMESPACE get ds NAME -o yaml`,
#     spec.template.spec.affinity and tolerations). A pod that exists but is not ready: `kubectl describe pod` and its logs.
#     UP-TO-DATE below DESIRED means a rollout is stuck: `kubectl rollout status ds/NAME -n NAMESPACE`.
#     Verify with `kubectl get ds -A`: every count equals DESIRED, and DESIRED the nodes it should run on.
#   evidence: kubectl get ds output and kubectl get nodes output (-o wide, or -o json for labels and taints)
package kubenetcheck.rules.daemonsets.coverage

import data.kubenetcheck.lib.scheduling

_networking contains i if {
	some i, ds in input.daemonSets
	ds.role in {"kube-proxy", "cni"}
}

# Whether each node should run each networking DaemonSet: decided once per
# distinct scheduling profile (scheduling.profile). When every profile gets the
# same answer (a healthy cluster: the DaemonSet tolerates every taint and selects
# every Linux node) that answer holds for every node; only otherwise is each
# node looked up.
_daemonsets := [input.daemonSets[i] | some i in _networking]

_label_keys := scheduling.label_keys(_daemonsets)

_by_name := scheduling.uses_fields(_daemonsets)

_profiles := {scheduling.profile(node, _label_keys, _by_name) | some node in input.nodes}

_answers[i] := {p: scheduling.runs_on(ds, p) | some p in _profiles} if {
	some i in _networking
	ds := input.daemonSets[i]
}

_uniform[i] := answer if {
	some i, answers in _answers
	distinct := {a | some a in answers}
	count(distinct) == 1
	some answer in distinct
}

_verdicts[i] := [answers[scheduling.profile(node, _label_keys, _by_name)] | some node in input.nodes] if {
	some i, answers in _answers
	not _uniform[i]
}

# How many nodes get the answer, and which nodes are undecided.
_count(i, answer) := count(input.nodes) if {
	_uniform[i] == answer
} else := 0 if {
	_uniform[i]
} else := count([v | some v in _verdicts[i]; v == answer])

_undecided(i) := [node.name | some node in input.nodes] if {
	_uniform[i] == "unknown"
} else := [input.nodes[j].name | some j, v in _verdicts[i]; v == "unknown"]

_name(ds) := sprintf("%s/%s", [ds.namespace, ds.name]) if ds.namespace != null

else := ds.name

# DESIRED against the nodes it should run on.
findings contains f if {
	count(input.nodes) > 0
	some i in _networking
	ds := input.daemonSets[i]
	ds.desired != null
	_count(i, "unknown") == 0
	expected := _count(i, "yes")
	ds.desired != expected
	f := {
		"verdict": "fail",
		"message": sprintf("DaemonSet %s DESIRED is %d, but %d of the %d nodes should run it%s", [
			_name(ds), ds.desired, expected, count(input.nodes), _why(ds),
		]),
		"facts": [sprintf("/daemonSets/%d/desired", [i]), "/nodes"],
	}
}

_why(ds) := sprintf(" (node selector %s)", [_selector_text(ds)]) if count(ds.nodeSelector) > 0

else := ""

_selector_text(ds) := concat(",", [sprintf("%s=%s", [k, v]) | some k, v in ds.nodeSelector])

# CURRENT, READY, UP-TO-DATE, AVAILABLE against DESIRED.
_status_fields := [["current", "CURRENT"], ["ready", "READY"], ["upToDate", "UP-TO-DATE"], ["available", "AVAILABLE"]]

findings contains f if {
	some i in _networking
	ds := input.daemonSets[i]
	ds.desired != null
	some pair in _status_fields
	value := ds[pair[0]]
	value != null
	value != ds.desired
	f := {
		"verdict": "fail",
		"message": sprintf("DaemonSet %s %s is %d of DESIRED %d: %d node(s) without %s pod", [
			_name(ds), pair[1], value, ds.desired, ds.desired - value, _state(pair[0]),
		]),
		"facts": [sprintf("/daemonSets/%d/%s", [i, pair[0]]), sprintf("/daemonSets/%d/desired", [i])],
	}
}

_state(field) := {"current": "a scheduled", "ready": "a ready", "upToDate": "an up-to-date", "available": "an available"}[field]

# No node list: DESIRED cannot be checked.
findings contains f if {
	count(input.nodes) == 0
	some i in _networking
	ds := input.daemonSets[i]
	f := {
		"verdict": "unknown",
		"message": sprintf("DaemonSet %s DESIRED is %s, but no node list was given: cannot tell how many nodes it should run on", [
			_name(ds), _num(ds.desired),
		]),
		"facts": [sprintf("/daemonSets/%d/desired", [i]), "/nodes"],
		"evidence": "`kubectl get nodes -o wide` (or -o json, which also shows labels and taints)",
	}
}

# Nodes whose labels or taints the evidence does not show, where it matters.
findings contains f if {
	count(input.nodes) > 0
	some i in _networking
	ds := input.daemonSets[i]
	unknown := _undecided(i)
	count(unknown) > 0
	f := {
		"verdict": "unknown",
		"message": sprintf("DaemonSet %s: cannot tell whether it should run on %s: the evidence does not show %s", [
			_name(ds), concat(", ", unknown), _lacking(ds),
		]),
		"facts": [sprintf("/daemonSets/%d", [i]), "/nodes"],
		"evidence": "`kubectl get nodes -o json` (labels and taints) and `kubectl get ds -o yaml` (nodeSelector and tolerations)",
	}
}

_lacking(ds) := "the DaemonSet's node selector" if ds.nodeSelector == null

else := "the nodes' labels or taints, or the DaemonSet's tolerations or node affinity"

# No DaemonSet counts at all, while kube-proxy or a CNI is known to run.
findings contains f if {
	count(_networking) == 0
	not _none_expected
	f := {
		"verdict": "unknown",
		"message": "no kube-proxy or CNI DaemonSet status was given: cannot tell whether they run on every node",
		"facts": ["/daemonSets"],
		"evidence": "`kubectl get ds -A`",
	}
}

# k3s runs kube-proxy and flannel inside its own process (k3s-io/k3s pkg/agent,
# pkg/daemons/agent): with its own flannel there is no networking DaemonSet to count.
_none_expected if {
	input.cluster.distribution == "k3s"
	input.cni.name == "flannel"
}

_num(n) := "unknown" if n == null

else := sprintf("%d", [n])
