/**
 * kube-netcheck as a kubectl plugin, met the two ways users meet it:
 * - the npm install puts kubectl-netcheck on PATH, and a real kubectl (built by
 *   tools/apiserver/build.sh from the pinned Kubernetes release) finds it through its
 *   own plugin discovery: `kubectl plugin list`, `kubectl netcheck check ...`;
 * - krew: scripts/krew-package.mjs makes the release archive and the krew manifest,
 *   which krew's own validator (validate-krew-manifest, built by tools/krew/build.sh
 *   at the pinned sigs.k8s.io/krew) accepts, and `kubectl krew install --manifest
 *   --archive` installs, as krew-index's CI does; then `kubectl netcheck` runs it.
 * Skipped without the built binaries, never under CI=true (.ci/run builds them).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { repo, ROOT, runCli } from '../helpers.js';
import { installed, packageVersion, runInstalled } from './installed.js';

const ci = process.env.CI === 'true';
const cache = process.env.KUBE_NETCHECK_APISERVER_CACHE ?? join(ROOT, '.cache', 'apiserver');

function kubectlDir(): string {
  const goMod = readFileSync(repo('tools', 'apiserver', 'go.mod'), 'utf8');
  const k8s = /^\s*k8s\.io\/kubernetes (v\S+)/m.exec(goMod)?.[1];
  const etcd = /^\s*go\.etcd\.io\/etcd\/server\/v3 (v\S+)/m.exec(goMod)?.[1];
  return join(cache, `${k8s}-etcd${etcd}`);
}

function krewDir(): string {
  const v = /^require sigs\.k8s\.io\/krew (v\S+)/m.exec(readFileSync(repo('tools', 'krew', 'go.mod'), 'utf8'))?.[1];
  return join(cache, `krew-${v}`);
}

const kubectl = join(kubectlDir(), 'kubectl');
const krew = join(krewDir(), 'krew');
const validator = join(krewDir(), 'validate-krew-manifest');
const haveKubectl = existsSync(kubectl);
const haveKrew = existsSync(krew) && existsSync(validator);
if (!haveKubectl && !ci) console.log(`skipped: the kubectl plugin tests need kubectl at ${kubectl} (build it once with: tools/apiserver/build.sh); CI builds it and never skips`);
if (!haveKrew && !ci) console.log(`skipped: the krew tests need krew at ${krewDir()} (build it once with: tools/krew/build.sh); CI builds it and never skips`);
const kubectlTest = haveKubectl || ci ? test : test.skip;
const krewTest = (haveKrew && haveKubectl) || ci ? test : test.skip;

/** PATH: the installed package's bin, Node.js, kubectl's folder and nothing else of ours. */
function withKubectl(extra: string[] = []): Record<string, string> {
  const inst = installed();
  return { PATH: [...extra, inst.env.PATH!, kubectlDir()].join(':'), KUBECONFIG: join(inst.scratch, 'no-kubeconfig') };
}

kubectlTest("kubectl's plugin discovery finds kubectl-netcheck on PATH, and `kubectl netcheck` runs every command", () => {
  const inst = installed();
  const env = withKubectl();
  const list = runInstalled(kubectl, ['plugin', 'list'], { env });
  assert.is(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`^${join(inst.prefix, 'bin', 'kubectl-netcheck').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
  assert.is(list.stderr.includes('warning'), false, list.stderr);

  const check = runInstalled(kubectl, ['netcheck', 'check', 'examples/lab-broken', '--waivers', 'examples/waivers.yaml'], { env });
  const direct = runCli(['check', 'examples/lab-broken', '--waivers', 'examples/waivers.yaml']);
  assert.is(check.code, 1, check.stderr);
  assert.is(check.stdout, direct.stdout);
  const review = runInstalled(kubectl, ['netcheck', 'review', 'examples/review/kubeadm/good-v1beta4.yaml'], { env });
  assert.is(review.code, 0, review.stderr);
  // kubectl hands every argument to the plugin, --help and -o included.
  const help = runInstalled(kubectl, ['netcheck', 'check', '--help'], { env });
  assert.is(help.code, 0);
  assert.match(help.stdout, /^Usage: kube-netcheck check PATH\.\.\. \[flags\]/);
  const version = runInstalled(kubectl, ['netcheck', 'version', '-o', 'json'], { env });
  assert.is((JSON.parse(version.stdout) as { kubeNetcheck: string }).kubeNetcheck, packageVersion());
  // Exit codes pass through kubectl: 2 for a usage error.
  const bad = runInstalled(kubectl, ['netcheck', 'check', '--no-such-flag'], { env });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /check: Unknown option '--no-such-flag'/);
});

krewTest("krew: the release manifest passes krew's validator, and `kubectl krew install` of the archive gives a working `kubectl netcheck`", async () => {
  const inst = installed();
  const { archive, manifest } = (await import(join(ROOT, 'scripts', 'krew-package.mjs'))) as {
    archive(pkgDir: string, outDir: string, version: string): { file: string; sha256: string };
    manifest(version: string, sha256: string): string;
  };
  const out = join(inst.scratch, 'krew-release');
  mkdirSync(out, { recursive: true });
  const version = packageVersion();
  const { file, sha256 } = archive(inst.pkg, out, version);
  const manifestFile = join(out, 'netcheck.yaml');
  writeFileSync(manifestFile, manifest(version, sha256));
  const m = parse(readFileSync(manifestFile, 'utf8')) as { metadata: { name: string }; spec: { version: string; platforms: { uri: string; sha256: string; bin: string }[] } };
  assert.is(m.metadata.name, 'netcheck');
  assert.is(m.spec.version, `v${version}`);
  assert.is(m.spec.platforms[0]!.uri, `https://github.com/kube-netcheck/kube-netcheck/releases/download/v${version}/kube-netcheck-krew-v${version}.tar.gz`);

  // krew's validator: structure, name, platforms (installing from the URI is the release's own check, needing the network).
  const valid = spawnSync(validator, ['-manifest', manifestFile, '-skip-install'], { encoding: 'utf8' });
  assert.is(valid.status, 0, valid.stderr);
  assert.match(valid.stderr, /structural validation OK/);
  // ... and it does refuse a broken one (the plugin named apart from its file).
  writeFileSync(join(out, 'other.yaml'), manifest(version, sha256));
  assert.is(spawnSync(validator, ['-manifest', join(out, 'other.yaml'), '-skip-install'], { encoding: 'utf8' }).status, 255);

  // kubectl krew (krew as a kubectl plugin), into a scratch KREW_ROOT, from the local archive.
  const bin = join(inst.scratch, 'krew-bin');
  mkdirSync(bin, { recursive: true });
  symlinkSync(krew, join(bin, 'kubectl-krew'));
  const krewRoot = join(inst.scratch, 'krew-root');
  const env: Record<string, string> = { ...withKubectl([bin, join(krewRoot, 'bin')]), KREW_ROOT: krewRoot };
  const install = runInstalled(kubectl, ['krew', 'install', `--manifest=${manifestFile}`, `--archive=${file}`], { env });
  assert.is(install.code, 0, install.stderr);
  assert.match(install.stderr, /Installed plugin: netcheck/);
  // The license krew-index requires in the archive, installed with it.
  assert.ok(existsSync(join(krewRoot, 'store', 'netcheck', `v${version}`, 'kube-netcheck', 'LICENSE')));
  // Found by kubectl through KREW_ROOT/bin, with the npm install's bin taken off PATH.
  const krewEnv = { ...env, PATH: env.PATH!.split(':').filter((p) => p !== join(inst.prefix, 'bin')).join(':') };
  const which = runInstalled(kubectl, ['plugin', 'list'], { env: krewEnv });
  assert.match(which.stdout, new RegExp(`${join(krewRoot, 'bin', 'kubectl-netcheck').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  const run = runInstalled(kubectl, ['netcheck', 'check', join(inst.pkg, 'examples', 'lab-complete')], { env: krewEnv, cwd: inst.scratch });
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /PASSED/);
});

test.run();
