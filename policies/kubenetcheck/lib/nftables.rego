# METADATA
# title: kube-proxy nftables mode and the node kernel, by version
# description: |
#   kube-proxy's nftables mode checks the kernel as a stand-in for the host's
#   nft tool: 5.13 or newer is taken to mean nft 1.0.1 or newer, which does not
#   break on kube-proxy's rules (pkg/proxy/nftables/proxier.go, kubernetes
#   issue 122743, PR 124152; kernels back to 5.4 run the mode when the check is
#   skipped). What kube-proxy does on an older kernel depends on its version:
#   1.29 and 1.30 have no check; 1.31 and 1.32 shipped it inverted (it runs only
#   when KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set); from 1.33
#   (PR 130401) kube-proxy refuses to start unless that variable is non-empty.
package kubenetcheck.lib.nftables

# What kube-proxy of the version judged does on a node with a kernel older than
# 5.13: {"severity", "what"}. `version` is [major, minor], or null when unknown.
old_kernel(version) := {
	"severity": "error",
	"what": "kube-proxy 1.33 and newer refuses to start in nftables mode on a kernel older than 5.13, unless KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set to a non-empty value (which skips the check, leaving the host's nft to be 1.0.1 or newer)",
} if {
	version != null
	version >= [1, 33]
} else := {
	"severity": "warning",
	"what": sprintf("kube-proxy %d.%d checks the kernel only when KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set (the check shipped inverted in 1.31, fixed in 1.33), so it starts; but below 5.13 the host's nft may be older than 1.0.1 and break on kube-proxy's rules, and from 1.33 kube-proxy refuses to start here", version),
} if {
	version != null
	version >= [1, 31]
} else := {
	"severity": "warning",
	"what": sprintf("kube-proxy %d.%d does not check the kernel, so it starts; but below 5.13 the host's nft may be older than 1.0.1 and break on kube-proxy's rules, and from 1.33 kube-proxy refuses to start here", version),
} if {
	version != null
} else := {
	"severity": "error",
	"what": "kube-proxy 1.33 and newer refuses to start in nftables mode on a kernel older than 5.13 (1.29 to 1.32 start, with the host's nft possibly too old); the Kubernetes version is not known",
}
