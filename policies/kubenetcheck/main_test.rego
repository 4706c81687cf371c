package kubenetcheck_test

import data.kubenetcheck

test_results_are_keyed_by_family_and_rule if {
	r := kubenetcheck.results with input as {
		"networks": {"node": [], "pod": [], "service": []},
		"kubeProxy": {"modes": ["userspace"], "present": true},
		"daemonSets": [],
		"nodes": [],
	}
	count(r.ranges.overlap) == 1
	count(r.kubeproxy.mode_allowed) == 1
	count(r.daemonsets.coverage) == 1
}

_cluster_less := {
	"networks": {"node": [], "pod": [{"cidr": "10.244.0.0/16", "family": "IPv4"}], "service": [{"cidr": "10.96.0.0/12", "family": "IPv4"}]},
	"kubeProxy": {"modes": ["userspace"], "present": true},
	"daemonSets": [],
	"nodes": [],
}

test_review_mode_drops_unknowns_that_need_a_running_cluster if {
	r := kubenetcheck.results with input as _cluster_less with data.netcheck.params.mode as "review"
	count(r.ranges.overlap) == 0
	count(r.daemonsets.coverage) == 0
	count(r.kubeproxy.mode_allowed) == 1
}

test_check_mode_keeps_them if {
	r := kubenetcheck.results with input as _cluster_less
	count(r.ranges.overlap) == 1
	count(r.daemonsets.coverage) == 1
}

test_review_mode_keeps_unknowns_about_configuration if {
	inp := json.patch(_cluster_less, [{"op": "replace", "path": "/networks/service", "value": []}])
	r := kubenetcheck.results with input as inp with data.netcheck.params.mode as "review"
	count(r.ranges.overlap) == 1
}

test_families_parameter_selects_rule_families if {
	r := kubenetcheck.results with input as {
		"networks": {"node": [], "pod": [], "service": []},
		"kubeProxy": {"modes": ["userspace"], "present": true},
		"daemonSets": [],
		"nodes": [],
	}
		with data.netcheck.params.families as ["kubeproxy"]
	object.keys(r) == {"kubeproxy", "evidence"}
}

test_unreadable_evidence_is_judged_whatever_families_are_selected if {
	r := kubenetcheck.results with input as {
		"networks": {"node": [], "pod": [], "service": []},
		"kubeProxy": {"modes": ["iptables"], "present": true},
		"daemonSets": [],
		"nodes": [],
		"diagnostics": [{"level": "error", "file": "nodes.yaml", "line": 3, "message": "not valid YAML or JSON: ..."}],
	}
		with data.netcheck.params.families as ["kubeproxy"]
	count(r.evidence.readable) == 1
}

test_review_mode_reports_unreadable_evidence if {
	inp := object.union(_cluster_less, {"diagnostics": [{"level": "error", "file": "kubeadm.yaml", "line": 7, "message": "x"}]})
	r := kubenetcheck.results with input as inp with data.netcheck.params.mode as "review"
	count(r.evidence.readable) == 1
}

test_review_mode_drops_unknowns_about_one_daemonset if {
	ds := {"namespace": "kube-system", "name": "kube-proxy", "role": "kube-proxy", "desired": 2, "current": 2, "ready": 2, "upToDate": 2, "available": 2, "nodeSelector": {}, "tolerations": [{"operator": "Exists"}], "requiredNodeAffinity": null}
	inp := json.patch(_cluster_less, [{"op": "replace", "path": "/daemonSets", "value": [ds]}])
	r := kubenetcheck.results with input as inp with data.netcheck.params.mode as "review"
	count(r.daemonsets.coverage) == 0
	s := kubenetcheck.results with input as inp
	count(s.daemonsets.coverage) == 1
}
