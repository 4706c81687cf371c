# METADATA
# title: NetworkPolicies need a CNI that enforces them
# description: |
#   NetworkPolicy objects are only rules on paper: the CNI enforces them, and
#   a CNI that does not (plain flannel, kubenet, the bridge plugin) accepts
#   them silently and lets all traffic through. A cluster with
#   NetworkPolicies and such a CNI believes it is isolated and is not.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#prerequisites
#     description: Network policies, prerequisites (a network plugin that supports NetworkPolicy)
#   - ref: https://github.com/flannel-io/flannel#networking-details
#     description: flannel does not implement NetworkPolicy (use Canal or another controller)
# custom:
#   id: KN603
#   severity: error
#   family: cni
#   remediation: |
#     Run a NetworkPolicy implementation: switch to a CNI that enforces policies (Calico,
#     Cilium, Antrea), or add one beside flannel (Canal: Calico policy with flannel networking;
#     or kube-router in firewall-only mode). Until then, treat every NetworkPolicy as not
#     enforced. Verify with a deny-all policy in a test namespace and a connection that must fail
#     (`kubectl run t --rm -it --image=busybox -- wget -T2 -qO- SERVICE`).
#   evidence: kubectl get networkpolicy -A, and the CNI's DaemonSet or configuration
package kubenetcheck.rules.cni.network_policy

# Whether each CNI enforces NetworkPolicy, when the evidence does not say.
_enforces_by_name := {
	"flannel": false,
	"kubenet": false,
	"bridge": false,
	"calico": true,
	"canal": true,
	"cilium": true,
	"weave-net": true,
	"antrea": true,
	"kube-router": true,
}

_enforces := input.cni.enforcesNetworkPolicy if input.cni.enforcesNetworkPolicy != null

else := _enforces_by_name[input.cni.name]

findings contains f if {
	input.networkPolicies.count > 0
	_enforces == false
	f := {
		"verdict": "fail",
		"message": sprintf("%d NetworkPolicy object(s) exist, but the CNI %s does not enforce NetworkPolicy: they isolate nothing", [
			input.networkPolicies.count, _name,
		]),
		"facts": ["/networkPolicies/count", "/cni/name"],
	}
}

findings contains f if {
	input.networkPolicies.count > 0
	not _decided
	f := {
		"verdict": "unknown",
		"message": sprintf("%d NetworkPolicy object(s) exist, but the evidence does not show whether the CNI enforces them", [input.networkPolicies.count]),
		"facts": ["/networkPolicies/count", "/cni/name"],
		"evidence": "the CNI's DaemonSet (`kubectl get ds -A`) or configuration",
	}
}

_decided if _enforces == true

_decided if _enforces == false

_name := input.cni.name if input.cni.name != null

else := "in use"
