package kubenetcheck.rules.consistency.single_valued_test

import data.kubenetcheck.rules.consistency.single_valued

_ds := {"namespace": "kube-system", "name": "kube-proxy"}

test_agreeing_sources_give_nothing if {
	count(single_valued.findings) == 0 with input as {"conflicts": [], "daemonSets": [_ds], "nodes": []}
}

test_two_clusters_daemonset_counts if {
	c := {"pointer": "/daemonSets/0/desired", "values": [{"value": "2", "source": "a/ds.txt:2"}, {"value": "5", "source": "b/ds.txt:3"}]}
	fs := single_valued.findings with input as {"conflicts": [c], "daemonSets": [_ds], "nodes": []}
	some f in fs
	f.message == "sources disagree on DaemonSet kube-system/kube-proxy DESIRED: 2 (a/ds.txt:2) vs 5 (b/ds.txt:3): evidence of two clusters, or of two moments, mixed in one input"
	f.facts == ["/daemonSets/0/desired"]
}

test_daemonset_without_namespace if {
	c := {"pointer": "/daemonSets/0/ready", "values": [{"value": "2", "source": "a:1"}, {"value": "1", "source": "b:1"}]}
	fs := single_valued.findings with input as {"conflicts": [c], "daemonSets": [{"namespace": null, "name": "weave-net"}], "nodes": []}
	some f in fs
	startswith(f.message, "sources disagree on DaemonSet weave-net READY: ")
}

test_node_kubelet_version if {
	c := {"pointer": "/nodes/1/kubeletVersion", "values": [{"value": "v1.30.1", "source": "a:3"}, {"value": "v1.31.0", "source": "b:3"}]}
	fs := single_valued.findings with input as {"conflicts": [c], "daemonSets": [], "nodes": [{"name": "cp"}, {"name": "node01"}]}
	some f in fs
	startswith(f.message, "sources disagree on node node01's kubelet version: v1.30.1 (a:3) vs v1.31.0 (b:3)")
}

test_named_cluster_facts if {
	c := {"pointer": "/cni/name", "values": [{"value": "weave-net", "source": "a:1"}, {"value": "calico", "source": "b:9"}, {"value": "cilium", "source": "c:4"}]}
	fs := single_valued.findings with input as {"conflicts": [c], "daemonSets": [], "nodes": []}
	some f in fs
	f.message == "sources disagree on the CNI: weave-net (a:1) vs calico (b:9) vs cilium (c:4): evidence of two clusters, or of two moments, mixed in one input"
}

test_unnamed_pointer_is_shown_as_is if {
	c := {"pointer": "/cluster/somethingNew", "values": [{"value": "1", "source": "a:1"}, {"value": "2", "source": "b:1"}]}
	fs := single_valued.findings with input as {"conflicts": [c], "daemonSets": [], "nodes": []}
	some f in fs
	startswith(f.message, "sources disagree on /cluster/somethingNew: ")
}

test_two_cluster_names if {
	# Two Terraform clusters, or a test and a prod describe output, in one folder.
	c := {"pointer": "/cluster/name", "values": [{"value": "shop-test", "source": "main.tf:12"}, {"value": "shop-prod", "source": "main.tf:48"}]}
	fs := single_valued.findings with input as {"conflicts": [c], "daemonSets": [], "nodes": []}
	some f in fs
	f.message == "sources disagree on the cluster's name: shop-test (main.tf:12) vs shop-prod (main.tf:48): evidence of two clusters, or of two moments, mixed in one input"
	f.facts == ["/cluster/name"]
}

test_two_installers_disagree if {
	c := {"pointer": "/cluster/distribution", "values": [{"value": "kind", "source": "kind.yaml:1"}, {"value": "k3s", "source": "config.yaml:1"}]}
	fs := single_valued.findings with input as {"conflicts": [c], "daemonSets": [], "nodes": []}
	some f in fs
	startswith(f.message, "sources disagree on the installer or platform that built the cluster: kind (kind.yaml:1) vs k3s (config.yaml:1)")
}

test_clusters_seen_are_named_with_where_and_how_to_pick if {
	# A kind config naming dev and a k3s config naming none, in one folder (src/check.ts withClusters).
	c := {"pointer": "/clusters/seen", "values": [{"value": "dev (kind)", "source": "kind.yaml:3"}, {"value": "k3s (k3s, no name given)", "source": "config.yaml:1"}]}
	fs := single_valued.findings with input as {"conflicts": [c], "daemonSets": [], "nodes": []}
	count(fs) == 1
	some f in fs
	f.message == "the evidence describes 2 clusters: dev (kind) at kind.yaml:3 and k3s (k3s, no name given) at config.yaml:1: their facts are not judged as one cluster's; pick one with --cluster-name NAME, or give each its own folder"
	f.facts == ["/clusters/seen"]
}
