/**
 * `az aks show -g GROUP -n NAME` output (JSON, or YAML with `-o yaml`): the
 * ManagedCluster resource (learn.microsoft.com/rest/api/aks/managed-clusters/get):
 *
 *   "kubernetesVersion": "1.30.3", "currentKubernetesVersion": "1.30.3",
 *   "agentPoolProfiles": [{"name": "nodepool1", "count": 3, "maxPods": 250, "vnetSubnetId": "..."}],
 *   "networkProfile": {
 *     "networkPlugin": "azure", "networkPluginMode": "overlay", "networkDataplane": "cilium",
 *     "networkPolicy": "cilium", "podCidr": "10.244.0.0/16", "podCidrs": [...],
 *     "serviceCidr": "10.0.0.0/16", "serviceCidrs": [...], "dnsServiceIp": "10.0.0.10",
 *     "ipFamilies": ["IPv4"]
 *   }
 *
 * The service fills in the effective values, so `show` prints them; nothing is
 * taken from defaults here. The pod network by plugin
 * (learn.microsoft.com/azure/aks/concepts-network-cni-overview):
 *   kubenet                    a /24 podCIDR per node from podCidr        node-podcidr
 *   azure + overlay            a /24 per node from podCidr (overlay)      node-podcidr
 *   azure (no overlay)         pods take VNet addresses from the node subnet
 *                              (or a pod subnet, podSubnetId)             vpc; podCidr is unused
 *   none                       bring your own CNI                         unknown
 * networkDataplane cilium: Azure CNI powered by Cilium, which replaces kube-proxy.
 */
import type { Parser, ParseResult } from '../types.js';
import { CloudDoc, readCliTree } from './cloud-common.js';
import { emptyResult } from './common.js';

export const aksShow: Parser = {
  kind: 'aks-show',
  title: 'az aks show output',
  detect(lines) {
    let profile = false;
    let aks = 0;
    for (const l of lines.slice(0, 2000)) {
      if (/^"?(apiVersion|kind)"?\s*:/.test(l)) return 0;
      if (/^\s*"?networkProfile"?\s*:/.test(l)) profile = true;
      if (/^\s*"?(agentPoolProfiles|kubernetesVersion|currentKubernetesVersion|nodeResourceGroup|fqdn|azurePortalFqdn|networkPlugin|dnsServiceIp)"?\s*:/.test(l)) aks++;
      if (/Microsoft\.ContainerService\/managedClusters/.test(l)) aks += 2;
    }
    return profile && aks >= 3 ? 0.9 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const read = readCliTree(lines, out, 'az aks show output');
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `az aks show output is not valid JSON or YAML: ${read.error}` });
      return out;
    }
    const tree = read.tree;
    if (tree.value === null || typeof tree.value !== 'object' || Array.isArray(tree.value)) {
      out.diagnostics.push({ level: 'error', line: 1, message: 'az aks show output: expected the managed cluster as a JSON object' });
      return out;
    }
    readAks(new CloudDoc(tree.value, { line: (p) => tree.line(p), excerpt: (l) => lines[l - 1] ?? '' }, out, 'az aks show'));
    return out;
  },
};

function readAks(doc: CloudDoc): void {
  const np = ['networkProfile'];
  doc.claim({ type: 'distribution', name: 'aks' }, doc.get(['id']) !== undefined ? ['id'] : doc.get(['name']) !== undefined ? ['name'] : []);
  const name = doc.str(['name']);
  if (name !== null) doc.claim({ type: 'clusterName', name }, ['name']);
  doc.version(doc.get(['currentKubernetesVersion']) !== undefined ? ['currentKubernetesVersion'] : ['kubernetesVersion']);

  const plugin = (doc.str([...np, 'networkPlugin']) ?? '').toLowerCase();
  const mode = (doc.str([...np, 'networkPluginMode']) ?? '').toLowerCase();
  const dataplane = (doc.str([...np, 'networkDataplane']) ?? '').toLowerCase();
  const overlay = mode === 'overlay';
  const pluginPath = [...np, 'networkPlugin'];

  if (plugin === 'kubenet' || (plugin === 'azure' && overlay)) {
    const plural = doc.strs([...np, 'podCidrs']);
    if (plural.length > 0) for (const p of plural) doc.network('pod', p.path);
    else doc.network('pod', [...np, 'podCidr']);
    // The IPAM model follows from the plugin (as every CNI's does: ../../facts/known.ts CNI_IPAM): inferred, not stated.
    doc.inferred({ type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, overlay ? [...np, 'networkPluginMode'] : pluginPath, `IPAM of ${overlay ? 'Azure CNI Overlay' : 'kubenet'}: each node's podCIDR from the pod range; not stated`);
    // learn.microsoft.com/azure/aks/azure-cni-overlay ("Each node is assigned a /24 address space
    // carved out from the same CIDR") and configure-kubenet ("each node ... a /24").
    doc.inferred({ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 24 }, overlay ? [...np, 'networkPluginMode'] : pluginPath, `AKS gives each node a /24 of the pod range with ${overlay ? 'Azure CNI Overlay' : 'kubenet'}; not stated`);
    if (dataplane !== 'cilium') doc.claim({ type: 'cni', name: plugin === 'kubenet' ? 'kubenet' : 'azure-cni' }, pluginPath);
  } else if (plugin === 'azure') {
    doc.inferred({ type: 'cniSetting', field: 'ipam', value: 'vpc' }, pluginPath, 'IPAM of Azure CNI without overlay: pods take addresses from the VNet subnets; not stated');
    if (dataplane !== 'cilium') doc.claim({ type: 'cni', name: 'azure-cni' }, pluginPath);
    if (doc.str([...np, 'podCidr']) !== null) {
      doc.out.diagnostics.push({ level: 'skipped', line: doc.site.line([...np, 'podCidr']), message: 'az aks show networkProfile.podCidr is unused with Azure CNI without overlay: pods take addresses from the VNet subnets' });
    }
  } else if (plugin === 'none') {
    doc.out.diagnostics.push({ level: 'skipped', line: doc.site.line(pluginPath), message: 'az aks show networkPlugin none: a CNI of your own is installed, so the pod network is what its configuration says' });
    doc.network('pod', [...np, 'podCidr']);
  } else if (plugin !== '') {
    doc.out.diagnostics.push({ level: 'error', line: doc.site.line(pluginPath), message: `az aks show networkProfile.networkPlugin "${plugin}": expected azure, kubenet or none` });
  }
  if (dataplane === 'cilium') {
    const p = [...np, 'networkDataplane'];
    doc.claim({ type: 'cni', name: 'cilium' }, p);
    doc.claim({ type: 'kubeProxyReplacement', name: 'cilium' }, p);
    doc.claim({ type: 'kubeProxyPresent', present: false }, p);
  }
  const policy = (doc.str([...np, 'networkPolicy']) ?? '').toLowerCase();
  if (policy === 'azure' || policy === 'calico' || policy === 'cilium') doc.claim({ type: 'cniSetting', field: 'enforcesNetworkPolicy', value: true }, [...np, 'networkPolicy']);

  const services = doc.strs([...np, 'serviceCidrs']);
  if (services.length > 0) for (const s of services) doc.network('service', s.path);
  else doc.network('service', [...np, 'serviceCidr']);
  doc.ip([...np, 'dnsServiceIp'], (ip) => ({ type: 'dnsServiceIP', ip }));
  // AKS configures every kubelet with --cluster-dns set to it (learn.microsoft.com/azure/aks/
  // configure-kubenet, "--dns-service-ip ... used by kube-dns"): a consequence, not a statement.
  const dns = doc.str([...np, 'dnsServiceIp']);
  if (dns !== null && doc.out.diagnostics.every((d) => d.line !== doc.site.line([...np, 'dnsServiceIp']))) {
    doc.inferred({ type: 'clusterDNS', ip: dns }, [...np, 'dnsServiceIp'], `AKS gives every kubelet --cluster-dns ${dns}, the dnsServiceIp; not stated`);
  }

  // agentPoolProfiles[].count is not turned into nodes: the nodes exist and have names only `kubectl get
  // nodes` knows; nodes made up here would be counted twice beside that list.
}
