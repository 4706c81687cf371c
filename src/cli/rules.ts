/**
 * `kube-netcheck rules` and `kube-netcheck explain ID`: the catalogue generated from the
 * rules' METADATA, and the two notices of the waiver file (KN991, KN992).
 */
import { UsageError } from '../errors.js';
import { loadCatalogue, ruleById } from '../policy/catalogue.js';
import { WAIVER_RULES } from '../report/waivers.js';
import { parse } from './args.js';
import type { IO } from './main.js';

export function run(argv: string[], io: IO): number {
  const { values } = parse(argv, { output: { type: 'string', short: 'o' } }, 'rules');
  // The Rego rules, then the waiver file's own notices (made by the report, not the policy).
  const rules = [...loadCatalogue(), ...WAIVER_RULES];
  if (values.output === 'json') {
    io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return 0;
  }
  if (values.output !== undefined && values.output !== 'text') throw new UsageError(`rules: --output ${values.output}: expected text or json`);
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const r of rules) io.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.family.padEnd(10)}  ${r.title}\n`);
  return 0;
}

export function runExplain(argv: string[], io: IO): number {
  const { positionals } = parse(argv, {}, 'explain');
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
