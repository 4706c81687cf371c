#!/usr/bin/env bash
# Builds krew (the kubectl plugin manager) and validate-krew-manifest, the validator the
# krew-index repository runs on every plugin manifest, at the version pinned in this
# module's go.mod, into
#   .cache/apiserver/krew-<krew version>/{krew,validate-krew-manifest}
# (KUBE_NETCHECK_APISERVER_CACHE moves it, as for tools/apiserver/build.sh) and prints
# that directory. Cached: a second run builds nothing; a cache missing one gains only it.
# test/install/krew.test.ts uses both: krew is installed there as kubectl-krew, a kubectl plugin.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
krew="$(awk '$1 == "require" && $2 == "sigs.k8s.io/krew" { print $3 }' go.mod)"
[ -n "$krew" ] || { echo "build.sh: cannot read the pinned sigs.k8s.io/krew from $here/go.mod" >&2; exit 1; }
out="${KUBE_NETCHECK_APISERVER_CACHE:-$root/.cache/apiserver}/krew-$krew"
missing=()
for bin in krew validate-krew-manifest; do [ -x "$out/$bin" ] || missing+=("$bin"); done
if [ "${#missing[@]}" -eq 0 ]; then echo "$out"; exit 0; fi
command -v go >/dev/null || { echo "build.sh: Go is not installed; it is needed to build krew $krew" >&2; exit 1; }
mkdir -p "$out"
tmp="$(mktemp -d "$out/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "building ${missing[*]} (krew $krew) from the Go module proxy (first run only, a minute or two)..." >&2
export CGO_ENABLED=0 GOFLAGS=-mod=mod
for bin in "${missing[@]}"; do
  # -X: the version `kubectl krew version` reports, as krew's own release build sets it
  # (hack/make-binary.sh: -X sigs.k8s.io/krew/internal/version.gitTag).
  nice -n 19 go build -trimpath -ldflags="-s -X sigs.k8s.io/krew/internal/version.gitTag=$krew" -o "$tmp/$bin" "sigs.k8s.io/krew/cmd/$bin" >&2
  mv "$tmp/$bin" "$out/"
done
echo "$out"
