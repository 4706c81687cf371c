/**
 * The pipeline as one function, shared by the CLI, the library API and (later)
 * the webhook: evidence -> observations -> facts -> schema -> policy -> report.
 */
import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';
import { readEvidence, type Evidence, type ReadOptions } from './evidence/read.js';
import type { Diagnostic, Observation } from './evidence/types.js';
import type { ClusterSeen, Clusters } from './evidence/clusters.js';
import { isFactsDocument } from './evidence/parsers/facts-document.js';
import { isFactsFile, loadFacts, loadFactsText } from './facts/load.js';
import { parseCIDR, type Network } from './facts/address.js';
import { normalise } from './facts/normalise.js';
import type { FactDiagnostic, Facts } from './facts/types.js';
import { evaluateCustom, loadCustomPolicies } from './policy/custom.js';
import { defaultCacheDir } from './policy/compile.js';
import { mergeData, readDataFiles, resolveParams } from './policy/data.js';
import { evaluateBuiltin, sortFindings, withParams } from './policy/findings.js';
import { gatePassed, summarise, type FailOn, type Report } from './report/model.js';
import { paramErrors, validateFacts, validateParams } from './schema/validate.js';
import { applyWaivers, isDate, parseWaivers, todayUTC } from './report/waivers.js';

export interface Params {
  allowedProxyModes?: string[];
  allowedWindowsProxyModes?: string[];
  /** `check` (default) or `review`: see schemas/params.schema.json. */
  mode?: 'check' | 'review';
  /** The Kubernetes version being upgraded to, e.g. v1.33. */
  targetVersion?: string;
  targetProxyMode?: string;
  /** Share of pod address blocks in use from which capacity warns (0-1]; default 0.8. */
  capacityWarningThreshold?: number;
  /** Ranges the cluster must not overlap, as CIDRs (VPC, VPN, peered networks). */
  avoid?: string[];
  /** Allow pod and service ranges outside private address space. */
  allowPublicRanges?: boolean;
  /** Families of rules to run; default all. */
  families?: string[];
  /** Any other parameter schemas/params.schema.json defines (--param NAME=VALUE). */
  [name: string]: unknown;
}

/** The parameters as the policy reads them: CIDRs normalised into ranges with first/last hex. */
export type PolicyParams = Omit<Params, 'avoid'> & { avoid?: Network[] };

export interface CheckOptions extends ReadOptions {
  params?: Params;
  /** Lowest severity that fails the gate; default error. */
  failOn?: FailOn;
  /** Let undecided rules pass the gate; default false. */
  allowUnknown?: boolean;
  /** A waiver file (YAML, schemas/waivers.schema.json). */
  waivers?: string;
  /** The date waiver expiries are judged on, YYYY-MM-DD; default today (UTC). */
  today?: string;
  /** Custom policies (--policy): .rego files or folders, compiled .wasm modules, OPA bundles (.tar.gz). */
  policies?: string[];
  /** --data files (JSON or YAML), deep-merged in order into the data every policy sees. */
  data?: string[];
  /** Run only the custom policies (--no-builtin). */
  noBuiltin?: boolean;
  /** The opa binary that compiles .rego (--opa); default: the embedded OPA, else opa on PATH. */
  opa?: string;
  /** Notes for --verbose: which OPA compiled a --policy, or that the cache answered. */
  onNote?: (note: string) => void;
  /** Where compiled .rego is cached; default $XDG_CACHE_HOME/kube-netcheck or ~/.cache/kube-netcheck. */
  cacheDir?: string;
  /** Packages whose deny/violation/warn rules run (--namespace); default main. */
  namespaces?: string[];
  /** Run the rules of every package (--all-namespaces). */
  allNamespaces?: boolean;
}

export interface FactsResult {
  facts: Facts;
  evidence: Evidence;
}

/** Reads evidence into a validated facts document. Throws InputError on bad input. */
export function collectFacts(paths: readonly string[], opts: CheckOptions = {}): FactsResult {
  // Stdin is read here, once, so that a facts document piped in (`kube-netcheck facts ... |
  // kube-netcheck check -`) is known by its content as a named file is, and read as one.
  let stdin: Buffer | undefined;
  const readStdin = (): Buffer => (stdin ??= (opts.stdin ?? (() => readFileSync(0)))());
  const isFacts = (p: string): boolean => (p === '-' ? paths.indexOf('-') === paths.lastIndexOf('-') && isFactsDocument(readStdin().toString('utf8')) : isFactsFile(p));
  const factsFiles = paths.filter(isFacts);
  if (factsFiles.length > 0) {
    if (paths.length > 1) {
      throw new InputError(
        `a facts document (${factsFiles[0] === '-' ? 'stdin' : factsFiles[0]}) is a whole cluster's facts: give it alone, or give the evidence it was made from`,
      );
    }
    const file = paths[0]!;
    const facts = file === '-' ? loadFactsText(readStdin().toString('utf8'), '-') : loadFacts(file);
    return { facts, evidence: { observations: [], diagnostics: [], files: [{ file, kind: 'facts-document', observations: facts.observations.length }] } };
  }
  const read = stdin;
  return factsFromEvidence(readEvidence(paths, read ? { ...opts, stdin: () => read } : opts));
}

/** Facts from evidence already read: files, a live cluster (src/collect), or both. */
export function factsFromEvidence(evidence: Evidence): FactsResult {
  // Evidence of which nothing at all could be read is an input error (exit 2); evidence
  // partly read is judged, with what could not be read carried into the facts as
  // diagnostics, where the rule KN900 fails the gate naming each of them.
  if (evidence.observations.length === 0) rejectErrors(evidence.diagnostics);
  const facts = withClusters(withDiagnostics(normalise(evidence.observations), evidence.diagnostics), evidence.clusters);
  validateFacts(facts, 'the facts document built from the evidence');
  return { facts, evidence };
}

/** The errors and warnings of reading, into the facts document (what is merely skipped stays in the report). */
export function withDiagnostics(facts: Facts, diagnostics: readonly Diagnostic[]): Facts {
  const kept: FactDiagnostic[] = [];
  for (const d of diagnostics) {
    if (d.level === 'skipped') continue;
    kept.push({
      level: d.level,
      file: d.file,
      line: d.line,
      ...(d.column !== undefined && d.column !== null ? { column: d.column } : {}),
      message: d.message,
      ...(d.expected !== undefined ? { expected: d.expected } : {}),
      ...(d.withheld ? { withheld: true } : {}),
    });
  }
  if (kept.length > 0) facts.diagnostics = kept;
  return facts;
}

/**
 * The clusters the evidence describes, into the facts when there is a choice to
 * show: two or more seen, or one picked. Two seen and none picked are one KN901
 * conflict naming each at its file:line (it replaces the conflicts on the name and
 * the installer, which say the same); their facts are never judged as one cluster's.
 */
export function withClusters(facts: Facts, clusters: Clusters | undefined): Facts {
  if (!clusters || (clusters.seen.length < 2 && clusters.picked === null)) return facts;
  const where = (c: ClusterSeen): string => `${c.source.file}${c.source.line ? `:${c.source.line}` : ''}`;
  facts.clusters = {
    seen: clusters.seen.map((c) => ({ name: c.name, named: c.named, distribution: c.distribution, source: where(c) })),
    picked: clusters.picked,
  };
  clusters.seen.forEach((c, i) => facts.observations.push({ pointer: `/clusters/seen/${i}`, value: c.name, source: c.source }));
  if (clusters.picked === null) {
    facts.conflicts = facts.conflicts.filter((c) => c.pointer !== '/cluster/name' && c.pointer !== '/cluster/distribution');
    facts.conflicts.push({
      pointer: '/clusters/seen',
      values: clusters.seen.map((c) => ({ value: `${c.name} (${c.distribution ?? 'installer unknown'}${c.named ? '' : ', no name given'})`, source: where(c) })),
    });
  }
  return facts;
}

/** Whether some evidence could not be read: the facts are partial (`facts` exits 1). */
export function hasReadErrors(facts: Facts): boolean {
  return (facts.diagnostics ?? []).some((d) => d.level === 'error');
}

export function check(paths: readonly string[], opts: CheckOptions = {}): Report {
  // The observations live on in the facts; the evidence's own list (every claim, every
  // label) is let go before the policy's wasm heap is built (50,000 nodes: tens of MB).
  const { facts, evidence: { diagnostics, files } } = collectFacts(paths, opts);
  return evaluate(facts, { diagnostics, files }, opts);
}

export function evaluate(facts: Facts, evidence: Pick<Evidence, 'diagnostics' | 'files'>, opts: CheckOptions = {}): Report {
  const docs = readDataFiles(opts.data ?? []);
  const data = mergeData(docs);
  const params = resolveParams(docs, { ...(opts.params ?? {}) }, paramErrors);
  validateParams(params, 'policy parameters');
  const policies = loadCustomPolicies({
    policies: opts.policies ?? [],
    cacheDir: opts.cacheDir ?? defaultCacheDir(process.env),
    ...(opts.opa !== undefined ? { opa: opts.opa } : {}),
    ...(opts.onNote ? { onNote: opts.onNote } : {}),
    ...(opts.namespaces ? { namespaces: opts.namespaces } : {}),
    ...(opts.allNamespaces ? { allNamespaces: true } : {}),
  });
  const forPolicy = policyParams(params as Params);
  // With --no-builtin, evidence that could not be read still fails the gate (KN900 alone runs).
  const builtin = !opts.noBuiltin ? evaluateBuiltin(facts, forPolicy, undefined, data) : hasReadErrors(facts) ? evaluateBuiltin(facts, { ...forPolicy, families: ['evidence'] }, undefined, data) : [];
  let findings = sortFindings([
    ...builtin,
    ...evaluateCustom(policies, facts, withParams(data, forPolicy)),
  ]);
  const failOn = opts.failOn ?? 'error';
  const allowUnknown = opts.allowUnknown ?? false;
  const today = opts.today ?? todayUTC();
  if (!isDate(today)) throw new InputError(`today ${today}: expected a date YYYY-MM-DD`);
  let waivers: Report['waivers'];
  if (opts.waivers !== undefined) {
    const list = parseWaivers(readWaiverFile(opts.waivers), opts.waivers);
    findings = applyWaivers(findings, list, facts, today);
    waivers = { file: opts.waivers, count: list.length, today };
  }
  return {
    findings,
    summary: summarise(findings),
    diagnostics: evidence.diagnostics,
    files: evidence.files,
    facts,
    failOn,
    allowUnknown,
    passed: gatePassed(findings, failOn, allowUnknown),
    ...(waivers ? { waivers } : {}),
  };
}

function readWaiverFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'it is a folder: expected a YAML file', EACCES: 'permission denied', EPERM: 'permission denied' };
    throw new InputError(`cannot read the waiver file: ${(code && why[code]) ?? (e instanceof Error ? e.message : String(e))}`, file);
  }
}

/**
 * Rego has no big-integer arithmetic, so the ranges named with --avoid are
 * normalised here, as the facts' ranges are: canonical CIDR, family, first and
 * last address as fixed-width hex. Throws InputError on an invalid range.
 */
export function policyParams(params: Params): PolicyParams {
  if (params.avoid === undefined) return params as PolicyParams;
  const avoid = params.avoid.map((text) => {
    const parsed = parseCIDR(text);
    if (!parsed.ok) throw new InputError(`--avoid ${text}: ${parsed.error}`);
    return parsed.value;
  });
  return { ...params, avoid };
}

/**
 * Stops the run on evidence that could not be read (exit 2, every error listed): for
 * input of which nothing at all was read, and for a change under review, which is
 * judged whole or not at all.
 */
export function rejectErrors(diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.level === 'error');
  if (errors.length === 0) return;
  const first = errors[0]!;
  const more = errors.length > 1 ? `\n${errors.slice(1, 10).map((d) => `${d.file}${d.line ? `:${d.line}` : ''}: ${d.message}`).join('\n')}${errors.length > 10 ? `\n... and ${errors.length - 10} more` : ''}` : '';
  throw new InputError(`${first.message}${more}`, first.file, first.line);
}

export interface MergeOptions extends CheckOptions {
  /** Observations of the base that the extra evidence replaces (the same object, an older version). */
  replaced?: (o: Observation) => boolean;
}

/**
 * Evaluates the facts of `base` (what a cluster already has) merged with `extra`
 * (a change: objects about to be applied). Observations of `base` that `replaced`
 * selects are dropped; the extra observations come first, so where a fact keeps
 * the first value stated, the change's value wins. Used by review and the webhook.
 */
export function evaluateMerged(
  base: Pick<Evidence, 'observations' | 'diagnostics' | 'files'>,
  extra: Pick<Evidence, 'observations' | 'diagnostics' | 'files'>,
  opts: MergeOptions = {},
): Report {
  rejectErrors(extra.diagnostics);
  const replaced = opts.replaced;
  const kept = replaced ? base.observations.filter((o) => !replaced(o)) : base.observations;
  const evidence: Evidence = {
    observations: [...extra.observations, ...kept],
    diagnostics: [...base.diagnostics, ...extra.diagnostics],
    files: [...base.files, ...extra.files],
  };
  const facts = withDiagnostics(normalise(evidence.observations), evidence.diagnostics);
  validateFacts(facts, 'facts built from the evidence and the change');
  return evaluate(facts, evidence, opts);
}
