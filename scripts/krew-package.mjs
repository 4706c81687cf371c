// The kubectl plugin for krew (https://krew.sigs.k8s.io): a self-contained archive
// (the package installed with its dependencies, LICENSE included) and the krew plugin
// manifest netcheck.yaml naming it by its release URL and SHA-256, for the krew-index.
//
//   npm pack && node scripts/krew-package.mjs kube-netcheck-0.1.0.tgz OUTDIR
//
// writes OUTDIR/kube-netcheck-krew-v0.1.0.tar.gz (attach it to the GitHub release
// v0.1.0) and OUTDIR/netcheck.yaml (submit it to kubernetes-sigs/krew-index). The
// manifest is made at release, from the archive it names: its sha256 is the archive's.
// test/install/krew.test.ts validates it with krew's own validate-krew-manifest and
// installs it with `kubectl krew install --manifest --archive`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = 'https://github.com/kube-netcheck/kube-netcheck';

/**
 * The archive of an installed package folder (lib/node_modules/kube-netcheck), as
 * kube-netcheck/ inside, reproducibly ordered and owned. Without node_modules/.bin: its
 * entries are symbolic links, which krew's unpacker refuses ("unable to handle file type
 * 50", sigs.k8s.io/krew internal/download/downloader.go), and nothing runs them.
 */
export function archive(pkgDir, outDir, version) {
  const file = join(outDir, `kube-netcheck-krew-v${version}.tar.gz`);
  const args = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--exclude=node_modules/.bin', '-czf', file];
  execFileSync('tar', [...args, '-C', dirname(pkgDir), '--transform', `s,^${basename(pkgDir)},kube-netcheck,`, basename(pkgDir)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

/** The krew manifest (krew.googlecontainertools.github.com/v1alpha2 Plugin) for one release archive. */
export function manifest(version, sha256) {
  return `apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: netcheck
spec:
  version: v${version}
  homepage: ${REPOSITORY}
  shortDescription: Check cluster networking against policy
  description: |
    Policy-as-code checks for Kubernetes cluster networking. kubectl netcheck
    reads evidence (command outputs, manifests, installer configs, or the
    live cluster with check --cluster), builds normalised facts with the
    file:line each came from, and judges them with Rego rules compiled to
    WebAssembly: overlapping pod, service and node ranges, kube-proxy and CNI
    DaemonSets that miss nodes, kube-proxy modes, MTU, and more. It also
    reviews kubeadm, kind, k3s and other installer configs before they are
    applied (kubectl netcheck review).
  caveats: |
    kubectl netcheck runs on Node.js 20 or newer, which must be on PATH.
    Start with: kubectl netcheck check --cluster
  platforms:
    - selector:
        matchExpressions:
          - key: os
            operator: In
            values: [linux, darwin]
      uri: ${REPOSITORY}/releases/download/v${version}/kube-netcheck-krew-v${version}.tar.gz
      sha256: ${sha256}
      bin: kube-netcheck/dist/bundle/main.js
`;
}

/** npm install -g of the tarball into an empty prefix: the package with its dependencies. */
export function installTarball(tarball, prefix) {
  execFileSync('npm', ['install', '--global', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', prefix, resolve(tarball)], { stdio: ['ignore', 'ignore', 'inherit'] });
  return join(prefix, 'lib', 'node_modules', 'kube-netcheck');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [tarball, outDir] = process.argv.slice(2);
  if (!tarball || !outDir) {
    process.stderr.write('usage: node scripts/krew-package.mjs kube-netcheck-VERSION.tgz OUTDIR\n');
    process.exit(2);
  }
  const work = mkdtempSync(join(tmpdir(), 'knc-krew-'));
  try {
    const pkg = installTarball(tarball, join(work, 'prefix'));
    const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    mkdirSync(outDir, { recursive: true });
    const { file, sha256 } = archive(pkg, outDir, version);
    writeFileSync(join(outDir, 'netcheck.yaml'), manifest(version, sha256));
    process.stdout.write(`krew-package: wrote ${file} (sha256 ${sha256}) and ${join(outDir, 'netcheck.yaml')}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
