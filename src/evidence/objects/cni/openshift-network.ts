/**
 * OpenShift's cluster network configuration, as `oc get network.config/cluster
 * -o yaml` and `oc get network.operator/cluster -o yaml` print it
 * (openshift/api config/v1/types_network.go, operator/v1/types_network.go):
 *
 *   config.openshift.io/v1 Network    spec and status: clusterNetwork[{cidr, hostPrefix}],
 *                                     serviceNetwork[], networkType; status.clusterNetworkMTU
 *   operator.openshift.io/v1 Network  spec.clusterNetwork, spec.serviceNetwork,
 *                                     spec.defaultNetwork.type, ovnKubernetesConfig.mtu /
 *                                     openshiftSDNConfig.mtu and .mode, deployKubeProxy
 *
 * The status is what the cluster runs, the spec what was asked: both are read
 * (the same value twice is one fact; a migration in progress shows as two).
 * OVN-Kubernetes encapsulates in Geneve and implements Services itself (no
 * kube-proxy); OpenShift SDN encapsulates in VXLAN.
 */
import { Emitter, familyOf, isMap } from '../../parsers/installer.js';
import { networkType } from '../../parsers/openshift-install-config.js';
import type { ParseResult } from '../../types.js';
import { group, type KubeObject, type ObjectHandler, type ObjectSite, type Path } from '../types.js';

const ENCAPSULATION: Readonly<Record<string, string>> = { 'ovn-kubernetes': 'geneve', 'openshift-sdn': 'vxlan' };

export const openshiftNetworkHandler: ObjectHandler = {
  name: 'openshift-network',
  matches: (o) => o.kind === 'Network' && (group(o) === 'config.openshift.io' || group(o) === 'operator.openshift.io'),
  extract(o, site, out: ParseResult) {
    const e = new Emitter(out, (l) => site.excerpt(l));
    e.claim({ type: 'distribution', name: 'openshift' }, site.line(['apiVersion']));
    const operator = group(o) === 'operator.openshift.io';
    const parts: ('spec' | 'status')[] = operator ? ['spec'] : ['spec', 'status'];
    for (const part of parts) {
      const body = isMap(o[part]) ? (o[part] as Record<string, unknown>) : null;
      if (!body) continue;
      ranges(body, [part], site, e);
      if (operator) defaultNetwork(o, site, e);
      else if (typeof body.networkType === 'string' && body.networkType !== '') {
        const l = site.line([part, 'networkType']);
        networkType(body.networkType, l, e);
        encapsulation(body.networkType, l, e);
      }
      if (part === 'status' && body.clusterNetworkMTU !== undefined) {
        const mtu = e.int(body.clusterNetworkMTU, site.line(['status', 'clusterNetworkMTU']), 'status.clusterNetworkMTU', 68, 65535);
        if (mtu !== null) e.claim({ type: 'cniSetting', field: 'mtu', value: mtu }, site.line(['status', 'clusterNetworkMTU']));
      }
    }
  },
};

function ranges(body: Record<string, unknown>, base: Path, site: ObjectSite, e: Emitter): void {
  const where = base.join('.');
  if (Array.isArray(body.clusterNetwork)) {
    body.clusterNetwork.forEach((entry, i) => {
      const p = [...base, 'clusterNetwork', i];
      if (!isMap(entry)) return;
      const cidrs = e.networks('pod', entry.cidr, site.line([...p, 'cidr']), `${where}.clusterNetwork[${i}].cidr`);
      if (cidrs[0] && entry.hostPrefix !== undefined) {
        const fam = familyOf(cidrs[0]);
        const n = e.int(entry.hostPrefix, site.line([...p, 'hostPrefix']), `${where}.clusterNetwork[${i}].hostPrefix`, 0, fam === 'IPv4' ? 32 : 128);
        if (n !== null) e.claim({ type: 'nodeCIDRMaskSize', family: fam, size: n }, site.line([...p, 'hostPrefix']));
      }
    });
  }
  if (Array.isArray(body.serviceNetwork)) {
    e.networks('service', body.serviceNetwork, site.line([...base, 'serviceNetwork']), `${where}.serviceNetwork`, (i) => site.line([...base, 'serviceNetwork', i]));
  }
}

function defaultNetwork(o: KubeObject, site: ObjectSite, e: Emitter): void {
  const spec = isMap(o.spec) ? o.spec : {};
  const dn = isMap(spec.defaultNetwork) ? spec.defaultNetwork : null;
  if (dn && typeof dn.type === 'string' && dn.type !== '') {
    const l = site.line(['spec', 'defaultNetwork', 'type']);
    networkType(dn.type, l, e);
    encapsulation(dn.type, l, e);
    for (const key of ['ovnKubernetesConfig', 'openshiftSDNConfig']) {
      const conf = isMap(dn[key]) ? dn[key] : null;
      if (conf?.mtu !== undefined) {
        const ml = site.line(['spec', 'defaultNetwork', key, 'mtu']);
        const mtu = e.int(conf.mtu, ml, `spec.defaultNetwork.${key}.mtu`, 68, 65535);
        if (mtu !== null) e.claim({ type: 'cniSetting', field: 'mtu', value: mtu }, ml);
      }
    }
  }
  if (spec.deployKubeProxy === true) e.claim({ type: 'kubeProxyPresent', present: true }, site.line(['spec', 'deployKubeProxy']));
}

function encapsulation(type: string, line: number, e: Emitter): void {
  const t = type.toLowerCase();
  const enc = t === 'ovnkubernetes' ? ENCAPSULATION['ovn-kubernetes'] : t === 'openshiftsdn' ? ENCAPSULATION['openshift-sdn'] : undefined;
  if (enc) e.claim({ type: 'cniSetting', field: 'encapsulation', value: enc }, line);
}
