/**
 * A fleet check: every cluster judged as `check` judges it (same rules,
 * parameters, waivers), then the cross-cluster rules (Rego, the fleet
 * entrypoint of the same compiled module) judged on a fleet facts document
 * (schemas/fleet.schema.json) that holds each cluster's ranges and CNI
 * identity by name. A cluster that cannot be read is recorded as such (KN800)
 * and never stops the others.
 *
 * Memory stays bounded whatever the fleet's size: a cluster's evidence and
 * full facts live only while it is judged (one at a time for evidence folders,
 * at most `concurrency` live clusters at once); the fleet keeps its verdict
 * (findings with their locations) and the few facts the fleet rules read.
 */
import { readFileSync } from 'node:fs';
import { check, evaluate, factsFromEvidence, type CheckOptions } from '../check.js';
import { InputError } from '../errors.js';
import type { Evidence } from '../evidence/read.js';
import { emptyFacts } from '../facts/normalise.js';
import type { CiliumCluster, FactObservation, Facts, Network } from '../facts/types.js';
import { fleetRuleByPackage, loadCatalogue } from '../policy/catalogue.js';
import { loadEngine } from '../policy/engine.js';
import { indexObservations, locate, sortFindings, toFinding, type Location, type RawFinding } from '../policy/findings.js';
import { gatePassed, summarise, type FailOn, type ReportFinding, type Summary } from '../report/model.js';
import { applyWaivers, parseWaivers, todayUTC } from '../report/waivers.js';
import { validateFleet } from '../schema/validate.js';
import type { FleetFile, FleetGroup, GroupKind } from './file.js';
import type { ClusterSource } from './sources.js';

export const FLEET_ENTRYPOINT = 'kubenetcheck/fleet/results';

/** The facts of one cluster the fleet rules read. */
export interface FleetClusterFacts {
  name: string;
  source: string;
  readable: boolean;
  error?: string;
  cluster: { version: string | null; distribution: string | null; name?: string | null };
  networks: { node: Network[]; pod: Network[]; service: Network[] };
  cni: { name: string | null; ipam: 'node-podcidr' | 'pool' | 'vpc' | null; cilium?: CiliumCluster };
  observations: FactObservation[];
}

/** schemas/fleet.schema.json. */
export interface FleetFacts {
  schemaVersion: 1;
  clusters: FleetClusterFacts[];
  groups: { name: string; kind: GroupKind; members: string[] }[];
}

/** A location of a fleet finding: the cluster whose evidence it is. */
export type FleetLocation = Location & { cluster: string };

export interface FleetFinding extends ReportFinding {
  locations: FleetLocation[];
  /** The clusters the finding is about. */
  clusters: string[];
  /** The group it was judged in (fleet file, or the default "all clusters"). */
  group?: string;
}

export interface ClusterVerdict {
  name: string;
  source: string;
  readable: boolean;
  /** Why it could not be read. */
  error?: string;
  findings: ReportFinding[];
  summary: Summary;
  /** The cluster's own gate; null when it could not be read (KN800 fails the fleet instead). */
  passed: boolean | null;
  version: string | null;
  cni: string | null;
  proxyMode: string | null;
}

export interface ReadinessRow {
  cluster: string;
  /** ready: nothing blocks the move; blocked: KN302 or KN303 fails; unknown: undecided; unreadable: not read. */
  status: 'ready' | 'blocked' | 'unknown' | 'unreadable';
  /** Error findings of KN302/KN303: what blocks the move. */
  blockers: string[];
  /** Their warnings and info (a mode deprecated in the target version, a move that changes nothing): the move works. */
  notes: string[];
  undecided: string[];
}

export interface FleetReport {
  clusters: ClusterVerdict[];
  /** Cross-cluster findings, then the waiver file's notices (once for the fleet). */
  findings: FleetFinding[];
  summary: Summary;
  /** The groups judged (the fleet file's, or every cluster in "all clusters"). */
  groups: { name: string; kind: GroupKind; members: string[]; line?: number }[];
  fleetFile?: string;
  /** Each cluster's ranges, for the fleet's address map. */
  ranges: { cluster: string; networks: FleetClusterFacts['networks'] }[];
  failOn: FailOn;
  allowUnknown: boolean;
  passed: boolean;
  readiness?: { targetVersion: string | null; targetProxyMode: string | null; rows: ReadinessRow[] };
  waivers?: { file: string; today: string };
}

export interface FleetOptions extends CheckOptions {
  fleet?: FleetFile;
  /** Live clusters read at once (default 4). */
  concurrency?: number;
  /** Reads a live cluster (the CLI's, through src/collect); needed when a source names a context. */
  readLive?: (context: string) => Promise<Evidence>;
  /** Called as each cluster is judged (progress). */
  onCluster?: (name: string, done: number, total: number) => void;
}

/** Observations kept per fact pointer: enough to locate a finding, bounded at any cluster size. */
const OBSERVATIONS_PER_FACT = 3;
const WAIVER_NOTICES = new Set(['KN991', 'KN992']);

export async function checkFleet(sources: readonly ClusterSource[], opts: FleetOptions = {}): Promise<FleetReport> {
  const failOn = opts.failOn ?? 'error';
  const allowUnknown = opts.allowUnknown ?? false;
  const avoid = [...(opts.params?.avoid ?? []), ...(opts.fleet?.avoid ?? [])];
  const clusterOpts: CheckOptions = { ...opts, params: { ...(opts.params ?? {}), ...(avoid.length > 0 ? { avoid } : {}) } };
  const verdicts: ClusterVerdict[] = new Array(sources.length);
  const facts: FleetClusterFacts[] = new Array(sources.length);
  const notices = new Map<string, ReportFinding>();
  const usedWaivers = new Set<string>();
  let done = 0;
  // The inputs every cluster shares (waivers, --data, parameters, custom policies) are checked
  // once, on empty facts, before any cluster: a bad one is the run's input error (exit 2), not
  // every cluster's.
  evaluate(emptyFacts(), { diagnostics: [], files: [] }, clusterOpts);

  const judge = async (src: ClusterSource, i: number): Promise<void> => {
    try {
      let full: Facts;
      let findings: ReportFinding[];
      if (src.context !== undefined) {
        if (!opts.readLive) throw new Error('a live cluster without a reader');
        const evidence = await opts.readLive(src.context);
        const read = factsFromEvidence(evidence);
        const report = evaluate(read.facts, evidence, clusterOpts);
        full = report.facts;
        findings = report.findings;
      } else {
        const report = check([src.path!], clusterOpts);
        full = report.facts;
        findings = report.findings;
      }
      // The waiver file's notices are about the file, not this cluster: judged once for the fleet below.
      const own = findings.filter((f) => !WAIVER_NOTICES.has(f.id));
      for (const f of findings) {
        if (f.waived) usedWaivers.add(`${f.waived.file}:${f.waived.line}`);
        if (WAIVER_NOTICES.has(f.id)) notices.set(`${f.id} ${f.locations[0]?.file}:${f.locations[0]?.line}`, f);
      }
      verdicts[i] = {
        name: src.name,
        source: src.source,
        readable: true,
        findings: own,
        summary: summarise(own),
        passed: gatePassed(own, failOn, allowUnknown),
        version: full.cluster.version,
        cni: full.cni.name,
        proxyMode: full.kubeProxy.mode,
      };
      facts[i] = slim(src, full, i);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const error = e.describe();
      verdicts[i] = { name: src.name, source: src.source, readable: false, error, findings: [], summary: summarise([]), passed: null, version: null, cni: null, proxyMode: null };
      facts[i] = { ...emptyCluster(src), readable: false, error };
    }
    opts.onCluster?.(src.name, ++done, sources.length);
  };

  // Folders are judged one after another (reading is synchronous); live clusters a few at a time.
  const live = sources.map((s, i) => [s, i] as const).filter(([s]) => s.context !== undefined);
  for (const [s, i] of sources.map((s, i) => [s, i] as const)) if (s.context === undefined) await judge(s, i);
  await pool(live, Math.max(1, opts.concurrency ?? 4), ([s, i]) => judge(s, i));

  const groups = opts.fleet && opts.fleet.groups.length > 0 ? opts.fleet.groups : [{ name: 'all clusters', kind: 'mesh' as const, members: sources.map((s) => s.name) }];
  const doc: FleetFacts = { schemaVersion: 1, clusters: facts, groups: (opts.fleet?.groups ?? []).map(({ name, kind, members }) => ({ name, kind, members })) };
  validateFleet(doc, 'the fleet facts document built from the clusters');
  let findings = evaluateFleet(doc);
  if (opts.waivers !== undefined) {
    // The same waivers accept cross-cluster findings (match.fact names /clusters/N/... pointers).
    const today = opts.today ?? todayUTC();
    const list = parseWaivers(readFileSync(opts.waivers, 'utf8'), opts.waivers);
    const judged = applyWaivers(findings, list, doc as unknown as Facts, today) as FleetFinding[];
    for (const f of judged) {
      if (f.waived) usedWaivers.add(`${f.waived.file}:${f.waived.line}`);
      if (WAIVER_NOTICES.has(f.id)) notices.set(`${f.id} ${f.locations[0]?.file}:${f.locations[0]?.line}`, f);
    }
    findings = judged.filter((f) => !WAIVER_NOTICES.has(f.id));
  }

  // Waiver notices once for the fleet: an expired waiver (KN991) as any cluster reported it; a
  // waiver is stale (KN992) only when it accepted nothing in any cluster.
  for (const n of notices.values()) {
    const at = `${n.locations[0]?.file}:${n.locations[0]?.line}`;
    if (n.id === 'KN992' && usedWaivers.has(at)) continue;
    findings.push({ ...n, clusters: [], locations: n.locations.map((l) => ({ ...l, cluster: '' })) });
  }
  // Open findings first, sorted as the policy sorts, then the waived ones (as check lists them).
  findings = [...(sortFindings(findings.filter((f) => !f.waived)) as FleetFinding[]), ...findings.filter((f) => f.waived)];

  const readyAsked = opts.params?.targetVersion !== undefined || opts.params?.targetProxyMode !== undefined;
  const clustersPassed = verdicts.every((v) => v.passed !== false);
  return {
    clusters: verdicts,
    findings,
    summary: summarise(findings),
    groups: groups.map((g) => ({ name: g.name, kind: g.kind, members: g.members, ...('line' in g ? { line: (g as FleetGroup).line } : {}) })),
    ...(opts.fleet ? { fleetFile: opts.fleet.file } : {}),
    ranges: facts.map((c) => ({ cluster: c.name, networks: c.networks })),
    failOn,
    allowUnknown,
    passed: clustersPassed && gatePassed(findings, failOn, allowUnknown),
    ...(readyAsked
      ? { readiness: { targetVersion: (opts.params?.targetVersion as string | undefined) ?? null, targetProxyMode: (opts.params?.targetProxyMode as string | undefined) ?? null, rows: verdicts.map(readiness) } }
      : {}),
    ...(opts.waivers !== undefined ? { waivers: { file: opts.waivers, today: opts.today ?? todayUTC() } } : {}),
  };
}

/** The cross-cluster rules on the fleet facts document: the fleet entrypoint of the compiled module. */
export function evaluateFleet(doc: FleetFacts): FleetFinding[] {
  const engine = loadEngine();
  engine.setData({});
  const input = JSON.stringify({ clusters: doc.clusters.map(({ observations: _o, ...c }) => c), groups: doc.groups });
  const result = engine.evaluateJSON(input, FLEET_ENTRYPOINT) as Record<string, Record<string, unknown[]>> | undefined;
  const index = indexObservations(doc.clusters.flatMap((c) => c.observations));
  const out: FleetFinding[] = [];
  for (const [family, rules] of Object.entries(result ?? {})) {
    for (const [rule, raw] of Object.entries(rules)) {
      const info = fleetRuleByPackage(family, rule);
      if (!info) throw new Error(`fleet rule package kubenetcheck.fleet.rules.${family}.${rule} has no catalogue entry: rebuild with npm run policy:build`);
      for (const r of raw as (RawFinding & { clusters?: string[]; group?: string })[]) {
        const f = toFinding(info, r, index);
        // Each location named by its cluster: the pointers are /clusters/N/...
        const locations: FleetLocation[] = f.facts.flatMap((p) => {
          const n = /^\/clusters\/(\d+)/.exec(p);
          const cluster = n ? (doc.clusters[Number(n[1])]?.name ?? '') : '';
          const found = locate(index, [p]);
          return (found.length > 0 ? found : []).map((l) => ({ ...l, cluster }));
        });
        out.push({ ...f, locations: dedupe(locations), clusters: Array.isArray(r.clusters) ? r.clusters : [], ...(typeof r.group === 'string' ? { group: r.group } : {}) });
      }
    }
  }
  return sortFindings(out) as FleetFinding[];
}

function dedupe(locations: FleetLocation[]): FleetLocation[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const k = `${l.cluster} ${l.file}:${l.line}:${l.field ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The facts the fleet rules read, with the observations behind them under /clusters/N. */
export function slim(src: ClusterSource, facts: Facts, i: number): FleetClusterFacts {
  const kept = new Map<string, number>();
  const observations: FactObservation[] = [];
  for (const o of facts.observations) {
    if (!/^\/(networks\/|cni\/(name|ipam|cilium)|cluster\/(version|distribution|name))/.test(o.pointer)) continue;
    const n = kept.get(o.pointer) ?? 0;
    if (n >= OBSERVATIONS_PER_FACT) continue;
    kept.set(o.pointer, n + 1);
    observations.push({ ...o, pointer: `/clusters/${i}${o.pointer}` });
  }
  return {
    name: src.name,
    source: src.source,
    readable: true,
    cluster: { version: facts.cluster.version, distribution: facts.cluster.distribution, ...(facts.cluster.name !== undefined ? { name: facts.cluster.name } : {}) },
    networks: facts.networks,
    cni: { name: facts.cni.name, ipam: facts.cni.ipam, ...(facts.cni.cilium ? { cilium: facts.cni.cilium } : {}) },
    observations,
  };
}

function emptyCluster(src: ClusterSource): FleetClusterFacts {
  return { name: src.name, source: src.source, readable: true, cluster: { version: null, distribution: null }, networks: { node: [], pod: [], service: [] }, cni: { name: null, ipam: null }, observations: [] };
}

/** KN302 (the mode exists in the target version) and KN303 (nothing blocks the migration), per cluster. */
export function readiness(v: ClusterVerdict): ReadinessRow {
  if (!v.readable) return { cluster: v.name, status: 'unreadable', blockers: [], notes: [], undecided: [v.error ?? 'not read'] };
  const relevant = v.findings.filter((f) => (f.id === 'KN302' || f.id === 'KN303') && !f.waived);
  const blockers = relevant.filter((f) => f.verdict === 'fail' && f.severity === 'error').map((f) => `${f.id}: ${f.message}`);
  const undecided = relevant.filter((f) => f.verdict === 'unknown').map((f) => `${f.id}: ${f.message}`);
  const notes = relevant.filter((f) => f.verdict === 'fail' && f.severity !== 'error').map((f) => `${f.id}: ${f.message}`);
  const status = blockers.length > 0 ? 'blocked' : undecided.length > 0 ? 'unknown' : 'ready';
  return { cluster: v.name, status, blockers, notes, undecided };
}

/** The rule families of one cluster's rules, in catalogue order, for the fleet table. */
export function families(): string[] {
  return [...new Set(loadCatalogue().map((r) => r.family))];
}

/** Runs fn over items with at most n at once. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}
