package kubenetcheck.rules.evidence.readable_test

import data.kubenetcheck.rules.evidence.readable

test_readable_evidence_gives_nothing if {
	count(readable.findings) == 0 with input as {"networks": {"node": [], "pod": [], "service": []}}
	count(readable.findings) == 0 with input as {"diagnostics": []}
}

test_warnings_are_notes_not_findings if {
	w := {"level": "warning", "file": "lab.md", "line": 61, "message": "block at line 60 skipped: looks like Kubernetes objects (YAML or JSON), but not valid YAML or JSON: ..."}
	count(readable.findings) == 0 with input as {"diagnostics": [w]}
}

test_a_file_that_does_not_parse_names_file_line_and_column if {
	d := {"level": "error", "file": "nodes.yaml", "line": 12, "column": 5, "message": "not valid YAML or JSON: Map keys must be unique", "withheld": true}
	fs := readable.findings with input as {"diagnostics": [{"level": "warning", "file": "a", "line": null, "message": "w"}, d]}
	count(fs) == 1
	some f in fs
	f.verdict == "fail"
	f.message == "nodes.yaml:12:5: not valid YAML or JSON: Map keys must be unique: nothing from this file is judged"
	f.facts == ["/diagnostics/1"]
}

test_a_file_that_cannot_be_opened_says_what_was_expected if {
	d := {"level": "error", "file": "logs/kube-proxy.log", "line": null, "message": "cannot read: permission denied", "expected": "an evidence file that can be read"}
	fs := readable.findings with input as {"diagnostics": [d]}
	some f in fs
	f.message == "logs/kube-proxy.log: cannot read: permission denied (expected an evidence file that can be read)"
	f.facts == ["/diagnostics/0"]
}

test_an_invalid_value_names_its_line if {
	d := {"level": "error", "file": "kube-apiserver.yaml", "line": 24, "message": "--service-cluster-ip-range: \"10.96.0.0/33\": prefix length must be 0-32", "withheld": true}
	fs := readable.findings with input as {"diagnostics": [d]}
	some f in fs
	f.message == "kube-apiserver.yaml:24: --service-cluster-ip-range: \"10.96.0.0/33\": prefix length must be 0-32: nothing from this file is judged"
}

test_every_unreadable_input_is_its_own_finding if {
	ds := [
		{"level": "error", "file": "a.yaml", "line": 1, "message": "x"},
		{"level": "error", "file": "b.yaml", "line": 2, "message": "y"},
	]
	count(readable.findings) == 2 with input as {"diagnostics": ds}
}
