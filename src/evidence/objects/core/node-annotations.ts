/**
 * Node annotations written by a CNI's node agent, which name the CNI that runs
 * on the node (read from node objects and from `kubectl describe node`):
 *
 *   flannel.alpha.coreos.com/backend-type: vxlan        flannel (pkg/subnet/kube/annotations.go,
 *   flannel.alpha.coreos.com/public-ip: 192.168.1.5      flannel-io/flannel v0.26): backend -> encapsulation
 *   projectcalico.org/IPv4Address: 192.168.1.5/24        calico-node's autodetected address with its subnet
 *                                                        (projectcalico/calico node/pkg/lifecycle/startup,
 *                                                        v3.28): the node network
 *   projectcalico.org/IPv4VXLANTunnelAddr: 10.244.1.0    a VXLAN pool is in use; IPv4IPIPTunnelAddr: IPIP
 *   io.cilium.network.ipv4-pod-cidr: 10.0.1.0/24         Cilium (pkg/k8s/annotation, v1.15): the range its
 *                                                        IPAM gave this node (not the node's spec.podCIDR)
 *
 * Annotations are left behind when a cluster moves from one CNI to another, so a
 * node that carries the marks of two CNIs names neither (a skipped line says so).
 */
import { parseCIDR } from '../../../facts/address.js';
import { FLANNEL_BACKEND } from '../../parsers/flannel-net-conf.js';
import type { ParseResult } from '../../types.js';

function familyOf(key: string): 'flannel' | 'calico' | 'cilium' | null {
  if (key.startsWith('flannel.alpha.coreos.com/')) return 'flannel';
  if (key.startsWith('projectcalico.org/')) return 'calico';
  if (key.startsWith('io.cilium.') || key.startsWith('network.cilium.io/')) return 'cilium';
  return null;
}

export interface Annotated {
  key: string;
  value: string;
  line: number;
  excerpt: string;
}

/** Adds what the CNI annotations of one node state. */
export function readCniAnnotations(node: string, annotations: readonly Annotated[], out: ParseResult): void {
  const by = new Map(annotations.map((a) => [a.key, a]));
  const families = new Set<string>();
  for (const a of annotations) {
    const f = familyOf(a.key);
    if (f) families.add(f);
  }
  if (families.size === 0) return;
  const push = (a: Annotated, claim: ParseResult['observations'][number]['claim']): void => {
    out.observations.push({ claim, line: a.line, excerpt: a.excerpt });
  };
  if (families.size > 1) {
    const first = annotations.find((a) => familyOf(a.key) !== null);
    out.diagnostics.push({
      level: 'skipped',
      line: first?.line ?? null,
      message: `node ${node} carries annotations of ${[...families].sort().join(' and ')} (one may be left from an earlier CNI, or Canal runs both): the CNI is not taken from them`,
    });
  }
  // Calico's autodetected address is the node's own, whatever else the node carries.
  for (const key of ['projectcalico.org/IPv4Address', 'projectcalico.org/IPv6Address']) {
    const a = by.get(key);
    if (!a) continue;
    const p = parseCIDR(a.value);
    if (p.ok) push(a, { type: 'network', role: 'node', cidr: a.value, isAddress: true });
    else out.diagnostics.push({ level: 'error', line: a.line, message: `node ${node} ${key}: ${p.error}` });
  }
  if (families.size > 1) return;
  const only = [...families][0] ?? '';
  const first = annotations.find((a) => familyOf(a.key) === only);
  if (!first) return;
  push(first, { type: 'cni', name: only });
  if (only === 'flannel') {
    const b = by.get('flannel.alpha.coreos.com/backend-type');
    if (b) {
      const enc = FLANNEL_BACKEND[b.value.toLowerCase()];
      if (enc) push(b, { type: 'cniSetting', field: 'encapsulation', value: enc });
      else out.diagnostics.push({ level: 'skipped', line: b.line, message: `node ${node} flannel backend-type "${b.value}": not a backend this reads` });
    }
  }
  if (only === 'calico') {
    const vx = by.get('projectcalico.org/IPv4VXLANTunnelAddr') ?? by.get('projectcalico.org/IPv6VXLANTunnelAddr');
    const ipip = by.get('projectcalico.org/IPv4IPIPTunnelAddr');
    // Both: pools differ in encapsulation, which the pools themselves tell.
    if (vx && !ipip) push(vx, { type: 'cniSetting', field: 'encapsulation', value: 'vxlan' });
    if (ipip && !vx) push(ipip, { type: 'cniSetting', field: 'encapsulation', value: 'ipip' });
  }
}
