/**
 * The completion scripts, sourced in real shells (bash, zsh, fish) and asked for
 * completions as a user's TAB asks: commands, flags, flag values (output formats,
 * --fail-on levels), rule ids and file names, for kube-netcheck and kubectl-netcheck.
 * bash and fish are driven through their own completion machinery (bash's COMP_WORDS
 * and `complete -F` function, fish's `complete -C`); zsh through its own completion
 * system: an interactive `zsh -f -i` on a pseudo-terminal (zsh/zpty) with compinit, the
 * script installed on $fpath as the help says (or sourced), kube-netcheck on PATH, and
 * TAB pressed after each line (see zshTabs). zsh and fish skip where Debian's packages
 * are missing, never under CI=true (.ci/run installs them).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CLI, repo, runCli } from '../../test/helpers.js';
import { loadCatalogue } from '../policy/catalogue.js';
import { COMMAND_SPECS } from './commands.js';
import { FORMAT_NAMES } from '../report/format-names.js';
import { WAIVER_RULES } from '../report/waivers.js';

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

/** What one TAB in an interactive zsh did: the matches compsys offered, the line after it, and the screen. */
interface Tab {
  matches: string[];
  buffer: string;
  screen: string;
}

/**
 * Types each line into an interactive `zsh -f -i` on a pseudo-terminal (zsh/zpty), presses TAB,
 * and records what compsys did. The completion system is zsh's own (compinit -u in a scratch
 * ZDOTDIR; _main_complete, _describe, _files, compset, matching): `compadd` is wrapped only to
 * note the matches it is given (`builtin compadd -O`, which applies compsys's matching) before
 * adding them as usual. After the TAB, a widget bound to ^X^P notes $BUFFER (the line as the
 * user sees it) and prints a marker the driver reads up to; its reads are bounded by a line count.
 * install: 'fpath', the script installed as the help says (`> "${fpath[1]}/_kube-netcheck"`);
 * 'source', `source <(kube-netcheck completion zsh)` after compinit.
 */
function zshTabs(install: 'fpath' | 'source', lines: string[]): Tab[] {
  const home = mkdtempSync(join(dir, `zsh-${install}-`));
  const [fn, bin, zdot] = ['fn', 'bin', 'zdot'].map((d) => join(home, d));
  for (const d of [fn, bin, zdot]) mkdirSync(d!);
  // kube-netcheck and kubectl-netcheck on PATH, as the package installs them.
  for (const prog of ['kube-netcheck', 'kubectl-netcheck']) {
    writeFileSync(join(bin!, prog), `#!/bin/sh\nexec ${zq(process.execPath)} ${zq(CLI)} "$@"\n`, { mode: 0o755 });
  }
  const out = join(home, 'matches');
  const tty = join(home, 'screen');
  const setup = join(home, 'setup.zsh');
  writeFileSync(
    setup,
    [
      "PS1='> '; RPS1=''",
      ...(install === 'fpath' ? [`fpath=(${zq(fn!)} $fpath)`, 'kube-netcheck completion zsh > "${fpath[1]}/_kube-netcheck"'] : []),
      `autoload -Uz compinit && compinit -u -d ${zq(join(zdot!, '.zcompdump'))}`,
      install === 'source' ? 'source <(kube-netcheck completion zsh)' : '',
      'compadd() {',
      '  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "$@"; return; fi',
      '  local -a knc_hits',
      '  builtin compadd -O knc_hits "$@"',
      '  (( ${#knc_hits} )) && print -rl -- "${(@)knc_hits/#/M:}" >> $KNC_OUT',
      '  builtin compadd "$@"',
      '}',
      'knc-report() { print -r -- "B:$BUFFER" >> $KNC_OUT; print -r -- E >> $KNC_OUT; BUFFER=; zle -I; print -r -- "<<DONE $(( ++knc_n ))>>"; }',
      "zle -N knc-report; bindkey '^X^P' knc-report",
      "print -r -- '<<READY>>'",
      '',
    ].join('\n'),
  );
  const drive = [
    "zmodload zsh/zpty || { print -u2 'zsh/zpty is not available'; exit 3 }",
    "zpty knc 'zsh -f -i'",
    // Reads the terminal line by line (each copied to $KNC_TTY) until a marker; gives up after 5000 lines.
    'await() {',
    '  local line; integer n',
    '  for (( n = 0; n < 5000; n++ )); do',
    '    zpty -r knc line || { print -u2 "the interactive zsh ended before printing $1"; exit 4 }',
    '    print -r -- "$line" >> $KNC_TTY',
    '    [[ $line == *"$1"* ]] && return 0',
    '  done',
    '  print -u2 "the interactive zsh printed 5000 lines without $1"; exit 5',
    '}',
    `zpty -w knc ${zq(`source ${zq(setup)}`)}`,
    "await '<<READY>>'",
    ...lines.flatMap((l, i) => [`zpty -w -n knc ${zq(l)}$'\\t\\C-x\\C-p'`, `await '<<DONE ${i + 1}>>'`]),
    'zpty -d knc',
    '',
  ].join('\n');
  const driver = join(home, 'drive.zsh');
  writeFileSync(driver, drive);
  const r = spawnSync('zsh', ['-f', driver], {
    cwd: repo(),
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: zdot!, ZDOTDIR: zdot!, TERM: 'dumb', KNC_OUT: out, KNC_TTY: tty },
  });
  const screenText = existsSync(tty) ? readFileSync(tty, 'utf8') : '';
  assert.is(r.status, 0, `zsh driver: ${r.stderr}\nscreen:\n${screenText.slice(-2000)}`);
  const screens = screenText
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .replace(/[\r\x07]/g, '')
    .split(/<<DONE \d+>>\n?/)
    .slice(0, lines.length);
  const records = readFileSync(out, 'utf8').split(/^E\n/m).slice(0, lines.length);
  assert.is(records.length, lines.length, 'one record per TAB');
  return records.map((rec, i) => {
    const ls = rec.split('\n');
    return {
      matches: ls.filter((l) => l.startsWith('M:')).map((l) => l.slice(2)),
      buffer: ls.find((l) => l.startsWith('B:'))?.slice(2) ?? '',
      screen: screens[i] ?? '',
    };
  });
}

/** A word quoted for zsh. */
function zq(s: string): string {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

const allRuleIds = [...ruleIds, ...WAIVER_RULES.map((r) => r.id)];
const flagsOf = (name: string): string[] => Object.keys(COMMAND_SPECS.find((c) => c.name === name)!.flags).map((f) => `--${f}`);
const sorted = (w: string[]): string[] => [...new Set(w)].sort();
/** The words of a completion listing as the screen shows it (the lines after the typed line, before the prompt returns). */
const listed = (screen: string): string[] =>
  screen
    .split('\n')
    .filter((l) => !l.includes('> ') && !l.includes('\t'))
    .flatMap((l) => l.trim().split(/\s+/))
    .filter(Boolean);

/** Lines typed before TAB, and what the user must see. */
const ZSH_CASES: { typed: string; expect: (t: Tab) => void }[] = [
  {
    typed: 'kube-netcheck ',
    expect: (t) => {
      assert.equal(sorted(t.matches), sorted([...commands, 'help']));
      assert.match(t.screen, /check\s+-- judge the evidence against the rules/, 'the listing describes each command');
    },
  },
  { typed: 'kube-netcheck che', expect: (t) => assert.is(t.buffer, 'kube-netcheck check ') },
  { typed: 'kube-netcheck --', expect: (t) => assert.equal(sorted(t.matches), ['--help', '--version']) },
  {
    typed: 'kube-netcheck check --fa',
    expect: (t) => {
      const want = flagsOf('check').filter((f) => f.startsWith('--fa'));
      assert.equal(sorted(t.matches), sorted(want));
      if (want.length === 1) assert.is(t.buffer, `kube-netcheck check ${want[0]} `);
    },
  },
  {
    typed: 'kube-netcheck check --no-',
    expect: (t) => {
      assert.equal(sorted(t.matches), ['--no-builtin', '--no-color']);
      assert.is(t.buffer, 'kube-netcheck check --no-', 'ambiguous: the line stays, the listing shows both');
      assert.match(t.screen, /--no-builtin/);
      assert.match(t.screen, /--no-color/);
    },
  },
  {
    typed: 'kube-netcheck check -o ',
    expect: (t) => {
      assert.equal(sorted(t.matches), sorted([...FORMAT_NAMES]));
      assert.equal(sorted(listed(t.screen)), sorted([...FORMAT_NAMES]), 'the listing on the screen');
    },
  },
  { typed: 'kube-netcheck check examples/lab-broken -o j', expect: (t) => assert.equal(sorted(t.matches), sorted(FORMAT_NAMES.filter((f) => f.startsWith('j')))) },
  { typed: 'kube-netcheck diff --output ', expect: (t) => assert.equal(sorted(t.matches), ['json', 'markdown', 'text']) },
  { typed: 'kube-netcheck check --fail-on ', expect: (t) => assert.equal(sorted(t.matches), ['error', 'info', 'never', 'warning']) },
  { typed: 'kube-netcheck check --fail-on w', expect: (t) => assert.is(t.buffer, 'kube-netcheck check --fail-on warning ') },
  { typed: 'kube-netcheck check --fail-on=in', expect: (t) => assert.is(t.buffer, 'kube-netcheck check --fail-on=info ') },
  { typed: 'kube-netcheck explain KN', expect: (t) => assert.equal(sorted(t.matches), sorted(allRuleIds)) },
  {
    typed: 'kube-netcheck explain KN1',
    expect: (t) => {
      const want = allRuleIds.filter((id) => id.startsWith('KN1'));
      assert.ok(want.length > 1, 'several KN1xx rules');
      assert.equal(sorted(t.matches), sorted(want));
      const common = want.reduce((p, id) => { while (!id.startsWith(p)) p = p.slice(0, -1); return p; });
      assert.is(t.buffer, `kube-netcheck explain ${common}`, 'the common prefix is inserted');
    },
  },
  { typed: 'kube-netcheck check examples/lab-b', expect: (t) => assert.is(t.buffer, 'kube-netcheck check examples/lab-broken/') },
  { typed: 'kube-netcheck check --waivers examples/waiv', expect: (t) => assert.is(t.buffer, 'kube-netcheck check --waivers examples/waivers.yaml ') },
  { typed: 'kubectl-netcheck review --cluster-e', expect: (t) => assert.is(t.buffer, 'kubectl-netcheck review --cluster-evidence ') },
  { typed: 'kube-netcheck completion ', expect: (t) => assert.equal(sorted(t.matches), ['bash', 'fish', 'zsh']) },
  { typed: 'kube-netcheck help pl', expect: (t) => assert.is(t.buffer, 'kube-netcheck help plan ') },
];

for (const install of ['fpath', 'source'] as const) {
  zshTest(`zsh: TAB in an interactive zsh with compinit (${install === 'fpath' ? 'script on $fpath as _kube-netcheck' : 'source <(kube-netcheck completion zsh)'}) completes commands, flags, values, rule ids and files`, () => {
    const tabs = zshTabs(
      install,
      ZSH_CASES.map((c) => c.typed),
    );
    ZSH_CASES.forEach((c, i) => {
      try {
        c.expect(tabs[i]!);
      } catch (e) {
        throw new Error(`zsh (${install}), TAB after "${c.typed}": ${(e as Error).message}\nmatches: ${tabs[i]!.matches.join(' ')}\nline: ${tabs[i]!.buffer}`);
      }
    });
  });
}

zshTest('zsh: the script starts with #compdef for both programs', () => {
  assert.match(readFirst(script('zsh')), /^#compdef kube-netcheck kubectl-netcheck$/);
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
