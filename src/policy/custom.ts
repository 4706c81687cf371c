/**
 * Bring-your-own policy: --policy .rego files or folders (compiled with the
 * embedded OPA or the user's opa, backend.ts; cached), .wasm modules and OPA bundles, evaluated with
 * conftest's rules (policy/engine.go, output/result.go): deny / violation /
 * warn in package main (or the namespaces asked for), each result a string or
 * an object with a string `msg`; other fields are metadata. Their input is the
 * same projection of the facts the built-in rules get. No verdict is made here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { Facts } from '../facts/types.js';
import { readBundle, type Members } from './bundle.js';
import { compileRego, entrypointOf, ruleKind, type PolicyRule, type RegoSource } from './compile.js';
import { deepMerge, parseDataText } from './data.js';
import { loadEngine, PolicyError, type Engine } from './engine.js';
import { customInput, indexObservations, locate, type Finding } from './findings.js';
import { selectBackend, type RegoBackend } from './backend.js';

export interface CustomOptions {
  /** Paths given to --policy. */
  policies: readonly string[];
  /** --opa PATH; else the embedded OPA, else opa on PATH (only when .rego needs compiling). */
  opa?: string;
  /** Told which OPA compiled and whether the cache answered (check --verbose). */
  onNote?: (note: string) => void;
  cacheDir: string;
  /** Packages whose rules run; default ["main"]. */
  namespaces?: readonly string[];
  allNamespaces?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** One loaded module: the rules it offers, the data its bundle carried. */
export interface CustomPolicy {
  origin: string;
  engine: Engine;
  rules: PolicyRule[];
  data: Record<string, unknown>;
  /** For compiled .rego: the cache entry and whether it was reused. */
  cache?: { file: string; hit: boolean };
}

export function loadCustomPolicies(opts: CustomOptions): CustomPolicy[] {
  const rego: RegoSource[] = [];
  const regoOrigins: string[] = [];
  const loaded: CustomPolicy[] = [];
  let backend: RegoBackend | undefined;
  const needOpa = (what: string): RegoBackend => (backend ??= selectBackend({ ...(opts.opa !== undefined ? { opa: opts.opa } : {}), env: opts.env ?? process.env, what }));

  for (const given of opts.policies) {
    const path = resolve(given);
    const display = shown(path);
    if (!existsSync(path)) throw new UsageError(`--policy ${given}: no such file or folder`);
    if (statSync(path).isDirectory()) {
      const files = regoFiles(path);
      if (files.length === 0) throw new InputError('no .rego files in this folder (files ending _test.rego are tests and are not run)', display);
      for (const f of files) rego.push({ display: shown(f), text: readFileSync(f, 'utf8') });
      regoOrigins.push(display);
    } else if (path.endsWith('.rego')) {
      rego.push({ display, text: readFileSync(path, 'utf8') });
      regoOrigins.push(display);
    } else if (path.endsWith('.wasm')) {
      const engine = loadModule(readFileSync(path), display);
      loaded.push({ origin: display, engine, rules: rulesOf(engine, display), data: {} });
    } else if (path.endsWith('.tar.gz') || path.endsWith('.tgz')) {
      loaded.push(loadBundle(path, display, opts, needOpa));
    } else {
      throw new UsageError(`--policy ${given}: expected a .rego file or a folder of them, a compiled .wasm, or an OPA bundle .tar.gz`);
    }
  }
  if (rego.length > 0) {
    const origin = regoOrigins.join(', ');
    const c = compiled(rego, needOpa(regoOrigins[0]!), opts, origin);
    loaded.unshift({ origin, engine: loadModule(c.wasm, origin), rules: c.rules, data: {}, cache: { file: c.cacheFile, hit: c.cacheHit } });
  }
  for (const p of loaded) p.rules = selectRules(p, opts);
  return loaded;
}

/** compileRego, telling --verbose which OPA compiled (or that the cache answered) and how long it took. */
function compiled(rego: RegoSource[], backend: RegoBackend, opts: CustomOptions, origin: string): ReturnType<typeof compileRego> {
  const started = performance.now();
  const c = compileRego(rego, { backend, cacheDir: opts.cacheDir, origin });
  const ms = Math.round(performance.now() - started);
  opts.onNote?.(c.cacheHit ? `${origin}: compiled policy reused from the cache (${c.cacheFile})` : `${origin}: compiled with ${backend.describe(opts.cacheDir)} in ${ms} ms; cached at ${c.cacheFile}`);
  return c;
}

function loadBundle(path: string, display: string, opts: CustomOptions, needOpa: (what: string) => RegoBackend): CustomPolicy {
  const members = readBundle(path, display);
  const data = bundleData(members, display);
  const wasm = members.get('/policy.wasm');
  if (wasm) {
    const origin = `${display}!/policy.wasm`;
    const engine = loadModule(wasm, origin);
    return { origin: display, engine, rules: rulesOf(engine, origin), data };
  }
  const rego = [...members]
    .filter(([name]) => name.endsWith('.rego') && !name.endsWith('_test.rego'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, text]) => ({ display: `${display}!${name}`, text: text.toString('utf8') }));
  if (rego.length === 0) throw new InputError('an OPA bundle with neither /policy.wasm nor .rego files', display);
  const c = compiled(rego, needOpa(display), opts, display);
  return { origin: display, engine: loadModule(c.wasm, display), rules: c.rules, data, cache: { file: c.cacheFile, hit: c.cacheHit } };
}

/** data.json / data.yaml members, each merged at its folder's path (/a/b/data.json -> data.a.b). */
function bundleData(members: Members, display: string): Record<string, unknown> {
  let data: Record<string, unknown> = {};
  const names = [...members.keys()].filter((n) => /\/data\.(json|ya?ml)$/.test(n)).sort();
  for (const name of names) {
    const doc = parseDataText(members.get(name)!.toString('utf8'), `${display}!${name}`);
    let value: Record<string, unknown> = doc.value;
    for (const key of name.split('/').slice(1, -1).reverse()) value = { [key]: value };
    data = deepMerge(data, value);
  }
  return data;
}

function loadModule(wasm: Uint8Array, origin: string): Engine {
  try {
    return loadEngine(wasm);
  } catch (e) {
    if (e instanceof PolicyError) throw new InputError(e.message, origin);
    throw e;
  }
}

/** A compiled module's rules are its entrypoints named like conftest rules. */
function rulesOf(engine: Engine, origin: string): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const ep of engine.entrypoints) {
    const slash = ep.lastIndexOf('/');
    if (slash <= 0) continue;
    const rule = ep.slice(slash + 1);
    const kind = ruleKind(rule);
    if (!kind) continue;
    const namespace = ep.slice(0, slash).split('/').join('.');
    rules.push({ namespace, rule, kind, entrypoint: entrypointOf(namespace, rule), file: origin, line: null });
  }
  if (!rules.some((r) => r.kind !== 'exception')) {
    throw new InputError(
      `no deny, violation or warn entrypoint in the module (its entrypoints: ${engine.entrypoints.join(', ') || 'none'}): build it with \`opa build -t wasm -e main/deny -e main/warn ...\``,
      origin,
    );
  }
  return rules;
}

function selectRules(p: CustomPolicy, opts: CustomOptions): PolicyRule[] {
  if (opts.allNamespaces) return p.rules;
  const wanted = opts.namespaces && opts.namespaces.length > 0 ? opts.namespaces : ['main'];
  const rules = p.rules.filter((r) => wanted.includes(r.namespace));
  if (!rules.some((r) => r.kind !== 'exception')) {
    const found = [...new Set(p.rules.map((r) => r.namespace))].join(', ');
    throw new InputError(
      `no deny, violation or warn rules in namespace ${wanted.join(', ')} (rules found in: ${found}): name the package with --namespace, or use --all-namespaces`,
      p.origin,
    );
  }
  return rules;
}

/** Evaluates every selected rule; results join the built-in findings. */
export function evaluateCustom(policies: readonly CustomPolicy[], facts: Facts, data: Record<string, unknown>): Finding[] {
  if (policies.length === 0) return [];
  const input = customInput(facts);
  const index = indexObservations(facts.observations, facts.diagnostics);
  const findings: Finding[] = [];
  for (const p of policies) {
    try {
      p.engine.setData(deepMerge(p.data, data));
    } catch (e) {
      if (e instanceof PolicyError) throw new InputError(e.message, p.origin);
      throw e;
    }
    const waived = exceptions(p, input);
    for (const rule of p.rules) {
      if (rule.kind === 'exception' || waived.get(rule.namespace)?.has(unprefixed(rule.rule))) continue;
      const value = evaluateRule(p, rule, input);
      if (value === undefined) continue;
      if (!Array.isArray(value)) {
        throw new InputError(
          `${rule.namespace}.${rule.rule} must be a set of results (\`${rule.rule} contains msg if { ... }\`, or \`${rule.rule}[msg] { ... }\` in v0), got ${describe(value)}`,
          rule.file,
          rule.line,
        );
      }
      for (const item of value) findings.push(toFinding(rule, item, index));
    }
  }
  return findings;
}

function evaluateRule(p: CustomPolicy, rule: PolicyRule, input: string): unknown {
  try {
    return p.engine.evaluateJSON(input, rule.entrypoint);
  } catch (e) {
    if (e instanceof PolicyError) throw new InputError(`${rule.namespace}.${rule.rule}: ${e.message}`, rule.file, rule.line);
    throw e;
  }
}

/**
 * conftest's exceptions: `exception contains ["ranges"] if ...` in a package
 * waives that package's deny_ranges / violation_ranges / warn_ranges rules
 * (conftest queries data.<ns>.exception[_][_] == name).
 */
function exceptions(p: CustomPolicy, input: string): Map<string, Set<string>> {
  const waived = new Map<string, Set<string>>();
  for (const rule of p.rules) {
    if (rule.kind !== 'exception') continue;
    const value = evaluateRule(p, rule, input);
    if (value === undefined) continue;
    const lists = Array.isArray(value) ? (value as unknown[]) : [];
    if (!Array.isArray(value) || !lists.every((l) => Array.isArray(l) && l.every((n) => typeof n === 'string'))) {
      throw new InputError(
        `${rule.namespace}.exception must be a set of lists of rule names (\`exception contains ["ranges"] if { ... }\`), got ${describe(value)}`,
        rule.file,
        rule.line,
      );
    }
    waived.set(rule.namespace, new Set((lists as string[][]).flat()));
  }
  return waived;
}

/** conftest's removeRulePrefix: deny_ranges -> ranges; a plain deny stays deny. */
function unprefixed(rule: string): string {
  return rule.replace(/^(violation_|deny_|warn_)/, '');
}

/** Fields with a meaning here; every other field of a result object is metadata, as in conftest. */
const KNOWN = new Set(['msg', 'id', 'title', 'remediation', 'facts', '_loc']);

function toFinding(rule: PolicyRule, item: unknown, index: ReturnType<typeof indexObservations>): Finding {
  const name = `${rule.namespace}.${rule.rule}`;
  let obj: Record<string, unknown>;
  if (typeof item === 'string') obj = { msg: item };
  else if (item !== null && typeof item === 'object' && !Array.isArray(item) && typeof (item as { msg?: unknown }).msg === 'string') {
    obj = item as Record<string, unknown>;
  } else {
    throw new InputError(`${name}: a result must be a string or an object with a string "msg" (conftest's shape), got ${describe(item)}`, rule.file, rule.line);
  }
  const facts = Array.isArray(obj.facts) ? obj.facts.filter((p): p is string => typeof p === 'string' && (p === '' || p.startsWith('/'))) : [];
  const metadata = Object.fromEntries(Object.entries(obj).filter(([k]) => !KNOWN.has(k)));
  const severity = rule.kind === 'deny' ? 'error' : 'warning';
  return {
    id: typeof obj.id === 'string' && obj.id !== '' ? obj.id : name,
    title: typeof obj.title === 'string' && obj.title !== '' ? obj.title : `Custom policy ${name}`,
    severity,
    ruleSeverity: severity,
    verdict: 'fail',
    message: obj.msg as string,
    remediation: typeof obj.remediation === 'string' ? obj.remediation : '',
    facts,
    locations: locate(index, facts),
    policy: { file: rule.file, line: rule.line, rule: name },
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
  };
}

function describe(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function regoFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...regoFiles(p));
    else if (e.name.endsWith('.rego') && !e.name.endsWith('_test.rego')) out.push(p);
  }
  return out;
}

/** Relative to the working directory when inside it, as users typed it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
