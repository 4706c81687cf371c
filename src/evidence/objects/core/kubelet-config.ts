/**
 * KubeletConfiguration (kubelet.config.k8s.io/v1beta1): /var/lib/kubelet/config.yaml,
 * the `kubelet` key of the kube-system/kubelet-config ConfigMap (./configmap.ts),
 * or a document of a kubeadm config. clusterDNS lists the DNS Service IPs pods
 * are given (k8s.io/kubelet/config/v1beta1 types.go), one per family.
 */
import { checkIP } from '../../parsers/common.js';
import type { ParseResult } from '../../types.js';
import { arr, str, type ObjectHandler } from '../types.js';

export const kubeletConfigHandler: ObjectHandler = {
  name: 'kubelet-config',
  matches: (o) => o.kind === 'KubeletConfiguration' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kubelet.config.k8s.io/'),
  extract(o, site, out: ParseResult) {
    arr(o.clusterDNS).forEach((v, i) => {
      const line = site.line(['clusterDNS', i]);
      const ip = checkIP(out, str(v) ?? String(v), line, 'KubeletConfiguration clusterDNS');
      if (ip) out.observations.push({ claim: { type: 'clusterDNS', ip }, line, excerpt: site.excerpt(line) });
    });
  },
};
