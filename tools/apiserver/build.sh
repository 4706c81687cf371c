#!/usr/bin/env bash
# Builds the kube-apiserver and etcd pinned in this module's go.mod (see pin.sh) into
#   .cache/apiserver/<kubernetes version>-etcd<etcd version>/{kube-apiserver,etcd}
# and prints that directory. Cached: a second run with the same pins builds nothing.
# etcd comes from the same module graph (the go.etcd.io/etcd/server/v3 version
# k8s.io/kubernetes itself requires), so the pair is one the release was tested with,
# rather than Debian's much older etcd-server 3.4.23.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
k8s="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2 }' go.mod)"
etcd="$(awk '$1 == "go.etcd.io/etcd/server/v3" && $2 ~ /^v/ { print $2 }' go.mod)"
[ -n "$k8s" ] && [ -n "$etcd" ] || { echo "build.sh: cannot read the pinned versions from $here/go.mod" >&2; exit 1; }
out="${KUBE_NETCHECK_APISERVER_CACHE:-$root/.cache/apiserver}/$k8s-etcd$etcd"
if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ]; then echo "$out"; exit 0; fi
command -v go >/dev/null || { echo "build.sh: Go is not installed; it is needed to build kube-apiserver $k8s" >&2; exit 1; }
mkdir -p "$out"
tmp="$(mktemp -d "$out/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "building etcd $etcd and kube-apiserver $k8s from the Go module proxy (first run only, ~15 min on 2 cores)..." >&2
export CGO_ENABLED=0 GOFLAGS=-mod=mod
nice -n 19 go build -trimpath -ldflags=-s -o "$tmp/etcd" go.etcd.io/etcd/server/v3 >&2
nice -n 19 go build -trimpath -ldflags=-s -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver >&2
mv "$tmp/etcd" "$tmp/kube-apiserver" "$out/"
echo "$out"
