/**
 * .pre-commit-hooks.yaml, run by the real pre-commit in a scratch git repository as a
 * user's commit runs it: pre-commit clones the hook repository (a snapshot of this
 * checkout) and runs the kube-netcheck on PATH (`language: system`: the package
 * installed globally, ./installed.ts); the commit is blocked by a bad config or
 * evidence folder, the finding printed at file:line, and let through when good.
 * Skipped without pre-commit (Debian's `pre-commit` package), never under CI=true.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { repo, ROOT } from '../helpers.js';
import { installed } from './installed.js';

const havePreCommit = spawnSync('pre-commit', ['--version']).status === 0;
if (!havePreCommit && process.env.CI !== 'true') console.log('skipped: the pre-commit hook tests need pre-commit (apt-get install pre-commit); CI installs it and never skips');
const pcTest = havePreCommit || process.env.CI === 'true' ? test : test.skip;

interface Hook {
  id: string;
  entry: string;
  language: string;
  files?: string;
  pass_filenames?: boolean;
}

test('.pre-commit-hooks.yaml: a review hook for config files and a check hook for an evidence folder', () => {
  const hooks = parse(readFileSync(repo('.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  assert.equal(
    hooks.map((h) => [h.id, h.entry, h.language]),
    [
      ['kube-netcheck-review', 'kube-netcheck review', 'system'],
      ['kube-netcheck-check', 'kube-netcheck check', 'system'],
    ],
  );
  const files = new RegExp(hooks[0]!.files!);
  for (const f of ['kubeadm.yaml', 'clusters/prod/kubeadm-config.yaml', 'kind-config.yaml', 'k3s-config.yaml', 'install-config.yaml', 'talconfig.yaml', 'cluster.yml']) assert.ok(files.test(f), f);
  for (const f of ['.github/workflows/ci.yml', 'values.yaml', 'package.json', 'README.md']) assert.not.ok(files.test(f), f);
  assert.is(hooks[1]!.pass_filenames, false);
});

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });

/** This checkout as it is now (committed or not), as a git repository pre-commit can clone. */
function hookRepository(work: string): { path: string; rev: string } {
  const path = join(work, 'hook-repo');
  mkdirSync(path);
  // node_modules: a symlink in a worktree that shares one, which .gitignore's node_modules/ does not match.
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && f !== 'node_modules');
  for (const f of files) {
    const from = join(ROOT, f);
    try {
      mkdirSync(dirname(join(path, f)), { recursive: true });
      copyFileSync(from, join(path, f));
    } catch (e) {
      // A file deleted in the working tree but still in the index.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  git(path, 'init', '-q');
  git(path, 'add', '-A');
  git(path, 'commit', '-q', '-m', 'snapshot');
  return { path, rev: git(path, 'rev-parse', 'HEAD').trim() };
}

pcTest('pre-commit: a bad kubeadm config or evidence folder blocks the commit at file:line; good ones pass', () => {
  const work = mkdtempSync(join(tmpdir(), 'knc-pre-commit-'));
  const hooks = hookRepository(work);
  const user = join(work, 'user-repo');
  mkdirSync(join(user, 'clusters'), { recursive: true });
  mkdirSync(join(user, 'evidence'), { recursive: true });
  git(user, 'init', '-q');
  writeFileSync(
    join(user, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${hooks.path}\n    rev: ${hooks.rev}\n    hooks:\n      - id: kube-netcheck-review\n      - id: kube-netcheck-check\n        args: [evidence/]\n        files: ^evidence/\n`,
  );
  // pre-commit's own cache (the cloned hook repository) in the scratch folder; on PATH the
  // installed package's bin, Node.js, git and pre-commit.
  const inst = installed();
  const env = {
    PATH: `${inst.env.PATH}:${dirname(spawnSync('sh', ['-c', 'command -v pre-commit'], { encoding: 'utf8' }).stdout.trim())}`,
    HOME: work,
    PRE_COMMIT_HOME: join(work, 'pre-commit-home'),
    NO_COLOR: '1',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com',
  };
  const install = spawnSync('pre-commit', ['install'], { cwd: user, env, encoding: 'utf8' });
  assert.is(install.status, 0, install.stderr + install.stdout);
  const commit = (...files: string[]): { code: number | null; out: string } => {
    git(user, 'add', '-A', ...files);
    const r = spawnSync('git', ['commit', '-q', '-m', 'change'], { cwd: user, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  // A kubeadm config whose pod range overlaps the service range: blocked, KN101 at its lines.
  copyFileSync(repo('examples', 'review', 'kubeadm', 'pod-overlaps-service.yaml'), join(user, 'clusters', 'kubeadm.yaml'));
  let r = commit();
  assert.is(r.code, 1, r.out);
  assert.match(r.out, /kube-netcheck review\.+Failed/, r.out);
  assert.match(r.out, /KN101/, r.out);
  assert.match(r.out, /at clusters\/kubeadm\.yaml:\d+/, r.out);

  // The fixed config goes in.
  copyFileSync(repo('examples', 'review', 'kubeadm', 'good-v1beta4.yaml'), join(user, 'clusters', 'kubeadm.yaml'));
  r = commit();
  assert.is(r.code, 0, r.out);
  assert.match(git(user, 'log', '--oneline'), /change/);

  // An evidence folder with the broken lab: blocked by the check hook, at evidence/lab.md:28.
  copyFileSync(repo('examples', 'lab-broken', 'lab.md'), join(user, 'evidence', 'lab.md'));
  r = commit();
  assert.is(r.code, 1, r.out);
  assert.match(r.out, /kube-netcheck check\.+Failed/, r.out);
  assert.match(r.out, /at evidence\/lab\.md:28/, r.out);

  // The complete lab passes.
  rmSync(join(user, 'evidence', 'lab.md'));
  for (const f of ['lab.md', 'kubectl-get-nodes-wide.txt']) copyFileSync(repo('examples', 'lab-complete', f), join(user, 'evidence', f));
  r = commit();
  assert.is(r.code, 0, r.out);
  assert.match(r.out, /kube-netcheck check\.+Passed/, r.out);
});

test.run();
