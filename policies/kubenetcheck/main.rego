# METADATA
# title: kube-netcheck entrypoint
# description: |
#   Collects the findings of every rule package under kubenetcheck.rules,
#   keyed by family and rule. Rule metadata (id, severity, remediation) lives in
#   each rule's METADATA annotations and is joined on the TypeScript side from
#   the catalogue generated at build time.
package kubenetcheck

# The compiled entrypoint: {family: {rule: [finding]}}.
results[family][rule] := data.kubenetcheck.rules[family][rule].findings
