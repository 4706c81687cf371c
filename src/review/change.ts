/**
 * A change judged against a cluster, as admission judges it: the change's
 * observations replace those of the same objects in the cluster's evidence,
 * the merged facts are evaluated, and each finding is either the change's (it
 * is new, or its evidence includes the change) or pre-existing (the cluster has
 * it without the change). Only the change's findings decide; pre-existing ones
 * are reported apart, so a change is never blocked for a problem it did not
 * make, and a fix is never blocked for the problems it leaves.
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
import { objectSpans, type ObjectSpan } from './objects.js';

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

/** Selects the cluster observations that belong to an object the change replaces. */
export function replacedBy(base: ClusterBase, keys: ReadonlySet<string>): (o: Observation) => boolean {
  if (keys.size === 0) return () => false;
  return (o) => {
    const spans = base.spans.get(o.source.file);
    if (!spans || o.source.line === null) return false;
    const line = o.source.line;
    return spans.some((s) => keys.has(s.key) && s.first <= line && line <= s.last);
  };
}

export interface ChangeVerdict {
  /** The merged report, its findings restricted to the change's own. */
  report: Report;
  /** Findings the cluster has without the change, and that do not involve it. */
  preexisting: Finding[];
}

/**
 * Judges `change` (observations from the files or objects named in
 * `changeFiles`, replacing the objects keyed `keys`) against the cluster.
 */
export function judgeChange(base: ClusterBase, change: Evidence, keys: ReadonlySet<string>, changeFiles: ReadonlySet<string>, opts: CheckOptions): ChangeVerdict {
  const merged = evaluateMerged(base.evidence, change, { ...opts, replaced: replacedBy(base, keys) });
  const own: Finding[] = [];
  const preexisting: Finding[] = [];
  for (const f of merged.findings) {
    const involves = f.locations.some((l) => changeFiles.has(l.file));
    if (!involves && base.baseline.has(findingKey(f))) preexisting.push(f);
    else own.push(f);
  }
  const report: Report = {
    ...merged,
    findings: own,
    summary: summarise(own),
    passed: gatePassed(own, merged.failOn, merged.allowUnknown),
  };
  return { report, preexisting };
}
