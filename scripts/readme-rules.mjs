// Writes README.md's rules table from policies/compiled/catalogue.json (itself
// generated from the rules' METADATA annotations), between the markers
// <!-- rules:start --> and <!-- rules:end -->.
//
//   node scripts/readme-rules.mjs           rewrite the table
//   node scripts/readme-rules.mjs --check   fail when README differs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './opa.mjs';

const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

export function rulesTable(catalogue) {
  const rows = catalogue.rules.map((r) => `| ${r.id} | ${r.severity} | ${r.family} | ${r.title.replace(/\|/g, '\\|')} |`);
  return [START, '| id | severity | family | rule |', '|---|---|---|---|', ...rows, END].join('\n');
}

export function withTable(readme, catalogue) {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} ... ${END} markers`);
  return `${readme.slice(0, a)}${rulesTable(catalogue)}${readme.slice(b + END.length)}`;
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
    process.stdout.write(`readme-rules: wrote ${catalogue.rules.length} rules into README.md\n`);
  }
}
