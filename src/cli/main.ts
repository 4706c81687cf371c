#!/usr/bin/env node
/**
 * kube-netcheck command line: argv -> options -> the pipeline in ../check.ts.
 * Exit codes: 0 gate passed, 1 findings fail the gate, 2 usage or input
 * error, 3 internal error (a bug).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import { HelpRequested } from './args.js';
import { commandHelp, COMMAND_SPECS, generalHelp } from './commands.js';
import { VERSION } from './help.js';
import type { IO } from './io.js';
import { guardStreams } from './output.js';

export type { IO } from './io.js';

const COMMANDS: Record<string, () => Promise<{ run(argv: string[], io: IO): Promise<number> | number }>> = {
  check: () => import('./check.js'),
  facts: () => import('./facts.js'),
  rules: () => import('./rules.js'),
  explain: () => import('./rules.js').then((m) => ({ run: m.runExplain })),
  schema: () => import('./schema.js'),
  diff: () => import('./diff.js'),
  plan: () => import('./plan.js'),
  review: () => import('./review.js'),
  serve: () => import('./serve.js'),
  collect: () => import('./collect.js'),
  fleet: () => import('./fleet.js'),
  verify: () => import('./verify.js'),
  version: () => import('./version.js'),
  completion: () => import('./completion.js'),
};

export async function main(argv: string[], io: IO): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h') {
    io.stdout.write(generalHelp(VERSION));
    return command === undefined ? 2 : 0;
  }
  if (command === 'help') {
    const topic = rest.filter((a) => a !== '--no-color');
    if (topic.length === 0) {
      io.stdout.write(generalHelp(VERSION));
      return 0;
    }
    const spec = COMMAND_SPECS.find((c) => c.name === topic[0]);
    if (!spec || topic.length > 1) {
      io.stderr.write(`kube-netcheck: help ${topic.join(' ')}: expected one command, one of ${Object.keys(COMMANDS).join(', ')}\n`);
      return 2;
    }
    io.stdout.write(commandHelp(spec));
    return 0;
  }
  if (command === '--version') {
    io.stdout.write(`kube-netcheck ${VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    io.stderr.write(`kube-netcheck: unknown command "${command}": expected one of ${Object.keys(COMMANDS).join(', ')} (see kube-netcheck help)\n`);
    return 2;
  }
  try {
    const mod = await load();
    return await mod.run(rest, io);
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.stdout.write(commandHelp(e.spec));
      return 0;
    }
    if (e instanceof InputError) {
      io.stderr.write(`kube-netcheck: ${e.describe()}\n`);
      if (debug && e.stack) io.stderr.write(`${e.stack}\n`);
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(`kube-netcheck: internal error (a bug, please report it): ${err.message}\n`);
    io.stderr.write(debug ? `${err.stack ?? ''}\n` : 'Run again with --debug for the stack trace.\n');
    return 3;
  }
}

const isMain = (() => {
  try {
    const self = fileURLToPath(import.meta.url);
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(self);
  } catch {
    return false;
  }
})();

if (isMain) {
  // A closed stdout (`| head -1`) ends the output quietly; a failing one is an output error (exit 2).
  let outputFailed = false;
  guardStreams(process.stdout, process.stderr, (code) => {
    outputFailed = true;
    process.exitCode = code;
  });
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = outputFailed ? 2 : code;
    },
    (e: unknown) => {
      process.stderr.write(`kube-netcheck: internal error: ${String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
