/**
 * Talos machine configuration (v1alpha1: controlplane.yaml / worker.yaml from
 * `talosctl gen config`), and the config patches given to `talosctl gen config
 * --config-patch` or `talosctl patch mc` (the same tree without `version:`):
 *
 *   machine.network.interfaces[]   interface / deviceSelector, addresses, mtu, dhcp
 *   machine.kubelet.nodeIP.validSubnets   the nodes' network (`!` entries exclude)
 *   machine.kubelet.clusterDNS, machine.kubelet.image (the kubelet's version)
 *   cluster.network.podSubnets / serviceSubnets / cni.name (flannel, custom, none)
 *   cluster.proxy.disabled / mode, cluster.apiServer.image (the cluster's version)
 *
 * A whole machine config (`version: v1alpha1`) that leaves a field out means
 * Talos's default, recorded as inferred (siderolabs/talos
 * pkg/machinery/constants/constants.go DefaultIPv4PodCIDR 10.244.0.0/16,
 * DefaultIPv4ServiceCIDR 10.96.0.0/12, FlannelCNI; and
 * pkg/machinery/config/types/v1alpha1/v1alpha1_clusterconfig.go PodCIDRs,
 * ServiceCIDRs, CNI; v1.13.9 to v1.14, commit ad8823176e75b9cd07647ddde13c34f2ab77c663;
 * the same since v0.x). A patch states only what it changes: nothing is inferred from it.
 * Later documents of a multi-document config (HostnameConfig, ...) are not read.
 *
 * Never read: machine.token, the CAs' keys, cluster.secret, cluster.token,
 * secretboxEncryptionSecret, aescbcEncryptionSecret, bootstrap tokens: their
 * values are blanked before the text is parsed.
 */
import type { Path } from '../objects/types.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { Emitter, getIn, isMap, kubeVersion } from './installer.js';
import { readTree, type Tree } from './tree.js';

const TALOS = 'Talos v1.13';
const DEFAULTS = { pod: '10.244.0.0/16', service: '10.96.0.0/12', cni: 'flannel' } as const;

/** Keys whose values are secrets in a Talos config (and in talhelper's talsecret.yaml). */
const SECRET_LINE = /^(\s*(?:-\s+)?)(token|secret|key|secretboxEncryptionSecret|aescbcEncryptionSecret|bootstraptoken|trustdinfo|privateKey|password)(\s*:\s*)(?![|>]\s*$)\S.*$/i;

/** Blanks secret values, line for line, so that nothing downstream ever holds them. */
export function blankSecrets(lines: readonly string[]): string[] {
  return lines.map((l) => l.replace(SECRET_LINE, "$1$2$3''"));
}

export const talosConfig: Parser = {
  kind: 'talos-config',
  title: 'Talos machine config or config patch',
  detect(lines) {
    let version = false;
    let machine = false;
    let cluster = false;
    let strong = 0;
    let objects = false;
    for (const l of lines) {
      if (/^"?(kind|apiVersion)"?\s*:/.test(l)) objects = true;
      // talosctl gen config writes a comment after most keys.
      if (/^version\s*:\s*["']?v1alpha1["']?\s*(#.*)?$/.test(l)) version = true;
      if (/^machine\s*:\s*(#.*)?$/.test(l)) machine = true;
      if (/^cluster\s*:\s*(#.*)?$/.test(l)) cluster = true;
      if (/^\s+(podSubnets|serviceSubnets|validSubnets|installDisk|coreDNS|allowSchedulingOnControlPlanes|extraManifests|inlineManifests|kubePrism|externalCloudProvider)\s*:|^\s+cni\s*:\s*(#.*)?$|^\s+(controlPlane|proxy|kubelet|install)\s*:\s*(#.*)?$|^\s+type\s*:\s*(controlplane|worker|init)\s*(#.*)?$/.test(l)) strong++;
    }
    // A v1alpha1 config may be followed by documents with kind and apiVersion (Talos 1.5+ multi-document configs).
    if (version && (machine || cluster)) return objects ? 1 : 0.95;
    if (objects || !(machine || cluster)) return 0;
    // A patch: a Kubernetes object has its kind at the top level, so kind lines nested in a patch
    // (a scheduler config, inline manifests) do not make it one.
    return strong >= 2 ? 1 : strong === 1 ? 0.65 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const clean = blankSecrets(firstDocument(lines));
    const read = readTree(clean);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `Talos config is not valid YAML: ${read.error}` });
      return out;
    }
    if (!isMap(read.tree.value)) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'Talos config: expected a YAML mapping (version, machine, cluster)' });
      return out;
    }
    readTalos(read.tree.value, read.tree, new Emitter(out, blankSecrets(lines)), read.tree.value.version !== undefined);
    return out;
  },
};

/** The lines of the first YAML document (later ones are blank), line numbers kept. */
function firstDocument(lines: readonly string[]): string[] {
  let seenContent = false;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^---\s*$/.test(l)) {
      if (seenContent) {
        end = i;
        break;
      }
      continue;
    }
    if (l.trim() !== '' && !l.trim().startsWith('#')) seenContent = true;
  }
  return lines.map((l, i) => (i < end ? l : ''));
}

/**
 * Reads a Talos config tree: a whole machine config (`whole`: defaults are
 * inferred for what it leaves out) or a patch. `e` may shift lines (a patch
 * embedded in talhelper's talconfig.yaml).
 */
export function readTalos(c: Record<string, unknown>, tree: Tree, e: Emitter, whole: boolean, what = 'Talos config'): void {
  const at = (...p: Path): number => e.line(tree, p);
  const dflt = (x: string): string => `default of ${TALOS} (${x}), not stated`;
  const anchor = at(c.version !== undefined ? 'version' : c.cluster !== undefined ? 'cluster' : 'machine');
  e.claim({ type: 'distribution', name: 'talos' }, anchor);
  const clusterName = e.text(getIn(c, ['cluster', 'clusterName']), at('cluster', 'clusterName'), 'cluster.clusterName');
  if (clusterName !== null) e.claim({ type: 'clusterName', name: clusterName }, at('cluster', 'clusterName'));
  if (whole && c.version !== 'v1alpha1') e.diag('warning', at('version'), `${what}: version ${String(c.version)}: expected v1alpha1`);

  const net = getIn(c, ['cluster', 'network']);
  const netMap = isMap(net) ? net : {};
  const clusterLine = at('cluster', 'network');
  for (const [key, role, d] of [
    ['podSubnets', 'pod', DEFAULTS.pod],
    ['serviceSubnets', 'service', DEFAULTS.service],
  ] as const) {
    const v = netMap[key];
    if (Array.isArray(v) && v.length > 0) e.networks(role, v, at('cluster', 'network', key), `cluster.network.${key}`, (i) => at('cluster', 'network', key, i));
    else if (v !== undefined && v !== null && !Array.isArray(v)) e.diag('error', at('cluster', 'network', key), `cluster.network.${key}: expected a list of CIDRs`);
    else if (whole) e.inferred({ type: 'network', role, cidr: d }, clusterLine, dflt(`cluster.network.${key} ${d}`));
  }

  const cni = isMap(netMap.cni) ? netMap.cni : null;
  const cniName = cni ? e.text(cni.name, at('cluster', 'network', 'cni', 'name'), 'cluster.network.cni.name') : null;
  if (cniName !== null) {
    const l = at('cluster', 'network', 'cni', 'name');
    if (cniName === 'flannel') e.cni('flannel', l);
    else if (cniName === 'none') e.diag('skipped', l, 'cluster.network.cni.name: none: Talos deploys no CNI; the one installed afterwards is not named here');
    else if (cniName === 'custom') e.diag('skipped', l, 'cluster.network.cni.name: custom: the CNI comes from the manifests at cni.urls, not named here');
    else e.diag('error', l, `cluster.network.cni.name ${cniName}: expected flannel, custom or none`);
  } else if (whole && !cni) {
    e.cni(DEFAULTS.cni, clusterLine, dflt(`cluster.network.cni.name ${DEFAULTS.cni}`));
  }

  const proxy = getIn(c, ['cluster', 'proxy']);
  if (isMap(proxy)) {
    if (proxy.disabled === true || proxy.disabled === 'true') e.claim({ type: 'kubeProxyPresent', present: false }, at('cluster', 'proxy', 'disabled'));
    const mode = e.text(proxy.mode, at('cluster', 'proxy', 'mode'), 'cluster.proxy.mode');
    if (mode !== null && proxy.disabled !== true) e.claim({ type: 'proxyMode', mode }, at('cluster', 'proxy', 'mode'));
  }

  const apiImage = e.text(getIn(c, ['cluster', 'apiServer', 'image']), at('cluster', 'apiServer', 'image'), 'cluster.apiServer.image');
  const kubeletImage = e.text(getIn(c, ['machine', 'kubelet', 'image']), at('machine', 'kubelet', 'image'), 'machine.kubelet.image');
  const image = apiImage !== null ? { v: apiImage, p: ['cluster', 'apiServer', 'image'] } : kubeletImage !== null ? { v: kubeletImage, p: ['machine', 'kubelet', 'image'] } : null;
  if (image) {
    const tag = /:([^:/@]+)(@sha256:[0-9a-f]+)?$/.exec(image.v)?.[1];
    const v = tag ? kubeVersion(tag) : null;
    if (v) e.claim({ type: 'clusterVersion', version: v }, at(...image.p));
  }

  const dns = getIn(c, ['machine', 'kubelet', 'clusterDNS']);
  if (Array.isArray(dns)) {
    dns.forEach((d, i) => {
      const ip = e.ip(d, at('machine', 'kubelet', 'clusterDNS', i), `machine.kubelet.clusterDNS[${i}]`);
      if (ip) e.claim({ type: 'clusterDNS', ip }, at('machine', 'kubelet', 'clusterDNS', i));
    });
  }

  const valid = getIn(c, ['machine', 'kubelet', 'nodeIP', 'validSubnets']);
  if (Array.isArray(valid)) {
    valid.forEach((s, i) => {
      if (typeof s === 'string' && s.trim().startsWith('!')) return; // an exclusion, not the nodes' network
      e.networks('node', s, at('machine', 'kubelet', 'nodeIP', 'validSubnets', i), `machine.kubelet.nodeIP.validSubnets[${i}]`);
    });
  }

  const ifaces = getIn(c, ['machine', 'network', 'interfaces']);
  if (Array.isArray(ifaces)) readInterfaces(ifaces, ['machine', 'network', 'interfaces'], tree, e);
}

/** Interfaces as Talos and talhelper write them: interface or deviceSelector, addresses (with prefix), mtu, dhcp. */
export function readInterfaces(ifaces: unknown[], base: Path, tree: Tree, e: Emitter): void {
  const where = base.join('.');
  ifaces.forEach((raw, i) => {
    const p = [...base, i];
    if (!isMap(raw)) return;
    const name = typeof raw.interface === 'string' ? raw.interface : isMap(raw.deviceSelector) ? `deviceSelector(${Object.entries(raw.deviceSelector).map(([k, v]) => `${k}=${String(v)}`).join(',')})` : `interface ${i}`;
    const addresses: { address: string; prefixLength: number; scope: string }[] = [];
    if (Array.isArray(raw.addresses)) {
      raw.addresses.forEach((a, j) => {
        const l = e.line(tree, [...p, 'addresses', j]);
        const s = e.text(a, l, `${where}[${i}].addresses[${j}]`);
        if (s === null) return;
        const m = /^(.+)\/(\d{1,3})$/.exec(s);
        if (!m) {
          e.diag('warning', l, `${where}[${i}].addresses[${j}] ${s}: no prefix length, so no network to take from it`);
          return;
        }
        const ip = e.ip(m[1], l, `${where}[${i}].addresses[${j}]`);
        if (!ip) return;
        const prefix = Number(m[2]);
        addresses.push({ address: ip, prefixLength: prefix, scope: 'global' });
        // A /32 or /128 (a VIP, a dummy address) is one address, not the network the nodes share.
        if (prefix < (ip.includes(':') ? 128 : 32)) e.claim({ type: 'network', role: 'node', cidr: s, isAddress: true }, l);
      });
    }
    const mtu = raw.mtu !== undefined ? e.int(raw.mtu, e.line(tree, [...p, 'mtu']), `${where}[${i}].mtu`, 68, 65535) : null;
    if (addresses.length > 0 || mtu !== null) e.claim({ type: 'interface', name, mtu, addresses }, e.line(tree, p));
    else if (raw.dhcp === true) e.diag('skipped', e.line(tree, p), `${where}[${i}] ${name}: addresses from DHCP, not stated here`);
  });
}
