/**
 * Terraform modules as people write them for EKS, GKE and AKS: variables with
 * defaults, terraform.tfvars, locals, values only Terraform can compute, two var
 * files for two clusters, heredocs and comments with braces, and broken HCL.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines } from '../text.js';
import type { Claim, ParseResult } from '../types.js';
import { Locator } from './hcl.js';
import { terraform } from './terraform.js';

const mod = (files: Record<string, string>) => ({ files: Object.entries(files).map(([file, text]) => ({ file, lines: splitLines(text) })) });
const run = (file: string, files: Record<string, string>): ParseResult => terraform.parse(splitLines(files[file]!), { path: file, module: mod(files) });
const nets = (r: ParseResult, role: string) => r.observations.flatMap((o) => (o.claim.type === 'network' && o.claim.role === role ? [[o.claim.cidr, o.line, o.inferred === true]] : []));
const of = <T extends Claim['type']>(r: ParseResult, type: T) => r.observations.filter((o) => o.claim.type === type).map((o) => o.claim as Extract<Claim, { type: T }>);

const EKS = `module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  cidr   = local.vpc_cidr
}

resource "aws_vpc" "main" {
  cidr_block = local.vpc_cidr
}

resource "aws_eks_cluster" "this" {
  name     = var.cluster_name
  version  = var.cluster_version
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids = module.vpc.private_subnets
  }

  kubernetes_network_config {
    ip_family         = "ipv4"
    service_ipv4_cidr = var.service_cidr
  }
}
`;
const VARS = `variable "cluster_name" {
  type = string
}

variable "cluster_version" {
  default = "1.30"
}

variable "service_cidr" {
  description = "Service range"
  type        = string
  default     = "172.20.0.0/16"
}

locals {
  vpc_cidr = "10.0.0.0/16"
}
`;

test('EKS module: var defaults, terraform.tfvars overriding them, a local, module outputs unknown', () => {
  const files = { 'm/main.tf': EKS, 'm/variables.tf': VARS, 'm/terraform.tfvars': 'cluster_name    = "payments"\nservice_cidr    = "172.21.0.0/16"\n' };
  const r = run('m/main.tf', files);
  // The aws_vpc resource and the terraform-aws-modules/vpc module input both state the VPC.
  assert.equal(nets(r, 'node'), [
    ['10.0.0.0/16', 7, false],
    ['10.0.0.0/16', 3, false],
  ]);
  assert.equal(nets(r, 'service'), [['172.21.0.0/16', 21, false]]);
  assert.equal(of(r, 'clusterName').map((c) => c.name), ['payments']);
  assert.equal(of(r, 'clusterVersion').map((c) => c.version), ['v1.30']);
  assert.equal(of(r, 'distribution').map((c) => c.name), ['eks']);
  assert.ok(r.observations.some((o) => o.claim.type === 'cniSetting' && o.claim.value === 'vpc' && o.inferred === true));
  const svc = r.observations.find((o) => o.claim.type === 'network' && o.claim.role === 'service');
  assert.is(svc?.excerpt, 'service_ipv4_cidr = var.service_cidr (var.service_cidr = "172.21.0.0/16" at terraform.tfvars:2)');
  assert.equal(r.diagnostics.filter((d) => d.level === 'error'), []);
});

test('terraform-aws-modules eks and vpc (v20 inputs): version, subnets, node groups, EKS default service range', () => {
  const text = `module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
  cidr    = "192.168.0.0/16"
  private_subnets = ["192.168.1.0/24", "192.168.2.0/24"]
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "lab"
  cluster_version = "1.29"
  subnet_ids      = module.vpc.private_subnets

  eks_managed_node_groups = {
    one = {
      name         = "node-group-1"
      desired_size = 2
    }
    two = {
      desired_size = 1
    }
  }
}
`;
  const r = run('e/main.tf', { 'e/main.tf': text });
  assert.equal(nets(r, 'node').map((n) => [n[0], n[1]]), [
    ['192.168.0.0/16', 4],
    ['192.168.1.0/24', 5],
    ['192.168.2.0/24', 5],
  ]);
  assert.equal(nets(r, 'service'), [['10.100.0.0/16', 8, true]]);
  assert.equal(of(r, 'clusterName').map((c) => c.name), ['lab']);
  assert.equal(of(r, 'clusterVersion').map((c) => c.version), ['v1.29']);
  assert.equal(r.observations.filter((o) => o.claim.type === 'node').map((o) => [(o.claim as { name: string }).name, o.line]), [
    ['node-group-1-1', 18],
    ['node-group-1-2', 18],
    ['two-1', 21],
  ]);
  const v21 = run('e/main.tf', { 'e/main.tf': text.replace('cluster_name    = "lab"', 'name = "lab"').replace('cluster_version = "1.29"', 'kubernetes_version = "1.33"\n  service_ipv4_cidr = "172.30.0.0/16"').replace('      desired_size = 1\n', '      min_size = 1\n') });
  assert.equal(nets(v21, 'service'), [['172.30.0.0/16', 13, false]]);
  assert.equal(v21.observations.filter((o) => o.claim.type === 'node'), []);
  assert.ok(v21.diagnostics.some((d) => /node group two states no fixed size/.test(d.message)));
});

test('EKS without service_ipv4_cidr: the default follows the VPC, inferred', () => {
  const files = { 'm/main.tf': EKS.replace('    service_ipv4_cidr = var.service_cidr\n', ''), 'm/variables.tf': VARS, 'm/terraform.tfvars': 'cluster_name = "payments"\n' };
  const r = run('m/main.tf', files);
  assert.equal(nets(r, 'service'), [['172.20.0.0/16', 10, true]]);
});

test('a variable without a value is unknown, never a value', () => {
  const r = run('m/main.tf', { 'm/main.tf': EKS, 'm/variables.tf': VARS.replace('  default     = "172.20.0.0/16"\n', '') });
  assert.equal(nets(r, 'service'), []);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && d.line === 21 && /var\.service_cidr has no default/.test(d.message)));
  assert.equal(of(r, 'clusterName').map((c) => c.name), ['aws_eks_cluster.this']);
});

test('test.tfvars and prod.tfvars setting one variable differently: two clusters, named, value unknown', () => {
  const files = { 'm/main.tf': EKS, 'm/variables.tf': VARS, 'm/test.tfvars': 'cluster_name = "pay-test"\n', 'm/prod.tfvars': 'cluster_name = "pay-prod"\n' };
  const r = run('m/main.tf', files);
  assert.equal(of(r, 'clusterName').map((c) => c.name), ['aws_eks_cluster.this']);
  const d = r.diagnostics.find((x) => /set differently/.test(x.message));
  assert.ok(d);
  assert.match(d.message, /var\.cluster_name is set differently in test\.tfvars:1 \("pay-test"\) and prod\.tfvars:1 \("pay-prod"\): two clusters in one folder/);
});

test('GKE: secondary ranges by name from the subnetwork, Dataplane V2, max pods to node mask', () => {
  const text = `resource "google_compute_subnetwork" "nodes" {
  name          = "nodes"
  ip_cidr_range = "10.10.0.0/20"
  secondary_ip_range {
    range_name    = "pods"
    ip_cidr_range = "10.20.0.0/14"
  }
  secondary_ip_range {
    range_name    = "svc"
    ip_cidr_range = "10.24.0.0/20"
  }
}

resource "google_container_cluster" "primary" {
  name               = "web"
  min_master_version = "1.31"
  datapath_provider  = "ADVANCED_DATAPATH" # Dataplane V2
  ip_allocation_policy {
    cluster_secondary_range_name  = "pods"
    services_secondary_range_name = "svc"
  }
  default_max_pods_per_node = 110
}
`;
  const r = run('g/main.tf', { 'g/main.tf': text });
  assert.equal(nets(r, 'node'), [['10.10.0.0/20', 3, false]]);
  assert.equal(nets(r, 'pod'), [['10.20.0.0/14', 19, false]]);
  assert.equal(nets(r, 'service'), [['10.24.0.0/20', 20, false]]);
  assert.equal(of(r, 'kubeProxyReplacement').map((c) => c.name), ['cilium']);
  assert.equal(of(r, 'nodeCIDRMaskSize').map((c) => c.size), [24]);
});

test('AKS: network_profile with overlay and the Cilium dataplane, dual-stack lists', () => {
  const text = `resource "azurerm_virtual_network" "vnet" {
  name          = "vnet"
  address_space = ["10.224.0.0/12"]
}

resource "azurerm_kubernetes_cluster" "aks" {
  name               = "shop"
  kubernetes_version = "1.30.6"

  default_node_pool {
    name       = "system"
    node_count = 3
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_data_plane  = "cilium"
    network_policy      = "cilium"
    pod_cidrs           = ["10.244.0.0/16", "fd10:244::/64"]
    service_cidrs       = ["10.0.0.0/16", "fd10:96::/108"]
    dns_service_ip      = "10.0.0.10"
    ip_versions         = ["IPv4", "IPv6"]
  }
}
`;
  const r = run('a/aks.tf', { 'a/aks.tf': text });
  assert.equal(nets(r, 'node'), [['10.224.0.0/12', 3, false]]);
  assert.equal(nets(r, 'pod').map((n) => n[0]), ['10.244.0.0/16', 'fd10:244::/64']);
  assert.equal(nets(r, 'service').map((n) => n[0]), ['10.0.0.0/16', 'fd10:96::/108']);
  assert.equal(of(r, 'clusterDNS').map((c) => c.ip), ['10.0.0.10']);
  assert.equal(of(r, 'cni').map((c) => c.name), ['cilium']);
  assert.ok(r.observations.some((o) => o.claim.type === 'cniSetting' && o.claim.value === 'node-podcidr'));
});

test('AKS with Azure CNI without overlay: IPAM vpc', () => {
  const text = 'resource "azurerm_kubernetes_cluster" "aks" {\n  name = "x"\n  network_profile {\n    network_plugin = "azure"\n    service_cidr   = "10.0.0.0/16"\n  }\n}\n';
  const r = run('a/aks.tf', { 'a/aks.tf': text });
  assert.ok(r.observations.some((o) => o.claim.type === 'cniSetting' && o.claim.value === 'vpc' && o.line === 4));
  assert.equal(of(r, 'cni').map((c) => c.name), ['azure-cni']);
});

test('broken HCL: an error naming the block and its lines, CRLF', () => {
  const text = 'resource "aws_vpc" "a" {\r\n  cidr_block = "10.0.0.0/16"\r\n}\r\n\r\nresource "aws_eks_cluster" "b" {\r\n  name = \r\n}\r\n';
  const r = terraform.parse(splitLines(text), { path: 'x.tf' });
  assert.equal(r.observations, []);
  assert.equal(r.diagnostics.map((d) => [d.level, d.line, d.message]), [['error', 5, 'Terraform: resource "aws_eks_cluster" "b" (lines 5-7) is not valid HCL']]);
});

test('Locator: braces in strings, comments and heredocs do not move blocks', () => {
  const text = `resource "aws_eks_cluster" "c" {
  # a comment with { a brace
  description = "not a block {"
  user_data = <<EOT
{ "json": { } 
EOT
  kubernetes_network_config {
    service_ipv4_cidr = "10.100.0.0/16" // }
  }
}
`;
  const loc = new Locator(splitLines(text));
  const start = loc.block(['resource', 'aws_eks_cluster', 'c']);
  assert.is(start, 1);
  assert.is(loc.within(start!, ['kubernetes_network_config', 'service_ipv4_cidr']), 8);
  const r = terraform.parse(splitLines(text), { path: 'c.tf' });
  assert.equal(nets(r, 'service'), [['10.100.0.0/16', 8, false]]);
});

test('detection: .tf with cluster resources, .tfvars by name; other text is not Terraform', () => {
  assert.ok(terraform.detect(splitLines(EKS), { path: 'main.tf' }) >= 0.9);
  assert.ok(terraform.detect(splitLines('cluster_name = "a"\n'), { path: 'terraform.tfvars' }) > 0.5);
  assert.is(terraform.detect(splitLines('apiVersion: v1\nkind: ConfigMap\n'), { path: 'cm.yaml' }), 0);
});

test.run();
