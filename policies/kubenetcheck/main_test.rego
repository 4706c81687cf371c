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
