/**
 * examples/ci stays true: the kube-netcheck command of the GitHub Actions
 * workflow and of the GitLab CI job is run as written, with the real CLI, and
 * produces the files the next steps upload (SARIF, JUnit, HTML, Markdown).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { repo, runCli } from '../helpers.js';

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}

/** The CLI arguments after `npm start --silent --`, with the file outputs moved into dir. */
function cliArgs(command: string, dir: string, env: Record<string, string>): string[] {
  const expanded = command.replace(/\$\{\{\s*runner\.temp\s*\}\}/g, env.RUNNER_TEMP ?? '');
  const m = /npm start --silent -- (.*)$/s.exec(expanded.trim());
  assert.ok(m, `no kube-netcheck command in: ${command}`);
  return m![1]!
    .trim()
    .split(/\s+/)
    .map((a) => a.replace(/^(sarif|junit|html|markdown)=(?!\/)(.*)$/, (_x, fmt: string, file: string) => `${fmt}=${join(dir, file)}`));
}

test('GitHub Actions: the workflow runs the real CLI and uploads the SARIF it wrote', () => {
  const wf = parse(readFileSync(repo('examples', 'ci', 'github-actions.yml'), 'utf8')) as { permissions: Record<string, string>; jobs: { netcheck: { steps: Step[] } } };
  assert.is(wf.permissions['security-events'], 'write');
  const steps = wf.jobs.netcheck.steps;
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
  assert.is(upload?.with?.sarif_file, 'kube-netcheck.sarif');
  const dir = mkdtempSync(join(tmpdir(), 'knc-gha-'));
  const step = steps.find((s) => s.run?.includes('npm start'));
  const args = cliArgs(step!.run!, dir, { RUNNER_TEMP: dir });
  const r = runCli(args);
  assert.is(r.code, 1, r.stderr);
  const sarif = JSON.parse(readFileSync(join(dir, 'kube-netcheck.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
  assert.is(sarif.version, '2.1.0');
  // KN101, KN201, KN301, the waived one and the weave-net warning KN602.
  assert.is(sarif.runs[0]!.results.length, 6);
  assert.ok(existsSync(join(dir, 'kube-netcheck.html')));
  assert.match(readFileSync(join(dir, 'kube-netcheck.md'), 'utf8'), /kube-netcheck: FAILED/);
  assert.match(r.stdout, /^::error file=examples\/lab-broken\/lab\.md,line=28,title=KN101/m);
});

test('GitLab CI: the job runs the real CLI and publishes the JUnit report it wrote', () => {
  const ci = parse(readFileSync(repo('examples', 'ci', 'gitlab-ci.yml'), 'utf8')) as Record<string, { script: string[]; artifacts: { when: string; reports: { junit: string } } }>;
  const job = ci['kube-netcheck']!;
  assert.is(job.artifacts.when, 'always');
  assert.is(job.artifacts.reports.junit, 'kube-netcheck-junit.xml');
  const dir = mkdtempSync(join(tmpdir(), 'knc-gitlab-'));
  const line = job.script.find((s) => s.includes('npm start'));
  const r = runCli(cliArgs(line!, dir, {}));
  assert.is(r.code, 1, r.stderr);
  const junit = readFileSync(join(dir, 'kube-netcheck-junit.xml'), 'utf8');
  assert.match(junit, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="kube-netcheck: 2 errors, 3 warnings, 0 info, 0 unknown, 1 waived: FAILED/);
  assert.match(r.stdout, /2 errors, 3 warnings, 0 info, 0 unknown, 1 waived: FAILED/);
});

test.run();
