/**
 * kubespray inventory variables: group_vars/k8s_cluster/k8s-cluster.yml (older
 * inventories: k8s-cluster/k8s-cluster.yml), group_vars/all/all.yml and the
 * network plugin files k8s-net-calico.yml, k8s-net-cilium.yml, k8s-net-flannel.yml.
 *
 *   kube_service_addresses / kube_pods_subnet / kube_network_node_prefix   IPv4 ranges and node mask
 *   kube_service_addresses_ipv6 / kube_pods_subnet_ipv6 / kube_network_node_prefix_ipv6
 *                        used only when ipv6_stack (or the older enable_dual_stack_networks) is on
 *   ipv4_stack: false    an IPv6-only cluster: the IPv4 variables are not used
 *   kube_proxy_mode, kube_proxy_remove, kube_network_plugin, kube_version
 *   calico_network_backend, calico_ipip_mode, calico_vxlan_mode, calico_mtu, calico_veth_mtu
 *   cilium_kube_proxy_replacement, cilium_tunnel_mode, cilium_mtu
 *   flannel_backend_type
 *
 * Commented-out lines (the sample inventory is mostly comments) are not read;
 * a Jinja value (`"{{ ... }}"`) is a template, not a value.
 *
 * The file that sets the cluster's core variables (any of kube_network_plugin,
 * kube_service_addresses, kube_pods_subnet, kube_proxy_mode,
 * kube_network_node_prefix) stands for k8s-cluster.yml: the core variables it
 * leaves out are kubespray's defaults, recorded as inferred
 * (kubernetes-sigs/kubespray roles/kubespray_defaults/defaults/main/main.yml,
 * v2.31.0, commit 1c9add48975060f45396b34d8e022c30d7f80dab: kube_service_addresses
 * 10.233.0.0/18, kube_pods_subnet 10.233.64.0/18, kube_network_node_prefix 24,
 * kube_proxy_mode ipvs, kube_network_plugin calico; v2.12.0's
 * roles/kubespray-defaults/defaults/main.yaml has the same ranges, prefix and mode; the role is
 * roles/kubespray_defaults from v2.28). The IPv6 defaults (fd85:ee78:d8a6:8607::1000/116,
 * fd85:ee78:d8a6:8607::1:0000/112, prefix 120) are from the same v2.31.0 file.
 */
import type { Path } from '../objects/types.js';
import type { Parser, ParseResult } from '../types.js';
import { calicoEncapsulation } from './cni-common.js';
import { emptyResult } from './common.js';
import { Emitter, isMap, kubeVersion } from './installer.js';
import { readTree, type Tree } from './tree.js';

const KUBESPRAY = 'kubespray v2.31';
const DEFAULTS = {
  service: '10.233.0.0/18',
  pod: '10.233.64.0/18',
  nodePrefix: 24,
  service6: 'fd85:ee78:d8a6:8607::1000/116',
  pod6: 'fd85:ee78:d8a6:8607::1:0000/112',
  nodePrefix6: 120,
  proxyMode: 'ipvs',
  plugin: 'calico',
} as const;

const CORE = ['kube_network_plugin', 'kube_service_addresses', 'kube_pods_subnet', 'kube_proxy_mode', 'kube_network_node_prefix'];
const KEY = /^(kube_[a-z0-9_]+|calico_[a-z0-9_]+|cilium_[a-z0-9_]+|flannel_[a-z0-9_]+|enable_dual_stack_networks|ipv[46]_stack|kubeconfig_localhost|kubectl_localhost|etcd_deployment_type|container_manager|dns_mode|enable_nodelocaldns|cluster_name|loadbalancer_apiserver[a-z_]*)\s*:/;
const STRONG = /^(ipv[46]_stack|kube_service_addresses|kube_pods_subnet|kube_network_plugin|kube_proxy_mode|kube_network_node_prefix|calico_network_backend|calico_ipip_mode|calico_vxlan_mode|cilium_kube_proxy_replacement|cilium_tunnel_mode|flannel_backend_type|kube_network_plugin_multus|enable_dual_stack_networks|kube_pods_subnet_ipv6)\s*:/;

/** kube_network_plugin -> the CNI name the facts use. */
const PLUGINS: Readonly<Record<string, string>> = {
  calico: 'calico',
  cilium: 'cilium',
  flannel: 'flannel',
  'kube-router': 'kube-router',
  'kube-ovn': 'kube-ovn',
  weave: 'weave-net',
  macvlan: 'macvlan',
  'custom_cni': 'custom',
};

export const kubesprayVars: Parser = {
  kind: 'kubespray-vars',
  title: 'kubespray group_vars (k8s-cluster.yml, k8s-net-*.yml)',
  detect(lines) {
    let keys = 0;
    let strong = false;
    for (const l of lines) {
      if (/^\s*"?(kind|apiVersion)"?\s*:/.test(l)) return 0;
      if (KEY.test(l)) keys++;
      if (STRONG.test(l)) strong = true;
    }
    if (strong) return keys >= 2 ? 0.85 : 0.7;
    return keys >= 3 ? 0.55 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const read = readTree(lines);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `kubespray variables are not valid YAML: ${read.error}` });
      return out;
    }
    const root = read.tree.value;
    if (!isMap(root)) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'kubespray variables: expected a YAML mapping of variables' });
      return out;
    }
    readVars(root, read.tree, new Emitter(out, lines));
    return out;
  },
};

function readVars(v: Record<string, unknown>, tree: Tree, e: Emitter): void {
  const at = (...p: Path): number => e.line(tree, p);
  const has = (k: string): boolean => v[k] !== undefined && v[k] !== null;
  const core = CORE.some(has);
  const anchor = at(CORE.find(has) ?? Object.keys(v)[0] ?? '');
  const dflt = (what: string): string => `default of ${KUBESPRAY} (${what}), not stated`;
  e.claim({ type: 'distribution', name: 'kubespray' }, anchor);
  // cluster_name also names the cluster's DNS domain (kubespray's default cluster.local): a stated one is its name.
  const clusterName = has('cluster_name') ? e.text(v.cluster_name, at('cluster_name'), 'cluster_name') : null;
  if (clusterName !== null) e.claim({ type: 'clusterName', name: clusterName }, at('cluster_name'));

  const bool = (k: string): boolean | null => {
    if (!has(k)) return null;
    const s = e.text(v[k], at(k), k);
    if (s === null) return null;
    if (/^(true|yes|on)$/i.test(s)) return true;
    if (/^(false|no|off)$/i.test(s)) return false;
    e.diag('error', at(k), `${k}: ${s}: expected true or false`);
    return null;
  };
  const ipv4 = bool('ipv4_stack') ?? true;
  const dualOld = bool('enable_dual_stack_networks');
  const ipv6 = bool('ipv6_stack') ?? dualOld ?? false;
  const anchor6 = (): number => at(has('ipv6_stack') ? 'ipv6_stack' : has('enable_dual_stack_networks') ? 'enable_dual_stack_networks' : CORE.find(has) ?? '');

  // IPv4 ranges and node prefix.
  for (const [k, role, dflt4] of [
    ['kube_service_addresses', 'service', DEFAULTS.service],
    ['kube_pods_subnet', 'pod', DEFAULTS.pod],
  ] as const) {
    if (!ipv4) {
      if (has(k)) e.diag('skipped', at(k), `${k}: not used, ipv4_stack is false`);
      continue;
    }
    if (has(k)) e.networks(role, v[k], at(k), k);
    else if (core) e.inferred({ type: 'network', role, cidr: dflt4 }, anchor, dflt(`${k} ${dflt4}`));
  }
  if (ipv4) {
    if (has('kube_network_node_prefix')) {
      const n = e.int(v.kube_network_node_prefix, at('kube_network_node_prefix'), 'kube_network_node_prefix', 0, 32);
      if (n !== null) e.claim({ type: 'nodeCIDRMaskSize', family: 'IPv4', size: n }, at('kube_network_node_prefix'));
    } else if (core) {
      e.inferred({ type: 'nodeCIDRMaskSize', family: 'IPv4', size: DEFAULTS.nodePrefix }, anchor, dflt(`kube_network_node_prefix ${DEFAULTS.nodePrefix}`));
    }
  }
  // The IPv6 variables count only when ipv6_stack is on, and then their defaults apply too.
  const v6core = core || has('ipv6_stack') || has('enable_dual_stack_networks');
  for (const [k, role, d6] of [
    ['kube_service_addresses_ipv6', 'service', DEFAULTS.service6],
    ['kube_pods_subnet_ipv6', 'pod', DEFAULTS.pod6],
  ] as const) {
    if (!ipv6) {
      if (has(k)) e.diag('skipped', at(k), `${k}: not used, ipv6_stack (enable_dual_stack_networks) is not on in this file`);
      continue;
    }
    if (has(k)) e.networks(role, v[k], at(k), k);
    else if (v6core) e.inferred({ type: 'network', role, cidr: d6 }, anchor6(), dflt(`${k} ${d6}`));
  }
  if (ipv6) {
    if (has('kube_network_node_prefix_ipv6')) {
      const n = e.int(v.kube_network_node_prefix_ipv6, at('kube_network_node_prefix_ipv6'), 'kube_network_node_prefix_ipv6', 0, 128);
      if (n !== null) e.claim({ type: 'nodeCIDRMaskSize', family: 'IPv6', size: n }, at('kube_network_node_prefix_ipv6'));
    } else if (v6core) {
      e.inferred({ type: 'nodeCIDRMaskSize', family: 'IPv6', size: DEFAULTS.nodePrefix6 }, anchor6(), dflt(`kube_network_node_prefix_ipv6 ${DEFAULTS.nodePrefix6}`));
    }
  } else if (has('kube_network_node_prefix_ipv6')) {
    e.diag('skipped', at('kube_network_node_prefix_ipv6'), 'kube_network_node_prefix_ipv6: not used, ipv6_stack (enable_dual_stack_networks) is not on in this file');
  }

  const remove = bool('kube_proxy_remove');
  if (remove === true) e.claim({ type: 'kubeProxyPresent', present: false }, at('kube_proxy_remove'));
  if (has('kube_proxy_mode')) {
    const mode = e.text(v.kube_proxy_mode, at('kube_proxy_mode'), 'kube_proxy_mode');
    if (mode !== null) {
      if (/^(iptables|ipvs|nftables)$/.test(mode)) e.claim({ type: 'proxyMode', mode }, at('kube_proxy_mode'));
      else e.diag('error', at('kube_proxy_mode'), `kube_proxy_mode ${mode}: expected iptables, ipvs or nftables`);
    }
  } else if (core && remove !== true) {
    // kubespray deploys kube-proxy unless kube_proxy_remove (default false), even beside Cilium's replacement.
    e.inferred({ type: 'proxyMode', mode: DEFAULTS.proxyMode }, anchor, dflt(`kube_proxy_mode ${DEFAULTS.proxyMode}`));
    e.inferred({ type: 'kubeProxyPresent', present: true }, anchor, dflt('kube_proxy_remove false: kube-proxy is deployed'));
  }

  if (has('kube_network_plugin')) {
    const plugin = e.text(v.kube_network_plugin, at('kube_network_plugin'), 'kube_network_plugin');
    if (plugin !== null) {
      const name = PLUGINS[plugin];
      if (plugin === 'cni') e.diag('skipped', at('kube_network_plugin'), 'kube_network_plugin: cni: kubespray installs no CNI; the one installed afterwards is not named here');
      else if (name && name !== 'custom') e.cni(name, at('kube_network_plugin'));
      else if (!name) e.diag('warning', at('kube_network_plugin'), `kube_network_plugin ${plugin}: not a network plugin kubespray knows (calico, cilium, flannel, kube-router, kube-ovn, macvlan, custom_cni, cni)`);
    }
  } else if (core) {
    e.cni(DEFAULTS.plugin, anchor, dflt(`kube_network_plugin ${DEFAULTS.plugin}`));
  }

  if (has('kube_version')) {
    const s = e.text(v.kube_version, at('kube_version'), 'kube_version');
    if (s !== null) {
      const ver = kubeVersion(s);
      if (ver) e.claim({ type: 'clusterVersion', version: ver }, at('kube_version'));
      else e.diag('error', at('kube_version'), `kube_version ${s}: expected a version like v1.31.4`);
    }
  }

  calico(v, at, e);
  cilium(v, at, e);
  if (has('flannel_backend_type')) {
    const b = e.text(v.flannel_backend_type, at('flannel_backend_type'), 'flannel_backend_type');
    if (b !== null) e.claim({ type: 'cniSetting', field: 'encapsulation', value: b.toLowerCase() }, at('flannel_backend_type'));
  }
}

function mtu(v: Record<string, unknown>, key: string, at: (...p: Path) => number, e: Emitter): void {
  if (v[key] === undefined || v[key] === null || v[key] === '') return;
  const n = e.int(v[key], at(key), key, 0, 65535);
  if (n === 0) e.diag('skipped', at(key), `${key}: 0 leaves the plugin's default MTU (not stated here)`);
  else if (n !== null) e.claim({ type: 'cniSetting', field: 'mtu', value: n }, at(key));
}

function calico(v: Record<string, unknown>, at: (...p: Path) => number, e: Emitter): void {
  const ipipStated = v.calico_ipip_mode !== undefined && v.calico_ipip_mode !== null;
  const vxlanStated = v.calico_vxlan_mode !== undefined && v.calico_vxlan_mode !== null;
  const backend = v.calico_network_backend !== undefined ? e.text(v.calico_network_backend, at('calico_network_backend'), 'calico_network_backend') : null;
  if (ipipStated || vxlanStated) {
    const ipip = ipipStated ? e.text(v.calico_ipip_mode, at('calico_ipip_mode'), 'calico_ipip_mode') : null;
    const vxlan = vxlanStated ? e.text(v.calico_vxlan_mode, at('calico_vxlan_mode'), 'calico_vxlan_mode') : null;
    // kubespray's own defaults fill the unstated one (calico_vxlan_mode Always, calico_ipip_mode Never), so only a pair both stated is read.
    if (ipipStated && vxlanStated && (ipip !== null || vxlan !== null)) {
      const enc = calicoEncapsulation(ipip, vxlan);
      const l = at(ipip !== null && /^(always|crosssubnet)$/i.test(ipip) ? 'calico_ipip_mode' : 'calico_vxlan_mode');
      if (enc.error) e.diag('error', l, `calico_ipip_mode / calico_vxlan_mode: ${enc.error}`);
      else if (enc.value !== null && backend !== 'none') e.claim({ type: 'cniSetting', field: 'encapsulation', value: enc.value }, l);
    } else if (ipip !== null && /^(always|crosssubnet)$/i.test(ipip)) {
      e.claim({ type: 'cniSetting', field: 'encapsulation', value: 'ipip' }, at('calico_ipip_mode'));
    } else if (vxlan !== null && /^(always|crosssubnet)$/i.test(vxlan)) {
      e.claim({ type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }, at('calico_vxlan_mode'));
    }
  } else if (backend !== null && !/^(bird|vxlan|none)$/.test(backend)) {
    e.diag('error', at('calico_network_backend'), `calico_network_backend ${backend}: expected bird, vxlan or none`);
  }
  // calico_veth_mtu is the pods' interface MTU; calico_mtu the older single setting.
  mtu(v, v.calico_veth_mtu !== undefined ? 'calico_veth_mtu' : 'calico_mtu', at, e);
}

function cilium(v: Record<string, unknown>, at: (...p: Path) => number, e: Emitter): void {
  if (v.cilium_kube_proxy_replacement !== undefined && v.cilium_kube_proxy_replacement !== null) {
    const k = e.text(v.cilium_kube_proxy_replacement, at('cilium_kube_proxy_replacement'), 'cilium_kube_proxy_replacement');
    if (k !== null && /^(true|strict)$/i.test(k)) e.claim({ type: 'kubeProxyReplacement', name: 'cilium' }, at('cilium_kube_proxy_replacement'));
  }
  if (v.cilium_tunnel_mode !== undefined && v.cilium_tunnel_mode !== null) {
    const t = e.text(v.cilium_tunnel_mode, at('cilium_tunnel_mode'), 'cilium_tunnel_mode');
    if (t !== null) e.claim({ type: 'cniSetting', field: 'encapsulation', value: t === 'disabled' ? 'none' : t.toLowerCase() }, at('cilium_tunnel_mode'));
  }
  mtu(v, 'cilium_mtu', at, e);
}
