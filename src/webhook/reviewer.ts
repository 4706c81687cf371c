/**
 * Decides one admission request: the incoming object is read by the same
 * Kubernetes-object reader as evidence files, judged as a change against the
 * cluster's facts (src/review/change.ts), and its findings become the answer:
 * denied when a finding of the change fails the gate (--fail-on,
 * --allow-unknown), allowed with warnings otherwise. A finding the cluster
 * already has (the update keeps it, or it does not touch it) is a warning, not a
 * denial, unless --fail-on-existing: then it denies as the change's own do, so
 * an update must fix what it keeps.
 *
 * The answer is a pure function of the object's content, the cluster's facts
 * and the policy, all fixed for the life of a Reviewer; answers are kept in a
 * bounded LRU cache keyed by the SHA-256 of the object as judged, because the
 * API server sends the same object again and again (every apply, every
 * metadata-only update) and a cluster's facts make a full evaluation costly.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { k8sObjects } from '../evidence/parsers/k8s-objects.js';
import type { Evidence } from '../evidence/read.js';
import { splitLines } from '../evidence/text.js';
import type { Finding } from '../policy/findings.js';
import { failsGate } from '../report/model.js';
import { clusterBase, judgeChange, readClusterEvidence, type ChangeOptions, type ChangeVerdict, type ClusterBase } from '../review/change.js';
import { objectKey } from '../review/objects.js';
import { limitWarnings, targetOf, type AdmissionRequest } from './admission.js';

export type Verdict = 'allowed' | 'warned' | 'denied';

export interface Decision {
  allowed: boolean;
  verdict: Verdict;
  /** Set when denied: the findings that deny, one per line. */
  message?: string;
  warnings: string[];
  /** Whether the object is one the webhook judges at all. */
  judged: boolean;
  cached: boolean;
  /** Time spent evaluating the policy (0 on a cache hit or when not judged), in seconds. */
  evalSeconds: number;
  findings: { id: string; severity: string; message: string }[];
}

export interface ReviewerOptions extends ChangeOptions {
  /** Entries in the answer cache; 0 turns it off. Default 1024. */
  cacheSize?: number;
}

/** What is decided: the object as judged (its JSON text), where it is reported, and what it replaces. */
export interface Draft {
  ref: string;
  /** Replacement key of the object (src/review/objects.ts), or null. */
  key: string | null;
  text: string;
}

/** The cluster a Judge holds, for the ready log line. */
export interface BaseSummary {
  files: number;
  observations: number;
  clusterFindings: number;
}

/** Decides drafts against the cluster's facts: in this thread, or in a worker (./worker.ts). */
export interface Judge {
  readonly summary: BaseSummary;
  decide(draft: Draft): Decision | Promise<Decision>;
  close(): Promise<void>;
}

/** Judges in the calling thread. */
export class LocalJudge implements Judge {
  readonly summary: BaseSummary;
  private readonly opts: ChangeOptions;

  constructor(
    readonly base: ClusterBase,
    opts: ChangeOptions = {},
  ) {
    this.opts = opts;
    this.summary = { files: base.evidence.files.length, observations: base.evidence.observations.length, clusterFindings: base.report?.findings.length ?? 0 };
  }

  /** Reads the cluster's evidence (files or folders) and evaluates it once. */
  static fromEvidence(paths: readonly string[], opts: ChangeOptions = {}): LocalJudge {
    const { failOnExisting: _f, against: _a, ...check } = opts;
    const evidence = readClusterEvidence(paths, check, '--facts-from');
    // Always a baseline, even of no facts: what nothing tells is not the change's fault.
    return new LocalJudge(clusterBase(evidence, check, undefined, true), { ...opts, against: [...paths] });
  }

  decide({ ref, key, text }: Draft): Decision {
    const started = process.hrtime.bigint();
    const change = objectEvidence(text, ref);
    let decision: Decision;
    try {
      decision = decisionFrom(ref, judgeChange(this.base, change, new Set(key === null ? [] : [key]), this.opts));
    } catch (e) {
      // The object's own configuration is invalid (a CIDR that does not parse, a bad value).
      if (!(e instanceof InputError)) throw e;
      decision = { allowed: false, verdict: 'denied', message: `kube-netcheck denied ${ref}: ${e.describe()}`, warnings: [], judged: true, cached: false, evalSeconds: 0, findings: [] };
    }
    decision.evalSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    return decision;
  }

  async close(): Promise<void> {}
}

/**
 * Answers admission requests: which objects are judged, the answer cache, and one
 * evaluation at a time per distinct object (requests for an object being judged
 * wait for that answer).
 */
export class Reviewer {
  private readonly cache = new Map<string, Decision>();
  private readonly pending = new Map<string, Promise<Decision>>();
  private readonly cacheSize: number;

  constructor(
    readonly judge: Judge,
    cacheSize = 1024,
  ) {
    this.cacheSize = cacheSize;
  }

  /** A Reviewer judging in this thread. */
  static fromEvidence(paths: readonly string[], opts: ReviewerOptions = {}): Reviewer {
    const { cacheSize, ...check } = opts;
    return new Reviewer(LocalJudge.fromEvidence(paths, check), cacheSize);
  }

  async review(req: AdmissionRequest): Promise<Decision> {
    const target = targetOf(req);
    if (!target) return { allowed: true, verdict: 'allowed', warnings: [], judged: false, cached: false, evalSeconds: 0, findings: [] };
    const text = JSON.stringify(asJudged(req.object), null, 2);
    const hash = createHash('sha256').update(text).digest('hex');
    const hit = this.cache.get(hash);
    if (hit) {
      this.cache.delete(hash);
      this.cache.set(hash, hit);
      return { ...hit, cached: true, evalSeconds: 0 };
    }
    const waiting = this.pending.get(hash);
    if (waiting) return { ...(await waiting), cached: true, evalSeconds: 0 };
    const key = objectKey(req.object as Record<string, unknown>);
    const promise = Promise.resolve(this.judge.decide({ ref: target.ref, key, text }));
    this.pending.set(hash, promise);
    try {
      const decision = await promise;
      if (this.cacheSize > 0) {
        this.cache.set(hash, decision);
        if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
      }
      return decision;
    } finally {
      this.pending.delete(hash);
    }
  }

  close(): Promise<void> {
    return this.judge.close();
  }
}

/**
 * The answer to a change from its verdict: denied when a finding of the change
 * fails the gate, or, with --fail-on-existing (report.change.failOnExisting), a
 * finding the cluster already has does. Every other finding is a warning; the
 * cluster's own say so.
 */
export function decisionFrom(ref: string, { report, preexisting }: ChangeVerdict): Decision {
  const counted = report.change?.failOnExisting === true;
  const fails = (f: Finding): boolean => failsGate(f, report.failOn, report.allowUnknown);
  const blocking = [...report.findings.filter(fails), ...(counted ? preexisting.filter(fails) : [])];
  const warnings = report.findings.filter((f) => !blocking.includes(f)).map((f) => `${f.id} ${f.severity}: ${f.message}`);
  for (const f of preexisting) {
    if (!blocking.includes(f)) warnings.push(`${f.id} ${f.severity} (already in the cluster, not caused by this change): ${f.message}`);
  }
  const findings = report.findings.map((f) => ({ id: f.id, severity: f.severity, message: f.message }));
  const base = { warnings: limitWarnings(warnings), judged: true, cached: false, evalSeconds: 0, findings };
  if (blocking.length > 0) return { ...base, allowed: false, verdict: 'denied', message: denyMessage(ref, blocking, preexisting) };
  return { ...base, allowed: true, verdict: warnings.length > 0 ? 'warned' : 'allowed' };
}

function denyMessage(ref: string, blocking: readonly Finding[], preexisting: readonly Finding[]): string {
  const lines = blocking.map((f) => {
    const at = f.locations.find((l) => l.file === ref) ?? f.locations[0];
    const where = at ? ` (at ${at.file}${at.line ? `:${at.line}` : ''})` : '';
    const existing = preexisting.includes(f) ? ' [already in the cluster; --fail-on-existing]' : '';
    return `- ${f.id} ${f.severity === 'unknown' ? 'unknown' : f.severity}${existing}: ${f.message}${where}`;
  });
  return `kube-netcheck denied ${ref}: ${blocking.length} finding(s):\n${lines.join('\n')}`;
}

/**
 * The object as judged: what the API server sets on every write (resourceVersion,
 * uid, managedFields, timestamps, status) is left out, so the same configuration
 * gives the same text, lines and cache key.
 */
export function asJudged(object: unknown): Record<string, unknown> {
  const o = (object ?? {}) as Record<string, unknown>;
  const meta = (o.metadata ?? {}) as Record<string, unknown>;
  const { metadata: _m, status: _s, ...rest } = o;
  const keptMeta: Record<string, unknown> = {};
  for (const k of ['name', 'generateName', 'namespace', 'labels']) if (meta[k] !== undefined) keptMeta[k] = meta[k];
  const { apiVersion, kind, ...body } = rest;
  return { apiVersion, kind, metadata: keptMeta, ...body };
}

/** The observations of one object, located at `ref` and its line in the judged JSON text. */
export function objectEvidence(text: string, ref: string): Evidence {
  const lines = splitLines(text);
  const res = k8sObjects.parse(lines, {});
  return {
    observations: res.observations.map((o) => ({
      claim: o.claim,
      inferred: o.inferred === true,
      source: { kind: o.kind ?? k8sObjects.kind, file: ref, line: o.line, excerpt: o.excerpt },
    })),
    diagnostics: res.diagnostics.map((d) => ({ level: d.level, file: ref, line: d.line, message: d.message })),
    files: [{ file: ref, kind: k8sObjects.kind, observations: res.observations.length }],
  };
}
