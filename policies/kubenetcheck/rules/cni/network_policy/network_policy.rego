# METADATA
# title: NetworkPolicies need a CNI that enforces them
# description: |
#   NetworkPolicy objects are only rules on paper: the CNI enforces them, and
#   a CNI that does not (plain flannel, kubenet, the bridge plugin) accepts
#   them silently and lets all traffic through. A cluster with
#   NetworkPolicies and such a CNI believes it is isolated and is not.
#   Flannel alone does not enforce them, but it is often not alone: k3s runs an
#   embedded network policy controller (kube-router's) beside its flannel
#   unless started with --disable-network-policy, so on k3s the verdict is
#   unknown with what to check; flannel's Helm chart (v0.25.5 and newer) can add
#   kube-network-policies to the flannel pod (netpol.enabled, off by default),
#   and a kube-network-policies DaemonSet in the evidence counts as enforcing.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/network-policies/#prerequisites
#     description: Network policies, prerequisites (a network plugin that supports NetworkPolicy)
#   - ref: https://github.com/flannel-io/flannel#networking-details
#     description: flannel does not implement NetworkPolicy (use Canal or another controller)
#   - ref: https://github.com/flannel-io/flannel/blob/master/Documentation/netpol.md
#     description: flannel v0.25.5+, kube-network-policies in the flannel pod with the Helm chart's netpol.enabled
#   - ref: https://github.com/k3s-io/k3s/issues/7244
#     description: k3s's embedded network policy controller (kube-router netpol), turned off with --disable-network-policy
#   - ref: https://github.com/kubernetes-sigs/kube-network-policies
#     description: kube-network-policies, a NetworkPolicy controller for CNIs without one
# custom:
#   id: KN603
#   severity: error
#   family: cni
#   remediation: |
#     Run a NetworkPolicy implementation: switch to a CNI that enforces policies (Calico,
#     Cilium, Antrea), or add one beside flannel (Canal: Calico policy with flannel networking;
#     or kube-router in firewall-only mode, or kube-network-policies, which flannel's Helm chart
#     deploys with netpol.enabled=true; k3s runs its own controller unless
#     --disable-network-policy is set). Until then, treat every NetworkPolicy as not
#     enforced. Verify with a deny-all policy in a test namespace and a connection that must fail
#     (`kubectl run t --rm -it --image=busybox -- wget -T2 -qO- SERVICE`).
#   evidence: kubectl get networkpolicy -A, and the CNI's DaemonSet or configuration
#   versions:
#     - fact: flannel can run kube-network-policies in its pod (Helm chart netpol.enabled)
#       versions: flannel v0.25.5 and newer
#       source: https://github.com/flannel-io/flannel/blob/master/Documentation/netpol.md
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

else if _policy_controller

else := _enforces_by_name[input.cni.name] if not _k3s_flannel

# A NetworkPolicy controller of its own beside the CNI.
_policy_controller if {
	some ds in input.daemonSets
	ds.name in {"kube-network-policies", "kube-router"}
}

# k3s runs kube-router's network policy controller in its own process beside
# flannel, unless --disable-network-policy: likely enforced, not known.
_k3s_flannel if {
	input.cluster.distribution == "k3s"
	input.cni.name == "flannel"
}

findings contains f if {
	input.networkPolicies.count > 0
	input.cni.enforcesNetworkPolicy == null
	not _policy_controller
	_k3s_flannel
	f := {
		"verdict": "unknown",
		"message": sprintf("%d NetworkPolicy object(s) exist and the CNI is k3s's flannel, which does not enforce them; k3s's embedded network policy controller does, unless k3s was started with --disable-network-policy", [input.networkPolicies.count]),
		"facts": ["/networkPolicies/count", "/cni/name", "/cluster/distribution"],
		"evidence": "the k3s server's flags or /etc/rancher/k3s/config.yaml (disable-network-policy), or `iptables -L INPUT` on a node (a KUBE-ROUTER-INPUT chain)",
	}
}

findings contains f if {
	input.networkPolicies.count > 0
	_enforces == false
	f := {
		"verdict": "fail",
		"message": sprintf("%d NetworkPolicy object(s) exist, but the CNI %s does not enforce NetworkPolicy and no policy controller is seen beside it: they isolate nothing", [
			input.networkPolicies.count, _name,
		]),
		"facts": ["/networkPolicies/count", "/cni/name"],
	}
}

findings contains f if {
	input.networkPolicies.count > 0
	not _decided
	not _k3s_flannel
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
