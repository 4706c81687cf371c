# METADATA
# title: kube-netcheck fleet entrypoint
# description: |
#   Collects the findings of every cross-cluster rule package under
#   kubenetcheck.fleet.rules, keyed by family and rule. Its input is the fleet
#   facts document (schemas/fleet.schema.json): each cluster's ranges and CNI
#   identity by name, and the groups of clusters that must reach each other.
#   Compiled into the same module as kubenetcheck.results, as a second entrypoint.
package kubenetcheck.fleet

# The compiled entrypoint: {family: {rule: [finding]}}.
results[family][rule] := data.kubenetcheck.fleet.rules[family][rule].findings
