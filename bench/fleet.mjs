#!/usr/bin/env node
// The fleet benchmark: `fleet check` of 200 generated clusters of 500 nodes each, time and peak memory.
//
//   node bench/fleet.mjs [--clusters 200] [--nodes 500] [--out bench/out/fleet]
//
// One cluster's evidence comes from bench/generate.mjs (seed 42, healthy: `kubectl get nodes -o json`,
// `kubectl get ds -A -o json`, kubeadm's static pod manifests, the kube-proxy and flannel ConfigMaps,
// a CNI conflist and a control-plane node's `ip addr`); each cluster of the fleet is that evidence with
// its own ranges, rewritten address by address: cluster k's nodes in 10.(k>>6).((k&63)*4).0/22, its pod
// range 10.(128+(k>>1)).((k&1)*128).0/17 (node /26 blocks inside it), its service range 192.168.k.0/24.
// The last cluster takes the first one's pod range, the one collision the fleet rules must find.
//
// The fleet is judged by the installed command, `node dist/bundle/main.js fleet check OUT -o json`,
// under /usr/bin/time (peak RSS from the kernel), once for a tenth of the clusters and once for all of
// them: a fleet holds one cluster's evidence and facts at a time, so the peak memory of the two should
// be close while the time grows with the clusters. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function rewrite(text, k, podOf) {
  const [pa, pb] = podOf(k);
  return text
    .replace(/\b10\.0\.(\d+)\.(\d+)\b/g, (_, t, f) => `10.${k >> 6}.${(k & 63) * 4 + Number(t)}.${f}`)
    .replace(/\b10\.0\.0\.0\/16\b/g, `10.${k >> 6}.${(k & 63) * 4}.0/22`)
    .replace(/(\b10\.\d+\.\d+\.\d+)\/16\b/g, '$1/22')
    .replace(/\b100\.64\.0\.0\/10\b/g, `10.${pa}.${pb}.0/17`)
    .replace(/\b100\.64\.(\d+)\.(\d+)\b/g, (_, a, b) => `10.${pa}.${pb + Number(a)}.${b}`)
    .replace(/\b10\.96\.0\.0\/12\b/g, `192.168.${k}.0/24`)
    .replace(/\b10\.96\.0\.10\b/g, `192.168.${k}.10`)
    .replace(/\b10\.96\.0\.1\b/g, `192.168.${k}.1`);
}

async function makeFleet({ clusters, nodes, out }) {
  rmSync(out, { recursive: true, force: true });
  const base = await generate({ seed: 42, size: nodes, broken: false, out: join(out, '.base') });
  const files = readdirSync(join(base, 'evidence'));
  const texts = Object.fromEntries(files.map((f) => [f, readFileSync(join(base, 'evidence', f), 'utf8')]));
  const podOf = (k) => [128 + (k >> 1), (k & 1) * 128];
  for (let k = 0; k < clusters; k++) {
    const dir = join(out, 'clusters', `cluster-${String(k).padStart(3, '0')}`);
    mkdirSync(dir, { recursive: true });
    // The last cluster takes the first one's pod range: the fleet's one collision.
    const pods = k === clusters - 1 ? () => podOf(0) : podOf;
    for (const f of files) writeFileSync(join(dir, f), rewrite(texts[f], k, pods));
  }
  rmSync(join(out, '.base'), { recursive: true, force: true });
  return join(out, 'clusters');
}

function measure(dir, clusters) {
  const list = readdirSync(dir).sort().slice(0, clusters);
  const sub = join(dir, '..', `first-${clusters}`);
  rmSync(sub, { recursive: true, force: true });
  mkdirSync(sub);
  for (const c of list) spawnSync('ln', ['-s', join(dir, c), join(sub, c)]);
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', process.execPath, join(ROOT, 'dist', 'bundle', 'main.js'), 'fleet', 'check', sub, '-o', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = (performance.now() - t) / 1000;
  const [rssKiB, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const report = JSON.parse(r.stdout);
  return {
    clusters: list.length,
    exit: r.status,
    wallSeconds: Number(wall.toFixed(1)),
    cpuSeconds: Number((user + sys).toFixed(1)),
    peakRssMiB: Math.round(rssKiB / 1024),
    fleetFindings: report.fleet.findings.map((f) => `${f.id} ${f.clusters.join(' ')}`),
    clustersFailed: report.clusters.filter((c) => c.verdict !== 'PASSED').map((c) => c.name),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      clusters: { type: 'string', default: '200' },
      nodes: { type: 'string', default: '500' },
      out: { type: 'string', default: join(ROOT, 'bench', 'out', 'fleet') },
    },
  });
  const clusters = Number(values.clusters);
  const t = performance.now();
  const dir = await makeFleet({ clusters, nodes: Number(values.nodes), out: values.out });
  process.stderr.write(`fleet of ${clusters} clusters of ${values.nodes} nodes written to ${dir} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  for (const n of [Math.max(2, Math.round(clusters / 10)), clusters]) process.stdout.write(`${JSON.stringify(measure(dir, n))}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
