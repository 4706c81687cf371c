/**
 * Every command's flags, in one table per command: the parser's options
 * (node:util parseArgs) and the help text (`kube-netcheck help COMMAND`,
 * `COMMAND --help`) both come from it, so the two cannot drift apart. Flags
 * that mean the same in several commands are one definition, shared: every
 * command that judges (check, diff, review) takes the same gate, parameter,
 * waiver and policy flags; every command takes --help, --no-color and --debug.
 */
import { FORMAT_NAMES } from '../report/format-names.js';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** The value's placeholder in the help, e.g. `FORMAT[=FILE]`. */
  readonly arg?: string;
  /** The help heading the flag is listed under. */
  readonly group: string;
  /** One line or more (`\n`); continuation lines are indented by the help. */
  readonly help: string;
  /** The values the shell completion offers (`kube-netcheck completion`); none: file names. */
  readonly values?: readonly string[];
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

export interface CommandSpec<F extends FlagTable = FlagTable> {
  readonly name: string;
  /** After `kube-netcheck `: `check PATH... [flags]`. */
  readonly usage: string;
  /** One line in the general help. */
  readonly summary: string;
  /** The command's own help: what it does, in a few lines. */
  readonly about: string;
  /** What the shell completion offers for the operands: file names (default), rule ids, fixed words, or nothing. */
  readonly operands?: 'files' | 'rules' | 'none' | readonly string[];
  readonly flags: F;
  /** The exit codes when they are not the judging commands' (EXIT_CODES). */
  readonly exitCodes?: string;
}

export const GENERAL = {
  help: { type: 'boolean', short: 'h', group: 'General', help: "this command's help" },
  'no-color': { type: 'boolean', group: 'General', help: 'no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it)' },
  debug: { type: 'boolean', group: 'General', help: 'show stack traces of errors' },
} as const satisfies FlagTable;

const READ = {
  verbose: { type: 'boolean', short: 'v', group: 'Reading evidence', help: 'list skipped inputs and notes about the evidence, with the reason' },
  'max-file-size': { type: 'string', arg: 'BYTES', group: 'Reading evidence', help: 'limit for one evidence file (default 512MiB; k, M, G suffixes)' },
  'cluster-name': {
    type: 'string',
    arg: 'NAME',
    group: 'Reading evidence',
    help: "where the evidence describes several clusters: read only NAME's\n(and evidence of no cluster, such as host outputs)",
  },
} as const satisfies FlagTable;

const GATE = {
  'fail-on': { type: 'string', arg: 'LEVEL', group: 'Gate', help: 'error (default), warning, info or never', values: ['error', 'warning', 'info', 'never'] },
  'allow-unknown': { type: 'boolean', group: 'Gate', help: 'let rules that could not be decided pass the gate' },
} as const satisfies FlagTable;

const AVOID = {
  avoid: {
    type: 'string',
    multiple: true,
    arg: 'CIDR|@FILE',
    group: 'Rule parameters',
    help: 'a range the cluster must not overlap (VPC, VPN, peered network);\nrepeatable or comma-separated; @FILE: one range a line (# comments)',
  },
} as const satisfies FlagTable;

const PARAMS = {
  'allow-proxy-mode': {
    type: 'string',
    multiple: true,
    arg: 'MODE',
    group: 'Rule parameters',
    help: 'allowed kube-proxy modes (repeatable or comma-separated;\ndefault iptables,ipvs,nftables)',
    values: ['iptables', 'ipvs', 'nftables'],
  },
  'target-version': {
    type: 'string',
    arg: 'VER',
    group: 'Rule parameters',
    help: "the Kubernetes version being upgraded to (e.g. v1.33): rules that\ndepend on the version judge it instead of the evidence's",
  },
  'target-proxy-mode': {
    type: 'string',
    arg: 'MODE',
    group: 'Rule parameters',
    help: 'the kube-proxy mode being migrated to (iptables, ipvs, nftables):\nKN303 reports every node and setting that blocks the move',
    values: ['iptables', 'ipvs', 'nftables'],
  },
  ...AVOID,
  param: { type: 'string', multiple: true, arg: 'NAME=VALUE', group: 'Rule parameters', help: 'one built-in parameter (kube-netcheck schema params); repeatable' },
  data: {
    type: 'string',
    short: 'd',
    multiple: true,
    arg: 'PATH',
    group: 'Rule parameters',
    help: 'JSON or YAML data for every policy (repeatable, deep-merged);\nbuilt-in parameters at netcheck.params',
  },
} as const satisfies FlagTable;

const WAIVERS = {
  waivers: { type: 'string', arg: 'FILE', group: 'Waivers', help: 'accepted risks (YAML: rule, match, reason, owner, expires;\nkube-netcheck schema waivers)' },
  today: { type: 'string', arg: 'DATE', group: 'Waivers', help: 'judge waiver expiry as of DATE (YYYY-MM-DD; default today, UTC)' },
} as const satisfies FlagTable;

const POLICY = {
  policy: {
    type: 'string',
    short: 'p',
    multiple: true,
    arg: 'PATH',
    group: 'Custom policies',
    help: 'custom policy: .rego file or folder, compiled .wasm, or OPA bundle\n.tar.gz (repeatable); conftest-style deny/violation/warn',
  },
  'no-builtin': { type: 'boolean', group: 'Custom policies', help: 'run only the --policy rules' },
  namespace: { type: 'string', short: 'n', multiple: true, arg: 'PKG', group: 'Custom policies', help: 'packages whose rules run (repeatable; default main)' },
  'all-namespaces': { type: 'boolean', group: 'Custom policies', help: 'run the rules of every package' },
  opa: {
    type: 'string',
    arg: 'PATH',
    group: 'Custom policies',
    help: 'an opa binary to compile .rego with (default: the embedded OPA;\nwithout it, opa on PATH)',
  },
  'cache-dir': {
    type: 'string',
    arg: 'DIR',
    group: 'Custom policies',
    help: 'compiled-policy cache (default $XDG_CACHE_HOME/kube-netcheck\nor ~/.cache/kube-netcheck)',
  },
} as const satisfies FlagTable;

/** The gate of a change judged against a cluster (review, serve). */
const EXISTING = {
  'fail-on-existing': {
    type: 'boolean',
    group: 'Gate',
    help: "findings the cluster already has fail the gate too, as the change's\nown do (default: reported apart, never failing a change that\nkeeps them)",
  },
} as const satisfies FlagTable;

/** The flags of every command that judges evidence against the rules: check, diff and review. */
export const JUDGE = { ...GATE, ...PARAMS, ...WAIVERS, ...POLICY } as const;

const CLUSTER = {
  kubeconfig: {
    type: 'string',
    arg: 'FILE',
    group: 'Live cluster',
    help: 'kubeconfig (default: $KUBECONFIG, merged as kubectl merges it,\nthen ~/.kube/config, then the in-cluster service account)',
  },
  context: { type: 'string', arg: 'NAME', group: 'Live cluster', help: 'kubeconfig context (default: its current context)' },
  timeout: { type: 'string', arg: 'DURATION', group: 'Live cluster', help: 'the whole collection must finish in it (default 2m; at most 596h)' },
  logs: { type: 'boolean', group: 'Live cluster', help: 'also read recent kube-proxy and CNI pod logs' },
  'log-lines': { type: 'string', arg: 'N', group: 'Live cluster', help: 'log lines per container with --logs (default 1000)' },
} as const satisfies FlagTable;

/** The live-cluster flags that only make sense with --cluster (check, facts). */
export const CLUSTER_ONLY = ['kubeconfig', 'context', 'timeout', 'logs', 'log-lines'] as const;

const WITH_CLUSTER = {
  cluster: { type: 'boolean', group: 'Live cluster', help: "evidence from the cluster's API too (alone or with PATHs)" },
  ...CLUSTER,
} as const satisfies FlagTable;

const REPORT_OUTPUT = {
  output: {
    type: 'string',
    short: 'o',
    multiple: true,
    arg: 'FORMAT[=FILE]',
    group: 'Output',
    help: `${FORMAT_NAMES.join(', ')}\n(default text); repeatable, each to stdout (one at most)\nor its own file`,
    values: FORMAT_NAMES,
  },
} as const satisfies FlagTable;

export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
export const PLAN_FORMATS = ['text', 'json', 'kubeadm'] as const;
export const RULES_FORMATS = ['text', 'json'] as const;

export const CHECK = {
  name: 'check',
  usage: 'check PATH... [flags]',
  summary: 'judge the evidence against the rules',
  about:
    'Reads the evidence (files, folders read recursively, - for stdin, or --cluster), builds\nthe facts, judges them against the built-in rules (and --policy rules) and reports\nevery finding with the file:line of its evidence. A facts document (kube-netcheck\nfacts) given alone, as a file or on stdin, is judged as it is.',
  flags: { ...REPORT_OUTPUT, ...READ, ...JUDGE, ...WITH_CLUSTER, ...GENERAL },
} as const satisfies CommandSpec;

export const FACTS = {
  name: 'facts',
  usage: 'facts PATH... [flags]',
  summary: 'print the normalised facts document',
  about: 'Prints the facts the evidence gives, as the JSON document the rules read\n(kube-netcheck schema facts), with every observation and its source.',
  flags: {
    explain: { type: 'boolean', group: 'Output', help: 'each fact with the sources (file:line, kind) that supplied it,\nand where sources disagree' },
    compact: { type: 'boolean', group: 'Output', help: 'one line of JSON' },
    ...READ,
    ...WITH_CLUSTER,
    ...GENERAL,
  },
} as const satisfies CommandSpec;

export const RULES = {
  name: 'rules',
  usage: 'rules [-o text|json]',
  summary: 'list the built-in rules',
  about: "Lists the built-in rules (id, severity, family, title) and the waiver file's notices.",
  operands: 'none',
  flags: { output: { type: 'string', short: 'o', arg: 'FORMAT', group: 'Output', help: 'text (default) or json', values: RULES_FORMATS }, ...GENERAL },
} as const satisfies CommandSpec;

export const EXPLAIN = {
  name: 'explain',
  usage: 'explain ID',
  summary: "a rule's description, remediation and references",
  about: "Prints a rule's description, remediation, the evidence it reads and its references.",
  operands: 'rules',
  flags: { ...GENERAL },
} as const satisfies CommandSpec;

export const SCHEMA = {
  name: 'schema',
  usage: 'schema [KIND]',
  summary: 'print a JSON Schema',
  about: 'Prints a JSON Schema; KIND: facts, the facts document (default); params, the rule parameters;\nwaivers, the waiver file; fleet, the fleet facts document (the input of the cross-cluster rules).',
  operands: ['facts', 'params', 'waivers', 'fleet'],
  flags: { ...GENERAL },
} as const satisfies CommandSpec;

export const COLLECT = {
  name: 'collect',
  usage: 'collect DIR [flags]',
  summary: 'read the cluster into an evidence folder for check',
  about:
    "Reads the cluster's API into a new (or empty) folder of evidence that\n`kube-netcheck check DIR` reads back. Reads only: the ClusterRole in\ndeploy/rbac-collect.yaml is all it needs; no Secret is ever read.",
  flags: { ...CLUSTER, quiet: { type: 'boolean', short: 'q', group: 'Output', help: 'print nothing when it succeeds' }, ...GENERAL },
} as const satisfies CommandSpec;

export const DIFF = {
  name: 'diff',
  usage: 'diff OLD NEW [flags]',
  summary: 'compare two snapshots: facts and findings',
  about:
    'Compares two snapshots (facts files, evidence folders or files): the facts that\nchanged, and the findings that appeared, cleared or persisted. Both are judged with\nthe same flags as check, so a finding waived or tuned there is here too. Exits 1\nwhen a finding that fails --fail-on appeared.',
  flags: {
    output: {
      type: 'string',
      short: 'o',
      multiple: true,
      arg: 'FORMAT[=FILE]',
      group: 'Output',
      help: `${DIFF_FORMATS.join(', ')} (default text); repeatable, each to stdout\n(one at most) or its own file`,
      values: DIFF_FORMATS,
    },
    ...READ,
    ...JUDGE,
    ...GENERAL,
  },
} as const satisfies CommandSpec;

const PLAN_REQUEST = {
  'pods-per-node': { type: 'string', arg: 'N', group: 'Request', help: 'pods per node (default 110)' },
  services: { type: 'string', arg: 'N', group: 'Request', help: 'Services (default 4096)' },
  family: { type: 'string', arg: 'FAMILY', group: 'Request', help: 'ipv4 (default), ipv6 or dual', values: ['ipv4', 'ipv6', 'dual'] },
  headroom: { type: 'string', arg: 'FACTOR', group: 'Request', help: 'growth factor, 1 to 100 (default 2)' },
  within: { type: 'string', multiple: true, arg: 'CIDR|@FILE', group: 'Rule parameters', help: 'ranges to take the proposal from (default private space); repeatable' },
} as const satisfies FlagTable;

export const PLAN = {
  name: 'plan',
  usage: 'plan [PATH...] --nodes N [flags]',
  summary: 'propose pod/service ranges and a node mask',
  about:
    "Proposes pod and service ranges and a node mask that hold the cluster with headroom,\nstay in private space, keep kubeadm's limits and avoid the evidence's node networks\nand every --avoid range; the proposal is checked by the rule library before it is printed.",
  flags: {
    nodes: { type: 'string', arg: 'N', group: 'Request', help: 'the number of nodes the cluster must hold (required)' },
    'pods-per-node': PLAN_REQUEST['pods-per-node'],
    services: PLAN_REQUEST.services,
    family: PLAN_REQUEST.family,
    headroom: PLAN_REQUEST.headroom,
    ...AVOID,
    within: PLAN_REQUEST.within,
    output: { type: 'string', short: 'o', arg: 'FORMAT', group: 'Output', help: `${PLAN_FORMATS.join(', ')} (default text)`, values: PLAN_FORMATS },
    ...READ,
    ...GENERAL,
  },
} as const satisfies CommandSpec;

export const REVIEW = {
  name: 'review',
  usage: 'review FILE... [flags]',
  summary: 'judge configuration before it is applied',
  about:
    "Judges configuration before it is applied, as the admission webhook does: kubeadm, kind and\nk3s / RKE2 configs, installer configs (RKE cluster.yml, kubespray inventories, OpenShift\ninstall-config.yaml, Talos and talhelper configs, eksctl ClusterConfig), kube-proxy and CNI\nobjects; against the cluster's evidence (--cluster-evidence, --cluster) when given: the\nfindings the change introduces decide, those the cluster already has and those the change\nresolves are reported apart (--fail-on-existing counts the former too).",
  flags: {
    'cluster-evidence': {
      type: 'string',
      multiple: true,
      arg: 'PATH',
      group: 'Cluster',
      help: "the cluster's evidence (repeatable): the configuration is judged\nagainst it; findings it introduces, those already there and those\nit resolves are reported apart, and only the first count",
    },
    cluster: { type: 'boolean', group: 'Live cluster', help: "judge against the cluster's API as read now (as --cluster-evidence\nof a collect folder; with it, both)" },
    ...CLUSTER,
    ...REPORT_OUTPUT,
    ...READ,
    ...JUDGE,
    ...EXISTING,
    ...GENERAL,
  },
} as const satisfies CommandSpec;

export const SERVE = {
  name: 'serve',
  usage: 'serve [flags]',
  summary: 'run the validating admission webhook (HTTPS)',
  about:
    "Answers AdmissionReview v1 over TLS for the objects that carry networking configuration,\njudged with the cluster's evidence (--facts-from). SIGTERM and SIGINT drain and stop it.\nDurations (D): 500ms, 10s, 2m, 1h or a number of seconds, at most 596h.",
  operands: 'none',
  flags: {
    'tls-cert-file': { type: 'string', arg: 'FILE', group: 'Server', help: 'serving certificate (required; reloaded when it changes)' },
    'tls-private-key-file': { type: 'string', arg: 'FILE', group: 'Server', help: 'its private key (required)' },
    'facts-from': { type: 'string', multiple: true, arg: 'PATH', group: 'Server', help: "the cluster's evidence, files or folders (repeatable)" },
    address: { type: 'string', arg: 'ADDR', group: 'Server', help: 'listen address (default 0.0.0.0)' },
    port: { type: 'string', arg: 'N', group: 'Server', help: 'listen port (default 8443; 0 picks a free one)' },
    'max-body-size': { type: 'string', arg: 'BYTES', group: 'Server', help: 'request body limit (default 3MiB, what the API server sends)' },
    'request-timeout': { type: 'string', arg: 'D', group: 'Server', help: 'time to receive a request (default 10s)' },
    'shutdown-timeout': { type: 'string', arg: 'D', group: 'Server', help: 'on SIGTERM, longest wait for requests in flight (default 25s)' },
    'tls-reload-interval': { type: 'string', arg: 'D', group: 'Server', help: 'how often the certificate files are checked (default 10s)' },
    'cache-size': { type: 'string', arg: 'N', group: 'Server', help: 'answers kept per object content (default 1024; 0 = off)' },
    'max-file-size': READ['max-file-size'],
    ...GATE,
    ...EXISTING,
    ...PARAMS,
    ...GENERAL,
  },
} as const satisfies CommandSpec;

export const VERSION_FORMATS = ['text', 'json'] as const;

export const VERSION_CMD = {
  name: 'version',
  usage: 'version [-o text|json]',
  summary: "versions: kube-netcheck, OPA, the policy's hash",
  about:
    "Prints kube-netcheck's version, the OPA version that compiled the built-in policy, the\nSHA-256 of that policy (policies/compiled/policy.wasm) and the Node.js running it.\n--version prints the first line only.",
  operands: 'none',
  flags: { output: { type: 'string', short: 'o', arg: 'FORMAT', group: 'Output', help: `${VERSION_FORMATS.join(' (default) or ')}`, values: VERSION_FORMATS }, ...GENERAL },
} as const satisfies CommandSpec;

export const SHELLS = ['bash', 'zsh', 'fish'] as const;

export const COMPLETION = {
  name: 'completion',
  usage: 'completion bash|zsh|fish',
  summary: 'print the shell completion script',
  about:
    'Prints a script that completes commands, flags, output formats and rule ids:\n  bash: source <(kube-netcheck completion bash)   (or into /etc/bash_completion.d/kube-netcheck)\n  zsh:  kube-netcheck completion zsh > "${fpath[1]}/_kube-netcheck"\n  fish: kube-netcheck completion fish > ~/.config/fish/completions/kube-netcheck.fish\nkubectl-netcheck (the kubectl plugin) is completed too.',
  operands: SHELLS,
  flags: { ...GENERAL },
} as const satisfies CommandSpec;

export const FLEET_FORMATS = ['text', 'json', 'markdown', 'html'] as const;

export const FLEET = {
  name: 'fleet',
  usage: 'fleet check|plan DIR... [flags]',
  summary: 'judge a fleet, or plan a cluster clear of it',
  about:
    "Judges every cluster of a fleet as check does (same rules, parameters, waivers), then the\ncross-cluster rules (KN8xx): ranges of clusters that reach each other must not overlap,\nCilium Cluster Mesh names and IDs unique. Each sub-folder of DIR is one cluster's\nevidence, named by the folder (a facts document is one cluster, named by its file);\nwith --context or --all-contexts, live clusters of the kubeconfig too. A cluster that\ncannot be read is reported (KN800) and never stops the others. Groups of clusters that\nmust be disjoint come from --fleet FILE; by default all of them.\n\n`fleet plan DIR... --nodes N` proposes pod and service ranges for a new cluster that avoid\nevery node, pod and service range of the fleet (and --avoid), as plan does for one.",
  flags: {
    output: {
      type: 'string',
      short: 'o',
      multiple: true,
      arg: 'FORMAT[=FILE]',
      group: 'Output',
      help: `${FLEET_FORMATS.join(', ')} (default text); repeatable, each to stdout\n(one at most) or its own file`,
    },
    fleet: {
      type: 'string',
      arg: 'FILE',
      group: 'Fleet',
      help: 'groups of clusters that must reach each other (YAML: groups:\n[{name, kind: mesh|cilium-cluster-mesh|peering, clusters}],\navoid: [CIDR]); default: all clusters, every range disjoint',
    },
    nodes: { type: 'string', arg: 'N', group: 'Plan (fleet plan)', help: 'the number of nodes the new cluster must hold (required)' },
    'pods-per-node': { ...PLAN_REQUEST['pods-per-node'], group: 'Plan (fleet plan)' },
    services: { ...PLAN_REQUEST.services, group: 'Plan (fleet plan)' },
    family: { ...PLAN_REQUEST.family, group: 'Plan (fleet plan)' },
    headroom: { ...PLAN_REQUEST.headroom, group: 'Plan (fleet plan)' },
    within: { ...PLAN_REQUEST.within, group: 'Plan (fleet plan)' },
    context: { type: 'string', multiple: true, arg: 'NAME', group: 'Live clusters', help: 'a kubeconfig context to read as one cluster, named by it (repeatable)' },
    'all-contexts': { type: 'boolean', group: 'Live clusters', help: "every context of the kubeconfig, each one cluster" },
    concurrency: { type: 'string', arg: 'N', group: 'Live clusters', help: 'live clusters read at once (default 4)' },
    kubeconfig: CLUSTER.kubeconfig,
    timeout: { type: 'string', arg: 'DURATION', group: 'Live clusters', help: "each cluster's collection must finish in it (default 2m)" },
    logs: CLUSTER.logs,
    'log-lines': CLUSTER['log-lines'],
    ...READ,
    ...JUDGE,
    ...GENERAL,
  },
} as const satisfies CommandSpec;

export const VERIFY_FORMATS = ['text', 'json', 'junit'] as const;

export const VERIFY = {
  name: 'verify',
  usage: 'verify [PATH...] [flags]',
  summary: 'run the tests of Rego policies (like opa test)',
  about:
    'Runs the tests of Rego policies, files and folders (read recursively; default: the\nfolder policy/ when there is one, as conftest verify, else the current folder), as\n`opa test` does: every rule named test_... in any .rego (by convention *_test.rego\nbeside the policy), with the data files (.json, .yaml) found there. Rego v1 and v0\n(`deny[msg] { ... }`) are both read, one version per run. Uses the OPA kube-netcheck\nembeds (nothing to install), or --opa. Works on the built-in rules too:\nkube-netcheck verify policies/ in the repository.',
  exitCodes: `Exit codes:
  0  every test passed
  1  a test failed (or stopped with an error)
  2  a policy does not compile (every error as file:line:col: code: message),
     no test found, v0 and v1 files in one run, or a usage error
  3  internal error (a bug)
`,
  flags: {
    run: { type: 'string', short: 'r', arg: 'REGEX', group: 'Tests', help: 'run only the tests whose name (data.pkg.test_x) matches REGEX' },
    coverage: { type: 'boolean', group: 'Tests', help: 'report the lines no test reached (once every test passes)' },
    opa: { type: 'string', arg: 'PATH', group: 'Tests', help: 'an opa binary to test with (default: the embedded OPA;\nwithout it, opa on PATH)' },
    output: {
      type: 'string',
      short: 'o',
      multiple: true,
      arg: 'FORMAT[=FILE]',
      group: 'Output',
      help: `${VERIFY_FORMATS.join(', ')} (default text);\nrepeatable, each to stdout (one at most) or its own file`,
    },
    verbose: { type: 'boolean', short: 'v', group: 'Output', help: 'say which OPA ran the tests and how long they took' },
    ...GENERAL,
  },
} as const satisfies CommandSpec;

/** The commands in the order the general help lists them. */
export const COMMAND_SPECS: readonly CommandSpec[] = [CHECK, FACTS, RULES, EXPLAIN, SCHEMA, COLLECT, DIFF, PLAN, REVIEW, SERVE, FLEET, VERIFY, VERSION_CMD, COMPLETION];

export const EXIT_CODES = `Every input is read: a file that cannot be (permission denied, not valid YAML or JSON,
an invalid value such as 10.96.0.0/33, merge-conflict markers, over --max-file-size)
gives no facts and is an error finding, KN900, at its file:line:column; the rest is
judged as usual. A block of a write-up that does not parse is a warning.

Exit codes:
  0  passed: nothing at or above --fail-on
  1  findings at or above --fail-on (undecided error rules count unless
     --allow-unknown), KN900 for evidence that could not be read included;
     facts: some evidence could not be read (the document is printed, with
     its diagnostics)
  2  usage error, a path that does not exist, input of which nothing at all
     could be read, or an output that cannot be written
  3  internal error (a bug)
`;

/** `kube-netcheck help COMMAND`, `kube-netcheck COMMAND --help`: usage, what it does, its flags by group. */
export function commandHelp(spec: CommandSpec): string {
  const out = [`Usage: kube-netcheck ${spec.usage}`, '', spec.about, ''];
  const groups = new Map<string, [string, FlagSpec][]>();
  for (const [name, flag] of Object.entries(spec.flags)) {
    const list = groups.get(flag.group) ?? [];
    list.push([name, flag]);
    groups.set(flag.group, list);
  }
  for (const [group, flags] of groups) {
    out.push(`${group}:`, ...flagLines(flags), '');
  }
  out.push(spec.exitCodes ?? EXIT_CODES);
  return out.join('\n');
}

/** What PATH is and what evidence is recognised: the general help and the man page. */
export const EVIDENCE_ABOUT = `PATH is a file, a folder (read recursively) or - for stdin. Evidence is
recognised by its content: ip addr output, kubectl get ds / nodes tables,
kube-proxy and weave-net logs, kube-apiserver / controller-manager flags or
manifests, Kubernetes objects, CNI configs, kubeadm, kind, k3s / RKE2 and other
installer configs (RKE, kubespray, OpenShift, Talos, minikube profiles,
MicroK8s launch configurations and args files), managed clusters (aws eks
describe-cluster, eksctl ClusterConfig, gcloud container clusters describe,
az aks show, and Terraform for the three), documents inside shell heredocs,
Nix strings, cloud-init and Ansible content, markdown runbooks pairing commands with
their outputs, and host and CNI state: ifconfig, netplan, NetworkManager
keyfiles and nmcli, flannel subnet.env, calicoctl get ippool, cilium status /
config view, kubectl describe configmap (README.md lists every kind).`;

/** The general help: every command with its usage, the general flags, the exit codes. */
export function generalHelp(version: string): string {
  const width = Math.max(...COMMAND_SPECS.map((c) => c.usage.length)) + 2;
  return [
    `kube-netcheck ${version}: policy-as-code checks for Kubernetes cluster networking`,
    '',
    'Usage:',
    ...COMMAND_SPECS.map((c) => `  kube-netcheck ${c.usage.padEnd(width)}${c.summary}`),
    '',
    EVIDENCE_ABOUT,
    '',
    'Each command lists its own flags: kube-netcheck help COMMAND, or COMMAND --help.',
    '',
    'General flags (every command):',
    ...flagLines(Object.entries(GENERAL)),
    '',
    EXIT_CODES,
  ].join('\n');
}

const COLUMN = 31;

function flagLines(flags: readonly [string, FlagSpec][]): string[] {
  const out: string[] = [];
  for (const [name, f] of flags) {
    const left = `  ${f.short ? `-${f.short}, ` : '    '}--${name}${f.arg ? ` ${f.arg}` : ''}`;
    const [first, ...rest] = f.help.split('\n');
    if (left.length + 2 > COLUMN) out.push(left, `${' '.repeat(COLUMN)}${first}`);
    else out.push(`${left.padEnd(COLUMN)}${first}`);
    for (const line of rest) out.push(`${' '.repeat(COLUMN)}${line}`);
  }
  return out;
}
