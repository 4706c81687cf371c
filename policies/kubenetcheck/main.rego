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
#   never fails for lack of runtime state that only a running cluster has (nodes,
#   kernels, DaemonSets, interfaces, sysctls...). A finding names the facts it
#   lacks in `missing` (all of its `facts` when it does not say). When every
#   missing fact is runtime state:
#   - a finding about the configuration (some of its facts are not runtime
#     state) that says how to check the rest (`verify`) becomes an info finding,
#     "verify before rollout", with that exact check;
#   - any other is left out: it is about the running cluster alone.
#   Given the runtime facts (--cluster-evidence, --cluster), the rule decides for
#   real and nothing is missing. Verdicts of fail are always reported.
package kubenetcheck

import data.kubenetcheck.lib.params

# The compiled entrypoint: {family: {rule: [finding]}}.
results[family][rule] := _reported(data.kubenetcheck.rules[family][rule].findings) if family in _families

# Evidence that could not be read (KN900) is judged whatever families are selected:
# the gate never passes on input it could not read.
_families := {f | some f in params.families} | {"evidence"}

_reported(findings) := findings if params.mode != "review"

_reported(findings) := {_in_review(f) | some f in findings; not _left_out(f)} if params.mode == "review"

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

# The facts a finding lacks: its own list, else all of its facts.
_missing(f) := f.missing

_missing(f) := f.facts if not f.missing

# An unknown that only a running cluster could settle.
_runtime_unknown(f) if {
	f.verdict == "unknown"
	missing := _missing(f)
	count(missing) > 0
	every pointer in missing {
		_is_runtime(pointer)
	}
}

# Facts of the configuration the finding is about (those not runtime state).
_config_facts(f) := [p | some p in f.facts; not _is_runtime(p)]

_to_verify(f) if {
	_runtime_unknown(f)
	is_string(f.verify)
	count(_config_facts(f)) > 0
}

_left_out(f) if {
	_runtime_unknown(f)
	not _to_verify(f)
}

_in_review(f) := object.union(object.remove(f, ["evidence", "missing", "verify"]), {
	"verdict": "fail",
	"severity": "info",
	"message": sprintf("verify before rollout: %s (%s)", [f.verify, f.message]),
	"facts": _config_facts(f),
}) if _to_verify(f)

_in_review(f) := f if not _to_verify(f)

_is_runtime(pointer) if {
	some prefix in _runtime_facts
	_under(pointer, prefix)
}

_under(pointer, prefix) if pointer == prefix

_under(pointer, prefix) if startswith(pointer, concat("", [prefix, "/"]))
