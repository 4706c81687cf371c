# METADATA
# title: Address range helpers
# description: |
#   Ranges carry their first and last address as 32 fixed-width hex digits, so
#   comparisons are string comparisons and sorting is linear-time friendly.
package kubenetcheck.lib.ranges

# Two ranges overlap when each starts before the other ends.
overlaps(a, b) if {
	a.family == b.family
	a.first <= b.last
	b.first <= a.last
}

contains_range(outer, inner) if {
	outer.family == inner.family
	outer.first <= inner.first
	inner.last <= outer.last
}

# How two overlapping ranges relate, in words.
relation(a, b) := sprintf("%s contains %s", [a.cidr, b.cidr]) if {
	contains_range(a, b)
	a.cidr != b.cidr
} else := sprintf("%s contains %s", [b.cidr, a.cidr]) if {
	contains_range(b, a)
	a.cidr != b.cidr
} else := "they are the same range" if {
	a.cidr == b.cidr
} else := "they partly overlap"
