/**
 * Evaluates the built-in policy on a facts document and turns its raw results
 * into findings: rule metadata from the catalogue, evidence locations from the
 * observations the findings' fact pointers name. No verdict is made here.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FactDiagnostic, Facts, FactObservation } from '../facts/types.js';
import { loadCatalogue, ruleByPackage, type RuleInfo, type Severity } from './catalogue.js';
import { loadEngine, PolicyError, type Engine } from './engine.js';

export type Verdict = 'fail' | 'unknown';

export interface Location {
  file: string;
  line: number | null;
  /** 1-based column, where known (evidence that could not be read). */
  column?: number;
  excerpt: string;
  kind: string;
  /** Live evidence: the field path inside the API object named by file. */
  field?: string;
}

export interface Finding {
  id: string;
  title: string;
  /** error, warning or info for a failed rule; unknown when the rule could not be decided. */
  severity: Severity | 'unknown';
  /** The rule's own severity, which an unknown verdict inherits for --fail-on. */
  ruleSeverity: Severity;
  verdict: Verdict;
  message: string;
  remediation: string;
  /** JSON pointers of the facts the finding is about. */
  facts: string[];
  locations: Location[];
  /** For unknown verdicts: the evidence that would settle it. */
  evidence?: string;
  /** For a custom policy's finding: the rule that made it (file and line of its head, when known). */
  policy?: { file: string; line: number | null; rule: string };
  /** For a custom policy's finding: the result object's other fields (conftest's metadata). */
  metadata?: Record<string, unknown>;
}

export interface RawFinding {
  verdict?: unknown;
  message?: unknown;
  facts?: unknown;
  severity?: unknown;
  evidence?: unknown;
  value?: unknown;
}

/**
 * The built-in policy's input: the facts without observations (they stay on
 * this side), and each node without what no built-in rule reads: labels but
 * the keys some DaemonSet's nodeSelector or required node affinity names
 * (lib/scheduling.rego reads no others), its ready flag and roles, and a
 * podCIDR's `written` and `hostBitsSet` unless it has host bits set (KN107
 * reads them on networks and pools, not node podCIDRs). At 50,000 nodes OPA's
 * wasm spends most of its memory building the input's values: each value left
 * out is one it does not build. Nothing is judged here; test/differential.test.ts
 * checks on random documents that every finding is the same with the whole facts.
 */
export function policyInput(facts: Facts): string {
  return new TextDecoder().decode(policyInputBytes(facts));
}

/**
 * policyInput as the UTF-8 bytes the engine hands to wasm, written node by
 * node into one buffer: at 50,000 nodes neither the 20 MB string nor a slim
 * copy of every node exists at once (part of keeping the peak memory down).
 * The buffer is a resizable ArrayBuffer cut to the text's length, as the SDK
 * reads all of it.
 */
export function policyInputBytes(facts: Facts): ArrayBuffer {
  const { observations: _omit, nodes, ...rest } = facts;
  const keys = selectedLabelKeys(facts);
  const out = new Writer(4096 + nodes.length * 512);
  out.write(`${JSON.stringify(rest).slice(0, -1)},"nodes":[`);
  nodes.forEach(({ ready: _ready, roles: _roles, ...n }, i) => {
    const node = {
      ...n,
      labels: n.labels === null ? null : pick(n.labels, keys),
      podCIDRs: n.podCIDRs.map(({ written, hostBitsSet, ...c }) => (hostBitsSet ? { ...c, written, hostBitsSet } : c)),
    };
    out.write(i === 0 ? JSON.stringify(node) : `,${JSON.stringify(node)}`);
  });
  out.write(']}');
  return out.done();
}

/** UTF-8 text into a growing resizable ArrayBuffer (Node 20 has them: ES2024). */
class Writer {
  private buf: ArrayBuffer;
  private view: Uint8Array;
  private len = 0;
  private readonly encoder = new TextEncoder();

  constructor(size: number) {
    this.buf = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer)(size, { maxByteLength: 2 ** 32 - 1 });
    this.view = new Uint8Array(this.buf);
  }

  write(text: string): void {
    for (;;) {
      const r = this.encoder.encodeInto(text, this.view.subarray(this.len));
      if (r.read === text.length) {
        this.len += r.written;
        return;
      }
      // Out of room: grow (doubling) and write the text again from the start of it.
      (this.buf as unknown as { resize(n: number): void }).resize(Math.min(2 ** 32 - 1, Math.max(this.buf.byteLength * 2, this.len + text.length * 3)));
      this.view = new Uint8Array(this.buf);
    }
  }

  done(): ArrayBuffer {
    (this.buf as unknown as { resize(n: number): void }).resize(this.len);
    return this.buf;
  }
}

/** Custom policies' input: every fact but the observations (users' rules may read any label). */
export function customInput(facts: Facts): string {
  const { observations: _omit, ...rest } = facts;
  return JSON.stringify(rest);
}

function selectedLabelKeys(facts: Facts): string[] {
  const keys = new Set<string>();
  for (const ds of facts.daemonSets) {
    for (const k of Object.keys(ds.nodeSelector ?? {})) keys.add(k);
    for (const term of ds.requiredNodeAffinity ?? []) for (const r of term.matchExpressions ?? []) keys.add(r.key);
  }
  return [...keys];
}

function pick(labels: Record<string, string>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (Object.hasOwn(labels, k)) out[k] = labels[k]!;
  return out;
}

/** `data` (from --data) reaches the rules beside their parameters, which stay at data.netcheck.params. */
export function evaluateBuiltin(facts: Facts, params: object, engine: Engine = loadEngine(), data: Record<string, unknown> = {}): Finding[] {
  engine.setData(withParams(data, params));
  const input = policyInputBytes(facts);
  if (facts.nodes.length >= LARGE_CLUSTER) collectGarbage();
  const result = engine.evaluateBytes(input);
  return toFindings(result, facts.observations, facts.diagnostics);
}

/**
 * From this many nodes, the JavaScript heap is collected before the policy
 * runs: reading a large list leaves garbage that V8 would keep committed while
 * OPA builds its own heap in wasm, where no collection can happen. At 50,000
 * nodes this keeps the peak RSS some 20 MB lower, for about 30 ms.
 */
const LARGE_CLUSTER = 10_000;

/** V8's full collection (`gc`, exposed for a new context only: the process's own flags stay as they were). */
function collectGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // Not offered by this runtime: the evaluation only needs more memory.
  }
}

export function withParams(data: Record<string, unknown>, params: object): Record<string, unknown> {
  const netcheck = data.netcheck !== null && typeof data.netcheck === 'object' && !Array.isArray(data.netcheck) ? data.netcheck : {};
  return { ...data, netcheck: { ...netcheck, params } };
}

export function toFindings(result: unknown, observations: readonly FactObservation[], diagnostics: readonly FactDiagnostic[] = []): Finding[] {
  if (result === undefined || result === null || typeof result !== 'object') {
    throw new PolicyError('the policy returned no results object: is policies/compiled/policy.wasm built from policies/kubenetcheck?');
  }
  const index = indexObservations(observations, diagnostics);
  const findings: Finding[] = [];
  for (const [family, rules] of Object.entries(result as Record<string, Record<string, unknown>>)) {
    for (const [rule, raw] of Object.entries(rules)) {
      const info = ruleByPackage(family, rule);
      if (!info) throw new PolicyError(`rule package kubenetcheck.rules.${family}.${rule} has no catalogue entry: rebuild with npm run policy:build`);
      if (!Array.isArray(raw)) throw new PolicyError(`${info.id}: findings must be a set, got ${typeof raw}`);
      for (const r of raw as RawFinding[]) findings.push(toFinding(info, r, index));
    }
  }
  return sortFindings(findings);
}

const ORDER: Record<Finding['severity'], number> = { error: 0, unknown: 1, warning: 2, info: 3 };

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || byCodePoint(a.id, b.id) || byCodePoint(a.message, b.message));
}

/** Code-point order: the same on every machine and locale, and no ICU collator to start (it costs a cold start milliseconds). */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toFinding(info: RuleInfo, r: RawFinding, index: ObservationIndex): Finding {
  if (typeof r !== 'object' || r === null || typeof r.message !== 'string') {
    throw new PolicyError(`${info.id}: a finding must be an object with a message, got ${JSON.stringify(r)}`);
  }
  const verdict: Verdict = r.verdict === 'unknown' ? 'unknown' : 'fail';
  const ruleSeverity: Severity = isSeverity(r.severity) ? r.severity : info.severity;
  const facts = Array.isArray(r.facts) ? r.facts.filter((p): p is string => typeof p === 'string') : [];
  return {
    id: info.id,
    title: info.title,
    severity: verdict === 'unknown' ? 'unknown' : ruleSeverity,
    ruleSeverity,
    verdict,
    message: r.message,
    remediation: info.remediation,
    facts,
    locations: locate(index, facts, r.value),
    ...(typeof r.evidence === 'string' ? { evidence: r.evidence } : {}),
  };
}

function isSeverity(s: unknown): s is Severity {
  return s === 'error' || s === 'warning' || s === 'info';
}

export type ObservationIndex = Map<string, FactObservation[]>;

/**
 * Observations by the pointer of their fact; a diagnostic (`/diagnostics/3`: evidence
 * that could not be read) is located at its own file, line and column.
 */
export function indexObservations(observations: readonly FactObservation[], diagnostics: readonly FactDiagnostic[] = []): ObservationIndex {
  const idx: ObservationIndex = new Map();
  for (const o of observations) {
    const list = idx.get(o.pointer);
    if (list) list.push(o);
    else idx.set(o.pointer, [o]);
  }
  diagnostics.forEach((d, i) => {
    const pointer = `/diagnostics/${i}`;
    idx.set(pointer, [{ pointer, value: d.message, source: { kind: 'unreadable', file: d.file, line: d.line, excerpt: '', ...(d.column !== undefined ? { column: d.column } : {}) } }]);
  });
  return idx;
}

/**
 * Evidence lines behind the named facts: observations of the pointer itself
 * or of its closest ancestor; for a whole collection (`/nodes`), one location
 * per file. When the finding names a value, observations of that value come first.
 */
export function locate(index: ObservationIndex, pointers: readonly string[], value?: unknown): Location[] {
  const out: Location[] = [];
  const seen = new Set<string>();
  const add = (o: FactObservation): void => {
    const key = `${o.source.file}:${o.source.line}:${o.source.field ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({
      file: o.source.file,
      line: o.source.line,
      ...(o.source.column !== undefined ? { column: o.source.column } : {}),
      excerpt: o.source.excerpt,
      kind: o.source.kind,
      ...(o.source.field ? { field: o.source.field } : {}),
    });
  };
  for (const pointer of pointers) {
    let found = index.get(pointer);
    // An ancestor: /daemonSets/0/desired is stated by the observation of /daemonSets/0.
    let p = pointer;
    while (!found && p.lastIndexOf('/') > 0) {
      p = p.slice(0, p.lastIndexOf('/'));
      found = index.get(p);
    }
    if (found) {
      const matching = value === undefined ? found : found.filter((o) => o.value === value);
      for (const o of matching.length > 0 ? matching : found) add(o);
      continue;
    }
    // A collection: one location per file among its members.
    const files = new Set<string>();
    for (const [ptr, list] of index) {
      if (!ptr.startsWith(`${pointer}/`)) continue;
      for (const o of list) {
        if (files.has(o.source.file)) continue;
        files.add(o.source.file);
        add(o);
      }
    }
  }
  return out;
}

export { loadCatalogue };
