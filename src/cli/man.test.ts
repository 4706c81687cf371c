/**
 * docs/man/kube-netcheck.1 is the page generated from the command tables (the same
 * source as --help), renders without a groff warning, and names every command and flag.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../test/helpers.js';
import { COMMAND_SPECS } from './commands.js';
import { VERSION } from './help.js';
import { manPage } from './man.js';

const PAGE = repo('docs', 'man', 'kube-netcheck.1');
const haveGroff = spawnSync('groff', ['--version']).status === 0;
if (!haveGroff && process.env.CI !== 'true') console.log('skipped: rendering the man page needs groff (Debian groff-base); CI installs it and never skips');
const groffTest = haveGroff || process.env.CI === 'true' ? test : test.skip;

test('the committed man page is the one the command tables generate (node scripts/man.mjs rewrites it)', () => {
  assert.ok(readFileSync(PAGE, 'utf8') === manPage(VERSION), 'docs/man/kube-netcheck.1 is stale: run npm run build && node scripts/man.mjs, and commit it');
});

test('package.json installs the page as man kube-netcheck', () => {
  const pkg = JSON.parse(readFileSync(repo('package.json'), 'utf8')) as { man: string[]; files: string[] };
  assert.equal(pkg.man, ['./docs/man/kube-netcheck.1']);
});

groffTest('the page renders with no groff warning and lists every command and flag', () => {
  const r = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-rLL=200n', PAGE], { encoding: 'utf8', env: { ...process.env, GROFF_NO_SGR: '1' } });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '');
  // Overstriking for bold/italic (grotty without SGR): drop it to read the text.
  const text = r.stdout.replace(/.\x08/g, '');
  for (const spec of COMMAND_SPECS) {
    assert.ok(text.includes(`kube-netcheck ${spec.usage}`), spec.usage);
    for (const [name, flag] of Object.entries(spec.flags)) assert.ok(text.includes(`--${name}${flag.arg ? ` ${flag.arg}` : ''}`), `${spec.name} --${name}`);
  }
  assert.match(text, /EXIT STATUS\n\s+Every input is read/);
});

test.run();
