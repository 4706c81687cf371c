/** `kube-netcheck plan [EVIDENCE...] --nodes N ...`: propose ranges, checked by the rule library before they are printed. */
import { stringify } from 'yaml';
import { collectFacts, evaluate } from '../check.js';
import { UsageError } from '../errors.js';
import { parseCIDR, parseIP, type Family, type Network } from '../facts/address.js';
import { emptyFacts } from '../facts/normalise.js';
import type { Facts } from '../facts/types.js';
import { plan, type FamilyPlan, type PlanRequest } from '../plan/plan.js';
import type { Finding } from '../policy/findings.js';
import { parse, readOptions, readRanges } from './args.js';
import { PLAN, PLAN_FORMATS } from './commands.js';
import type { IO } from './io.js';

export function run(argv: string[], io: IO): number {
  const { values, positionals } = parse(argv, PLAN);
  const { facts: evidence, evidence: read } = positionals.length > 0 ? collectFacts(positionals, readOptions(values)) : { facts: null, evidence: null };
  if (values.verbose && read) for (const d of read.diagnostics) io.stderr.write(`${d.level}: ${d.file === '-' ? 'stdin' : d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
  return propose(values, io, evidence);
}

/** The request flags plan (and fleet plan) take. */
export interface PlanValues {
  nodes?: string | undefined;
  'pods-per-node'?: string | undefined;
  services?: string | undefined;
  family?: string | undefined;
  headroom?: string | undefined;
  avoid?: string[] | undefined;
  within?: string[] | undefined;
  output?: string | undefined;
}

/**
 * A proposal for the request, avoiding the evidence's node networks and addresses, every
 * --avoid range and `taken` (a fleet's ranges, with the cluster each belongs to, for the text).
 */
export function propose(values: PlanValues, io: IO, evidence: Facts | null, taken?: { clusters: number; ranges: Network[] }): number {
  if (values.nodes === undefined) throw new UsageError('plan: --nodes N is required (the number of nodes the cluster must hold)');
  const format = values.output ?? 'text';
  if (!(PLAN_FORMATS as readonly string[]).includes(format)) throw new UsageError(`plan: --output ${format}: expected ${PLAN_FORMATS.join(', ')}`);
  const families = parseFamily(values.family ?? 'ipv4');
  const avoid: Network[] = readRanges(values.avoid, '--avoid');
  const within = readRanges(values.within, '--within');
  const nodes = count(values.nodes, '--nodes', 1);
  const podsPerNode = count(values['pods-per-node'] ?? '110', '--pods-per-node', 1);
  const services = count(values.services ?? '4096', '--services', 1);
  const headroom = ratio(values.headroom ?? '2', '--headroom');
  if (taken) avoid.push(...taken.ranges);

  if (evidence) {
    avoid.push(...evidence.networks.node);
    for (const n of evidence.nodes) for (const ip of n.internalIPs) avoid.push(hostRange(ip));
  }
  const req: PlanRequest = {
    nodes,
    podsPerNode,
    services,
    families,
    headroom,
    avoid,
    within,
    current: { pod: evidence?.networks.pod ?? [], service: evidence?.networks.service ?? [] },
  };

  const outcome = plan(req);
  if (!outcome.ok) {
    io.stderr.write(`kube-netcheck plan: cannot fit the request: ${outcome.reason}\n`);
    return 1;
  }
  const findings = selfCheck(outcome.plans, evidence).filter((f) => f.verdict === 'fail');
  const failing = findings.filter((f) => f.severity === 'error');

  if (format === 'json') io.stdout.write(`${JSON.stringify({ request: { ...req, avoid: req.avoid.map((n) => n.cidr), within: req.within.map((n) => n.cidr), current: undefined }, plans: outcome.plans, kubeadm: kubeadmConfig(outcome.plans), findings }, null, 2)}\n`);
  else if (format === 'kubeadm') io.stdout.write(kubeadmConfig(outcome.plans));
  else io.stdout.write(renderText(req, outcome.plans, findings, taken?.clusters));
  if (failing.length > 0) {
    io.stderr.write(`kube-netcheck plan: the proposal fails ${failing.map((f) => f.id).join(', ')}: ${failing[0]!.message}\n`);
    return 1;
  }
  return 0;
}

/** The proposal judged by the rule library, on the evidence's facts with the ranges replaced. */
function selfCheck(plans: FamilyPlan[], evidence: Facts | null): Finding[] {
  const facts: Facts = evidence ? structuredClone(evidence) : emptyFacts();
  facts.observations = facts.observations.filter((o) => !/^\/networks\/(pod|service)\//.test(o.pointer));
  facts.networks.pod = [];
  facts.networks.service = [];
  for (const p of plans) {
    for (const [role, cidr] of [['pod', p.podSubnet], ['service', p.serviceSubnet]] as const) {
      const n = parseCIDR(cidr);
      if (!n.ok) continue;
      const idx = facts.networks[role].push(n.value) - 1;
      facts.observations.push({ pointer: `/networks/${role}/${idx}`, value: cidr, source: { kind: 'plan', file: '(proposal)', line: null, excerpt: `${role}Subnet: ${cidr}` } });
    }
    facts.cluster.nodeCIDRMaskSize[p.family] = p.nodeMaskSize;
  }
  facts.cluster.allocateNodeCIDRs = true;
  // Only the rules about ranges judge a proposal of ranges (not, say, the CNI's maintenance).
  return evaluate(facts, { diagnostics: [], files: [] }, { allowUnknown: true, params: { families: ['ranges', 'services', 'pods'] } }).findings;
}

export function kubeadmConfig(plans: FamilyPlan[]): string {
  const doc = {
    apiVersion: 'kubeadm.k8s.io/v1beta4',
    kind: 'ClusterConfiguration',
    networking: {
      podSubnet: plans.map((p) => p.podSubnet).join(','),
      serviceSubnet: plans.map((p) => p.serviceSubnet).join(','),
    },
    controllerManager: {
      extraArgs: plans.map((p) => ({ name: `node-cidr-mask-size-${p.family === 'IPv4' ? 'ipv4' : 'ipv6'}`, value: String(p.nodeMaskSize) })),
    },
  };
  return `# kube-netcheck plan: networking for kubeadm init (v1beta4); merge into your ClusterConfiguration.\n# The CNI's pool (Calico IPPool, weave IPALLOC_RANGE, flannel Network, Cilium cluster-pool) must match podSubnet.\n${stringify(doc)}`;
}

function renderText(req: PlanRequest, plans: FamilyPlan[], findings: Finding[], fleetClusters?: number): string {
  const fleet = fleetClusters !== undefined ? ` (every node, pod and service range of the fleet's ${fleetClusters} cluster${fleetClusters === 1 ? '' : 's'} among them)` : '';
  const out = [`Proposal for ${req.nodes} nodes x ${req.podsPerNode} pods and ${req.services} Services, ${req.headroom}x headroom, avoiding ${req.avoid.length} range(s)${fleet}:`, ''];
  for (const p of plans) {
    out.push(`${p.family}:`, `  podSubnet      ${p.podSubnet}   (${p.nodeBlocks} node blocks)`, `  serviceSubnet  ${p.serviceSubnet}   (${p.serviceAddresses} addresses)`, `  node mask      /${p.nodeMaskSize}`);
    for (const r of p.reasons) out.push(`  - ${r}`);
    out.push('');
  }
  out.push(findings.length === 0 ? 'Checked against the rule library: no finding.' : `Checked against the rule library: ${findings.length} finding(s):`);
  for (const f of findings) out.push(`  ${f.severity.toUpperCase()} ${f.id} ${f.message}`);
  out.push('', kubeadmConfig(plans));
  return out.join('\n');
}

function hostRange(ip: string): Network {
  const p = parseIP(ip);
  const c = p.ok ? parseCIDR(`${p.value.address}/${p.value.family === 'IPv4' ? 32 : 128}`) : null;
  if (!c?.ok) throw new UsageError(`node address ${ip} is not an IP address`);
  return c.value;
}

function parseFamily(v: string): Family[] {
  if (v === 'ipv4') return ['IPv4'];
  if (v === 'ipv6') return ['IPv6'];
  if (v === 'dual') return ['IPv4', 'IPv6'];
  throw new UsageError(`--family ${v}: expected ipv4, ipv6 or dual`);
}

function count(v: string, flag: string, min: number): number {
  const t = v.trim();
  if (!/^\d+$/.test(t) || Number(t) < min) throw new UsageError(`${flag} ${v}: expected a whole number of at least ${min}`);
  // Beyond exact integers; a request this large is answered by the plan itself (what cannot fit, and why).
  if (!Number.isSafeInteger(Number(t))) throw new UsageError(`${flag} ${v}: expected a whole number of at most ${Number.MAX_SAFE_INTEGER}`);
  return Number(t);
}

function ratio(v: string, flag: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || n < 1 || n > 100) throw new UsageError(`${flag} ${v}: expected a factor from 1 to 100, e.g. 2`);
  return n;
}
