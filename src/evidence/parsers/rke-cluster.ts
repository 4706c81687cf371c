/**
 * RKE (Rancher Kubernetes Engine 1) cluster.yml, the file given to `rke up`,
 * also found nested under `rancher_kubernetes_engine_config:` in Rancher
 * cluster templates:
 *
 *   nodes:                                  address, internal_address, role, hostname_override
 *   kubernetes_version: v1.26.8-rancher1-1
 *   services:
 *     kube-api:        service_cluster_ip_range, service_node_port_range
 *     kube-controller: cluster_cidr, service_cluster_ip_range, extra_args.node-cidr-mask-size
 *     kubelet:         cluster_dns_server
 *     kubeproxy:       extra_args.proxy-mode
 *   network:
 *     plugin: canal | flannel | calico | weave | aci | none
 *     options: { canal_flannel_backend_type, flannel_backend_type }
 *     mtu: 0                                0 leaves the plugin's own default
 *
 * What the file leaves out is RKE's default, recorded as inferred (rancher/rke
 * cluster/defaults.go, v1.6.3, commit 40c5dd465677305662bc0471bfb9cf6ccf966782:
 * DefaultServiceClusterIPRange 10.43.0.0/16 for kube-api and kube-controller each,
 * DefaultClusterCIDR 10.42.0.0/16, DefaultClusterDNSService 10.43.0.10,
 * DefaultNodePortRange 30000-32767, DefaultNetworkPlugin canal, and
 * DefaultFlannelBackendVxLan for the flannel and canal backends).
 * RKE runs kube-proxy as a Docker container on every node, not as a DaemonSet.
 * Never read: the nodes' ssh_key / ssh_key_path, private registries' passwords.
 */
import type { Path } from '../objects/types.js';
import type { Parser, ParseResult } from '../types.js';
import { emptyResult } from './common.js';
import { Emitter, getIn, isMap, kubeVersion } from './installer.js';
import { readTree, type Tree } from './tree.js';

const RKE = 'RKE v1.6';
const DEFAULTS = {
  service: '10.43.0.0/16',
  pod: '10.42.0.0/16',
  dns: '10.43.0.10',
  nodePorts: '30000-32767',
  plugin: 'canal',
  flannelBackend: 'vxlan',
} as const;

/** network.plugin -> the CNI name the facts use. */
const PLUGINS: Readonly<Record<string, string>> = { canal: 'canal', flannel: 'flannel', calico: 'calico', weave: 'weave-net', aci: 'aci' };

const TOP = /^(nodes|services|network|kubernetes_version|system_images|ingress|addons|addon_job_timeout|authentication|authorization|ssh_key_path|ignore_docker_version|cluster_name|dns|monitoring|bastion_host|cloud_provider|private_registries|enable_cri_dockerd|rancher_kubernetes_engine_config)\s*:/;
const STRONG = /^\s+(kube-api|kube-controller|kubeproxy|scheduler|etcd|kubelet)\s*:\s*$|^\s+(service_cluster_ip_range|cluster_cidr|cluster_dns_server|canal_flannel_backend_type|flannel_backend_type)\s*:|^\s*-?\s*role\s*:\s*\[?\s*-?\s*(controlplane|etcd|worker)|^\s+-\s*(controlplane|etcd|worker)\s*$|^\s{0,4}plugin\s*:\s*(canal|flannel|calico|weave|aci|none)\b|^kubernetes_version\s*:.*rancher/;

export const rkeCluster: Parser = {
  kind: 'rke-cluster',
  title: 'RKE cluster.yml',
  detect(lines) {
    let top = 0;
    let strong = 0;
    for (const l of lines) {
      if (/^\s*#/.test(l)) continue;
      if (/^\s*"?(kind|apiVersion)"?\s*:/.test(l) && !/^\s/.test(l)) return 0;
      if (TOP.test(l)) top++;
      if (STRONG.test(l)) strong++;
    }
    if (strong >= 2 && top >= 2) return 0.9;
    return strong >= 1 && top >= 1 ? 0.6 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const read = readTree(lines);
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `RKE cluster.yml is not valid YAML: ${read.error}` });
      return out;
    }
    let base: Path = [];
    if (isMap(read.tree.value) && isMap(read.tree.value.rancher_kubernetes_engine_config)) base = ['rancher_kubernetes_engine_config'];
    const root = getIn(read.tree.value, base);
    if (!isMap(root)) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'RKE cluster.yml: expected a YAML mapping (nodes, services, network)' });
      return out;
    }
    readCluster(root, base, read.tree, new Emitter(out, lines));
    return out;
  },
};

function readCluster(root: Record<string, unknown>, base: Path, tree: Tree, e: Emitter): void {
  const at = (...p: (string | number)[]): number => e.line(tree, [...base, ...p]);
  const anchor = at();
  const dflt = (what: string): string => `default of ${RKE} (${what}), not stated`;
  e.claim({ type: 'distribution', name: 'rke' }, anchor);
  const clusterName = e.text(root.cluster_name, at('cluster_name'), 'cluster_name');
  if (clusterName !== null) e.claim({ type: 'clusterName', name: clusterName }, at('cluster_name'));

  const version = e.text(root.kubernetes_version, at('kubernetes_version'), 'kubernetes_version');
  if (version !== null) {
    const v = kubeVersion(version);
    if (v) e.claim({ type: 'clusterVersion', version: v }, at('kubernetes_version'));
    else e.diag('error', at('kubernetes_version'), `kubernetes_version ${version}: expected a version like v1.26.8-rancher1-1`);
  } else {
    // `rke config` writes the images it will run: the hyperkube tag is the Kubernetes version.
    const image = e.text(getIn(root, ['system_images', 'kubernetes']), at('system_images', 'kubernetes'), 'system_images.kubernetes');
    const tag = image ? /:(v?\d+\.\d+\.\d+[^:/@]*)$/.exec(image)?.[1] : undefined;
    const v = tag ? kubeVersion(tag) : null;
    if (v) e.claim({ type: 'clusterVersion', version: v }, at('system_images', 'kubernetes'));
  }

  const services = isMap(root.services) ? root.services : {};
  const api = isMap(services['kube-api']) ? services['kube-api'] : {};
  const ctrl = isMap(services['kube-controller']) ? services['kube-controller'] : {};
  const kubelet = isMap(services.kubelet) ? services.kubelet : {};
  const proxy = isMap(services.kubeproxy) ? services.kubeproxy : {};

  // kube-api and kube-controller each take their own service range; RKE defaults each on its own.
  for (const [svc, name, obj] of [
    ['kube-api', 'services.kube-api', api],
    ['kube-controller', 'services.kube-controller', ctrl],
  ] as const) {
    const l = at('services', svc, 'service_cluster_ip_range');
    if (!unset(obj.service_cluster_ip_range)) e.networks('service', obj.service_cluster_ip_range, l, `${name}.service_cluster_ip_range`);
    else {
      e.inferred({ type: 'network', role: 'service', cidr: DEFAULTS.service }, at('services', svc), dflt(`${name}.service_cluster_ip_range ${DEFAULTS.service}`));
    }
  }
  if (!unset(ctrl.cluster_cidr)) e.networks('pod', ctrl.cluster_cidr, at('services', 'kube-controller', 'cluster_cidr'), 'services.kube-controller.cluster_cidr');
  else e.inferred({ type: 'network', role: 'pod', cidr: DEFAULTS.pod }, at('services', 'kube-controller'), dflt(`services.kube-controller.cluster_cidr ${DEFAULTS.pod}`));

  const ports = e.text(api.service_node_port_range, at('services', 'kube-api', 'service_node_port_range'), 'services.kube-api.service_node_port_range');
  if (ports !== null) {
    if (/^\d{1,5}-\d{1,5}$/.test(ports)) e.claim({ type: 'nodePortRange', range: ports }, at('services', 'kube-api', 'service_node_port_range'));
    else e.diag('error', at('services', 'kube-api', 'service_node_port_range'), `services.kube-api.service_node_port_range ${ports}: expected a port range like 30000-32767`);
  } else if (unset(api.service_node_port_range)) {
    e.inferred({ type: 'nodePortRange', range: DEFAULTS.nodePorts }, at('services', 'kube-api'), dflt(`services.kube-api.service_node_port_range ${DEFAULTS.nodePorts}`));
  }

  const mask = getIn(ctrl, ['extra_args', 'node-cidr-mask-size']);
  if (mask !== undefined) {
    const n = e.int(mask, at('services', 'kube-controller', 'extra_args', 'node-cidr-mask-size'), 'services.kube-controller.extra_args.node-cidr-mask-size', 0, 128);
    if (n !== null) e.claim({ type: 'nodeCIDRMaskSize', family: 'IPv4', size: n }, at('services', 'kube-controller', 'extra_args', 'node-cidr-mask-size'));
  }

  if (!unset(kubelet.cluster_dns_server)) {
    const ip = e.ip(kubelet.cluster_dns_server, at('services', 'kubelet', 'cluster_dns_server'), 'services.kubelet.cluster_dns_server');
    if (ip) e.claim({ type: 'clusterDNS', ip }, at('services', 'kubelet', 'cluster_dns_server'));
  } else {
    e.inferred({ type: 'clusterDNS', ip: DEFAULTS.dns }, at('services', 'kubelet'), dflt(`services.kubelet.cluster_dns_server ${DEFAULTS.dns}`));
  }

  const mode = e.text(getIn(proxy, ['extra_args', 'proxy-mode']), at('services', 'kubeproxy', 'extra_args', 'proxy-mode'), 'services.kubeproxy.extra_args.proxy-mode');
  if (mode !== null) e.claim({ type: 'proxyMode', mode }, at('services', 'kubeproxy', 'extra_args', 'proxy-mode'));

  readNetwork(root, at, e, dflt);
  readNodes(root, at, e);
}

function readNetwork(root: Record<string, unknown>, at: (...p: (string | number)[]) => number, e: Emitter, dflt: (what: string) => string): void {
  const network = isMap(root.network) ? root.network : {};
  const stated = e.text(network.plugin, at('network', 'plugin'), 'network.plugin');
  const plugin = stated ?? (unset(network.plugin) ? DEFAULTS.plugin : null);
  if (plugin === null) return;
  const pluginLine = stated !== null ? at('network', 'plugin') : at('network');
  if (plugin === 'none') {
    e.diag('skipped', pluginLine, 'network.plugin: none: RKE deploys no CNI; the one installed afterwards is not named here');
    return;
  } else if (PLUGINS[plugin]) {
    e.cni(PLUGINS[plugin]!, pluginLine, stated !== null ? undefined : dflt(`network.plugin ${DEFAULTS.plugin}`));
  } else {
    e.diag('error', pluginLine, `network.plugin ${plugin}: expected canal, flannel, calico, weave, aci or none`);
    return;
  }
  const options = isMap(network.options) ? network.options : {};
  const backendKey = plugin === 'canal' ? 'canal_flannel_backend_type' : plugin === 'flannel' ? 'flannel_backend_type' : null;
  if (backendKey) {
    const backend = e.text(options[backendKey], at('network', 'options', backendKey), `network.options.${backendKey}`);
    if (backend !== null) e.claim({ type: 'cniSetting', field: 'encapsulation', value: backend.toLowerCase() }, at('network', 'options', backendKey));
    else if (unset(options[backendKey])) {
      e.inferred({ type: 'cniSetting', field: 'encapsulation', value: DEFAULTS.flannelBackend }, pluginLine, dflt(`network.options.${backendKey} ${DEFAULTS.flannelBackend}`));
    }
  }
  if (!unset(network.mtu)) {
    const mtu = e.int(network.mtu, at('network', 'mtu'), 'network.mtu', 0, 65535);
    if (mtu === 0) e.diag('skipped', at('network', 'mtu'), `network.mtu: 0 leaves the ${plugin} default MTU (not stated here)`);
    else if (mtu !== null) e.claim({ type: 'cniSetting', field: 'mtu', value: mtu }, at('network', 'mtu'));
  }
}

const ROLE: Readonly<Record<string, string>> = { controlplane: 'control-plane', worker: 'worker', etcd: 'etcd' };

function readNodes(root: Record<string, unknown>, at: (...p: (string | number)[]) => number, e: Emitter): void {
  if (root.nodes === undefined || root.nodes === null) return;
  if (!Array.isArray(root.nodes)) {
    e.diag('error', at('nodes'), 'nodes: expected a list of nodes (address, role)');
    return;
  }
  root.nodes.forEach((n, i) => {
    const l = at('nodes', i);
    if (!isMap(n)) {
      e.diag('error', l, `nodes[${i}]: expected a mapping with address and role`);
      return;
    }
    const address = e.text(n.address, at('nodes', i, 'address'), `nodes[${i}].address`);
    if (address === null) {
      if (n.address === undefined) e.diag('error', l, `nodes[${i}]: no address (RKE requires one)`);
      return;
    }
    const name = e.text(n.hostname_override, at('nodes', i, 'hostname_override'), `nodes[${i}].hostname_override`) ?? address;
    const internal = !unset(n.internal_address) ? e.ip(n.internal_address, at('nodes', i, 'internal_address'), `nodes[${i}].internal_address`) : null;
    // address may be a DNS name (the SSH target): then only internal_address gives an IP.
    const ip = internal ?? (/^[0-9.]+$|:/.test(address) ? e.ip(address, at('nodes', i, 'address'), `nodes[${i}].address`) : null);
    const roles = (Array.isArray(n.role) ? n.role : typeof n.role === 'string' ? n.role.split(',') : [])
      .map((r) => String(r).trim())
      .map((r) => ROLE[r] ?? r)
      .filter((r) => r !== '');
    e.claim({ type: 'node', name, ...(ip ? { internalIPs: [ip] } : {}), roles }, l);
  });
}

/** RKE treats an empty string as unset and applies its default (cluster/defaults.go setDefaultIfEmpty). */
function unset(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}
