/**
 * The one table of evidence kinds. Detection is by content: every parser
 * scores the text and the best score above the threshold wins; the command
 * (from a runbook) and the file name only break ties.
 */
import { componentFlags } from './parsers/component-flags.js';
import { ipAddr } from './parsers/ip-addr.js';
import { ifconfig } from './parsers/ifconfig.js';
import { netplan } from './parsers/netplan.js';
import { nmKeyfile } from './parsers/nm-keyfile.js';
import { nmcli } from './parsers/nmcli.js';
import { k8sObjects } from './parsers/k8s-objects.js';
import { kubeProxyLog } from './parsers/kube-proxy-log.js';
import { kubectlDescribe } from './parsers/kubectl-describe.js';
import { kubectlDaemonSetTable } from './parsers/kubectl-ds-table.js';
import { kubectlNodesTable } from './parsers/kubectl-nodes-table.js';
import { calicoctlIPPoolTable } from './parsers/calicoctl-ippool-table.js';
import { makeRunbookParser, type Dispatch } from './parsers/runbook.js';
import { weaveLog } from './parsers/weave-log.js';
import { calicoEnv } from './parsers/calico-env.js';
import { ciliumValues } from './parsers/cilium-values.js';
import { ciliumStatus } from './parsers/cilium-status.js';
import { ciliumConfigView } from './parsers/cilium-config-view.js';
import { cniConf } from './parsers/cni-conf.js';
import { factsDocument } from './parsers/facts-document.js';
import { flannelNetConf } from './parsers/flannel-net-conf.js';
import { flannelSubnetEnv } from './parsers/flannel-subnet-env.js';
import { ipJsonAddr } from './parsers/ip-json-addr.js';
import { ipRoute } from './parsers/ip-route.js';
import { sysctl } from './parsers/sysctl.js';
import { eksDescribe } from './parsers/eks-describe.js';
import { gkeDescribe } from './parsers/gke-describe.js';
import { aksShow } from './parsers/aks-show.js';
import { k3sConfig } from './parsers/k3s.js';
import { minikubeProfile } from './parsers/minikube-profile.js';
import { microk8s } from './parsers/microk8s.js';
import { makeScriptParser } from './parsers/script.js';
import { rkeCluster } from './parsers/rke-cluster.js';
import { kubesprayVars } from './parsers/kubespray-vars.js';
import { kubesprayInventory } from './parsers/kubespray-inventory.js';
import { openshiftInstallConfig } from './parsers/openshift-install-config.js';
import { talosConfig } from './parsers/talos-config.js';
import { talhelper } from './parsers/talhelper.js';
import { terraform } from './parsers/terraform.js';
import type { ParseContext, Parser, ParseResult } from './types.js';

/**
 * Parsers of plain evidence, most specific first (ties go to the earlier one).
 * A facts document comes first: it is no evidence, and must not be taken for the
 * evidence its excerpts quote (./parsers/facts-document.ts).
 */
const LEAF_PARSERS: readonly Parser[] = [
  factsDocument,
  // Before k8s-objects: a Talos config holds kind/apiVersion documents or nested configs, yet is not Kubernetes objects.
  talosConfig,
  k8sObjects,
  kubectlDaemonSetTable,
  kubectlNodesTable,
  calicoctlIPPoolTable,
  kubectlDescribe,
  weaveLog,
  kubeProxyLog,
  componentFlags,
  ipAddr,
  ifconfig,
  netplan,
  nmKeyfile,
  nmcli,
  cniConf,
  flannelNetConf,
  flannelSubnetEnv,
  ciliumValues,
  ciliumStatus,
  ciliumConfigView,
  calicoEnv,
  ipJsonAddr,
  ipRoute,
  sysctl,
  eksDescribe,
  gkeDescribe,
  aksShow,
  k3sConfig,
  rkeCluster,
  kubesprayVars,
  kubesprayInventory,
  openshiftInstallConfig,
  talhelper,
  terraform,
  minikubeProfile,
  microk8s,
  // Documents inside scripts, handed back to the parsers above (bound late: the table refers to itself).
  makeScriptParser(
    (lines, ctx) => dispatch(lines, ctx),
    (lines, ctx) => detect(LEAF_PARSERS, lines, ctx) !== null,
  ),
];

const THRESHOLD = 0.5;

const dispatch: Dispatch = (lines, ctx) => {
  const parser = detect(LEAF_PARSERS, lines, ctx);
  if (!parser) return null;
  return { ...parser.parse(lines, ctx), kind: parser.kind, title: parser.title };
};

export const PARSERS: readonly Parser[] = [makeRunbookParser(dispatch), ...LEAF_PARSERS];

function commandHint(parser: Parser, ctx: ParseContext): number {
  const cmd = `${ctx.command ?? ''} ${ctx.path ?? ''}`;
  switch (parser.kind) {
    case 'ip-addr':
      return /\bip\s+(-\S+\s+)*a(ddr?|ddress)?\b/.test(cmd) ? 0.05 : 0;
    case 'weave-log':
      return /weave/.test(cmd) ? 0.05 : 0;
    case 'kube-proxy-log':
      return /kube-proxy/.test(cmd) ? 0.05 : 0;
    case 'component-flags':
      return /kube-apiserver|kube-controller-manager/.test(cmd) ? 0.05 : 0;
    default:
      return 0;
  }
}

export function detect(parsers: readonly Parser[], lines: readonly string[], ctx: ParseContext): Parser | null {
  let best: Parser | null = null;
  let bestScore = 0;
  for (const p of parsers) {
    const base = p.detect(lines, ctx);
    if (base <= 0) continue;
    const score = base + commandHint(p, ctx);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return bestScore >= THRESHOLD ? best : null;
}

export function parseText(lines: readonly string[], ctx: ParseContext): (ParseResult & { kind: string }) | null {
  const parser = detect(PARSERS, lines, ctx);
  if (!parser) return null;
  return { ...parser.parse(lines, ctx), kind: parser.kind };
}
