# Every pod range must sit inside the block the company's network team
# allocated for pods, given as data.company.allocations.pod (a list of CIDRs,
# any family) with --data. Without an allocation the policy warns rather than
# passing silently.
package main

deny contains result if {
	some i, pod in input.networks.pod
	allocations := data.company.allocations.pod
	not _inside_any(pod.cidr, allocations)
	result := {
		"id": "ACME-NET-001",
		"title": "Pod range must sit inside the company's pod allocation",
		"msg": sprintf("pod range %s is outside the company's pod allocation (%s)", [pod.cidr, concat(", ", allocations)]),
		"facts": [sprintf("/networks/pod/%d", [i])],
		"remediation": "Pick the pod range from the allocation (kubeadm networking.podSubnet and the CNI's pool), or ask the network team to extend the allocation.",
	}
}

warn contains result if {
	count(input.networks.pod) > 0
	not data.company.allocations.pod
	result := {
		"id": "ACME-NET-001",
		"msg": "no pod allocation given: pass the company's address plan with --data (data.company.allocations.pod)",
	}
}

_inside_any(cidr, allocations) if {
	some allocation in allocations
	net.cidr_contains(allocation, cidr)
}
