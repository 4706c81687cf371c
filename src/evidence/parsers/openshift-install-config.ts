/**
 * OpenShift / OKD install-config.yaml, the file `openshift-install create
 * cluster` reads (openshift/installer pkg/types/installconfig.go):
 *
 *   networking:
 *     clusterNetwork: [{cidr: 10.128.0.0/14, hostPrefix: 23}]   pod ranges; hostPrefix is the node mask
 *     serviceNetwork: [172.30.0.0/16]
 *     machineNetwork: [{cidr: 10.0.0.0/16}]                     the nodes' network
 *     networkType: OVNKubernetes | OpenShiftSDN | (a third-party plugin)
 *   controlPlane: {replicas: 3}, compute: [{name: worker, replicas: 3}]
 *   platform: {aws: ..., baremetal: ..., none: {}}
 *
 * Legacy (installer 0.x, OpenShift 4.0-4.2) fields are read too: networking.machineCIDR,
 * networking.serviceCIDR, networking.type, clusterNetworks[].hostSubnetLength
 * (host bits: the node mask is 32 minus it).
 *
 * What the file leaves out is the installer's default, recorded as inferred
 * (openshift/installer pkg/types/defaults/installconfig.go: defaultClusterNetwork
 * 10.128.0.0/14 with defaultHostPrefix 23, defaultServiceNetwork 172.30.0.0/16,
 * DefaultMachineCIDR 10.0.0.0/16 except on libvirt; the same four values at commit
 * 0bbdbc3cf63f3408b40e97476c29afd6de4e1f23, an early 4.x whose networkType default is
 * OpenShiftSDN, and in the later versions whose default is OVNKubernetes). Because
 * networkType's default changed between versions, an absent one stays unknown.
 * OVN-Kubernetes implements Services itself: there is no kube-proxy.
 *
 * The replica counts are nodes still to be made, with no names or addresses:
 * said as a diagnostic, not turned into node facts.
 * pullSecret and sshKey are blanked before the file is parsed: never read.
 */
import type { Path } from '../objects/types.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { Emitter, familyOf, isMap } from './installer.js';
import { readTree, type Tree } from './tree.js';

const INSTALLER = 'openshift-install 4.x';
const DEFAULTS = { pod: '10.128.0.0/14', hostPrefix: 23, service: '172.30.0.0/16', machine: '10.0.0.0/16' } as const;

/** networkType -> the CNI name the facts use. */
export const OPENSHIFT_NETWORK_TYPES: Readonly<Record<string, string>> = {
  OVNKubernetes: 'ovn-kubernetes',
  OpenShiftSDN: 'openshift-sdn',
  Calico: 'calico',
  Cilium: 'cilium',
  Kuryr: 'kuryr',
};

/** The secrets of an install-config: their lines (and a block's continuation lines) are blanked before parsing. */
const SECRET_KEY = /^(pullSecret|sshKey)\s*:/;

export const openshiftInstallConfig: Parser = {
  kind: 'openshift-install-config',
  title: 'OpenShift / OKD install-config.yaml',
  detect(lines) {
    let api = false;
    let base = false;
    let other = 0;
    for (const l of lines) {
      if (/^kind\s*:/.test(l)) return 0;
      if (/^apiVersion\s*:\s*["']?v1["']?\s*$/.test(l)) api = true;
      if (/^baseDomain\s*:/.test(l)) base = true;
      if (/^(networking|controlPlane|compute|platform|pullSecret|metadata)\s*:/.test(l)) other++;
    }
    if (base && other >= 2) return api ? 0.95 : 0.8;
    return 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const read = readTree(withoutSecrets(lines));
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `install-config.yaml is not valid YAML: ${read.error}` });
      return out;
    }
    if (!isMap(read.tree.value)) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'install-config.yaml: expected a YAML mapping (apiVersion, baseDomain, networking, platform)' });
      return out;
    }
    readInstallConfig(read.tree.value, read.tree, new Emitter(out, withoutSecrets(lines)));
    return out;
  },
};

export function withoutSecrets(lines: readonly string[]): string[] {
  const res: string[] = [];
  let blanking = false;
  for (const l of lines) {
    if (SECRET_KEY.test(l)) {
      res.push(`${l.slice(0, l.indexOf(':'))}: ''`);
      blanking = true;
      continue;
    }
    // Everything up to the next top-level key: block scalars, and keys pasted across unindented lines.
    if (blanking && !/^[A-Za-z_][A-Za-z0-9_-]*\s*:|^---\s*$|^\.\.\.\s*$/.test(l)) {
      res.push('');
      continue;
    }
    blanking = false;
    res.push(l);
  }
  return res;
}

function readInstallConfig(c: Record<string, unknown>, tree: Tree, e: Emitter): void {
  const at = (...p: Path): number => e.line(tree, p);
  const dflt = (what: string): string => `default of ${INSTALLER} (${what}), not stated`;
  e.claim({ type: 'distribution', name: 'openshift' }, at('apiVersion'));
  // metadata.name is the cluster's name (its DNS records are under <name>.<baseDomain>).
  const name = isMap(c.metadata) ? e.text(c.metadata.name, at('metadata', 'name'), 'metadata.name') : null;
  if (name !== null) e.claim({ type: 'clusterName', name }, at('metadata', 'name'));
  const net = isMap(c.networking) ? c.networking : {};
  const netLine = c.networking !== undefined ? at('networking') : at('apiVersion');
  const platform = isMap(c.platform) ? Object.keys(c.platform)[0] ?? null : null;

  // Pod ranges with their node masks.
  const clusterKey = Array.isArray(net.clusterNetwork) ? 'clusterNetwork' : Array.isArray(net.clusterNetworks) ? 'clusterNetworks' : null;
  if (clusterKey) {
    (net[clusterKey] as unknown[]).forEach((entry, i) => {
      const base = ['networking', clusterKey, i];
      if (!isMap(entry)) {
        e.diag('error', at(...base), `networking.${clusterKey}[${i}]: expected {cidr, hostPrefix}`);
        return;
      }
      const cidrs = e.networks('pod', entry.cidr, at(...base, 'cidr'), `networking.${clusterKey}[${i}].cidr`);
      const fam = cidrs[0] ? familyOf(cidrs[0]) : null;
      if (!fam) return;
      const bits = fam === 'IPv4' ? 32 : 128;
      if (entry.hostPrefix !== undefined) {
        const n = e.int(entry.hostPrefix, at(...base, 'hostPrefix'), `networking.${clusterKey}[${i}].hostPrefix`, 0, bits);
        if (n !== null) e.claim({ type: 'nodeCIDRMaskSize', family: fam, size: n }, at(...base, 'hostPrefix'));
      } else if (entry.hostSubnetLength !== undefined) {
        const n = e.int(entry.hostSubnetLength, at(...base, 'hostSubnetLength'), `networking.${clusterKey}[${i}].hostSubnetLength`, 0, bits);
        if (n !== null) e.claim({ type: 'nodeCIDRMaskSize', family: fam, size: bits - n }, at(...base, 'hostSubnetLength'));
      }
    });
  } else if (net.clusterNetwork === undefined) {
    e.inferred({ type: 'network', role: 'pod', cidr: DEFAULTS.pod }, netLine, dflt(`networking.clusterNetwork ${DEFAULTS.pod}`));
    e.inferred({ type: 'nodeCIDRMaskSize', family: 'IPv4', size: DEFAULTS.hostPrefix }, netLine, dflt(`clusterNetwork hostPrefix ${DEFAULTS.hostPrefix}`));
  }

  if (net.serviceNetwork !== undefined) {
    const list = Array.isArray(net.serviceNetwork) ? net.serviceNetwork : [net.serviceNetwork];
    e.networks('service', list, at('networking', 'serviceNetwork'), 'networking.serviceNetwork', (i) => at('networking', 'serviceNetwork', i));
  } else if (net.serviceCIDR !== undefined) {
    e.networks('service', net.serviceCIDR, at('networking', 'serviceCIDR'), 'networking.serviceCIDR');
  } else {
    e.inferred({ type: 'network', role: 'service', cidr: DEFAULTS.service }, netLine, dflt(`networking.serviceNetwork ${DEFAULTS.service}`));
  }

  if (Array.isArray(net.machineNetwork)) {
    net.machineNetwork.forEach((m, i) => {
      if (isMap(m)) e.networks('node', m.cidr, at('networking', 'machineNetwork', i, 'cidr'), `networking.machineNetwork[${i}].cidr`);
      else e.diag('error', at('networking', 'machineNetwork', i), `networking.machineNetwork[${i}]: expected {cidr: ...}`);
    });
  } else if (net.machineCIDR !== undefined) {
    e.networks('node', net.machineCIDR, at('networking', 'machineCIDR'), 'networking.machineCIDR');
  } else if (platform !== 'libvirt') {
    e.inferred({ type: 'network', role: 'node', cidr: DEFAULTS.machine }, netLine, dflt(`networking.machineNetwork ${DEFAULTS.machine}`));
  }

  const typeKey = net.networkType !== undefined ? 'networkType' : net.type !== undefined ? 'type' : null;
  if (typeKey) {
    const t = e.text(net[typeKey], at('networking', typeKey), `networking.${typeKey}`);
    if (t !== null) networkType(t, at('networking', typeKey), e);
  }

  const replicas: string[] = [];
  if (isMap(c.controlPlane) && c.controlPlane.replicas !== undefined) replicas.push(`controlPlane ${String(c.controlPlane.replicas)}`);
  if (Array.isArray(c.compute)) {
    for (const p of c.compute) if (isMap(p) && p.replicas !== undefined) replicas.push(`${typeof p.name === 'string' ? p.name : 'compute'} ${String(p.replicas)}`);
  }
  if (replicas.length > 0) {
    e.diag('skipped', at(isMap(c.controlPlane) ? 'controlPlane' : 'compute'), `replicas (${replicas.join(', ')}): nodes still to be made, with no names or addresses; not counted as nodes`);
  }
}

/** The CNI a networkType names; OVN-Kubernetes also replaces kube-proxy. Shared with the Network config objects. */
export function networkType(t: string, line: number, e: Emitter): void {
  // The legacy installer wrote OpenshiftSDN; the operator accepts any case.
  const known = Object.keys(OPENSHIFT_NETWORK_TYPES).find((k) => k.toLowerCase() === t.toLowerCase());
  const name = known ? OPENSHIFT_NETWORK_TYPES[known]! : t.toLowerCase();
  e.cni(name, line);
  if (name === 'ovn-kubernetes') e.claim({ type: 'kubeProxyReplacement', name: 'ovn-kubernetes' }, line);
}
