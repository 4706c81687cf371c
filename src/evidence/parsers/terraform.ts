/**
 * Terraform for managed clusters, read with HashiCorp's HCL parser (./hcl.ts):
 *
 *   aws_eks_cluster              name, version, kubernetes_network_config {service_ipv4_cidr,
 *                                service_ipv6_cidr, ip_family}: EKS with the VPC CNI (IPAM vpc)
 *   aws_vpc, aws_subnet          cidr_block: node networks (pods share them on EKS)
 *   google_container_cluster     name, min_master_version, cluster_ipv4_cidr, ip_allocation_policy
 *                                {cluster_ipv4_cidr_block, services_ipv4_cidr_block, *_secondary_range_name},
 *                                datapath_provider ADVANCED_DATAPATH (Cilium, no kube-proxy),
 *                                default_max_pods_per_node (node mask)
 *   google_compute_subnetwork    ip_cidr_range (node network), secondary_ip_range {range_name, ip_cidr_range}
 *   azurerm_kubernetes_cluster   name, kubernetes_version, network_profile {network_plugin,
 *                                network_plugin_mode, network_data_plane, network_policy, pod_cidr(s),
 *                                service_cidr(s), dns_service_ip}
 *   azurerm_virtual_network, azurerm_subnet   address_space / address_prefixes: node networks
 *
 * Values: literals; `var.x` from its `variable` default or from terraform.tfvars /
 * *.auto.tfvars of the same folder (Terraform's own order: auto files win over
 * defaults); `local.x` when the local is a literal. Anything else (`module.vpc.x`,
 * functions, a variable with no value) is unknown and reported as skipped, never
 * guessed. The folder's other files reach the parser as `ctx.module` (read.ts
 * does the reading). A variable set differently in two other var files
 * (test.tfvars, prod.tfvars: given with -var-file) is two clusters: an error
 * naming both, the value left unknown. Each cluster resource names its cluster
 * (its `name`, or its address when that is unknown), so two cluster resources
 * in one input are a KN901 conflict naming both.
 */
import type { ParseContext, Parser, ParseResult, Claim } from '../types.js';
import { excerpt } from '../text.js';
import { eksDefaultServiceRange, gkeNodeMask, MAX_GROUP_NODES } from './cloud-common.js';
import { addNetworks, checkIP, emptyResult } from './common.js';
import { VPC_CNI_DEFAULT } from './eks-describe.js';
import { Locator, parseHcl } from './hcl.js';

const CLUSTERS = ['aws_eks_cluster', 'google_container_cluster', 'azurerm_kubernetes_cluster'] as const;
const NETWORKS = ['aws_vpc', 'aws_subnet', 'google_compute_subnetwork', 'azurerm_virtual_network', 'azurerm_subnet'] as const;
/** The community modules most EKS Terraform is written with (registry.terraform.io/modules/terraform-aws-modules). */
const AWS_VPC_MODULE = /^(registry\.terraform\.io\/)?terraform-aws-modules\/vpc\/aws(\/\/.*)?$|github\.com\/terraform-aws-modules\/terraform-aws-vpc/;
const AWS_EKS_MODULE = /^(registry\.terraform\.io\/)?terraform-aws-modules\/eks\/aws(\/\/.*)?$|github\.com\/terraform-aws-modules\/terraform-aws-eks/;
const RESOURCE = new RegExp(`^\\s*resource\\s+"(${[...CLUSTERS, ...NETWORKS].join('|')})"\\s+"`);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
/** hcl2json writes each block as a list of bodies. */
const first = (v: unknown): Obj | null => (Array.isArray(v) ? obj(v[0]) : obj(v));

interface Known {
  value: unknown;
  file: string;
  line: number;
}

/** What a folder's files define: variable values and literal locals. */
interface ModuleValues {
  vars: Map<string, Known>;
  /** Set in var files that Terraform does not load by itself (-var-file): file -> value. */
  varFiles: Map<string, Known[]>;
  locals: Map<string, Known>;
  /** aws_vpc cidr_block values as written (resolved where used), for EKS's default service range. */
  vpcCidrs: string[];
  /** google_compute_subnetwork secondary ranges by name. */
  secondary: Map<string, Known>;
}

export const terraform: Parser = {
  kind: 'terraform',
  title: 'Terraform (EKS, GKE, AKS clusters and their networks)',
  detect(lines, ctx) {
    if (/\.tfvars$/.test(ctx.path ?? '') && lines.some((l) => /^\s*[A-Za-z_][\w-]*\s*=/.test(l))) return 0.6;
    const tf = /\.tf$/.test(ctx.path ?? '');
    for (const l of lines) if (RESOURCE.test(l) || /^\s*source\s*=\s*"[^"]*terraform-aws-modules\/(vpc|eks)\/aws/.test(l)) return 0.95;
    if (tf && lines.some((l) => /^\s*(variable|locals|module|provider|terraform|data|output)\b.*\{\s*$/.test(l))) return 0.6;
    return 0;
  },
  parse(lines, ctx) {
    const out: ParseResult = emptyResult();
    // A var file states no resource: its values reach the .tf files of its folder through ctx.module.
    if (/\.tfvars$/.test(ctx.path ?? '')) return out;
    const parsed = parseHcl(lines);
    if (!parsed.ok) {
      out.diagnostics.push({ level: 'error', line: parsed.line, message: `Terraform: ${parsed.error}` });
      return out;
    }
    const mod = moduleValues(ctx, lines, parsed.value);
    const loc = new Locator(lines);
    const res = obj(parsed.value.resource) ?? {};
    for (const type of NETWORKS) {
      for (const [name, body] of Object.entries(obj(res[type]) ?? {})) readNetwork(new Res(type, name, first(body) ?? {}, loc, lines, out, mod, ctx), type);
    }
    for (const [name, body] of Object.entries(obj(parsed.value.module) ?? {})) {
      const b = first(body) ?? {};
      const source = typeof b.source === 'string' ? b.source : '';
      if (AWS_VPC_MODULE.test(source)) readVpcModule(new Res('module', name, b, loc, lines, out, mod, ctx));
      else if (AWS_EKS_MODULE.test(source)) ownCluster(out, () => readEksModule(new Res('module', name, b, loc, lines, out, mod, ctx)));
    }
    for (const type of CLUSTERS) {
      for (const [name, body] of Object.entries(obj(res[type]) ?? {})) {
        const r = new Res(type, name, first(body) ?? {}, loc, lines, out, mod, ctx);
        ownCluster(out, () => {
          if (type === 'aws_eks_cluster') readEks(r);
          else if (type === 'google_container_cluster') readGke(r);
          else readAks(r);
        });
      }
    }
    return out;
  },
};

/**
 * What one cluster resource (or EKS module) says is that cluster's: its observations
 * carry its name, so a file with two clusters is two clusters (../clusters.ts), while
 * the VPCs and subnets beside them stay unattributed.
 */
function ownCluster(out: ParseResult, read: () => void): void {
  const before = out.observations.length;
  read();
  const added = out.observations.slice(before);
  const name = added.find((o) => o.claim.type === 'clusterName');
  if (name?.claim.type !== 'clusterName') return;
  for (const o of added) o.cluster = name.claim.name;
}

/** One resource block: values by path, resolved, with their lines. */
class Res {
  readonly line: number;
  /** A `module` block (type 'module') rather than a resource. */
  constructor(
    readonly type: string,
    readonly name: string,
    readonly body: Obj,
    readonly loc: Locator,
    readonly lines: readonly string[],
    readonly out: ParseResult,
    readonly mod: ModuleValues,
    readonly ctx: ParseContext,
  ) {
    this.line = (type === 'module' ? loc.block(['module', name]) : loc.block(['resource', type, name])) ?? 1;
  }

  get address(): string {
    return `${this.type}.${this.name}`;
  }

  /** The first of `paths` that is set (module inputs renamed between major versions). */
  pick(...paths: string[][]): string[] {
    return paths.find((p) => this.raw(p) !== undefined) ?? paths[0]!;
  }

  /**
   * Nodes of node groups, planned: `count` nodes named `<group>-<n>` each. When one group's count is
   * unknown so is the cluster's, and none are added.
   */
  plannedNodes(groups: { name: string; count: number | null; path: (string | number)[] }[], label: string): void {
    const unknown = groups.find((g) => g.count === null);
    if (unknown) {
      this.out.diagnostics.push({ level: 'skipped', line: this.at(unknown.path), message: `Terraform ${this.address}: node group ${unknown.name} states no fixed size, so the number of nodes is unknown` });
      return;
    }
    if (groups.some((g) => g.count! > MAX_GROUP_NODES)) return;
    for (const g of groups) {
      const line = this.at(g.path);
      for (let n = 1; n <= g.count!; n++) this.out.observations.push({ claim: { type: 'node', name: `${g.name}-${n}`, labels: { [label]: g.name } }, line, excerpt: this.excerptAt(line, null) });
    }
  }

  count(path: (string | number)[]): number | null {
    const v = this.value(path);
    if (!v) return null;
    const n = typeof v.value === 'number' ? v.value : typeof v.value === 'string' && /^\d+$/.test(v.value) ? Number(v.value) : NaN;
    return Number.isInteger(n) && n >= 0 ? n : null;
  }

  raw(path: readonly (string | number)[]): unknown {
    let v: unknown = this.body;
    for (const k of path) {
      if (typeof k === 'number') v = Array.isArray(v) ? v[k] : undefined;
      else v = Array.isArray(v) ? obj(v[0])?.[k] : obj(v)?.[k];
    }
    return v;
  }

  at(path: readonly (string | number)[]): number {
    return this.loc.within(this.line, path);
  }

  /** A resolved value, or undefined (absent) / null (unknown, reported). */
  value(path: readonly (string | number)[]): { value: unknown; via: string | null } | undefined | null {
    const v = this.raw(path);
    if (v === undefined) return undefined;
    return resolve(v, this.mod, this.ctx, (why) => this.out.diagnostics.push({ level: 'skipped', line: this.at(path), message: `Terraform ${this.address} ${path.filter((p) => typeof p === 'string').join('.')}: ${why}` }));
  }

  str(path: readonly (string | number)[]): { value: string; via: string | null } | null {
    const v = this.value(path);
    if (!v) return null;
    if (typeof v.value === 'string' || typeof v.value === 'number') return { value: String(v.value), via: v.via };
    return null;
  }

  strs(path: readonly (string | number)[]): { value: string; via: string | null }[] {
    const v = this.value(path);
    if (!v) return [];
    if (typeof v.value === 'string') return [{ value: v.value, via: v.via }];
    if (!Array.isArray(v.value)) return [];
    return v.value.flatMap((x) => {
      if (typeof x === 'string' && !x.includes('${')) return [{ value: x, via: v.via }];
      if (typeof x === 'string') {
        const r = resolve(x, this.mod, this.ctx, (why) => this.out.diagnostics.push({ level: 'skipped', line: this.at(path), message: `Terraform ${this.address}: ${why}` }));
        return r && typeof r.value === 'string' ? [{ value: r.value, via: r.via }] : [];
      }
      return [];
    });
  }

  excerptAt(line: number, via: string | null): string {
    const text = (this.lines[line - 1] ?? '').trim();
    return excerpt(via ? `${text} (${via})` : text);
  }

  claim(claim: Claim, path: readonly (string | number)[], via: string | null = null): void {
    const line = this.at(path);
    this.out.observations.push({ claim, line, excerpt: this.excerptAt(line, via) });
  }

  inferred(claim: Claim, why: string): void {
    this.out.observations.push({ claim, line: this.line, excerpt: excerpt(why), inferred: true });
  }

  network(role: 'node' | 'pod' | 'service', path: readonly (string | number)[]): string[] {
    const found: string[] = [];
    for (const v of this.strs(path)) {
      const line = this.at(path);
      const before = this.out.observations.length;
      addNetworks(this.out, role, v.value, line, this.excerptAt(line, v.via), `Terraform ${this.address} ${path.filter((p) => typeof p === 'string').join('.')}`);
      if (this.out.observations.length > before) found.push(v.value);
    }
    return found;
  }

  version(path: readonly (string | number)[]): void {
    const v = this.str(path);
    if (v && /^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.+-]+)?$/.test(v.value)) this.claim({ type: 'clusterVersion', version: v.value.startsWith('v') ? v.value : `v${v.value}` }, path, v.via);
  }

  clusterName(): void {
    const v = this.str(['name']);
    if (v) this.claim({ type: 'clusterName', name: v.value }, ['name'], v.via);
    else this.out.observations.push({ claim: { type: 'clusterName', name: this.address }, line: this.line, excerpt: this.excerptAt(this.line, null) });
  }
}

function resolve(v: unknown, mod: ModuleValues, ctx: ParseContext, skip: (why: string) => void): { value: unknown; via: string | null } | null {
  if (typeof v !== 'string') return { value: v, via: null };
  if (!v.includes('${')) return { value: v, via: null };
  const m = /^\$\{(var|local)\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(v.trim());
  if (!m) {
    skip(`${v.slice(2, -1)} is computed by Terraform, unknown here`);
    return null;
  }
  const [, scope, name] = m as unknown as [string, 'var' | 'local', string];
  const here = (k: Known): string => `${scope}.${name} = ${JSON.stringify(k.value)} at ${k.file === (ctx.path ?? '') ? '' : `${baseName(k.file)}:`}${k.line}`;
  if (scope === 'local') {
    const k = mod.locals.get(name);
    if (!k) {
      skip(`local.${name} is not a literal in this folder, unknown here`);
      return null;
    }
    return typeof k.value === 'string' && k.value.includes('${') ? resolve(k.value, mod, ctx, skip) : { value: k.value, via: here(k) };
  }
  const k = mod.vars.get(name);
  if (k) return { value: k.value, via: here(k) };
  const files = mod.varFiles.get(name) ?? [];
  const distinct = new Set(files.map((f) => JSON.stringify(f.value)));
  if (files.length > 0 && distinct.size === 1) return { value: files[0]!.value, via: here(files[0]!) };
  if (distinct.size > 1) {
    skip(`var.${name} is set differently in ${files.map((f) => `${baseName(f.file)}:${f.line} (${JSON.stringify(f.value)})`).join(' and ')}: two clusters in one folder; check each with only its own var file beside the configuration`);
    return null;
  }
  skip(`var.${name} has no default and no value in terraform.tfvars: unknown`);
  return null;
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

const cache = new WeakMap<object, ModuleValues>();

/** Variable values and literal locals of the folder: this file and `ctx.module`'s other files. */
function moduleValues(ctx: ParseContext, lines: readonly string[], parsed: Obj): ModuleValues {
  const key = ctx.module ?? null;
  if (key && cache.has(key)) return cache.get(key)!;
  const mv: ModuleValues = { vars: new Map(), varFiles: new Map(), locals: new Map(), vpcCidrs: [], secondary: new Map() };
  const files = key ? key.files : [{ file: ctx.path ?? '', lines: [...lines] }];
  const defaults = new Map<string, Known>();
  const auto = new Map<string, Known>();
  for (const f of files) {
    const isVars = /\.tfvars$/.test(f.file);
    const p = f.lines === lines ? { ok: true as const, value: parsed } : parseHcl(f.lines);
    if (!p.ok) continue;
    const loc = new Locator(f.lines);
    if (isVars) {
      const isAuto = /(^|[/\\])terraform\.tfvars$|\.auto\.tfvars$/.test(f.file);
      for (const [name, value] of Object.entries(p.value)) {
        const k = { value, file: f.file, line: loc.top(name) ?? 1 };
        if (isAuto) auto.set(name, k);
        else mv.varFiles.set(name, [...(mv.varFiles.get(name) ?? []), k]);
      }
      continue;
    }
    for (const [name, body] of Object.entries(obj(p.value.variable) ?? {})) {
      const b = first(body);
      if (b && 'default' in b && b.default !== null) defaults.set(name, { value: b.default, file: f.file, line: loc.within(loc.block(['variable', name]) ?? 1, ['default']) });
    }
    const locals = Array.isArray(p.value.locals) ? p.value.locals : [p.value.locals];
    for (const l of locals) {
      for (const [name, value] of Object.entries(obj(l) ?? {})) {
        mv.locals.set(name, { value, file: f.file, line: loc.within(loc.block(['locals']) ?? 1, [name]) });
      }
    }
    const res = obj(p.value.resource) ?? {};
    for (const body of Object.values(obj(res.aws_vpc) ?? {})) {
      const c = first(body)?.cidr_block;
      if (typeof c === 'string') mv.vpcCidrs.push(c);
    }
    for (const body of Object.values(obj(p.value.module) ?? {})) {
      const b = first(body);
      if (b && typeof b.source === 'string' && AWS_VPC_MODULE.test(b.source) && typeof b.cidr === 'string') mv.vpcCidrs.push(b.cidr);
    }
    for (const body of Object.values(obj(res.google_compute_subnetwork) ?? {})) {
      const ranges = first(body)?.secondary_ip_range;
      for (const r of Array.isArray(ranges) ? ranges : [ranges]) {
        const o = obj(r);
        if (o && typeof o.range_name === 'string' && typeof o.ip_cidr_range === 'string') mv.secondary.set(o.range_name, { value: o.ip_cidr_range, file: f.file, line: 1 });
      }
    }
  }
  for (const [n, k] of defaults) mv.vars.set(n, k);
  for (const [n, k] of auto) mv.vars.set(n, k); // terraform.tfvars and *.auto.tfvars override defaults
  if (key) cache.set(key, mv);
  return mv;
}

function readNetwork(r: Res, type: (typeof NETWORKS)[number]): void {
  switch (type) {
    case 'aws_vpc':
    case 'aws_subnet':
      r.network('node', ['cidr_block']);
      r.network('node', ['ipv6_cidr_block']);
      break;
    case 'google_compute_subnetwork':
      r.network('node', ['ip_cidr_range']);
      break;
    case 'azurerm_virtual_network':
      r.network('node', ['address_space']);
      break;
    case 'azurerm_subnet':
      r.network('node', ['address_prefixes']);
      break;
  }
}

function readEks(r: Res): void {
  r.claim({ type: 'distribution', name: 'eks' }, []);
  r.clusterName();
  r.version(['version']);
  const knc = ['kubernetes_network_config'];
  const family = (r.str([...knc, 'ip_family'])?.value ?? 'ipv4').toLowerCase();
  const v4 = r.network('service', [...knc, 'service_ipv4_cidr']);
  r.network('service', [...knc, 'service_ipv6_cidr']);
  if (v4.length === 0 && family === 'ipv4' && r.raw([...knc, 'service_ipv4_cidr']) === undefined) {
    eksServiceDefault(r);
  }
  r.inferred({ type: 'cni', name: 'aws-vpc-cni' }, VPC_CNI_DEFAULT);
  r.inferred({ type: 'cniSetting', field: 'ipam', value: 'vpc' }, VPC_CNI_DEFAULT);
}

function readGke(r: Res): void {
  r.claim({ type: 'distribution', name: 'gke' }, []);
  r.clusterName();
  r.version(['min_master_version']);
  const iap = ['ip_allocation_policy'];
  let pod = r.network('pod', ['cluster_ipv4_cidr']);
  if (pod.length === 0) pod = r.network('pod', [...iap, 'cluster_ipv4_cidr_block']);
  const svc = r.network('service', [...iap, 'services_ipv4_cidr_block']);
  for (const [role, key, had] of [['pod', 'cluster_secondary_range_name', pod], ['service', 'services_secondary_range_name', svc]] as const) {
    if (had.length > 0) continue;
    const name = r.str([...iap, key]);
    if (!name) continue;
    const range = r.mod.secondary.get(name.value);
    const line = r.at([...iap, key]);
    if (range && typeof range.value === 'string') {
      addNetworks(r.out, role, range.value, line, r.excerptAt(line, `secondary range ${name.value} = ${range.value} of the google_compute_subnetwork in ${baseName(range.file)}`), `Terraform ${r.address} ${key}`);
    } else r.out.diagnostics.push({ level: 'skipped', line, message: `Terraform ${r.address} ${key} "${name.value}": no google_compute_subnetwork here defines that secondary range, so its CIDR is unknown` });
  }
  r.inferred({ type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, 'GKE gives each node a podCIDR from the pod range (an alias IP range on VPC-native clusters)');
  const maxPods = r.str(['default_max_pods_per_node']);
  const m = maxPods && /^\d+$/.test(maxPods.value) ? gkeNodeMask(Number(maxPods.value)) : null;
  if (m !== null) r.out.observations.push({ claim: { type: 'nodeCIDRMaskSize', family: 'IPv4', size: m }, line: r.at(['default_max_pods_per_node']), excerpt: excerpt(`GKE gives a node with ${maxPods!.value} pods at most a /${m} podCIDR (flexible pod CIDR table)`), inferred: true });
  if (r.str(['datapath_provider'])?.value === 'ADVANCED_DATAPATH') {
    const p = ['datapath_provider'];
    r.claim({ type: 'cni', name: 'cilium' }, p);
    r.claim({ type: 'kubeProxyReplacement', name: 'cilium' }, p);
    r.claim({ type: 'kubeProxyPresent', present: false }, p);
  }
}

function readAks(r: Res): void {
  r.claim({ type: 'distribution', name: 'aks' }, []);
  r.clusterName();
  r.version(['kubernetes_version']);
  const pool = ['default_node_pool'];
  const autoscaled = r.raw([...pool, 'enable_auto_scaling']) === true || r.raw([...pool, 'auto_scaling_enabled']) === true;
  const poolName = r.str([...pool, 'name'])?.value ?? 'default';
  if (r.raw(pool) !== undefined) {
    r.plannedNodes([{ name: poolName, count: autoscaled ? null : r.count([...pool, 'node_count']), path: [...pool, autoscaled || r.raw([...pool, 'node_count']) === undefined ? 'name' : 'node_count'] }], 'kubernetes.azure.com/agentpool');
  }
  const np = ['network_profile'];
  if (r.raw(np) === undefined) {
    r.out.diagnostics.push({ level: 'skipped', line: r.line, message: `Terraform ${r.address} has no network_profile: the azurerm provider's defaults apply (kubenet, or Azure CNI Overlay from provider 4.0), not read here` });
    return;
  }
  const plugin = (r.str([...np, 'network_plugin'])?.value ?? '').toLowerCase();
  const overlay = (r.str([...np, 'network_plugin_mode'])?.value ?? '').toLowerCase() === 'overlay';
  const dataplane = (r.str([...np, 'network_data_plane'])?.value ?? r.str([...np, 'ebpf_data_plane'])?.value ?? '').toLowerCase();
  if (plugin === 'kubenet' || (plugin === 'azure' && overlay)) {
    if (r.network('pod', [...np, 'pod_cidrs']).length === 0) r.network('pod', [...np, 'pod_cidr']);
    r.claim({ type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, [...np, overlay ? 'network_plugin_mode' : 'network_plugin']);
    if (dataplane !== 'cilium') r.claim({ type: 'cni', name: plugin === 'kubenet' ? 'kubenet' : 'azure-cni' }, [...np, 'network_plugin']);
  } else if (plugin === 'azure') {
    r.claim({ type: 'cniSetting', field: 'ipam', value: 'vpc' }, [...np, 'network_plugin']);
    if (dataplane !== 'cilium') r.claim({ type: 'cni', name: 'azure-cni' }, [...np, 'network_plugin']);
  }
  if (dataplane === 'cilium') {
    const p = [...np, r.raw([...np, 'network_data_plane']) !== undefined ? 'network_data_plane' : 'ebpf_data_plane'];
    r.claim({ type: 'cni', name: 'cilium' }, p);
    r.claim({ type: 'kubeProxyReplacement', name: 'cilium' }, p);
    r.claim({ type: 'kubeProxyPresent', present: false }, p);
  }
  if (r.network('service', [...np, 'service_cidrs']).length === 0) r.network('service', [...np, 'service_cidr']);
  const dns = r.str([...np, 'dns_service_ip']);
  const ip = dns ? checkIP(r.out, dns.value, r.at([...np, 'dns_service_ip']), `Terraform ${r.address} network_profile.dns_service_ip`) : null;
  if (ip !== null) {
    r.claim({ type: 'clusterDNS', ip }, [...np, 'dns_service_ip'], dns!.via);
    r.claim({ type: 'dnsServiceIP', ip }, [...np, 'dns_service_ip'], dns!.via);
  }
}

/**
 * terraform-aws-modules/vpc/aws: `cidr` and the subnet lists (private_subnets, public_subnets,
 * intra_subnets, database_subnets...) as node networks.
 */
function readVpcModule(r: Res): void {
  r.network('node', ['cidr']);
  for (const key of ['private_subnets', 'public_subnets', 'intra_subnets', 'database_subnets', 'elasticache_subnets', 'redshift_subnets']) r.network('node', [key]);
}

/**
 * terraform-aws-modules/eks/aws: inputs as of v20 (cluster_name, cluster_version,
 * cluster_service_ipv4_cidr, cluster_ip_family) and their v21 names (name, kubernetes_version,
 * service_ipv4_cidr, ip_family); eks_managed_node_groups / self_managed_node_groups desired_size.
 */
function readEksModule(r: Res): void {
  r.claim({ type: 'distribution', name: 'eks' }, []);
  const name = r.str(r.pick(['cluster_name'], ['name']));
  if (name) r.claim({ type: 'clusterName', name: name.value }, r.pick(['cluster_name'], ['name']), name.via);
  else r.out.observations.push({ claim: { type: 'clusterName', name: r.address }, line: r.line, excerpt: r.excerptAt(r.line, null) });
  r.version(r.pick(['cluster_version'], ['kubernetes_version']));
  const svcPath = r.pick(['cluster_service_ipv4_cidr'], ['service_ipv4_cidr']);
  const family = (r.str(r.pick(['cluster_ip_family'], ['ip_family']))?.value ?? 'ipv4').toLowerCase();
  const stated = r.network('service', svcPath);
  if (stated.length === 0 && family === 'ipv4' && r.raw(svcPath) === undefined) eksServiceDefault(r);
  r.inferred({ type: 'cni', name: 'aws-vpc-cni' }, VPC_CNI_DEFAULT);
  r.inferred({ type: 'cniSetting', field: 'ipam', value: 'vpc' }, VPC_CNI_DEFAULT);
  const groups: { name: string; count: number | null; path: (string | number)[] }[] = [];
  for (const key of ['eks_managed_node_groups', 'self_managed_node_groups']) {
    for (const [k, g] of Object.entries(obj(r.raw([key])) ?? {})) {
      const o = obj(g) ?? {};
      const label = typeof o.name === 'string' && !o.name.includes('${') ? o.name : k;
      groups.push({ name: label, count: o.desired_size === undefined ? null : r.count([key, k, 'desired_size']), path: [key, k, o.desired_size === undefined ? 'name' : 'desired_size'] });
    }
  }
  if (groups.length > 0) r.plannedNodes(groups, 'eks.amazonaws.com/nodegroup');
}

function eksServiceDefault(r: Res): void {
  const vpcs = r.mod.vpcCidrs.flatMap((c) => {
    const v = resolve(c, r.mod, r.ctx, () => undefined);
    return v && typeof v.value === 'string' ? [v.value] : [];
  });
  if (vpcs.length > 0) {
    const d = eksDefaultServiceRange(vpcs);
    r.inferred({ type: 'network', role: 'service', cidr: d.cidr }, `default of EKS for a VPC of ${vpcs[0]} (service range ${d.cidr}), not stated`);
  } else {
    r.out.diagnostics.push({ level: 'skipped', line: r.line, message: `Terraform ${r.address} states no service range and no VPC here gives the VPC's range: EKS picks 10.100.0.0/16, or 172.20.0.0/16 for a VPC in 10.0.0.0/8, so the service range is unknown` });
  }
}
