/**
 * A change judged against a cluster, as admission judges it: the change's
 * observations replace those of the same objects in the cluster's evidence,
 * the merged facts are evaluated, and each finding is either the change's (the
 * cluster alone does not have it) or pre-existing (the cluster has it without
 * the change, whether or not the change restates it). Only the change's
 * findings decide unless --fail-on-existing says otherwise; pre-existing ones
 * are reported apart, so a change is never blocked for a problem it did not
 * make, and a fix is never blocked for the problems it leaves. Findings of the
 * cluster that the change removes are reported as resolved, so a fix shows it fixes.
 */
import { readFileSync } from 'node:fs';
import { evaluate, evaluateMerged, rejectErrors, type CheckOptions } from '../check.js';
import { InputError } from '../errors.js';
import { readEvidence, type Evidence, type ReadOptions } from '../evidence/read.js';
import { isFactsFile } from '../facts/load.js';
import type { Observation } from '../evidence/types.js';
import { normalise } from '../facts/normalise.js';
import type { Finding } from '../policy/findings.js';
import { gatePassed, summarise, type Report } from '../report/model.js';
import { validateFacts } from '../schema/validate.js';
import { objectKey, objectSpans, type ObjectSpan } from './objects.js';

/** The cluster as the change finds it: its evidence, where its objects sit, and its own findings. */
export interface ClusterBase {
  evidence: Evidence;
  /** Object spans of each Kubernetes-object file of the evidence. */
  spans: Map<string, ObjectSpan[]>;
  /** Keys of the findings the cluster's evidence has without any change. */
  baseline: Set<string>;
  /** The cluster's own report (no change applied), under the same options. */
  report: Report | null;
}

/**
 * The cluster's evidence for judging a change. A facts document (`kube-netcheck
 * facts` output) is refused: it holds resolved facts, not the observations of
 * each object that a change replaces.
 */
export function readClusterEvidence(paths: readonly string[], opts: ReadOptions, flag: string): Evidence {
  if (paths.length === 0) return emptyEvidence();
  const factsFile = paths.find(isFactsFile);
  if (factsFile) {
    throw new InputError(`${flag}: a facts document holds resolved facts, not the observations a change replaces: give the evidence it was made from`, factsFile);
  }
  const evidence = readEvidence(paths, opts);
  rejectErrors(evidence.diagnostics);
  return evidence;
}

export function emptyEvidence(): Evidence {
  return { observations: [], diagnostics: [], files: [] };
}

/**
 * Indexes the cluster's evidence and evaluates it once (with no evidence, only when asked). `readText` re-reads an
 * evidence file for its object spans (injectable for tests); files that cannot be
 * re-read simply replace nothing.
 */
export function clusterBase(
  evidence: Evidence,
  opts: CheckOptions,
  readText: (file: string) => string = (f) => readFileSync(f, 'utf8'),
  /** Evaluate even without evidence (the webhook): the findings of knowing nothing are then the baseline. */
  evaluateEmpty = false,
): ClusterBase {
  const spans = new Map<string, ObjectSpan[]>();
  for (const f of evidence.files) {
    if (f.kind !== 'k8s-objects' || f.file === '-') continue;
    try {
      spans.set(f.file, objectSpans(readText(f.file)));
    } catch {
      // unreadable now: it replaces nothing
    }
  }
  if (evidence.observations.length === 0 && !evaluateEmpty) return { evidence, spans, baseline: new Set(), report: null };
  const facts = normalise(evidence.observations);
  validateFacts(facts, 'facts built from the cluster evidence');
  const report = evaluate(facts, evidence, opts);
  return { evidence, spans, baseline: new Set(report.findings.map(findingKey)), report };
}

export function findingKey(f: Finding): string {
  return `${f.id}\u0000${f.verdict}\u0000${f.message}`;
}

/**
 * The replacement key of a live object's reference (`v1/ConfigMap/kube-system/kube-proxy`,
 * `crd.projectcalico.org/v1/IPPool/default-ipv4-ippool`, as src/collect/evidence.ts
 * objectRef writes it), or null when it is not one.
 */
export function refKey(ref: string): string | null {
  const m = /^(?:([a-z0-9.-]+)\/)?(v\d+(?:(?:alpha|beta)\d+)?)\/([A-Z][A-Za-z0-9]*)\/(?:([^/]+)\/)?([^/]+)$/.exec(ref);
  if (!m) return null;
  const [, group, version, kind, namespace, name] = m;
  return objectKey({ apiVersion: group ? `${group}/${version}` : version, kind, metadata: { name, ...(namespace ? { namespace } : {}) } });
}

/**
 * Selects the cluster observations that belong to an object the change replaces:
 * by the object's line span in an evidence file, or, for live evidence
 * (`review --cluster`), by the object reference it is located at.
 */
export function replacedBy(base: ClusterBase, keys: ReadonlySet<string>): (o: Observation) => boolean {
  if (keys.size === 0) return () => false;
  return (o) => {
    if (o.source.line === null) {
      const key = refKey(o.source.file);
      return key !== null && keys.has(key);
    }
    const spans = base.spans.get(o.source.file);
    if (!spans || o.source.line === null) return false;
    const line = o.source.line;
    return spans.some((s) => keys.has(s.key) && s.first <= line && line <= s.last);
  };
}

/** How a change is judged against the cluster, beyond the check's own options. */
export interface ChangeOptions extends CheckOptions {
  /** --fail-on-existing: findings the cluster already has count toward the gate as the change's do. */
  failOnExisting?: boolean;
  /** What the cluster's evidence is, for the report (the paths given, or the live cluster). */
  against?: string[];
}

export interface ChangeVerdict {
  /** The merged report, its findings restricted to the change's own; `change` holds the others when the cluster gave a baseline. */
  report: Report;
  /** Findings the cluster has without the change, which the change keeps. */
  preexisting: Finding[];
  /** Findings the cluster has without the change, which the change removes. */
  resolved: Finding[];
}

/**
 * Judges `change` (observations of the reviewed files or object, replacing the
 * cluster's objects keyed `keys`) against the cluster.
 * A finding of the merged facts that the cluster alone has too (same rule,
 * verdict and message) is pre-existing, even where the change restates it (an
 * update that keeps a problem); any other is the change's. The gate counts the
 * change's findings, and the pre-existing ones only with `failOnExisting`.
 */
export function judgeChange(base: ClusterBase, change: Evidence, keys: ReadonlySet<string>, opts: ChangeOptions): ChangeVerdict {
  const { failOnExisting = false, against = [], ...check } = opts;
  const merged = evaluateMerged(base.evidence, change, { ...check, replaced: replacedBy(base, keys) });
  const own: Finding[] = [];
  const preexisting: Finding[] = [];
  for (const f of merged.findings) {
    if (base.baseline.has(findingKey(f))) preexisting.push(f);
    else own.push(f);
  }
  const after = new Set(merged.findings.map(findingKey));
  const resolved = (base.report?.findings ?? []).filter((f) => !after.has(findingKey(f)));
  const passed = gatePassed(own, merged.failOn, merged.allowUnknown) && (!failOnExisting || gatePassed(preexisting, merged.failOn, merged.allowUnknown));
  const report: Report = {
    ...merged,
    findings: own,
    summary: summarise(own),
    passed,
    ...(base.report ? { change: { against, preexisting, resolved, failOnExisting } } : {}),
  };
  return { report, preexisting, resolved };
}
