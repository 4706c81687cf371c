# METADATA
# title: kube-netcheck entrypoint
# description: |
#   Collects the findings of every rule package under kubenetcheck.rules,
#   keyed by family and rule, for the families the parameters select (all by
#   default). Rule metadata (id, severity, remediation) lives in the
#   annotations of each rule and is joined on the TypeScript side from
#   the catalogue generated at build time.
#
#   In review mode (data.netcheck.params.mode == "review": a configuration judged
#   before it is applied, possibly before the cluster exists) an unknown verdict
#   is left out when every fact it lacks is runtime state that only a running
#   cluster has; verdicts of fail are always reported.
package kubenetcheck

import data.kubenetcheck.lib.params

# The compiled entrypoint: {family: {rule: [finding]}}.
results[family][rule] := _reported(data.kubenetcheck.rules[family][rule].findings) if family in _families

# Evidence that could not be read (KN900) is judged whatever families are selected:
# the gate never passes on input it could not read.
_families := {f | some f in params.families} | {"evidence"}

_reported(findings) := findings if params.mode != "review"

_reported(findings) := {f | some f in findings; not _runtime_unknown(f)} if params.mode == "review"

# Facts that describe a running cluster's state, not its configuration.
_runtime_facts := [
	"/nodes",
	"/daemonSets",
	"/networks/node",
	"/interfaces",
	"/sysctls",
	"/routes",
	"/kubeProxy/nodeIPs",
	"/networkPolicies",
	"/cluster/version",
]

_runtime_unknown(f) if {
	f.verdict == "unknown"
	count(f.facts) > 0
	every pointer in f.facts {
		_is_runtime(pointer)
	}
}

_is_runtime(pointer) if {
	some prefix in _runtime_facts
	_under(pointer, prefix)
}

_under(pointer, prefix) if pointer == prefix

_under(pointer, prefix) if startswith(pointer, concat("", [prefix, "/"]))
