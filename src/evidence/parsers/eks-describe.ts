/**
 * `aws eks describe-cluster --name NAME` output (JSON, or YAML with
 * `--output yaml`); the API's DescribeCluster response
 * (docs.aws.amazon.com/eks/latest/APIReference/API_DescribeCluster.html):
 *
 *   {
 *     "cluster": {
 *       "name": "prod", "version": "1.30", "arn": "arn:aws:eks:...",
 *       "resourcesVpcConfig": {"subnetIds": [...], "clusterSecurityGroupId": "sg-...", "vpcId": "vpc-..."},
 *       "kubernetesNetworkConfig": {"serviceIpv4Cidr": "10.100.0.0/16", "ipFamily": "ipv4"}
 *     }
 *   }
 *
 * serviceIpv4Cidr is always returned for an IPv4 cluster; an IPv6 cluster
 * returns serviceIpv6Cidr (EKS picks it from fc00::/7) and no IPv4 range.
 * The output names subnets by ID only, so no node range is read from it. The
 * pod network: EKS installs the Amazon VPC CNI (aws-node) on every cluster,
 * whose pods take addresses from the VPC subnets of their nodes (IPAM vpc);
 * the output does not say whether it was replaced, so that is inferred.
 */
import type { Parser, ParseResult } from '../types.js';
import { CloudDoc, readCliTree } from './cloud-common.js';
import { emptyResult } from './common.js';

export const VPC_CNI_DEFAULT = 'default of EKS: the Amazon VPC CNI (aws-node) add-on, pods take addresses from the node subnets; not stated';

export const eksDescribe: Parser = {
  kind: 'eks-describe-cluster',
  title: 'aws eks describe-cluster output',
  detect(lines, ctx) {
    let cluster = false;
    let eks = 0;
    for (const l of lines.slice(0, 400)) {
      if (/^\s*"?(apiVersion|kind)"?\s*:/.test(l) && !/^\s{2,}/.test(l)) return 0;
      if (/^\s*\{?\s*"?cluster"?\s*:\s*\{?\s*$/.test(l)) cluster = true;
      if (/"?(resourcesVpcConfig|kubernetesNetworkConfig|clusterSecurityGroupId|platformVersion)"?\s*:/.test(l)) eks++;
      if (/arn:aws[\w-]*:eks:/.test(l)) eks++;
    }
    if (cluster && eks >= 2) return 0.9;
    return cluster && eks >= 1 && /describe-cluster/.test(ctx.command ?? '') ? 0.7 : 0;
  },
  parse(lines) {
    const out: ParseResult = emptyResult();
    const read = readCliTree(lines, out, 'describe-cluster output');
    if (!read.ok) {
      out.diagnostics.push({ level: 'error', line: read.line, message: `describe-cluster output is not valid JSON or YAML: ${read.error}` });
      return out;
    }
    const tree = read.tree;
    const doc = new CloudDoc(tree.value, { line: (p) => tree.line(p), excerpt: (l) => lines[l - 1] ?? '' }, out, 'describe-cluster');
    if (doc.get(['cluster']) === null || typeof doc.get(['cluster']) !== 'object') {
      out.diagnostics.push({ level: 'error', line: 1, message: 'describe-cluster output: expected {"cluster": {...}} as `aws eks describe-cluster` prints it' });
      return out;
    }
    readEksCluster(doc);
    return out;
  },
};

function readEksCluster(doc: CloudDoc): void {
  const c = ['cluster'];
  doc.claim({ type: 'distribution', name: 'eks' }, doc.get([...c, 'arn']) !== undefined ? [...c, 'arn'] : c);
  const name = doc.str([...c, 'name']);
  if (name !== null) doc.claim({ type: 'clusterName', name }, [...c, 'name']);
  doc.version([...c, 'version']);
  const knc = [...c, 'kubernetesNetworkConfig'];
  const family = (doc.str([...knc, 'ipFamily']) ?? '').toLowerCase();
  if (family !== '' && family !== 'ipv4' && family !== 'ipv6') {
    doc.out.diagnostics.push({ level: 'error', line: doc.site.line([...knc, 'ipFamily']), message: `describe-cluster kubernetesNetworkConfig.ipFamily "${String(doc.get([...knc, 'ipFamily']))}": expected ipv4 or ipv6` });
  }
  const v4 = doc.network('service', [...knc, 'serviceIpv4Cidr']);
  const v6 = doc.network('service', [...knc, 'serviceIpv6Cidr']);
  if (!v4 && !v6 && doc.get(knc) === undefined) {
    doc.out.diagnostics.push({ level: 'warning', line: doc.site.line(c), message: 'describe-cluster output has no kubernetesNetworkConfig: the service range is unknown (an EKS cluster always has one: was the output cut?)' });
  }
  doc.inferred({ type: 'cni', name: 'aws-vpc-cni' }, c, VPC_CNI_DEFAULT);
  doc.inferred({ type: 'cniSetting', field: 'ipam', value: 'vpc' }, c, VPC_CNI_DEFAULT);
  // EKS runs kube-proxy as the kube-proxy add-on DaemonSet in kube-system; nothing here shows it absent.
}
