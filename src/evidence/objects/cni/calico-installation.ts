/**
 * The Tigera operator's Installation (operator.tigera.io/v1), as in Calico's
 * manifests/custom-resources.yaml and custom-resources-bpf.yaml:
 *
 *   spec:
 *     cni: {type: Calico, ipam: {type: Calico}}     # defaults: Calico / Calico
 *     calicoNetwork:
 *       bgp: Enabled
 *       mtu: 1450
 *       linuxDataplane: BPF                         # Iptables (default) | BPF | Nftables | VPP
 *       ipPools:
 *       - name: default-ipv4-ippool
 *         blockSize: 26
 *         cidr: 192.168.0.0/16
 *         encapsulation: VXLANCrossSubnet           # IPIP (default) | VXLAN | IPIPCrossSubnet | VXLANCrossSubnet | None
 *         natOutgoing: Enabled
 *         nodeSelector: all()
 *
 * Defaults: Calico docs, networking/ipam/initial-ippool ("Encapsulation: IPIP"),
 * reference/installation/api. The BPF dataplane replaces kube-proxy.
 * The pools here seed the IPPool resources at install; later edits to the
 * IPPools themselves are not reflected back, so both are kept as observations.
 */
import { addClaim, addPool, readMTU } from '../../parsers/cni-common.js';
import type { ParseResult } from '../../types.js';
import { arr, obj, str, type ObjectHandler } from '../types.js';
import { CALICO_BLOCK_DEFAULT, CALICO_BLOCK_RANGE } from './calico-ippool.js';

const ENCAPSULATION: Readonly<Record<string, string>> = {
  IPIP: 'ipip',
  IPIPCrossSubnet: 'ipip',
  VXLAN: 'vxlan',
  VXLANCrossSubnet: 'vxlan',
  None: 'none',
};

/** Which CNI does the networking when the operator's cni.type is not Calico (Calico then enforces policy only). */
const OTHER_CNI: Readonly<Record<string, string>> = {
  AmazonVPC: 'amazon-vpc-cni',
  AzureVNET: 'azure-vnet',
  GKE: 'gke',
};

export const calicoInstallationHandler: ObjectHandler = {
  name: 'calico-installation',
  matches: (o) => o.kind === 'Installation' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('operator.tigera.io/'),
  extract(o, site, out: ParseResult) {
    const spec = obj(o.spec) ?? {};
    const at = (l: number): string => site.excerpt(l);
    const cniType = str(obj(spec.cni)?.type) ?? 'Calico';
    const cniLine = spec.cni !== undefined ? site.line(['spec', 'cni', 'type']) : site.line(['kind']);
    if (cniType !== 'Calico') {
      const other = OTHER_CNI[cniType];
      if (other) addClaim(out, { type: 'cni', name: other }, cniLine, at(cniLine));
      else out.diagnostics.push({ level: 'error', line: cniLine, message: `Installation spec.cni.type "${cniType}": expected Calico, GKE, AmazonVPC or AzureVNET` });
      addClaim(out, { type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, cniLine, at(cniLine), true);
      return;
    }
    addClaim(out, { type: 'cni', name: 'calico' }, cniLine, at(cniLine), spec.cni === undefined);
    addClaim(out, { type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, cniLine, at(cniLine), true);

    const ipamType = str(obj(obj(spec.cni)?.ipam)?.type);
    const ipamLine = ipamType !== null ? site.line(['spec', 'cni', 'ipam', 'type']) : cniLine;
    if (ipamType === null || ipamType === 'Calico') {
      addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'pool' }, ipamLine, at(ipamLine), ipamType === null);
    } else if (ipamType === 'HostLocal') {
      addClaim(out, { type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, ipamLine, at(ipamLine));
    } else {
      out.diagnostics.push({ level: 'skipped', line: ipamLine, message: `Installation spec.cni.ipam.type ${ipamType}: pod addresses come from the cloud provider, neither node podCIDRs nor Calico pools` });
    }

    const net = obj(spec.calicoNetwork);
    if (!net) {
      out.diagnostics.push({
        level: 'skipped',
        line: site.line(['spec']),
        message: 'Installation has no spec.calicoNetwork: the operator picks the pool from kubeadm-config or its default 192.168.0.0/16, which this evidence does not show',
      });
      return;
    }
    const bgp = str(net.bgp);
    if (bgp !== null && bgp !== 'Enabled' && bgp !== 'Disabled') {
      out.diagnostics.push({ level: 'error', line: site.line(['spec', 'calicoNetwork', 'bgp']), message: `Installation calicoNetwork.bgp "${bgp}": expected Enabled or Disabled` });
    }
    if (net.mtu !== undefined) {
      const line = site.line(['spec', 'calicoNetwork', 'mtu']);
      const mtu = readMTU(out, net.mtu, line, 'Installation calicoNetwork.mtu');
      if (mtu !== null) addClaim(out, { type: 'cniSetting', field: 'mtu', value: mtu }, line, at(line));
    }
    const dataplane = str(net.linuxDataplane);
    if (dataplane !== null) {
      const line = site.line(['spec', 'calicoNetwork', 'linuxDataplane']);
      if (dataplane === 'BPF') addClaim(out, { type: 'kubeProxyReplacement', name: 'calico-ebpf' }, line, at(line));
      else if (!['Iptables', 'Nftables', 'VPP'].includes(dataplane)) {
        out.diagnostics.push({ level: 'error', line, message: `Installation calicoNetwork.linuxDataplane "${dataplane}": expected Iptables, BPF, Nftables or VPP` });
      }
    }
    if (net.ipPools === undefined) {
      out.diagnostics.push({
        level: 'skipped',
        line: site.line(['spec', 'calicoNetwork']),
        message: 'Installation lists no calicoNetwork.ipPools: the operator picks the pool from kubeadm-config or its default 192.168.0.0/16, which this evidence does not show',
      });
    }
    arr(net.ipPools).forEach((p, i) => {
      const pool = obj(p);
      const base = ['spec', 'calicoNetwork', 'ipPools', i];
      const line = site.line([...base, 'cidr']);
      const what = `Installation ipPools[${i}]`;
      const cidr = str(pool?.cidr);
      if (pool && cidr === null && pool.cidr !== undefined && pool.cidr !== null) {
        out.diagnostics.push({ level: 'error', line, message: `${what}: cidr is ${JSON.stringify(pool.cidr)}, not a string: expected a CIDR such as 192.168.0.0/16` });
        return;
      }
      if (!pool || cidr === null) {
        out.diagnostics.push({ level: 'error', line: site.line(base), message: `${what}: cidr is missing` });
        return;
      }
      let blockSize: number | null = null;
      if (pool.blockSize !== undefined) {
        if (typeof pool.blockSize !== 'number' || !Number.isInteger(pool.blockSize)) {
          out.diagnostics.push({ level: 'error', line: site.line([...base, 'blockSize']), message: `${what}: blockSize ${JSON.stringify(pool.blockSize)} is not a whole number` });
          return;
        }
        blockSize = pool.blockSize;
      }
      const encWritten = str(pool.encapsulation);
      let encapsulation: string | null = null;
      let encInferred = false;
      if (encWritten !== null) {
        encapsulation = ENCAPSULATION[encWritten] ?? null;
        if (encapsulation === null) {
          out.diagnostics.push({
            level: 'error',
            line: site.line([...base, 'encapsulation']),
            message: `${what}: encapsulation "${encWritten}": expected IPIP, VXLAN, IPIPCrossSubnet, VXLANCrossSubnet or None`,
          });
          return;
        }
      } else if (!cidr.includes(':') && bgp !== 'Disabled') {
        encapsulation = 'ipip';
        encInferred = true;
      }
      const disabled = str(pool.disableNewAllocations) === 'true' || pool.disableNewAllocations === true;
      const family = addPool(
        out,
        {
          name: str(pool.name),
          cidr,
          blockSize,
          defaultBlockSize: CALICO_BLOCK_DEFAULT,
          blockSizeRange: CALICO_BLOCK_RANGE,
          encapsulation,
          encapsulationInferred: encInferred,
          disabled,
        },
        line,
        at(line),
        what,
      );
      if (family !== null && encapsulation !== null && !disabled) {
        const encLine = encWritten !== null ? site.line([...base, 'encapsulation']) : line;
        addClaim(out, { type: 'cniSetting', field: 'encapsulation', value: encapsulation }, encLine, at(encLine), encInferred);
      }
    });
  },
};
