// Writes README.md's rules tables from policies/compiled/catalogue.json (itself
// generated from the rules' METADATA annotations): one cluster's rules between the
// markers <!-- rules:start --> and <!-- rules:end -->, the fleet's cross-cluster rules
// between <!-- fleet-rules:start --> and <!-- fleet-rules:end -->.
//
//   node scripts/readme-rules.mjs           rewrite the table
//   node scripts/readme-rules.mjs --check   fail when README differs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './opa.mjs';

const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';
const FLEET_START = '<!-- fleet-rules:start -->';
const FLEET_END = '<!-- fleet-rules:end -->';

export function rulesTable(catalogue, rules = catalogue.rules, start = START, end = END) {
  const rows = rules.map((r) => `| ${r.id} | ${r.severity} | ${r.family} | ${r.title.replace(/\|/g, '\\|')} |`);
  return [start, '| id | severity | family | rule |', '|---|---|---|---|', ...rows, end].join('\n');
}

function replaceBetween(readme, start, end, table) {
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} markers`);
  return `${readme.slice(0, a)}${table}${readme.slice(b + end.length)}`;
}

export function withTable(readme, catalogue) {
  const one = replaceBetween(readme, START, END, rulesTable(catalogue));
  return replaceBetween(one, FLEET_START, FLEET_END, rulesTable(catalogue, catalogue.fleetRules ?? [], FLEET_START, FLEET_END));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readmePath = join(ROOT, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const catalogue = JSON.parse(readFileSync(join(ROOT, 'policies', 'compiled', 'catalogue.json'), 'utf8'));
  const next = withTable(readme, catalogue);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      process.stderr.write('readme-rules --check: README.md rules table differs from the catalogue: run `node scripts/readme-rules.mjs`\n');
      process.exit(1);
    }
  } else if (next !== readme) {
    writeFileSync(readmePath, next);
    process.stdout.write(`readme-rules: wrote ${catalogue.rules.length} rules and ${(catalogue.fleetRules ?? []).length} fleet rules into README.md\n`);
  }
}
