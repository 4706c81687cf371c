// Writes the man page, docs/man/kube-netcheck.1, from the command tables
// (src/cli/commands.ts, the source of --help too), after a build:
//
//   npm run build && node scripts/man.mjs
//
// src/cli/man.test.ts fails when the committed page differs from a fresh one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './opa.mjs';

const { manPage } = await import(join(ROOT, 'dist', 'src', 'cli', 'man.js'));
const { VERSION } = await import(join(ROOT, 'dist', 'src', 'cli', 'help.js'));
const out = join(ROOT, 'docs', 'man', 'kube-netcheck.1');
writeFileSync(out, manPage(VERSION));
process.stdout.write(`man: wrote docs/man/kube-netcheck.1 (kube-netcheck ${VERSION})\n`);
