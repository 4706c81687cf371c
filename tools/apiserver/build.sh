#!/usr/bin/env bash
# Builds the kube-apiserver, kubeadm, kubectl and etcd pinned in this module's go.mod (see
# pin.sh) into
#   .cache/apiserver/<kubernetes version>-etcd<etcd version>/{kube-apiserver,kubeadm,kubectl,etcd}
# and prints that directory. Cached: a second run with the same pins builds nothing, and a
# cache from before kubeadm or kubectl was added gains only the missing binary. kube-apiserver
# and etcd run the live-collection tests; kubeadm (k8s.io/kubernetes/cmd/kubeadm, the same
# release) is the oracle of test/kubeadm-differential.test.ts (`kubeadm config validate`);
# kubectl (k8s.io/kubernetes/cmd/kubectl) finds kubectl-netcheck through its own plugin
# discovery in test/install/kubectl-plugin.test.ts.
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
missing=()
for bin in etcd kube-apiserver kubeadm kubectl; do [ -x "$out/$bin" ] || missing+=("$bin"); done
if [ "${#missing[@]}" -eq 0 ]; then echo "$out"; exit 0; fi
command -v go >/dev/null || { echo "build.sh: Go is not installed; it is needed to build kube-apiserver $k8s" >&2; exit 1; }
mkdir -p "$out"
tmp="$(mktemp -d "$out/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "building ${missing[*]} (etcd $etcd, Kubernetes $k8s) from the Go module proxy (first run only, ~20 min on 2 cores)..." >&2
export CGO_ENABLED=0 GOFLAGS=-mod=mod
declare -A pkg=(
  [etcd]=go.etcd.io/etcd/server/v3
  [kube-apiserver]=k8s.io/kubernetes/cmd/kube-apiserver
  [kubeadm]=k8s.io/kubernetes/cmd/kubeadm
  [kubectl]=k8s.io/kubernetes/cmd/kubectl
)
for bin in "${missing[@]}"; do
  # -X sets the version kubeadm reports and checks configs against (as the release
  # Makefile does through hack/lib/version.sh); without it `kubeadm version` and
  # `kubectl version --client` say v0.0.0.
  nice -n 19 go build -trimpath \
    -ldflags="-s -X k8s.io/component-base/version.gitVersion=$k8s -X k8s.io/client-go/pkg/version.gitVersion=$k8s" \
    -o "$tmp/$bin" "${pkg[$bin]}" >&2
  mv "$tmp/$bin" "$out/"
done
echo "$out"
