/**
 * action.yml, the composite GitHub Action: its steps run here as the runner runs them
 * (bash --noprofile --norc -eo pipefail, the step's env with ${{ }} expressions filled
 * in, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP files), the install step
 * installing this checkout's tarball into a scratch npm prefix. Checked: the inputs it
 * declares are the ones it uses, bad inputs are refused with an error annotation, the
 * SARIF it writes is what code scanning takes, the job summary is the Markdown report,
 * and the exit code (the gate) is the step's and the action's output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { repo } from '../helpers.js';
import { installed, packageVersion } from './installed.js';

interface Step {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(repo('action.yml'), 'utf8')) as Action;

test('action.yml: a composite action whose every input is declared and used, and whose package is this version', () => {
  assert.is(action.runs.using, 'composite');
  const text = readFileSync(repo('action.yml'), 'utf8');
  const used = new Set([...text.matchAll(/\binputs\.([a-z-]+)/g)].map((m) => m[1]!));
  assert.equal([...used].sort(), Object.keys(action.inputs).sort());
  assert.is(action.inputs.package!.default, `kube-netcheck@${packageVersion()}`);
  assert.is(action.inputs.paths!.required, true);
  // Inputs reach the scripts through env, never spliced into the script text (script injection).
  for (const step of action.runs.steps) if (step.run) assert.not.match(step.run, /\$\{\{/, step.name);
  const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload?.if?.startsWith('always()'), 'the SARIF is uploaded when the gate fails too');
});

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

let prefix: string | undefined;
let installedOnce = false;

/**
 * Runs the action's `run` steps in order, as the runner does, stopping at the first
 * failing one (the upload step is the runner's). The install step runs the first time;
 * later runs reuse its npm prefix, as the install would only repeat itself.
 */
function runAction(inputs: Record<string, string>, files: Record<string, string> = {}): RunResult {
  const inst = installed();
  const base = mkdtempSync(join(inst.scratch, 'action-'));
  const workspace = join(base, 'workspace');
  const temp = join(base, 'runner-temp');
  for (const d of [workspace, temp]) mkdirSync(d);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true });
    writeFileSync(join(workspace, name), content);
  }
  const outputFile = join(temp, 'output');
  const summaryFile = join(temp, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  prefix ??= mkdtempSync(join(inst.scratch, 'action-npm-prefix-'));
  const values: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) values[name] = inputs[name] ?? input.default ?? '';
  const fill = (s: string): string =>
    s.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
      const input = /^inputs\.([a-z-]+)$/.exec(expr);
      if (input) return values[input[1]!] ?? '';
      throw new Error(`action.yml: an expression the test does not model: ${expr}`);
    });
  let out = '';
  let err = '';
  for (const step of action.runs.steps) {
    if (!step.run) continue;
    assert.is(step.shell, 'bash', step.name);
    if (step.name === 'Install kube-netcheck' && installedOnce) continue;
    const env: Record<string, string> = {
      PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: base,
      npm_config_prefix: prefix,
      npm_config_cache: inst.npmCache,
    npm_config_prefer_offline: 'true',
      npm_config_update_notifier: 'false',
      NO_COLOR: '1',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: temp,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = fill(v);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd: workspace, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    out += r.stdout;
    err += r.stderr;
    if (step.name === 'Install kube-netcheck' && r.status === 0) installedOnce = true;
    if (r.status !== 0) return { code: r.status, stdout: out, stderr: err, outputs: readOutputs(outputFile), summary: readFileSync(summaryFile, 'utf8'), workspace };
  }
  return { code: 0, stdout: out, stderr: err, outputs: readOutputs(outputFile), summary: readFileSync(summaryFile, 'utf8'), workspace };
}

function readOutputs(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

const labBroken = readFileSync(repo('examples', 'lab-broken', 'lab.md'), 'utf8');
const waivers = readFileSync(repo('examples', 'waivers.yaml'), 'utf8');

test('the action on a broken evidence folder: annotations, SARIF, job summary, exit code 1', () => {
  const r = runAction({ paths: 'evidence/', args: '--waivers waivers.yaml', package: installed().tarball }, { 'evidence/lab.md': labBroken, 'waivers.yaml': waivers });
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, new RegExp(`^kube-netcheck ${packageVersion().replace(/\./g, '\\.')}$`, 'm'));
  assert.match(r.stdout, /^::error file=evidence\/lab\.md,line=28,title=KN101/m);
  assert.equal(r.outputs, { 'exit-code': '1', 'sarif-file': 'kube-netcheck.sarif' });
  const sarif = JSON.parse(readFileSync(join(r.workspace, 'kube-netcheck.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
  assert.is(sarif.version, '2.1.0');
  const kn101 = sarif.runs[0]!.results.find((x) => x.ruleId === 'KN101');
  assert.is(kn101?.locations[0]!.physicalLocation.artifactLocation.uri, 'evidence/lab.md');
  assert.match(r.summary, /kube-netcheck: FAILED/);
  assert.match(r.summary, /KN101/);
});

test('the action on a good folder passes: exit code 0, summary written; summary and SARIF can be turned off', () => {
  const files = { 'evidence/lab.md': readFileSync(repo('examples', 'lab-complete', 'lab.md'), 'utf8'), 'evidence/nodes.txt': readFileSync(repo('examples', 'lab-complete', 'kubectl-get-nodes-wide.txt'), 'utf8') };
  const r = runAction({ paths: 'evidence', package: installed().tarball }, files);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.outputs['exit-code'], '0');
  assert.match(r.summary, /PASSED/);
  const quiet = runAction({ paths: 'evidence', package: installed().tarball, summary: 'false', 'sarif-file': '' }, files);
  assert.is(quiet.code, 0, quiet.stderr);
  assert.is(quiet.summary, '');
  assert.is(quiet.outputs['sarif-file'], '');
  assert.not.ok(existsSync(join(quiet.workspace, 'kube-netcheck.sarif')));
});

test('review through the action: a kubeadm config, several paths on lines', () => {
  const r = runAction(
    { command: 'review', paths: 'clusters/a.yaml\nclusters/b.yaml', package: installed().tarball },
    { 'clusters/a.yaml': readFileSync(repo('examples', 'review', 'kubeadm', 'pod-overlaps-service.yaml'), 'utf8'), 'clusters/b.yaml': readFileSync(repo('examples', 'review', 'kubeadm', 'good-v1beta4.yaml'), 'utf8') },
  );
  assert.is(r.code, 1, r.stderr);
  assert.match(r.stdout, /^::error file=clusters\/a\.yaml,line=\d+,title=KN101/m);
});

test('bad inputs are refused with an error annotation, exit 2', () => {
  const pkg = installed().tarball;
  const cmd = runAction({ command: 'serve', paths: 'x', package: pkg });
  assert.is(cmd.code, 2);
  assert.match(cmd.stdout, /::error title=kube-netcheck::input command: "serve": expected check or review/);
  const empty = runAction({ paths: ' \n ', package: pkg });
  assert.is(empty.code, 2);
  assert.match(empty.stdout, /::error title=kube-netcheck::input paths is empty/);
  const summary = runAction({ paths: 'x', summary: 'yes', package: pkg });
  assert.is(summary.code, 2);
  // --fail-on is kube-netcheck's own: its usage error, exit 2, recorded as the output.
  const failOn = runAction({ paths: 'evidence', 'fail-on': 'sometimes', package: pkg }, { 'evidence/lab.md': labBroken });
  assert.is(failOn.code, 2);
  assert.match(failOn.stderr, /--fail-on sometimes: expected error, warning, info or never/);
  assert.is(failOn.outputs['exit-code'], '2');
});

test.run();
