/**
 * `kube-netcheck facts --explain`: every fact with the sources that supplied
 * it (kind, file:line, excerpt), in the order the facts document lists them,
 * then the places where sources disagree — two values for one setting, or two
 * ranges of one role and family — each value with its own sources. Nothing is
 * judged here: the rules decide what a disagreement means.
 */
import type { FactObservation, Facts } from '../facts/types.js';

export function renderExplain(facts: Facts): string {
  const byPointer = new Map<string, FactObservation[]>();
  for (const o of facts.observations) {
    const list = byPointer.get(o.pointer);
    if (list) list.push(o);
    else byPointer.set(o.pointer, [o]);
  }
  const files = new Set(facts.observations.map((o) => o.source.file));
  const out: string[] = [`${facts.observations.length} observation${facts.observations.length === 1 ? '' : 's'} from ${files.size} file${files.size === 1 ? '' : 's'}.`, ''];
  const derived = DERIVED.filter((p) => !byPointer.has(p) && resolve(facts, p) !== null && resolve(facts, p) !== undefined);
  const pointers = [...byPointer.keys(), ...derived].sort(comparePointers);
  for (const pointer of pointers) {
    const obs = byPointer.get(pointer) ?? [];
    out.push(`${pointer} = ${summary(resolve(facts, pointer))}${obs.length === 0 ? ' (derived from the facts above, no source states it)' : ''}`);
    for (const o of obs) {
      const marks = [o.inferred ? 'inferred' : '', valueText(o.value) !== stated(facts, pointer) && stated(facts, pointer) !== null ? `says ${valueText(o.value)}` : ''].filter((m) => m !== '');
      out.push(`  ${where(o)}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`);
    }
  }
  const disagreements = findDisagreements(facts, byPointer);
  out.push('');
  if (disagreements.length === 0) out.push('Sources agree: no fact was stated with two different values.');
  else {
    out.push(`Sources disagree on ${disagreements.length} fact${disagreements.length === 1 ? '' : 's'}:`);
    for (const d of disagreements) {
      out.push(`  ${d.what}:`);
      for (const [value, obs] of d.values) {
        out.push(`    ${value}`);
        for (const o of obs) out.push(`      ${where(o)}${o.inferred ? ' (inferred)' : ''}`);
      }
    }
  }
  const diagnostics = facts.diagnostics ?? [];
  const errors = diagnostics.filter((d) => d.level === 'error');
  if (diagnostics.length > 0) {
    out.push('', errors.length > 0 ? `Could not read ${errors.length} part${errors.length === 1 ? '' : 's'} of the evidence (no facts above come from them):` : 'Notes from reading:');
    for (const d of diagnostics) {
      const at = `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}`;
      out.push(`  ${d.level}: ${at}: ${d.message}${d.expected ? ` (expected ${d.expected})` : ''}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function where(o: FactObservation): string {
  const loc = `${o.source.file}${o.source.line ? `:${o.source.line}` : ''}`;
  return `${loc} [${o.source.kind}]${o.source.excerpt ? `  ${o.source.excerpt}` : ''}`;
}

/** The value at a JSON pointer of the facts document. */
function resolve(facts: Facts, pointer: string): unknown {
  let cur: unknown = facts;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** A one-line view of a fact: a range, a node, a DaemonSet, or the value. */
function summary(v: unknown): string {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o.cidr === 'string') return `${o.cidr}${typeof o.family === 'string' ? ` (${o.family})` : ''}`;
    if (o.network && typeof (o.network as Record<string, unknown>).cidr === 'string') return `${String((o.network as Record<string, unknown>).cidr)} (pool ${String(o.name ?? '')})`;
    if (typeof o.name === 'string' && 'desired' in o) return `DaemonSet ${o.namespace ? `${String(o.namespace)}/` : ''}${o.name}`;
    if (typeof o.name === 'string' && 'internalIPs' in o) return `node ${o.name}`;
    if (typeof o.name === 'string') return o.name;
  }
  return valueText(v);
}

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** For a scalar fact, its resolved value as text; null for entities (nodes, DaemonSets, ranges). */
function stated(facts: Facts, pointer: string): string | null {
  const v = resolve(facts, pointer);
  return v === null || typeof v !== 'object' ? valueText(v) : null;
}

/** Facts the normaliser derives from others when no source states them. */
const DERIVED = ['/kubeProxy/present', '/cni/ipam'];

interface Disagreement {
  what: string;
  values: [string, FactObservation[]][];
}

function findDisagreements(facts: Facts, byPointer: Map<string, FactObservation[]>): Disagreement[] {
  const out: Disagreement[] = [];
  // One setting stated with different values (proxy mode, version, DNS IP, mask sizes...).
  for (const [pointer, obs] of byPointer) {
    if (stated(facts, pointer) === null) continue;
    const values = groupBy(obs, (o) => valueText(o.value));
    if (values.length > 1) out.push({ what: pointer, values });
  }
  // One role and family given different ranges by different sources.
  for (const role of ['pod', 'service', 'node'] as const) {
    for (const family of ['IPv4', 'IPv6'] as const) {
      const idx = facts.networks[role].flatMap((n, i) => (n.family === family ? [i] : []));
      if (idx.length < 2) continue;
      out.push({
        what: `${role} range (${family})`,
        values: idx.map((i) => [facts.networks[role][i]!.cidr, byPointer.get(`/networks/${role}/${i}`) ?? []]),
      });
    }
  }
  return out;
}

function groupBy(obs: FactObservation[], key: (o: FactObservation) => string): [string, FactObservation[]][] {
  const m = new Map<string, FactObservation[]>();
  for (const o of obs) {
    const k = key(o);
    const list = m.get(k);
    if (list) list.push(o);
    else m.set(k, [o]);
  }
  return [...m];
}

/** Document order: by path segment, numbers numerically. */
function comparePointers(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return (ORDER.indexOf(x) + 1 || 99) - (ORDER.indexOf(y) + 1 || 99) || (x < y ? -1 : 1);
  }
  return pa.length - pb.length;
}

const ORDER = ['cluster', 'networks', 'node', 'pod', 'service', 'kubeProxy', 'cni', 'daemonSets', 'nodes', 'interfaces', 'sysctls', 'routes', 'networkPolicies'];
