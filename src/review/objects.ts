/**
 * Which cluster object a piece of configuration is, so that a change replaces
 * what the cluster already has of the same object instead of being added to it.
 * A kubeadm ClusterConfiguration is what kubeadm uploads as the kube-system/
 * kubeadm-config ConfigMap, a KubeProxyConfiguration the kube-system/kube-proxy
 * ConfigMap, a KubeletConfiguration kube-system/kubelet-config; Calico IPPools
 * are the same resource under crd.projectcalico.org/v1 and the aggregated
 * projectcalico.org/v3 API. InitConfiguration and JoinConfiguration are node-local
 * and replace nothing.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { MAX_ALIASES } from '../evidence/parsers/k8s-objects.js';
import { group, obj, str, type KubeObject } from '../evidence/objects/types.js';

/** The replacement key of an object, or null when it stands for no cluster object. */
export function objectKey(o: KubeObject): string | null {
  const kind = str(o.kind);
  if (kind === null) return null;
  const g = group(o);
  if (g === 'kubeadm.k8s.io') return kind === 'ClusterConfiguration' ? configMapKey('kube-system', 'kubeadm-config') : null;
  if (g === 'kubeproxy.config.k8s.io' && kind === 'KubeProxyConfiguration') return configMapKey('kube-system', 'kube-proxy');
  if (g === 'kubelet.config.k8s.io' && kind === 'KubeletConfiguration') return configMapKey('kube-system', 'kubelet-config');
  const meta = obj(o.metadata);
  const name = str(meta?.name);
  if (name === null) return null;
  if (kind === 'IPPool' && (g === 'crd.projectcalico.org' || g === 'projectcalico.org')) return `projectcalico.org/IPPool//${name}`;
  const ns = str(meta?.namespace) ?? '';
  return `${g}/${kind}/${ns}/${name}`;
}

export function configMapKey(namespace: string, name: string): string {
  return `/ConfigMap/${namespace}/${name}`;
}

/** An object of a file and the lines it spans (1-based, inclusive). */
export interface ObjectSpan {
  key: string;
  first: number;
  last: number;
}

/**
 * The objects of a YAML or JSON text (documents, and the items of a List) with
 * their line spans. Text that is not valid YAML gives no spans: it gave no
 * observations either.
 */
export function objectSpans(text: string): ObjectSpan[] {
  const counter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: counter }) as Document.Parsed[];
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  const spans: ObjectSpan[] = [];
  const line = (offset: number): number => counter.linePos(offset).line;
  for (const doc of docs) {
    if (doc.errors.length > 0) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch {
      continue;
    }
    const add = (o: unknown, path: (string | number)[]): void => {
      const ko = obj(o) as KubeObject | null;
      if (!ko) return;
      if (typeof ko.kind === 'string' && /List$/.test(ko.kind) && Array.isArray(ko.items)) {
        ko.items.forEach((item, i) => add(item, [...path, 'items', i]));
        return;
      }
      const key = objectKey(ko);
      const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
      const range = node && typeof node === 'object' && 'range' in node ? (node as { range?: [number, number, number] }).range : undefined;
      if (key === null || !range) return;
      spans.push({ key, first: line(range[0]), last: line(Math.max(range[0], range[1] - 1)) });
    };
    add(value, []);
  }
  return spans;
}
