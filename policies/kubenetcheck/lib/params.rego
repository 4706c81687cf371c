# METADATA
# title: Parameters with their defaults
# description: |
#   Rule parameters come from data.netcheck.params (validated against
#   schemas/params.schema.json before evaluation); each has a default here.
package kubenetcheck.lib.params

default allowed_proxy_modes := ["iptables", "ipvs", "nftables"]

allowed_proxy_modes := data.netcheck.params.allowedProxyModes

# Windows nodes have one proxy mode, kernelspace; it is judged on its own list.
default allowed_windows_proxy_modes := ["kernelspace"]

allowed_windows_proxy_modes := data.netcheck.params.allowedWindowsProxyModes

# How the facts are judged: "check" (default) judges a running cluster's evidence;
# "review" judges configuration for a cluster that may not exist yet (kube-netcheck
# review and the admission webhook's offline twin). In review mode an undecided
# rule whose missing facts are runtime state only a running cluster has (nodes,
# DaemonSet status, host interfaces...) is not reported: see kubenetcheck.results.
# Rules may also read it to decide differently in review mode.
default mode := "check"

mode := data.netcheck.params.mode

# The kube-proxy mode being migrated to (--target-proxy-mode), or null.
default target_proxy_mode := null

target_proxy_mode := data.netcheck.params.targetProxyMode

# The Kubernetes version being upgraded to (--target-version), or null.
default target_version := null

target_version := data.netcheck.params.targetVersion

# Share of node blocks in use from which capacity is a warning (0 < t <= 1).
default capacity_warning_threshold := 0.8

capacity_warning_threshold := data.netcheck.params.capacityWarningThreshold

# Ranges named as taken (--avoid): VPC, VPN, peered networks. The TypeScript
# side normalises each CIDR into {cidr, family, first, last} before evaluation.
default avoid := []

avoid := data.netcheck.params.avoid

# Pod and service ranges outside private space are allowed (some clouds give
# pods global IPv6 addresses).
default allow_public_ranges := false

allow_public_ranges := data.netcheck.params.allowPublicRanges

# Families of rules to run (evidence, KN900, runs whatever is selected).
default families := ["cni", "consistency", "daemonsets", "evidence", "kubeproxy", "nodes", "pods", "ranges", "services"]

families := data.netcheck.params.families
