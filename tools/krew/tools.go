//go:build tools

// Package tools pins krew (sigs.k8s.io/krew), the kubectl plugin manager, and its manifest
// validator, built by build.sh: test/install/krew.test.ts validates deploy/krew's manifest
// with validate-krew-manifest and installs the plugin with `kubectl krew install`.
package tools

import (
	_ "sigs.k8s.io/krew/cmd/krew"
	_ "sigs.k8s.io/krew/cmd/validate-krew-manifest"
)
