/**
 * eksctl ClusterConfig (eksctl.io/v1alpha5), the file given to
 * `eksctl create cluster -f cluster.yaml`: an EKS cluster before it exists.
 * Fields (eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/types.go, commit
 * 99984adb6164ece593c0728523b7f497ea61d60e):
 *
 *   metadata: {name, region, version}
 *   kubernetesNetworkConfig: {ipFamily: IPv4|IPv6 (default IPv4), serviceIPv4CIDR}
 *   vpc: {id, cidr, subnets: {private|public: {<az or name>: {id, cidr}}}}
 *   addons: [{name: vpc-cni, configurationValues: ...}, ...]
 *   nodeGroups[] / managedNodeGroups[]: {name, desiredCapacity}
 *
 * Defaults, marked inferred:
 * - eksctl builds a VPC of 192.168.0.0/16 when none is given (vpc.go DefaultCIDR,
 *   same commit), and only then is its range known without `vpc.cidr`.
 * - EKS's service range when serviceIPv4CIDR is left out: 10.100.0.0/16, or
 *   172.20.0.0/16 for a VPC in 10.0.0.0/8 (../../parsers/cloud-common.ts).
 * - A node group with no desiredCapacity, minSize or maxSize gets DefaultNodeCount = 2
 *   (types.go; validation.go and pkg/cfn/builder/nodegroup.go apply it); with only
 *   min/max sizes the count is left unknown.
 * - The pod network is the Amazon VPC CNI (aws-node, installed on every EKS
 *   cluster): pods take addresses from the node subnets (IPAM vpc). Stated when
 *   the vpc-cni add-on is listed, inferred otherwise.
 * The VPC and subnet ranges are the node networks (pods share them).
 */
import { CloudDoc, eksDefaultServiceRange, MAX_GROUP_NODES } from '../../parsers/cloud-common.js';
import { VPC_CNI_DEFAULT } from '../../parsers/eks-describe.js';
import type { ParseResult } from '../../types.js';
import { arr, group, obj, str, type ObjectHandler } from '../types.js';

const EKSCTL_DEFAULT_VPC = '192.168.0.0/16';
const EKSCTL_DEFAULT_NODES = 2;

export const eksctlHandler: ObjectHandler = {
  name: 'eksctl-cluster-config',
  matches: (o) => o.kind === 'ClusterConfig' && group(o) === 'eksctl.io',
  extract(o, site, out: ParseResult) {
    const doc = new CloudDoc(o, site, out, 'ClusterConfig');
    const kindPath = ['kind'];
    doc.claim({ type: 'distribution', name: 'eks' }, kindPath);
    const name = doc.str(['metadata', 'name']);
    if (name !== null) doc.claim({ type: 'clusterName', name }, ['metadata', 'name']);
    doc.version(['metadata', 'version']);

    const familyRaw = doc.str(['kubernetesNetworkConfig', 'ipFamily']);
    const ipv6 = familyRaw !== null && familyRaw.toLowerCase() === 'ipv6';
    if (familyRaw !== null && !ipv6 && familyRaw.toLowerCase() !== 'ipv4') {
      out.diagnostics.push({ level: 'error', line: site.line(['kubernetesNetworkConfig', 'ipFamily']), message: `ClusterConfig kubernetesNetworkConfig.ipFamily "${familyRaw}": expected IPv4 or IPv6` });
    }

    // Node networks: the VPC and its subnets.
    const vpc = obj(o.vpc);
    const vpcCidrs: string[] = [];
    if (doc.network('node', ['vpc', 'cidr'])) vpcCidrs.push(String(vpc?.cidr));
    for (const topology of ['private', 'public']) {
      const subnets = obj(obj(vpc?.subnets)?.[topology]);
      for (const name of Object.keys(subnets ?? {})) doc.network('node', ['vpc', 'subnets', topology, name, 'cidr']);
    }
    // eksctl builds the VPC only when none is named (an id, subnets, or the control plane's subnets of an existing cluster).
    const ownVpc = str(vpc?.id) === null && obj(vpc?.subnets) === null && vpc?.controlPlaneSubnetIDs === undefined;
    if (vpcCidrs.length === 0 && ownVpc) {
      const at = vpc ? ['vpc'] : kindPath;
      doc.inferred({ type: 'network', role: 'node', cidr: EKSCTL_DEFAULT_VPC }, at, `default of eksctl (VPC ${EKSCTL_DEFAULT_VPC}), not stated`);
      vpcCidrs.push(EKSCTL_DEFAULT_VPC);
    }

    // Service range.
    const stated = doc.network('service', ['kubernetesNetworkConfig', 'serviceIPv4CIDR']);
    if (!stated && !ipv6) {
      if (vpcCidrs.length > 0) {
        const d = eksDefaultServiceRange(vpcCidrs);
        const at = o.kubernetesNetworkConfig !== undefined ? ['kubernetesNetworkConfig'] : kindPath;
        doc.inferred({ type: 'network', role: 'service', cidr: d.cidr }, at, `default of EKS for a VPC of ${vpcCidrs[0]} (service range ${d.cidr}), not stated`);
      } else {
        out.diagnostics.push({
          level: 'skipped',
          line: site.line(['vpc']),
          message: 'ClusterConfig states no serviceIPv4CIDR and no vpc.cidr: EKS picks 10.100.0.0/16, or 172.20.0.0/16 for a VPC in 10.0.0.0/8, so the service range is unknown until the VPC\'s range is given',
        });
      }
    }
    if (stated && ipv6) {
      out.diagnostics.push({ level: 'error', line: site.line(['kubernetesNetworkConfig', 'serviceIPv4CIDR']), message: 'ClusterConfig serviceIPv4CIDR with ipFamily IPv6: EKS takes IPv6 service addresses from fc00::/7 and refuses an IPv4 service range' });
    }

    // The CNI.
    const addons = arr(o.addons);
    const cni = addons.findIndex((a) => str(obj(a)?.name) === 'vpc-cni');
    if (cni >= 0) {
      doc.claim({ type: 'cni', name: 'aws-vpc-cni' }, ['addons', cni, 'name']);
      doc.claim({ type: 'cniSetting', field: 'ipam', value: 'vpc' }, ['addons', cni, 'name']);
    } else if (obj(o.addonsConfig)?.disableDefaultAddons === true) {
      // addon.go AddonsConfig.DisableDefaultAddons: no vpc-cni, kube-proxy or coredns unless listed; a CNI of one's own.
      out.diagnostics.push({ level: 'skipped', line: site.line(['addonsConfig', 'disableDefaultAddons']), message: 'ClusterConfig addonsConfig.disableDefaultAddons without a vpc-cni add-on: the CNI is one of your own, so the pod network is what its configuration says' });
    } else {
      doc.inferred({ type: 'cni', name: 'aws-vpc-cni' }, kindPath, VPC_CNI_DEFAULT);
      doc.inferred({ type: 'cniSetting', field: 'ipam', value: 'vpc' }, kindPath, VPC_CNI_DEFAULT);
    }

    // Nodes the node groups will have; when one group's count is unknown (only min/max sizes) so is the cluster's.
    const planned: { name: string; count: number; path: (string | number)[]; label: string; why?: string }[] = [];
    let unknown: string | null = null;
    for (const [list, label] of [['nodeGroups', 'alpha.eksctl.io/nodegroup-name'], ['managedNodeGroups', 'eks.amazonaws.com/nodegroup']] as const) {
      arr(o[list]).forEach((g, i) => {
        const name = str(obj(g)?.name);
        if (name === null) return;
        const count = doc.int([list, i, 'desiredCapacity']);
        if (count !== null) planned.push({ name, count, path: [list, i, 'desiredCapacity'], label });
        else if (obj(g)?.desiredCapacity === undefined && obj(g)?.minSize === undefined && obj(g)?.maxSize === undefined) {
          planned.push({ name, count: EKSCTL_DEFAULT_NODES, path: [list, i, 'name'], label, why: `default of eksctl (desiredCapacity ${EKSCTL_DEFAULT_NODES} for node group ${name}), not stated` });
        } else unknown ??= name;
      });
    }
    if (unknown !== null) {
      out.diagnostics.push({ level: 'skipped', line: site.line(), message: `ClusterConfig node group ${unknown} gives no desiredCapacity (only its size limits): the number of nodes is unknown` });
    } else if (planned.every((p) => p.count <= MAX_GROUP_NODES)) {
      for (const p of planned) doc.nodes(p.name, p.count, p.path, p.label, p.why);
    }
  },
};
