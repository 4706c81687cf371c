/**
 * ConfigMaps of kube-system that hold a component's configuration as a string:
 *   kube-proxy      data["config.conf"]          KubeProxyConfiguration (kubeadm's addon)
 *   kubeadm-config  data.ClusterConfiguration    kubeadm ClusterConfiguration
 *   kubelet-config  data.kubelet                 KubeletConfiguration (kubeadm 1.24+; older
 *                                                clusters name it kubelet-config-1.NN)
 * Each string is read as an object of its own with true file lines (../embedded.ts).
 * CNI ConfigMaps (kube-flannel-cfg, cilium-config...) have handlers of their own.
 */
import type { ParseResult } from '../../types.js';
import { readEmbedded } from '../embedded.js';
import { obj, str, type ObjectHandler } from '../types.js';
import { kubeadmHandler } from './kubeadm.js';
import { kubeletConfigHandler } from './kubelet-config.js';
import { kubeProxyConfigHandler } from './kube-proxy-config.js';

const EMBEDDED: readonly { name: RegExp; key: string; handler: ObjectHandler }[] = [
  { name: /^kube-proxy$/, key: 'config.conf', handler: kubeProxyConfigHandler },
  { name: /^kubeadm-config$/, key: 'ClusterConfiguration', handler: kubeadmHandler },
  { name: /^kubelet-config(-1\.\d+)?$/, key: 'kubelet', handler: kubeletConfigHandler },
];

function entry(o: { metadata?: { name?: unknown; namespace?: unknown } }): (typeof EMBEDDED)[number] | undefined {
  const ns = o.metadata?.namespace;
  if (ns !== undefined && ns !== 'kube-system') return undefined;
  const name = str(o.metadata?.name) ?? '';
  return EMBEDDED.find((e) => e.name.test(name));
}

export const componentConfigMapHandler: ObjectHandler = {
  name: 'component-configmap',
  matches: (o) => o.kind === 'ConfigMap' && (o.apiVersion === 'v1' || o.apiVersion === undefined) && entry(o) !== undefined,
  extract(o, site, out: ParseResult) {
    const e = entry(o);
    if (!e) return;
    const data = obj(o.data);
    if (!data || typeof data[e.key] !== 'string') {
      out.diagnostics.push({ level: 'skipped', line: site.line(['data']), message: `ConfigMap ${String(o.metadata?.name)}: no data["${e.key}"] string to read` });
      return;
    }
    readEmbedded(site, ['data', e.key], [e.handler], out);
  },
};
