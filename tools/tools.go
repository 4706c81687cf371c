//go:build tools

// Package tools pins the policy toolchain: the OPA CLI that compiles
// policies/ to WebAssembly and runs `opa test` / `opa check` / `opa fmt`.
// Users never need it: the compiled policy is committed.
package tools

import (
	_ "github.com/open-policy-agent/opa"
)
