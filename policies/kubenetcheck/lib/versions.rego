# METADATA
# title: Kubernetes and kernel version helpers
# description: |
#   OPA's semver builtins are not in the WebAssembly SDK, so versions are
#   compared here as [major, minor] (and [major, minor, patch] for kernels).
#   The version a rule judges is --target-version when given, else the
#   cluster version the evidence states, else the newest kubelet version of
#   the nodes; each rule says which one it used.
package kubenetcheck.lib.versions

import data.kubenetcheck.lib.numbers
import data.kubenetcheck.lib.params

# "v1.31.2" -> [1, 31]; undefined when the text is not a version.
minor_of(v) := [numbers.integer(m[1]), numbers.integer(m[2])] if {
	is_string(v)
	some m in regex.find_all_string_submatch_n(`^v?([0-9]+)\.([0-9]+)`, v, 1)
}

# Kernel "5.15.0-1071-gcp" -> [5, 15, 0]; the patch level defaults to 0.
kernel_of(v) := [numbers.integer(m[1]), numbers.integer(m[2]), _patch(m[3])] if {
	is_string(v)
	some m in regex.find_all_string_submatch_n(`^([0-9]+)\.([0-9]+)(?:\.([0-9]+))?`, v, 1)
}

_patch(p) := 0 if p == ""

else := numbers.integer(p)

# Versions compare as arrays, lexicographically: [1, 31] >= [1, 26].

text(v) := sprintf("%d.%d", v)

# The version rules judge: {"version": [1, 31], "text": "1.31", "source": "..."}.
judged := {"version": v, "text": text(v), "source": sprintf("target version v%s (--target-version)", [text(v)])} if {
	v := minor_of(params.target_version)
} else := {"version": v, "text": text(v), "source": sprintf("cluster version v%s (from the evidence)", [text(v)])} if {
	v := minor_of(input.cluster.version)
} else := {"version": v, "text": text(v), "source": sprintf("kubelet version v%s (newest node, from the evidence)", [text(v)])} if {
	# Parsed once per distinct version, not once per node.
	vs := [minor_of(v) | some v in {n.kubeletVersion | some n in input.nodes}; minor_of(v)]
	count(vs) > 0
	v := max(vs)
}
