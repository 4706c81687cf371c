/**
 * The CI files users copy: examples/ci/*.yml are the ones README.md shows, verbatim;
 * the workflow using the action passes only inputs action.yml declares, at this
 * version; the GitLab CI template's script runs as GitLab runs it (each line in bash,
 * the job's variables as environment), installing this checkout's tarball, and writes
 * the JUnit report and HTML its artifacts publish.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { repo } from '../helpers.js';
import { installed, packageVersion } from './installed.js';

const README = readFileSync(repo('README.md'), 'utf8');
const blocks = [...README.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

test('README.md shows every file of examples/ci verbatim', () => {
  for (const name of readdirSync(repo('examples', 'ci'))) {
    const text = readFileSync(repo('examples', 'ci', name), 'utf8');
    assert.ok(blocks.includes(text), `examples/ci/${name} is not shown in README.md as it is (a \`\`\`yaml block with its whole text)`);
  }
});

test('examples/ci/github-action.yml uses this version of the action, with inputs it declares', () => {
  const action = parse(readFileSync(repo('action.yml'), 'utf8')) as { inputs: Record<string, { required?: boolean }> };
  const wf = parse(readFileSync(repo('examples', 'ci', 'github-action.yml'), 'utf8')) as { permissions: Record<string, string>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> };
  assert.is(wf.permissions['security-events'], 'write');
  const step = Object.values(wf.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.uses?.startsWith('kube-netcheck/kube-netcheck@'));
  assert.is(step?.uses, `kube-netcheck/kube-netcheck@v${packageVersion()}`);
  for (const key of Object.keys(step!.with ?? {})) assert.ok(key in action.inputs, `with: ${key} is not an input of action.yml`);
  for (const [key, input] of Object.entries(action.inputs)) if (input.required) assert.ok(key in (step!.with ?? {}), `the required input ${key} is missing`);
});

interface GitLabJob {
  image: string;
  variables: Record<string, string>;
  script: string[];
  artifacts: { when: string; reports: { junit: string; codequality: string }; paths: string[] };
}

test('the GitLab CI template: its script runs as GitLab runs it and writes the reports its artifacts publish', () => {
  const inst = installed();
  const job = (parse(readFileSync(repo('examples', 'ci', 'kube-netcheck.gitlab-ci.yml'), 'utf8')) as Record<string, GitLabJob>)['kube-netcheck']!;
  assert.is(job.variables.KUBE_NETCHECK_PACKAGE, `kube-netcheck@${packageVersion()}`);
  assert.is(job.artifacts.when, 'always');
  const dir = mkdtempSync(join(inst.scratch, 'gitlab-'));
  const project = join(dir, 'project');
  const files: Record<string, string> = {
    'evidence/lab.md': readFileSync(repo('examples', 'lab-broken', 'lab.md'), 'utf8'),
    'waivers.yaml': readFileSync(repo('examples', 'waivers.yaml'), 'utf8'),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, name)), { recursive: true });
    writeFileSync(join(project, name), text);
  }
  const prefix = join(dir, 'npm-prefix');
  const env: Record<string, string> = {
    ...job.variables,
    // As a project's .gitlab-ci.yml overrides them; the package is this checkout's tarball.
    KUBE_NETCHECK_PACKAGE: inst.tarball,
    KUBE_NETCHECK_PATHS: 'evidence/',
    KUBE_NETCHECK_ARGS: '--waivers waivers.yaml',
    PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: dir,
    npm_config_prefix: prefix,
    npm_config_cache: inst.npmCache,
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
    NO_COLOR: '1',
    CI: 'true',
    GITLAB_CI: 'true',
  };
  const codes: (number | null)[] = [];
  let out = '';
  for (const line of job.script) {
    const r = spawnSync('bash', ['-e', '-c', line], { cwd: project, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    codes.push(r.status);
    out += r.stdout + r.stderr;
    if (r.status !== 0) break;
  }
  // The install succeeds; the check fails the job on the broken lab (exit 1) after writing its reports.
  assert.equal(codes, [0, 1], out);
  assert.match(out, /2 errors, 3 warnings, 0 info, 0 unknown, 1 waived: FAILED/);
  for (const p of job.artifacts.paths) assert.ok(existsSync(join(project, p)), p);
  const junit = readFileSync(join(project, job.artifacts.reports.junit), 'utf8');
  assert.match(junit, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="kube-netcheck: 2 errors, 3 warnings/);
  assert.match(junit, /evidence\/lab\.md:28/);
  const quality = JSON.parse(readFileSync(join(project, job.artifacts.reports.codequality), 'utf8')) as { check_name: string; severity: string; location: { path: string; lines: { begin: number } } }[];
  // One issue per finding but the waived one: 2 errors and 3 warnings, each at its evidence.
  assert.is(quality.length, 5);
  const kn101 = quality.find((i) => i.check_name === 'KN101');
  assert.equal([kn101?.severity, kn101?.location], ['critical', { path: 'evidence/lab.md', lines: { begin: 28 } }]);
});

test.run();
