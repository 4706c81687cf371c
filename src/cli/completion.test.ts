/**
 * The completion scripts, sourced in real shells (bash, zsh, fish) and asked for
 * completions as a user's TAB asks: commands, flags, flag values (output formats,
 * --fail-on levels), rule ids and file names, for kube-netcheck and kubectl-netcheck.
 * bash and fish are driven through their own completion machinery (bash's COMP_WORDS
 * and `complete -F` function, fish's `complete -C`); zsh runs the generated function
 * with the compsys helpers it calls (_describe, _files, compset) replaced by ones that
 * print what they are given. zsh and fish skip where Debian's packages are missing,
 * never under CI=true (.ci/run installs them).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, runCli } from '../../test/helpers.js';
import { loadCatalogue } from '../policy/catalogue.js';
import { COMMAND_SPECS } from './commands.js';
import { FORMAT_NAMES } from '../report/format-names.js';

const ci = process.env.CI === 'true';
const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;
const haveZsh = has('zsh');
const haveFish = has('fish');
for (const [shell, ok] of [['zsh', haveZsh], ['fish', haveFish]] as const) {
  if (!ok && !ci) console.log(`skipped: the ${shell} completion test needs ${shell} (apt-get install ${shell}); CI installs it and never skips`);
}
const zshTest = haveZsh || ci ? test : test.skip;
const fishTest = haveFish || ci ? test : test.skip;

const dir = mkdtempSync(join(tmpdir(), 'knc-completion-'));

function script(shell: string): string {
  const r = runCli(['completion', shell]);
  assert.is(r.code, 0, r.stderr);
  const file = join(dir, `kube-netcheck.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

function shellOut(shell: string, args: string[], program: string): string[] {
  const r = spawnSync(shell, [...args, program], { cwd: repo(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir } });
  assert.is(r.status, 0, `${shell}: ${r.stderr}`);
  assert.is(r.stderr, '', `${shell} wrote to stderr`);
  return r.stdout.split('\n---\n').map((block) => block.trim());
}

const ruleIds = loadCatalogue().map((r) => r.id);
const commands = COMMAND_SPECS.map((c) => c.name);

/** The completion asked in each shell, and the words it must answer (as sets). */
const CASES: { line: string[]; expect: (words: string[]) => void }[] = [
  { line: ['kube-netcheck', ''], expect: (w) => assert.equal(w.filter((x) => !x.startsWith('-')).sort(), [...commands, 'help'].sort()) },
  { line: ['kube-netcheck', 're'], expect: (w) => assert.equal(w.filter((x) => x.startsWith('re')), ['review']) },
  { line: ['kube-netcheck', 'check', '-o', ''], expect: (w) => assert.equal(w.sort(), [...FORMAT_NAMES].sort()) },
  { line: ['kube-netcheck', 'diff', '--output', ''], expect: (w) => assert.equal(w.sort(), ['json', 'markdown', 'text']) },
  { line: ['kube-netcheck', 'check', '--fail-on', 'w'], expect: (w) => assert.ok(w.includes('warning') && !w.includes('--fail-on'), w.join(' ')) },
  { line: ['kube-netcheck', 'explain', 'KN'], expect: (w) => assert.equal(w.filter((x) => x.startsWith('KN')).sort(), [...ruleIds, 'KN991', 'KN992'].sort()) },
  { line: ['kube-netcheck', 'check', '--no-'], expect: (w) => assert.equal(w.filter((x) => x.startsWith('--no-')).sort(), ['--no-builtin', '--no-color']) },
  { line: ['kubectl-netcheck', 'review', '--cluster-e'], expect: (w) => assert.ok(w.includes('--cluster-evidence'), w.join(' ')) },
  { line: ['kube-netcheck', 'check', 'examples/lab-b'], expect: (w) => assert.ok(w.some((x) => x.replace(/\/$/, '') === 'examples/lab-broken'), w.join(' ')) },
  { line: ['kube-netcheck', 'check', '--waivers', 'examples/waiv'], expect: (w) => assert.ok(w.includes('examples/waivers.yaml'), w.join(' ')) },
  { line: ['kube-netcheck', 'completion', ''], expect: (w) => assert.equal(w.sort(), ['bash', 'fish', 'zsh']) },
  { line: ['kube-netcheck', 'help', 'pl'], expect: (w) => assert.ok(w.includes('plan'), w.join(' ')) },
];

test('bash: the completion function answers commands, flags, values, rule ids and files', () => {
  const file = script('bash');
  const probes = CASES.map(
    ({ line }) => `COMP_WORDS=(${line.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${line.length - 1}; COMPREPLY=(); _kube_netcheck; printf '%s\\n' "\${COMPREPLY[@]}"; echo ---`,
  );
  const prog = `source ${file}\ncomplete -p kube-netcheck kubectl-netcheck >/dev/null || exit 9\n${probes.join('\n')}\n`;
  const blocks = shellOut('bash', ['--norc', '--noprofile', '-c'], prog);
  CASES.forEach((c, i) => c.expect(blocks[i]!.split('\n').filter(Boolean)));
});

test('bash: --flag=value completes the value', () => {
  const file = script('bash');
  // bash splits `--fail-on=in` at "=" (COMP_WORDBREAKS): words --fail-on, =, in.
  const prog = `source ${file}\nCOMP_WORDS=(kube-netcheck check --fail-on = in); COMP_CWORD=4; _kube_netcheck; echo "\${COMPREPLY[*]}"\n`;
  assert.equal(shellOut('bash', ['--norc', '--noprofile', '-c'], prog), ['info']);
});

zshTest('zsh: the completion function answers commands, flags, values, rule ids and files', () => {
  const file = script('zsh');
  // compsys's helpers, printing what they would offer (the candidates' filtering by prefix is compsys's own).
  const stubs = [
    'compdef() { print -r -- "compdef $*" >&2; }',
    `_describe() { local -a a; a=("\${(@P)\${@[-1]}}"); print -rl -- "\${a[@]%%:*}"; }`,
    '_files() { print -rl -- ${PREFIX}*(N); }',
    'compset() { PREFIX="${PREFIX#*=}"; }',
  ];
  const probes = CASES.map(({ line }) => `words=(${line.map((w) => `'${w}'`).join(' ')}); CURRENT=${line.length}; PREFIX='${line.at(-1)}'; _kube-netcheck; print -- ---`);
  const prog = `${stubs.join('\n')}\nsource ${file} 2>/dev/null\n${probes.join('\n')}\n`;
  const blocks = shellOut('zsh', ['-f', '-c'], prog);
  CASES.forEach((c, i) => {
    const prefix = c.line.at(-1)!;
    // _describe offers every word: keep the ones compsys would show for the prefix.
    c.expect(blocks[i]!.split('\n').filter((w) => w && w.startsWith(prefix)));
  });
});

zshTest('zsh: the script registers both programs with compdef when sourced', () => {
  const file = script('zsh');
  const r = spawnSync('zsh', ['-f', '-c', `compdef() { print -r -- "compdef $*"; }; source ${file}`], { encoding: 'utf8' });
  assert.is(r.stdout.trim(), 'compdef _kube-netcheck kube-netcheck kubectl-netcheck');
  assert.match(readFirst(file), /^#compdef kube-netcheck kubectl-netcheck$/);
});

function readFirst(file: string): string {
  return spawnSync('head', ['-1', file], { encoding: 'utf8' }).stdout.trim();
}

fishTest("fish: `complete -C` answers commands, flags, values, rule ids and files", () => {
  const file = script('fish');
  const probes = CASES.map(({ line }) => `complete -C '${line.join(' ')}'; echo ---`);
  const blocks = shellOut('fish', ['--no-config', '-c'], `source ${file}\n${probes.join('\n')}\n`);
  CASES.forEach((c, i) =>
    c.expect(
      blocks[i]!
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]!),
    ),
  );
});

test('completion refuses a shell it does not know, and no shell', () => {
  const r = runCli(['completion', 'powershell']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /completion: expected one shell, bash, zsh, fish, not "powershell"/);
  assert.is(runCli(['completion']).code, 2);
});

test.run();
