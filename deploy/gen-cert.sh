#!/usr/bin/env bash
# Makes the webhook's serving certificate with openssl: a CA of its own (10 years)
# and a serving certificate for the Service's DNS names (1 year), EC P-256.
#
#   deploy/gen-cert.sh [--namespace NS] [--out DIR] [--apply]
#
# Writes DIR/ca.crt, DIR/tls.crt, DIR/tls.key (DIR defaults to a new temporary folder).
# With --apply it also creates or updates the Secret kube-netcheck-tls and sets the
# caBundle of the ValidatingWebhookConfiguration kube-netcheck (kubectl, current context).
# Run it again before the serving certificate expires: the webhook reloads the new
# files from the Secret without a restart.
set -euo pipefail
ns=kube-netcheck
out=""
apply=false
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) ns="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --apply) apply=true; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "gen-cert.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
command -v openssl >/dev/null || { echo "gen-cert.sh: openssl is needed" >&2; exit 1; }
[ -n "$out" ] || out="$(mktemp -d)"
mkdir -p "$out"
umask 077
svc="kube-netcheck.$ns.svc"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -subj "/CN=kube-netcheck webhook CA" -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=$svc" -keyout "$out/tls.key" -out "$out/tls.csr" 2>/dev/null
printf 'subjectAltName=DNS:kube-netcheck,DNS:kube-netcheck.%s,DNS:%s,DNS:%s.cluster.local\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n' "$ns" "$svc" "$svc" > "$out/ext.cnf"
openssl x509 -req -in "$out/tls.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial \
  -days 365 -extfile "$out/ext.cnf" -out "$out/tls.crt" 2>/dev/null
rm -f "$out/tls.csr" "$out/ext.cnf" "$out/ca.srl"
echo "gen-cert.sh: wrote $out/ca.crt, $out/tls.crt, $out/tls.key for $svc" >&2
if $apply; then
  kubectl -n "$ns" create secret tls kube-netcheck-tls --cert="$out/tls.crt" --key="$out/tls.key" \
    --dry-run=client -o yaml | kubectl apply -f -
  ca="$(base64 < "$out/ca.crt" | tr -d '\n')"
  kubectl patch validatingwebhookconfiguration kube-netcheck --type=json -p "[
    {\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"$ca\"},
    {\"op\":\"add\",\"path\":\"/webhooks/1/clientConfig/caBundle\",\"value\":\"$ca\"}]"
fi
echo "$out"
