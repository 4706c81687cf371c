# METADATA
# title: Every evidence file must be readable
# description: |
#   Each input is read on its own: a file that cannot be opened, parsed or
#   trusted (permission denied, not valid YAML or JSON, a value that parses but
#   is invalid such as 10.96.0.0/33, git merge-conflict markers, over the size
#   limit) contributes no facts, and everything else is judged as usual. What
#   it would have said is missing from the judgement, so the gate must not
#   pass on it: each such input is an error of its own, located at the file,
#   line and column where reading stopped. A block of a write-up that does not
#   parse is only a note (write-ups quote partial snippets), unless it is all
#   the write-up has.
# related_resources:
#   - ref: https://yaml.org/spec/1.2.2/
#     description: YAML 1.2.2, the syntax manifests and kubectl -o yaml follow
#   - ref: https://git-scm.com/docs/git-merge#_how_conflicts_are_presented
#     description: git merge, how conflicts are presented (the <<<<<<< markers)
# custom:
#   id: KN900
#   severity: error
#   family: evidence
#   remediation: |
#     Make the file readable, or take it out of the evidence: fix the syntax at the
#     line and column named (a YAML or JSON validator shows the same place), resolve
#     a merge conflict, render a template (helm template, envsubst) before giving it,
#     give read permission (chmod a+r FILE), or raise --max-file-size. A file that is
#     not evidence at all can be moved out of the folder.
#     Verify with `kube-netcheck facts PATH`: it exits 0 and lists no diagnostics of
#     level error.
#   evidence: every evidence file given, readable
package kubenetcheck.rules.evidence.readable

findings contains f if {
	some i, d in object.get(input, "diagnostics", [])
	d.level == "error"
	f := {
		"verdict": "fail",
		"message": sprintf("%s: %s%s%s", [_where(d), d.message, _expected(d), _withheld(d)]),
		"facts": [sprintf("/diagnostics/%d", [i])],
	}
}

_where(d) := sprintf("%s:%d:%d", [d.file, d.line, d.column]) if {
	d.line != null
	d.column
}

_where(d) := sprintf("%s:%d", [d.file, d.line]) if {
	d.line != null
	not d.column
}

_where(d) := d.file if d.line == null

_expected(d) := sprintf(" (expected %s)", [d.expected]) if d.expected

_expected(d) := "" if not d.expected

_withheld(d) := ": nothing from this file is judged" if d.withheld

_withheld(d) := "" if not d.withheld
