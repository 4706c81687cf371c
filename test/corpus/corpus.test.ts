/**
 * Extraction measured on real public files (test/corpus/README.md).
 *
 * Each entry is a folder test/corpus/<kind>/<slug>/ with the file(s) copied byte for byte under
 * evidence/ and an expected.yaml written by a person before the parser ran on it: where the file
 * comes from, what a careful reader takes from it, and the facts it states. The test reads each
 * evidence folder through the real CLI (`facts`), compares the measured facts, and prints one table
 * per kind: stated facts found, wrong values, invented values. It fails on any invented or wrong
 * value, and when fewer than MIN_FOUND of all stated facts are found.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import { repo, runCli } from '../helpers.js';

/** Share of stated facts that must be found over the whole corpus. */
const MIN_FOUND = 0.95;

/** The measured facts: key in expected.yaml -> how to read it from a facts document. */
type Value = string | number | boolean;
interface FactsDoc {
  networks: Record<'node' | 'pod' | 'service', { cidr: string }[]>;
  kubeProxy: { mode: string | null; modeSource: string | null; present: boolean | null; replacement: string | null };
  cni: { name: string | null; ipam: string | null; encapsulation: string | null; mtu: number | null; pools: { network: { cidr: string } }[] };
  nodes: unknown[];
  cluster: { version: string | null; clusterDNS: string[]; dnsServiceIP: string | null; nodeCIDRMaskSize: { IPv4: number | null; IPv6: number | null } };
  observations: { pointer: string; value: unknown; inferred?: boolean }[];
}

interface Measure {
  /** Values the facts document holds for this key, each with the JSON pointers that state it. */
  read(f: FactsDoc): { value: Value; pointers: string[] }[];
}

const list = (role: 'node' | 'pod' | 'service'): Measure => ({
  read: (f) => f.networks[role].map((n, i) => ({ value: n.cidr, pointers: [`/networks/${role}/${i}`] })),
});
const one = (pointer: string, get: (f: FactsDoc) => Value | null | undefined): Measure => ({
  read: (f) => {
    const v = get(f);
    return v === null || v === undefined ? [] : [{ value: v, pointers: [pointer] }];
  },
});

export const MEASURES: Record<string, Measure> = {
  pod: list('pod'),
  service: list('service'),
  node: list('node'),
  pools: { read: (f) => f.cni.pools.map((p, i) => ({ value: p.network.cidr, pointers: [`/cni/pools/${i}`] })) },
  proxyMode: one('/kubeProxy/mode', (f) => f.kubeProxy.mode),
  kubeProxyPresent: one('/kubeProxy/present', (f) => f.kubeProxy.present),
  replacement: one('/kubeProxy/replacement', (f) => f.kubeProxy.replacement),
  cni: one('/cni/name', (f) => f.cni.name),
  ipam: one('/cni/ipam', (f) => f.cni.ipam),
  encapsulation: one('/cni/encapsulation', (f) => f.cni.encapsulation),
  mtu: one('/cni/mtu', (f) => f.cni.mtu),
  nodes: { read: (f) => (f.nodes.length > 0 ? [{ value: f.nodes.length, pointers: f.nodes.map((_, i) => `/nodes/${i}`) }] : []) },
  version: one('/cluster/version', (f) => f.cluster.version),
  clusterDNS: { read: (f) => f.cluster.clusterDNS.map((ip, i) => ({ value: ip, pointers: [`/cluster/clusterDNS/${i}`, '/cluster/clusterDNS'] })) },
  dnsServiceIP: one('/cluster/dnsServiceIP', (f) => f.cluster.dnsServiceIP),
  nodeMaskIPv4: one('/cluster/nodeCIDRMaskSize/IPv4', (f) => f.cluster.nodeCIDRMaskSize.IPv4),
  nodeMaskIPv6: one('/cluster/nodeCIDRMaskSize/IPv6', (f) => f.cluster.nodeCIDRMaskSize.IPv6),
};

interface Expected {
  source: { repo: string; path: string; commit: string; licence: string };
  read: string;
  /** Facts the file states. */
  facts?: Record<string, Value | Value[]>;
  /** Facts a parser may take from the installer's documented default: produced, they must be marked inferred. */
  inferred?: Record<string, Value | Value[]>;
}

interface Entry {
  kind: string;
  slug: string;
  dir: string;
  expected: Expected;
}

const CORPUS = repo('test', 'corpus');

function entries(): Entry[] {
  const out: Entry[] = [];
  for (const kind of readdirSync(CORPUS).sort()) {
    const kdir = join(CORPUS, kind);
    if (!statSync(kdir).isDirectory()) continue;
    for (const slug of readdirSync(kdir).sort()) {
      const dir = join(kdir, slug);
      const exp = join(dir, 'expected.yaml');
      if (!existsSync(exp)) continue;
      out.push({ kind, slug, dir, expected: parseYaml(readFileSync(exp, 'utf8')) as Expected });
    }
  }
  return out;
}

const asList = (v: Value | Value[] | undefined): Value[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const same = (a: Value, b: Value): boolean => String(a).toLowerCase() === String(b).toLowerCase();

interface Score {
  stated: number;
  found: number;
  wrong: string[];
  invented: string[];
}

/** Compares one facts document with what a person read from the evidence. */
export function score(f: FactsDoc, exp: Expected): Score {
  const s: Score = { stated: 0, found: 0, wrong: [], invented: [] };
  const inferredPointers = new Map<string, boolean>();
  for (const o of f.observations) {
    // A pointer is inferred when no observation states it.
    const prev = inferredPointers.get(o.pointer);
    inferredPointers.set(o.pointer, (prev ?? true) && o.inferred === true);
  }
  const isInferred = (pointers: string[]): boolean => pointers.some((p) => inferredPointers.get(p) === true);
  for (const [key, m] of Object.entries(MEASURES)) {
    const stated = asList(exp.facts?.[key]);
    const allowedInferred = asList(exp.inferred?.[key]);
    const got = m.read(f);
    s.stated += stated.length;
    for (const v of stated) {
      if (got.some((g) => same(g.value, v))) s.found++;
    }
    for (const g of got) {
      if (stated.some((v) => same(g.value, v))) continue;
      if (allowedInferred.some((v) => same(g.value, v))) {
        if (!isInferred(g.pointers)) s.invented.push(`${key}=${g.value} (a default, not marked inferred)`);
        continue;
      }
      if (isInferred(g.pointers)) continue; // a default the expectation did not list: not a claim of the file
      if (stated.length > 0) s.wrong.push(`${key}=${g.value} (expected ${stated.join(', ')})`);
      else s.invented.push(`${key}=${g.value}`);
    }
  }
  return s;
}

const all = entries();

test('corpus: every entry names its source and what a reader takes from it', () => {
  for (const e of all) {
    const where = `${e.kind}/${e.slug}`;
    const src = e.expected.source;
    assert.ok(src && src.repo && src.path && src.licence, `${where}: source.repo, path and licence are required`);
    assert.match(String(src.commit), /^[0-9a-f]{40}$/, `${where}: source.commit must be a 40-hex commit`);
    assert.ok(typeof e.expected.read === 'string' && e.expected.read.trim().length > 20, `${where}: read: what a careful reader takes from the file`);
    for (const k of [...Object.keys(e.expected.facts ?? {}), ...Object.keys(e.expected.inferred ?? {})]) {
      assert.ok(k in MEASURES, `${where}: unknown fact key ${k} (one of ${Object.keys(MEASURES).join(', ')})`);
    }
    assert.ok(existsSync(join(e.dir, 'evidence')), `${where}: evidence/ holds the file(s) as published`);
  }
});

test('corpus: stated facts found, none wrong, none invented (table per kind)', () => {
  const perKind = new Map<string, Score & { files: number }>();
  const problems: string[] = [];
  for (const e of all) {
    const r = runCli(['facts', join(e.dir, 'evidence')]);
    let f: FactsDoc | null = null;
    try {
      f = JSON.parse(r.stdout) as FactsDoc;
    } catch {
      f = null;
    }
    const k = perKind.get(e.kind) ?? { stated: 0, found: 0, wrong: [], invented: [], files: 0 };
    k.files++;
    if (!f) {
      const stated = Object.values(e.expected.facts ?? {}).reduce<number>((n, v) => n + asList(v).length, 0);
      k.stated += stated;
      if (stated > 0) problems.push(`${e.kind}/${e.slug}: no facts document (exit ${r.code}): ${r.stderr.trim().split('\n')[0] ?? ''}`);
      perKind.set(e.kind, k);
      continue;
    }
    const s = score(f, e.expected);
    k.stated += s.stated;
    k.found += s.found;
    k.wrong.push(...s.wrong.map((w) => `${e.slug}: ${w}`));
    k.invented.push(...s.invented.map((w) => `${e.slug}: ${w}`));
    perKind.set(e.kind, k);
  }
  const rows = [...perKind.entries()].map(([kind, k]) => ({ kind, ...k }));
  const total = rows.reduce((t, r) => ({ stated: t.stated + r.stated, found: t.found + r.found, files: t.files + r.files }), { stated: 0, found: 0, files: 0 });
  const pct = (a: number, b: number): string => (b === 0 ? '-' : `${Math.round((100 * a) / b)} %`);
  const lines = [
    `corpus: ${total.files} files, ${total.found} of ${total.stated} stated facts found (${pct(total.found, total.stated)})`,
    `  ${'kind'.padEnd(22)} ${'files'.padStart(5)} ${'found'.padStart(9)} ${'share'.padStart(6)} ${'wrong'.padStart(5)} ${'invented'.padStart(8)}`,
    ...rows.map(
      (r) =>
        `  ${r.kind.padEnd(22)} ${String(r.files).padStart(5)} ${`${r.found}/${r.stated}`.padStart(9)} ${pct(r.found, r.stated).padStart(6)} ${String(r.wrong.length).padStart(5)} ${String(r.invented.length).padStart(8)}`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  for (const r of rows) {
    for (const w of r.wrong) problems.push(`${r.kind}/${w} (wrong)`);
    for (const w of r.invented) problems.push(`${r.kind}/${w} (invented)`);
  }
  if (total.stated > 0 && total.found / total.stated < MIN_FOUND) {
    problems.push(`found ${pct(total.found, total.stated)} of stated facts, below ${MIN_FOUND * 100} %`);
  }
  assert.equal(problems, [], problems.join('\n'));
});

test.run();
