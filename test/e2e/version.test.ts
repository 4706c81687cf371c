/**
 * `--version`, `version [-o json]`, and `help COMMAND` / `COMMAND --help` for every
 * command, through the real CLI.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMAND_SPECS } from '../../src/cli/commands.js';
import { repo, runCli } from '../helpers.js';

const pkg = JSON.parse(readFileSync(repo('package.json'), 'utf8')) as { version: string };

test('--version prints one line: kube-netcheck and its version', () => {
  const r = runCli(['--version']);
  assert.is(r.code, 0);
  assert.is(r.stdout, `kube-netcheck ${pkg.version}\n`);
});

test('version -o json: kube-netcheck, the OPA that compiled the policy (the pinned one), the policy hash, the SDK', () => {
  const r = runCli(['version', '-o', 'json']);
  assert.is(r.code, 0, r.stderr);
  const v = JSON.parse(r.stdout) as { kubeNetcheck: string; opa: string; opaWasm: string; policy: { sha256: string; rules: number }; node: string };
  assert.is(v.kubeNetcheck, pkg.version);
  // tools/go.mod pins the OPA that `npm run policy:build` compiles with.
  assert.is(`v${v.opa}`, /github\.com\/open-policy-agent\/opa (v\S+)/.exec(readFileSync(repo('tools', 'go.mod'), 'utf8'))![1]);
  assert.is(v.policy.sha256, createHash('sha256').update(readFileSync(repo('policies', 'compiled', 'policy.wasm'))).digest('hex'));
  assert.is(v.policy.rules, (JSON.parse(readFileSync(repo('policies', 'compiled', 'catalogue.json'), 'utf8')) as { rules: unknown[] }).rules.length);
  assert.is(v.opaWasm, (JSON.parse(readFileSync(repo('node_modules', '@open-policy-agent', 'opa-wasm', 'package.json'), 'utf8')) as { version: string }).version);
  assert.is(v.node, process.version);
  const text = runCli(['version']);
  assert.is(text.code, 0);
  assert.match(text.stdout, new RegExp(`^kube-netcheck ${pkg.version.replace(/\./g, '\\.')}\\npolicy: sha256:${v.policy.sha256} \\(${v.policy.rules} rules\\), compiled by OPA ${v.opa}\\n`));
});

test('version refuses an unknown format and arguments', () => {
  const r = runCli(['version', '-o', 'yaml']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /version: --output yaml: expected text or json/);
  assert.is(runCli(['version', 'extra']).code, 2);
});

test('help COMMAND and COMMAND --help print the same help, for every command', () => {
  for (const spec of COMMAND_SPECS) {
    const a = runCli(['help', spec.name]);
    const b = runCli([spec.name, '--help']);
    assert.is(a.code, 0, spec.name);
    assert.is(b.code, 0, spec.name);
    assert.is(a.stdout, b.stdout, spec.name);
    assert.ok(a.stdout.startsWith(`Usage: kube-netcheck ${spec.usage}\n`), spec.name);
  }
  const general = runCli(['help']);
  for (const spec of COMMAND_SPECS) assert.ok(general.stdout.includes(`kube-netcheck ${spec.usage}`), spec.name);
});

test.run();
