package kubenetcheck.fleet.rules.evidence.readable_test

import data.kubenetcheck.fleet.rules.evidence.readable

test_an_unreadable_cluster_is_an_error_naming_it_and_why if {
	fs := readable.findings with input as {"clusters": [
		{"name": "eu-1", "readable": true},
		{"name": "us-1", "readable": false, "error": "cannot reach the API server at https://10.0.0.1:6443 (context \"us-1\"): connection refused"},
	]}
	fs == {{
		"verdict": "fail",
		"message": "cluster us-1 could not be read: cannot reach the API server at https://10.0.0.1:6443 (context \"us-1\"): connection refused",
		"facts": ["/clusters/1"],
		"clusters": ["us-1"],
	}}
}

test_every_cluster_read_no_finding if {
	count(readable.findings) == 0 with input as {"clusters": [{"name": "eu-1", "readable": true}]}
}
