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

# 2^n for the small exponents of address arithmetic (n <= 62); larger is "huge".
pow2(n) := bits.lsh(1, n) if {
	n >= 0
	n <= 62
}

# Number of addresses in a range, when it fits in 2^62.
size(net) := pow2(_width(net.family) - net.prefixLength)

_width("IPv4") := 32

_width("IPv6") := 128

width(family) := _width(family)

# Private address space: RFC 1918, RFC 6598 (shared, carrier-grade NAT) and IPv6 ULA (RFC 4193).
private_ranges := [
	{"cidr": "10.0.0.0/8", "family": "IPv4", "first": "0000000000000000000000000a000000", "last": "0000000000000000000000000affffff"},
	{"cidr": "172.16.0.0/12", "family": "IPv4", "first": "000000000000000000000000ac100000", "last": "000000000000000000000000ac1fffff"},
	{"cidr": "192.168.0.0/16", "family": "IPv4", "first": "000000000000000000000000c0a80000", "last": "000000000000000000000000c0a8ffff"},
	{"cidr": "100.64.0.0/10", "family": "IPv4", "first": "00000000000000000000000064400000", "last": "000000000000000000000000647fffff"},
	{"cidr": "fc00::/7", "family": "IPv6", "first": "fc000000000000000000000000000000", "last": "fdffffffffffffffffffffffffffffff"},
]

is_private(net) if {
	some p in private_ranges
	contains_range(p, net)
}
