# METADATA
# title: Whole numbers read from text
# description: |
#   to_number keeps the text it was given inside OPA's wasm: to_number("04")
#   is later written out as 04, which is not JSON, and any builtin the
#   WebAssembly SDK runs in JavaScript (sprintf) then fails on it. Versions
#   ("Ubuntu 22.04"), sysctl values and label values can carry leading zeros,
#   so text becomes a number here, leading zeros dropped first.
package kubenetcheck.lib.numbers

# "42", "007", "-12" -> 42, 7, -12; undefined when the text is not a whole decimal number.
integer(s) := 0 - _unsigned(substring(s, 1, -1)) if {
	regex.match(`^-[0-9]+$`, s)
} else := _unsigned(s) if {
	regex.match(`^[0-9]+$`, s)
}

_unsigned(s) := 0 if {
	trim_left(s, "0") == ""
} else := to_number(trim_left(s, "0"))
