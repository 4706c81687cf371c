/**
 * `kube-netcheck rules` and `kube-netcheck explain ID`: the catalogue generated from the
 * rules' METADATA (one cluster's rules and the fleet's), and the two notices of the waiver
 * file (KN991, KN992).
 */
import { UsageError } from '../errors.js';
import { loadCatalogue, loadFleetCatalogue, ruleById } from '../policy/catalogue.js';
import { WAIVER_RULES } from '../report/waivers.js';
import { atMost, parse } from './args.js';
import { EXPLAIN, RULES, RULES_FORMATS } from './commands.js';
import type { IO } from './io.js';

export function run(argv: string[], io: IO): number {
  const { values, positionals } = parse(argv, RULES);
  atMost(positionals, 0, 'rules', 'rules takes no argument; kube-netcheck explain ID describes one rule');
  // The Rego rules, the cross-cluster ones (fleet check; family fleet/...), then the waiver
  // file's own notices (made by the report, not the policy).
  const rules = [...loadCatalogue(), ...loadFleetCatalogue().map((r) => ({ ...r, family: `fleet/${r.family}` })), ...WAIVER_RULES];
  const format = values.output ?? 'text';
  if (!(RULES_FORMATS as readonly string[]).includes(format)) throw new UsageError(`rules: --output ${format}: expected ${RULES_FORMATS.join(' or ')}`);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(rulesTable(rules));
  return 0;
}

/** One row per rule, each column as wide as its widest cell. */
export function rulesTable(rules: readonly { id: string; severity: string; family: string; title: string }[]): string {
  const w = (pick: (r: (typeof rules)[number]) => string): number => Math.max(...rules.map((r) => pick(r).length));
  const [id, sev, fam] = [w((r) => r.id), w((r) => r.severity), w((r) => r.family)];
  return rules.map((r) => `${r.id.padEnd(id)}  ${r.severity.padEnd(sev)}  ${r.family.padEnd(fam)}  ${r.title}\n`).join('');
}

export function runExplain(argv: string[], io: IO): number {
  const { positionals } = parse(argv, EXPLAIN);
  if (positionals.length !== 1) throw new UsageError('explain: expected one rule id, e.g. kube-netcheck explain KN101 (kube-netcheck rules lists them)');
  const id = positionals[0]!;
  const r = ruleById(id) ?? WAIVER_RULES.find((w) => w.id === id.toUpperCase());
  if (!r) throw new UsageError(`explain: no rule "${id}": kube-netcheck rules lists them`);
  const refs = r.references.map((x) => `  - ${x.url}${x.description ? ` (${x.description})` : ''}`).join('\n');
  io.stdout.write(
    `${r.id}: ${r.title}\nseverity: ${r.severity}   family: ${r.family}   source: ${r.file ?? r.package}\n\n${r.description}\n\nRemediation:\n${indent(r.remediation)}\n${
      r.evidence ? `\nEvidence it reads:\n  ${r.evidence}\n` : ''
    }${refs ? `\nReferences:\n${refs}\n` : ''}`,
  );
  return 0;
}

function indent(s: string): string {
  return s
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
