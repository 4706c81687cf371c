/**
 * The flag tables are the one source of both the parser and the help: every
 * flag a command accepts is in its help, every flag in its help is accepted,
 * and the commands that judge share one table (issue #23, items 11 and 12).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HelpRequested, parse } from './args.js';
import { CHECK, commandHelp, COMMAND_SPECS, DIFF, generalHelp, JUDGE, REVIEW, SERVE } from './commands.js';

test('every flag of every command is in its help, and the parser takes it', () => {
  for (const spec of COMMAND_SPECS) {
    const help = commandHelp(spec);
    for (const [name, flag] of Object.entries(spec.flags)) {
      const left = `${flag.short ? `-${flag.short}, ` : '    '}--${name}${flag.arg ? ` ${flag.arg}` : ''}`;
      assert.ok(help.includes(`  ${left}`), `${spec.name} --${name} missing from its help`);
      if (name === 'help') continue;
      const argv = flag.type === 'string' ? [`--${name}`, 'x'] : [`--${name}`];
      const { values } = parse(argv, spec);
      assert.ok((values as Record<string, unknown>)[name] !== undefined, `${spec.name} --${name}`);
      if (flag.short) assert.ok((parse([`-${flag.short}`, ...argv.slice(1)], spec).values as Record<string, unknown>)[name] !== undefined, `${spec.name} -${flag.short}`);
    }
    // The help lists no flag the table lacks.
    for (const m of help.matchAll(/^ {2}(?:-\w, | {4})--([a-z-]+)/gm)) assert.ok(m[1]! in spec.flags, `${spec.name} help lists --${m[1]}`);
  }
});

test('check, diff and review share every judging flag, the same definition; serve the gate and the parameters', () => {
  for (const spec of [CHECK, DIFF, REVIEW]) for (const [name, flag] of Object.entries(JUDGE)) assert.is((spec.flags as Record<string, unknown>)[name], flag, `${spec.name} --${name}`);
  for (const name of ['fail-on', 'allow-unknown', 'allow-proxy-mode', 'target-version', 'target-proxy-mode', 'avoid', 'param', 'data'] as const) {
    assert.is((SERVE.flags as Record<string, unknown>)[name], JUDGE[name], `serve --${name}`);
  }
});

test('--help and -h on every command, wherever they stand: HelpRequested with that command', () => {
  for (const spec of COMMAND_SPECS) {
    for (const argv of [['--help'], ['-h'], ['x', '--help'], ['--bogus', '--help']]) {
      assert.throws(
        () => parse(argv, spec),
        (e: unknown) => e instanceof HelpRequested && e.spec === spec,
        `${spec.name} ${argv.join(' ')}`,
      );
    }
  }
});

test('the help lines fit 100 columns; the general help names every command', () => {
  for (const spec of COMMAND_SPECS) for (const line of commandHelp(spec).split('\n')) assert.ok(line.length <= 100, `${spec.name}: ${line}`);
  const general = generalHelp('0.0.0');
  for (const spec of COMMAND_SPECS) assert.ok(general.includes(`kube-netcheck ${spec.usage}`), spec.name);
  for (const line of general.split('\n')) assert.ok(line.length <= 100, line);
});

test.run();
