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
	count(r.daemonsets.coverage) == 0

	# the node network is runtime state too, but the overlap is about configured ranges: a check before rollout
	[f] := [f | some f in r.ranges.overlap]
	f.severity == "info"
	f.facts == ["/networks/pod/0", "/networks/service/0"]
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

_nftables_config := {
	"networks": {"node": [], "pod": [{"cidr": "10.244.0.0/16", "family": "IPv4"}], "service": [{"cidr": "10.96.0.0/12", "family": "IPv4"}]},
	"kubeProxy": {"mode": "nftables", "modes": ["nftables"], "present": true},
	"cluster": {"version": "v1.33.0"},
	"daemonSets": [],
	"nodes": [],
}

test_review_mode_turns_a_missing_node_list_into_a_check_before_rollout if {
	r := kubenetcheck.results with input as _nftables_config with data.netcheck.params.mode as "review"
	some f in r.kubeproxy.mode_version
	f.verdict == "fail"
	f.severity == "info"
	startswith(f.message, "verify before rollout: `kubectl get nodes -o wide` shows KERNEL-VERSION 5.13 or newer on every Linux node (")
	f.facts == ["/kubeProxy/mode"]
	not f.missing
	not f.verify
	count(r.kubeproxy.mode_version) == 1
}

test_check_mode_keeps_the_missing_node_list_unknown if {
	r := kubenetcheck.results with input as _nftables_config
	some f in r.kubeproxy.mode_version
	f.verdict == "unknown"
	f.missing == ["/nodes"]
}

test_review_mode_judges_kernels_when_nodes_are_given if {
	inp := json.patch(_nftables_config, [{"op": "replace", "path": "/nodes", "value": [{"name": "n1", "kernelVersion": "5.4.0-1106-gcp"}]}])
	r := kubenetcheck.results with input as inp with data.netcheck.params.mode as "review"
	some f in r.kubeproxy.mode_version
	f.verdict == "fail"
	object.get(f, "severity", "error") == "error"
	contains(f.message, "node n1 runs kernel 5.4.0-1106-gcp")
}

test_review_mode_keeps_an_unknown_whose_missing_facts_are_configuration if {
	f := {"verdict": "unknown", "message": "m", "facts": ["/kubeProxy/mode", "/nodes"], "missing": ["/kubeProxy/mode"], "verify": "v"}
	not kubenetcheck._runtime_unknown(f)
	kubenetcheck._in_review(f) == f
}

test_review_mode_leaves_out_a_runtime_unknown_without_a_check if {
	kubenetcheck._left_out({"verdict": "unknown", "message": "m", "facts": ["/kubeProxy/mode", "/nodes"], "missing": ["/nodes"]})
	kubenetcheck._left_out({"verdict": "unknown", "message": "m", "facts": ["/nodes"], "verify": "v"})
}
