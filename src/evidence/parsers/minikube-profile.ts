/**
 * A minikube profile, ~/.minikube/profiles/<name>/config.json (minikube's
 * ClusterConfig, kubernetes/minikube pkg/minikube/config/types.go):
 *   KubernetesConfig.ServiceCIDR        the service range (minikube writes its default,
 *                                       10.96.0.0/12, pkg/minikube/constants DefaultServiceCIDR)
 *   KubernetesConfig.KubernetesVersion  the cluster version
 *   KubernetesConfig.CNI                kindnet | bridge | calico | cilium | flannel | a manifest path;
 *                                       "" / "auto" means minikube chose by driver, runtime and node
 *                                       count (pkg/minikube/cni/cni.go chooseDefault): not a statement
 *   KubernetesConfig.NetworkPlugin      "cni", or empty; anything else disables minikube's CNI
 *   KubernetesConfig.ExtraOptions[]     {Component, Key, Value}: kubeadm.pod-network-cidr,
 *                                       controller-manager.cluster-cidr, kube-proxy.mode, ...
 *   Nodes[]                             {Name, IP, ControlPlane, Worker}: the first node is named
 *                                       after the profile, the others <profile>-<Name> (m02...)
 * The pod range is not written when nothing set it: minikube's CNIs default to 10.244.0.0/16
 * (pkg/minikube/cni DefaultPodCIDR), but which CNI runs depends on the driver; it is left unknown.
 * Both defaults checked in kubernetes/minikube at eb25dbc703701fa38c3f65c89a1896baa375e5ed
 * (v1.38.1+): pkg/minikube/constants/constants.go:84 DefaultServiceCIDR = "10.96.0.0/12",
 * pkg/minikube/cni/cni.go:44 DefaultPodCIDR = "10.244.0.0/16". Neither is inferred here: the
 * profile writes the service range it used, and the pod range depends on the CNI minikube chose.
 */
import type { Parser, ParseResult } from '../types.js';
import { addClaim } from './cni-common.js';
import { addNetworks, checkIP, emptyResult } from './common.js';
import { readTree } from './tree.js';

const CNIS: Readonly<Record<string, string>> = { kindnet: 'kindnet', true: 'kindnet', bridge: 'bridge', calico: 'calico', cilium: 'cilium', flannel: 'flannel' };

const rec = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export const minikubeProfile: Parser = {
  kind: 'minikube-profile',
  title: 'minikube profile config.json',
  detect(lines) {
    let kc = false;
    let svc = false;
    for (const l of lines.slice(0, 400)) {
      if (/"KubernetesConfig"\s*:/.test(l)) kc = true;
      if (/"ServiceCIDR"\s*:/.test(l) || /"KicBaseImage"\s*:/.test(l)) svc = true;
      if (kc && svc) return 1;
    }
    return 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const r = readTree(lines);
    if (!r.ok) {
      out.diagnostics.push({ level: 'error', line: r.line, message: `minikube profile: not valid JSON: ${r.error}` });
      return out;
    }
    const t = r.tree;
    const root = rec(t.value);
    const kc = rec(root?.KubernetesConfig);
    if (!root || !kc) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'minikube profile: expected an object with KubernetesConfig' });
      return out;
    }
    const ex = (l: number): string => lines[l - 1] ?? '';
    const first = t.line(['KubernetesConfig']);
    addClaim(out, { type: 'distribution', name: 'minikube' }, first, ex(first));

    const version = s(kc.KubernetesVersion);
    if (version && /^v?\d+\.\d+(\.\d+)?/.test(version)) {
      const l = t.line(['KubernetesConfig', 'KubernetesVersion']);
      addClaim(out, { type: 'clusterVersion', version: version.startsWith('v') ? version : `v${version}` }, l, ex(l));
    }
    const svc = s(kc.ServiceCIDR);
    if (svc) {
      const l = t.line(['KubernetesConfig', 'ServiceCIDR']);
      addNetworks(out, 'service', svc, l, ex(l), 'minikube KubernetesConfig.ServiceCIDR');
    }

    const plugin = s(kc.NetworkPlugin) ?? '';
    const cni = s(kc.CNI) ?? '';
    if (plugin !== '' && plugin !== 'cni') {
      out.diagnostics.push({ level: 'skipped', line: t.line(['KubernetesConfig', 'NetworkPlugin']), message: `minikube NetworkPlugin ${plugin}: minikube's CNI is disabled` });
    } else if (cni !== '' && cni !== 'auto' && cni !== 'false') {
      const l = t.line(['KubernetesConfig', 'CNI']);
      const name = CNIS[cni];
      if (name) addClaim(out, { type: 'cni', name }, l, ex(l));
      else out.diagnostics.push({ level: 'skipped', line: l, message: `minikube CNI ${cni}: a custom manifest; its own config says which CNI` });
    }

    const opts = Array.isArray(kc.ExtraOptions) ? kc.ExtraOptions : [];
    opts.forEach((o, i) => {
      const opt = rec(o);
      const component = s(opt?.Component);
      const key = s(opt?.Key);
      const value = s(opt?.Value);
      if (!component || !key || value === null) return;
      const l = t.line(['KubernetesConfig', 'ExtraOptions', i]);
      if ((component === 'kubeadm' && key === 'pod-network-cidr') || (component === 'controller-manager' && key === 'cluster-cidr')) {
        addNetworks(out, 'pod', value, l, `${component}.${key}=${value}`, `minikube --extra-config=${component}.${key}`);
      } else if (component === 'apiserver' && key === 'service-cluster-ip-range') {
        addNetworks(out, 'service', value, l, `${component}.${key}=${value}`, `minikube --extra-config=${component}.${key}`);
      } else if (component === 'kube-proxy' && key === 'mode') {
        if (['iptables', 'ipvs', 'nftables'].includes(value)) addClaim(out, { type: 'proxyMode', mode: value }, l, `${component}.${key}=${value}`);
        else out.diagnostics.push({ level: 'error', line: l, message: `minikube --extra-config=kube-proxy.mode=${value}: expected iptables, ipvs or nftables` });
      } else if (component === 'apiserver' && key === 'service-node-port-range' && /^\d{1,5}[-+]\d{1,5}$/.test(value)) {
        addClaim(out, { type: 'nodePortRange', range: value }, l, `${component}.${key}=${value}`);
      }
    });

    const profile = s(root.Name) ?? s(kc.ClusterName) ?? 'minikube';
    const nodes = Array.isArray(root.Nodes) ? root.Nodes : [];
    nodes.forEach((n, i) => {
      const node = rec(n);
      if (!node) return;
      const l = t.line(['Nodes', i]);
      const own = s(node.Name) ?? '';
      const name = i === 0 || own === '' ? profile : `${profile}-${own}`;
      const ip = s(node.IP);
      const addr = ip ? checkIP(out, ip, t.line(['Nodes', i, 'IP']), `minikube Nodes[${i}].IP`) : null;
      const roles = [...(node.ControlPlane === true ? ['control-plane'] : []), ...(node.Worker === true && node.ControlPlane !== true ? ['worker'] : [])];
      out.observations.push({ claim: { type: 'node', name, ...(addr ? { internalIPs: [addr] } : {}), roles }, line: l, excerpt: ex(l).trim() });
    });
    return out;
  },
};
