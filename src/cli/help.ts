import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

export const VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export const HELP = `kube-netcheck ${VERSION}: policy-as-code checks for Kubernetes cluster networking

Usage:
  kube-netcheck check PATH... [flags]     judge the evidence against the rules
  kube-netcheck facts PATH... [flags]     print the normalised facts document
  kube-netcheck rules [-o json]           list the built-in rules
  kube-netcheck explain ID                a rule's description, remediation and references
  kube-netcheck schema [facts|params|waivers]  print a JSON Schema
  kube-netcheck collect DIR [flags]       read the cluster into an evidence folder for check
  kube-netcheck diff OLD NEW [-o text|json|markdown]
                                          compare two snapshots (facts files or evidence):
                                          facts that changed, findings that appeared,
                                          cleared or persisted; exit 1 when a finding that
                                          fails --fail-on appeared

  kube-netcheck plan [PATH...] --nodes N [--pods-per-node 110] [--services 4096]
                    [--family ipv4|ipv6|dual] [--avoid CIDR|@FILE]... [--within CIDR]...
                    [--headroom 2] [-o text|json|kubeadm]
                                          propose pod and service ranges and a node mask
                                          that fit, avoiding the evidence's node networks
  kube-netcheck review FILE... [flags]    judge kubeadm / kind / k3s / RKE2 / kube-proxy / CNI configuration
                                          before it is applied
  kube-netcheck serve [flags]             run the validating admission webhook (HTTPS)

PATH is a file, a folder (read recursively) or - for stdin. Evidence is
recognised by its content: ip addr output, kubectl get ds / nodes tables,
kube-proxy and weave-net logs, kube-apiserver / controller-manager flags or
manifests, kubeadm and kind configs, k3s / RKE2 config.yaml and server flags,
minikube profiles,
documents inside shell heredocs, Nix strings, cloud-init and Ansible content,
and markdown runbooks pairing commands with their outputs.

check flags:
  -o, --output FORMAT[=FILE]   text (default), json, junit, sarif, github, markdown or html;
                               repeatable, each to stdout or its own file
      --fail-on LEVEL          error (default), warning, info or never
      --allow-unknown          let rules that could not be decided pass the gate
      --waivers FILE           accepted risks (YAML: rule, match, reason, owner, expires)
      --today DATE             judge waiver expiry as of DATE (YYYY-MM-DD; default today, UTC)
      --allow-proxy-mode MODE  allowed kube-proxy modes (repeatable or comma-separated;
                               default iptables,ipvs,nftables)
      --max-file-size BYTES    limit for one evidence file (default 512MiB; k, M, G suffixes)
      --target-version VER     the Kubernetes version being upgraded to (e.g. v1.33): rules
                               that depend on the version judge it instead of the evidence's
      --target-proxy-mode MODE the kube-proxy mode being migrated to (iptables, ipvs, nftables):
                               KN303 reports every node and setting that blocks the move
      --avoid CIDR             a range the cluster must not overlap (VPC, VPN, peered network);
                               repeatable or comma-separated
  -p, --policy PATH            custom policy: .rego file or folder, compiled .wasm, or OPA
                               bundle .tar.gz (repeatable); conftest-style deny/violation/warn
  -d, --data PATH              JSON or YAML data for every policy (repeatable, deep-merged);
                               built-in parameters at netcheck.params
      --param NAME=VALUE       one built-in parameter (kube-netcheck schema params)
      --no-builtin             run only the --policy rules
  -n, --namespace PKG          packages whose rules run (repeatable; default main)
      --all-namespaces         run the rules of every package
      --opa PATH               the opa that compiles .rego (default: opa on PATH)
      --cache-dir DIR          compiled-policy cache (default $XDG_CACHE_HOME/kube-netcheck
                               or ~/.cache/kube-netcheck)
      --cluster                evidence from the cluster's API too (alone or with PATHs)
  -v, --verbose                list skipped inputs with the reason
      --no-color               no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it)
      --debug                  show stack traces

review flags (and the check flags above):
      --cluster-evidence PATH  the cluster's evidence (repeatable): the configuration is judged
                               against it, and only findings it makes or takes part in count

serve flags:
      --tls-cert-file FILE, --tls-private-key-file FILE
                               serving certificate and key (reloaded when they change)
      --facts-from PATH        the cluster's evidence, files or folders (repeatable)
      --address ADDR, --port N listen address (default 0.0.0.0) and port (default 8443)
      --max-body-size BYTES    request body limit (default 3MiB, what the API server sends)
      --request-timeout D      time to receive a request (default 10s)
      --shutdown-timeout D     on SIGTERM, longest wait for requests in flight (default 25s)
      --tls-reload-interval D  how often the certificate files are checked (default 10s)
      --cache-size N           answers kept per object content (default 1024; 0 = off)
      --fail-on, --allow-unknown, --allow-proxy-mode, --max-file-size as for check

cluster flags (check --cluster, facts --cluster, collect):
      --kubeconfig FILE        kubeconfig (default: $KUBECONFIG, merged as kubectl
                               merges it, then ~/.kube/config, then the in-cluster
                               service account)
      --context NAME           kubeconfig context (default: its current context)
      --timeout DURATION       the whole collection must finish in it (default 2m)
      --logs                   also read recent kube-proxy and CNI pod logs
      --log-lines N            log lines per container with --logs (default 1000)
  Reads only: the ClusterRole in deploy/rbac-collect.yaml is all it needs; no Secret
  is ever read.

facts flags:
      --explain                each fact with the sources (file:line, kind) that supplied it,
                               and where sources disagree
      --compact                one line of JSON

Exit codes: 0 passed, 1 findings at or above --fail-on (undecided error rules
count unless --allow-unknown), 2 usage or input error, 3 internal error.
`;
