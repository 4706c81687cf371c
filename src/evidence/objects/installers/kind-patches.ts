/**
 * kind's kubeadmConfigPatches: strategic-merge patches of the kubeadm config
 * kind generates, written as YAML strings (`- |` blocks). kind matches them by
 * kind alone when they name no apiVersion (kubernetes-sigs/kind
 * pkg/internal/patch/matchinfo.go, v0.32.0), so
 * they usually carry no apiVersion: it is filled in here, v1beta4 when
 * extraArgs is a list of {name, value} and v1beta3 otherwise, so that the
 * kubeadm, kubelet and kube-proxy handlers read them at their true lines.
 *
 * A patch states only what it changes: defaults the handlers would infer for
 * a whole kubeadm config (kubeadm's 10.96.0.0/12) are not kind's and are dropped;
 * kind's own defaults come from ./kind-cluster.ts.
 */
import { readEmbedded } from '../embedded.js';
import { kubeadmHandler } from '../core/kubeadm.js';
import { kubeletConfigHandler } from '../core/kubelet-config.js';
import { kubeProxyConfigHandler } from '../core/kube-proxy-config.js';
import type { ParseResult } from '../../types.js';
import { obj, type KubeObject, type ObjectHandler, type ObjectSite, type Path } from '../types.js';

function withApiVersion(o: KubeObject): KubeObject {
  if (typeof o.apiVersion === 'string' && o.apiVersion !== '') return o;
  switch (o.kind) {
    case 'ClusterConfiguration':
    case 'InitConfiguration':
    case 'JoinConfiguration': {
      const lists = ['apiServer', 'controllerManager', 'scheduler'].some((s) => Array.isArray(obj(o[s])?.extraArgs));
      return { ...o, apiVersion: lists ? 'kubeadm.k8s.io/v1beta4' : 'kubeadm.k8s.io/v1beta3' };
    }
    case 'KubeletConfiguration':
      return { ...o, apiVersion: 'kubelet.config.k8s.io/v1beta1' };
    case 'KubeProxyConfiguration':
      return { ...o, apiVersion: 'kubeproxy.config.k8s.io/v1alpha1' };
    default:
      return o;
  }
}

const wrap = (h: ObjectHandler): ObjectHandler => ({
  name: `kind-patch/${h.name}`,
  matches: (o) => h.matches(withApiVersion(o)),
  extract: (o, site, out) => h.extract(withApiVersion(o), site, out),
});

export const OBJECT_HANDLERS_FOR_PATCHES: readonly ObjectHandler[] = [kubeadmHandler, kubeletConfigHandler, kubeProxyConfigHandler].map(wrap);

/** Reads one patch string; its stated values only. */
export function readPatch(site: ObjectSite, path: Path, handlers: readonly ObjectHandler[], out: ParseResult): void {
  const res: ParseResult = { observations: [], diagnostics: [] };
  if (!readEmbedded(site, path, handlers, res)) return;
  out.observations.push(...res.observations.filter((o) => o.inferred !== true));
  // A patch of InitConfiguration or JoinConfiguration (node labels, kubelet extra args) is normal in kind: not worth a line each.
  out.diagnostics.push(...res.diagnostics.filter((d) => !(d.level === 'skipped' && /^(InitConfiguration|JoinConfiguration):/.test(d.message))));
}
