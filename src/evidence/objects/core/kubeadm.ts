/**
 * kubeadm configuration (kubeadm.k8s.io v1beta4, v1beta3, and the legacy
 * v1beta2 read only: kubeadm 1.27 removed it, kubernetes PR 114540), as a file
 * given to `kubeadm init --config` — usually multi-document with
 * KubeletConfiguration and KubeProxyConfiguration, read by their own handlers —
 * or as the ClusterConfiguration key of the kube-system/kubeadm-config ConfigMap.
 *
 * ClusterConfiguration (cmd/kubeadm/app/apis/kubeadm/v1beta4/types.go):
 *   kubernetesVersion                       the cluster version (a label like stable-1.31 is not one)
 *   networking.podSubnet / serviceSubnet    comma-separated for dual-stack; serviceSubnet
 *                                           defaults to 10.96.0.0/12 (inferred when absent)
 *   apiServer.extraArgs, controllerManager.extraArgs
 *                                           v1beta4: a list of {name, value}; v1beta3/v1beta2: a map;
 *                                           read as the component's flags (../../parsers/component-flags.ts)
 * A podSubnet makes kubeadm start the controller-manager with --allocate-node-cidrs=true
 * (cmd/kubeadm/app/phases/controlplane/manifests.go), recorded as inferred unless stated.
 * kubeadm deploys kube-proxy unless `proxy.disabled: true` (v1beta4) or an
 * InitConfiguration's skipPhases names `addon` or `addon/kube-proxy`
 * (cmd/kubeadm/app/cmd/init.go manageSkippedAddons, v1.37.2); with no
 * KubeProxyConfiguration its mode is iptables (cmd/kubeadm/app/componentconfigs/kubeproxy.go
 * Default: `if kp.config.Mode == "" { kp.config.Mode = "iptables" }`, v1.37.2), recorded as
 * an inferred installer default that any other source of the mode replaces.
 *
 * InitConfiguration and JoinConfiguration hold no networking facts but do hold
 * secrets (bootstrapTokens, certificateKey, discovery tokens): only an
 * InitConfiguration's skipPhases is read.
 */
import { parseCIDR } from '../../../facts/address.js';
import { addNetworks } from '../../parsers/common.js';
import { componentFlags } from '../../parsers/component-flags.js';
import type { ParseResult } from '../../types.js';
import { arr, obj, str, type KubeObject, type ObjectSite, type Path } from '../types.js';
import type { ObjectHandler } from '../types.js';

const VERSIONS = new Set(['kubeadm.k8s.io/v1beta2', 'kubeadm.k8s.io/v1beta3', 'kubeadm.k8s.io/v1beta4']);
const KINDS = new Set(['ClusterConfiguration', 'InitConfiguration', 'JoinConfiguration']);
export const KUBEADM_DEFAULT_SERVICE_SUBNET = '10.96.0.0/12';
/** kube-proxy's mode when kubeadm deploys it from a config that states none (see above). */
export const KUBEADM_DEFAULT_PROXY_MODE = 'iptables';

export const kubeadmHandler: ObjectHandler = {
  name: 'kubeadm',
  matches: (o) => typeof o.kind === 'string' && KINDS.has(o.kind) && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kubeadm.k8s.io/'),
  extract(o, site, out: ParseResult) {
    const api = String(o.apiVersion);
    if (!VERSIONS.has(api)) {
      out.diagnostics.push({ level: 'error', line: site.line(['apiVersion']), message: `${String(o.kind)} ${api}: expected kubeadm.k8s.io/v1beta4 or v1beta3 (v1beta2 is read as legacy)` });
      return;
    }
    if (api === 'kubeadm.k8s.io/v1beta2') {
      out.diagnostics.push({
        level: 'warning',
        line: site.line(['apiVersion']),
        message: `${String(o.kind)} ${api}: removed in kubeadm 1.27, read here for its facts only; migrate it with kubeadm 1.26's \`kubeadm config migrate\``,
      });
    }
    if (api === 'kubeadm.k8s.io/v1beta3' && o.kind === 'ClusterConfiguration' && minorOf(o.kubernetesVersion) >= 37) {
      // kubeadm 1.37 lists v1beta3 among its old API versions (last read by kubeadm 1.36) and refuses the
      // file: "your configuration file uses an old API spec ... Please use kubeadm v1.36 instead and run
      // 'kubeadm config migrate'" (cmd/kubeadm/app/util/config/common.go validateSupportedVersion).
      out.diagnostics.push({
        level: 'warning',
        line: site.line(['apiVersion']),
        message: `${String(o.kind)} ${api} for Kubernetes ${String(o.kubernetesVersion)}: kubeadm 1.37 and newer refuse this API version ("your configuration file uses an old API spec"); migrate the file with kubeadm 1.36: \`kubeadm config migrate --old-config old.yaml --new-config new.yaml\`. Its networking is still judged here`,
      });
    }
    if (o.kind === 'InitConfiguration') {
      const skipped = arr(o.skipPhases).map(str);
      const i = skipped.findIndex((p) => p === 'addon' || p === 'addon/kube-proxy');
      if (i >= 0) {
        const line = site.line(['skipPhases', i]);
        out.observations.push({ claim: { type: 'kubeProxyPresent', present: false }, line, excerpt: site.excerpt(line) });
        return;
      }
    }
    if (o.kind !== 'ClusterConfiguration') {
      out.diagnostics.push({ level: 'skipped', line: site.line(), message: `${String(o.kind)}: no networking facts (its bootstrap tokens and keys are never read)` });
      return;
    }
    cluster(o, site, out);
  },
};

function cluster(o: KubeObject, site: ObjectSite, out: ParseResult): void {
  // A ClusterConfiguration means kubeadm builds the cluster (kind and other installers run
  // kubeadm too, and say so themselves): inferred, so that a stated distribution wins.
  const kindLine = site.line(['kind']);
  out.observations.push({ claim: { type: 'distribution', name: 'kubeadm' }, line: kindLine, excerpt: site.excerpt(kindLine), inferred: true });
  const version = o.kubernetesVersion;
  if (version !== undefined && version !== null) {
    const line = site.line(['kubernetesVersion']);
    const v = String(version);
    if (/^v?\d+\.\d+(\.\d+)?(-[0-9A-Za-z.+-]+)?$/.test(v)) out.observations.push({ claim: { type: 'clusterVersion', version: v.startsWith('v') ? v : `v${v}` }, line, excerpt: site.excerpt(line) });
    else out.diagnostics.push({ level: 'skipped', line, message: `kubernetesVersion ${v}: a release label resolved when kubeadm runs, not a version` });
  }

  const networking = obj(o.networking);
  const pod = str(networking?.podSubnet);
  if (pod) {
    const line = site.line(['networking', 'podSubnet']);
    if (kubeadmList(out, pod, line, 'networking.podSubnet')) addNetworks(out, 'pod', pod, line, site.excerpt(line), 'networking.podSubnet');
  }
  const service = str(networking?.serviceSubnet);
  if (service) {
    const line = site.line(['networking', 'serviceSubnet']);
    if (kubeadmList(out, service, line, 'networking.serviceSubnet')) addNetworks(out, 'service', service, line, site.excerpt(line), 'networking.serviceSubnet');
  }
  const domain = networking?.dnsDomain;
  if (typeof domain === 'string' && domain !== '') {
    const problem = dns1123Subdomain(domain);
    if (problem) out.diagnostics.push({ level: 'error', line: site.line(['networking', 'dnsDomain']), message: `networking.dnsDomain ${JSON.stringify(domain)}: ${problem}` });
  }
  const apiStated = flags(o, site, out, 'apiServer', 'kube-apiserver');
  if (!service && !apiStated.has('service-cluster-ip-range')) {
    // kubeadm's default (cmd/kubeadm/app/constants DefaultServicesSubnet), unless the flag overrides it.
    const line = site.line();
    out.observations.push({ claim: { type: 'network', role: 'service', cidr: KUBEADM_DEFAULT_SERVICE_SUBNET }, line, excerpt: site.excerpt(line), inferred: true });
  }
  if (obj(o.proxy)?.disabled === true) {
    const line = site.line(['proxy', 'disabled']);
    out.observations.push({ claim: { type: 'kubeProxyPresent', present: false }, line, excerpt: site.excerpt(line) });
  } else {
    const line = site.line(['kind']);
    out.observations.push({ claim: { type: 'proxyMode', mode: KUBEADM_DEFAULT_PROXY_MODE, installerDefault: 'kubeadm' }, line, excerpt: site.excerpt(line), inferred: true });
  }
  const stated = flags(o, site, out, 'controllerManager', 'kube-controller-manager');
  if (pod && !stated.has('allocate-node-cidrs')) {
    const line = site.line(['networking', 'podSubnet']);
    out.observations.push({ claim: { type: 'allocateNodeCIDRs', value: true }, line, excerpt: site.excerpt(line), inferred: true });
  }
  if (pod && !stated.has('service-cluster-ip-range')) {
    // With a podSubnet kubeadm also gives the controller-manager the serviceSubnet (defaulted when absent)
    // as --service-cluster-ip-range (cmd/kubeadm/app/phases/controlplane/manifests.go, getControllerManagerCommand).
    const line = site.line(['networking', 'podSubnet']);
    out.observations.push({ claim: { type: 'controllerManagerServiceRange', value: true }, line, excerpt: site.excerpt(line), inferred: true });
  }
}

/** The minor version of a kubernetesVersion such as v1.37.2 (0 when it is not a version). */
function minorOf(v: unknown): number {
  const m = /^v?1\.(\d+)(?:\.|$|-)/.exec(typeof v === 'string' ? v : '');
  return m ? Number(m[1]) : 0;
}

/** A component's extraArgs, as flag lines for the component-flags parser; returns the flag names given. */
function flags(o: KubeObject, site: ObjectSite, out: ParseResult, section: string, component: string): Set<string> {
  const extra = obj(o[section])?.extraArgs;
  const items: { name: string; value: string; path: Path }[] = [];
  if (Array.isArray(extra)) {
    // v1beta4: [{name, value}]
    arr(extra).forEach((a, i) => {
      const arg = obj(a);
      const name = str(arg?.name);
      const value = arg?.value;
      if (name === null || (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')) {
        out.diagnostics.push({ level: 'error', line: site.line([section, 'extraArgs', i]), message: `${section}.extraArgs item ${i + 1}: expected {name, value} with a string value` });
        return;
      }
      items.push({ name, value: String(value), path: [section, 'extraArgs', i] });
    });
  } else if (obj(extra)) {
    // v1beta3, v1beta2: {flag: value}
    for (const [name, value] of Object.entries(obj(extra) ?? {})) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') items.push({ name, value: String(value), path: [section, 'extraArgs', name] });
    }
  }
  if (items.length === 0) return new Set();
  const lines = items.map((it) => `--${it.name}=${it.value}`);
  const fileLines = items.map((it) => site.line(it.path));
  const res = componentFlags.parse(lines, { command: component });
  const at = (l: number | null): number => fileLines[(l ?? 1) - 1] ?? site.line([section]);
  for (const ob of res.observations) out.observations.push({ ...ob, line: at(ob.line), excerpt: site.excerpt(at(ob.line)) });
  for (const d of res.diagnostics) out.diagnostics.push({ ...d, line: at(d.line) });
  return new Set(items.map((it) => it.name));
}

/**
 * kubeadm reads podSubnet and serviceSubnet as strings.Split(value, ",") and
 * parses every element (ValidateIPNetFromString, cmd/kubeadm/app/apis/kubeadm/validation/validation.go,
 * v1.37.2): an empty element (a trailing comma) or one with spaces is "couldn't parse subnet",
 * and more than two elements are refused. Returns whether the list is one kubeadm reads.
 */
function kubeadmList(out: ParseResult, value: string, line: number, what: string): boolean {
  const parts = value.split(',');
  const bad = parts.find((p) => p === '' || p !== p.trim() || /\s/.test(p));
  if (bad !== undefined) {
    out.diagnostics.push({ level: 'error', line, message: `${what} ${JSON.stringify(value)}: ${bad === '' ? 'an empty element' : `${JSON.stringify(bad)} has spaces`}: kubeadm splits the list on commas alone and cannot parse it` });
    return false;
  }
  if (parts.length > 2) {
    out.diagnostics.push({ level: 'error', line, message: `${what} ${JSON.stringify(value)}: ${parts.length} CIDRs: expected one (IPv4 or IPv6), or two of different families for dual-stack` });
    return false;
  }
  const families = parts.map((p) => parseCIDR(p)).map((r) => (r.ok ? r.value.family : null));
  if (families.length === 2 && families[0] !== null && families[0] === families[1]) {
    out.diagnostics.push({ level: 'error', line, message: `${what} ${JSON.stringify(value)}: two ${families[0]} CIDRs: expected one (IPv4 or IPv6), or two of different families for dual-stack` });
    return false;
  }
  return true;
}

/**
 * A DNS-1123 subdomain, as kubeadm requires of networking.dnsDomain
 * (validation.IsDNS1123Subdomain, k8s.io/apimachinery/pkg/util/validation): at
 * most 253 characters of lowercase labels [a-z0-9]([-a-z0-9]*[a-z0-9])? joined by dots.
 * Returns what is wrong, or null.
 */
export function dns1123Subdomain(value: string): string | null {
  if (value.length > 253) return `must be no more than 253 characters (a DNS-1123 subdomain), has ${value.length}`;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value)) {
    return "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. cluster.local)";
  }
  return null;
}
