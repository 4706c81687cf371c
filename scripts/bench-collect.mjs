// Live collection at scale: starts the test kube-apiserver and etcd (test/harness),
// creates N nodes (default 5,000) shaped as kubelets register them, then times
// `collect` (nodes paged 500 at a time with limit/continue) and `check --cluster`
// end to end, and writes the result under its own heading in docs/benchmarks.md.
//   npm run build && node scripts/bench-collect.mjs [--nodes 5000] [--no-write]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './opa.mjs';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '5000' }, 'no-write': { type: 'boolean' } } });
const N = Number(values.nodes);
const dist = (p) => join(ROOT, 'dist', p);
if (!existsSync(dist('test/harness/apiserver.js'))) {
  console.error('bench-collect: build first (npm run build)');
  process.exit(2);
}
const { binaries, startHarness, must } = await import(dist('test/harness/apiserver.js'));
const { createNode } = await import(dist('test/harness/lab.js'));
const { loadKubeconfig, KubeClient, collect } = await import(dist('src/collect/index.js'));
const { OBJECT_HANDLERS } = await import(dist('src/evidence/objects/index.js'));
const handlers = OBJECT_HANDLERS.map((h) => h.name).join(', ');

const bins = binaries();
if ('missing' in bins) {
  console.error(`bench-collect: ${bins.missing}`);
  process.exit(2);
}

const h = await startHarness(bins);
try {
  process.stderr.write(`kube-apiserver ${h.version} up at ${h.server}; creating ${N} nodes...\n`);
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < N) {
      const i = next++;
      const name = `node-${String(i).padStart(5, '0')}`;
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      await createNode(h, { name, ip, controlPlane: i < 3 }, 'v1.31.0');
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  const createSeconds = (performance.now() - t0) / 1000;
  await must(h.request('GET', '/api/v1/nodes?limit=1'), 'list nodes');

  // Library: the collection alone, nodes paged 500 at a time.
  const { kc } = loadKubeconfig({ kubeconfig: h.kubeconfig('reader') });
  const client = await KubeClient.create(kc, { timeoutMs: 600_000 });
  let pages = 0;
  const t1 = performance.now();
  const col = await collect(client, { onProgress: (p) => p.last.startsWith('nodes ') && pages++ });
  const collectSeconds = (performance.now() - t1) / 1000;
  client.close();
  const nodes = col.lists.find((l) => l.file === 'nodes.json').items.length;
  if (nodes !== N) throw new Error(`collected ${nodes} nodes, expected ${N}`);

  // CLI end to end: `collect DIR` and `check --cluster` as a user runs them.
  const out = join(mkdtempSync(join(tmpdir(), 'kn-bench-')), 'evidence');
  const cli = (args) =>
    new Promise((resolve) => {
      const t = performance.now();
      const p = spawn(process.execPath, [dist('bundle/main.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
      let err = '';
      p.stderr.on('data', (c) => (err += c));
      p.on('close', (code) => resolve({ code, seconds: (performance.now() - t) / 1000, err }));
    });
  const collectCli = await cli(['collect', out, '--kubeconfig', h.kubeconfig('reader')]);
  if (collectCli.code !== 0) throw new Error(`collect: exit ${collectCli.code}: ${collectCli.err}`);
  const checkCli = await cli(['check', '--cluster', '--kubeconfig', h.kubeconfig('reader'), '--fail-on', 'never']);
  if (checkCli.code !== 0) throw new Error(`check --cluster: exit ${checkCli.code}: ${checkCli.err}`);
  const checkDir = await cli(['check', out, '--fail-on', 'never']);
  if (checkDir.code !== 0) throw new Error(`check DIR: exit ${checkDir.code}: ${checkDir.err}`);
  const size = Number(readFileSync(join(out, 'nodes.json')).length);
  rmSync(join(out, '..'), { recursive: true, force: true });

  const f = (s) => `${s.toFixed(1)} s`;
  const section = [
    '## Live collection: 5,000 nodes from a real kube-apiserver',
    '',
    `Recorded by \`node scripts/bench-collect.mjs\` (${new Date().toISOString().slice(0, 10)}): kube-apiserver ${h.version} and etcd from`,
    '`tools/apiserver/build.sh`, on loopback, token authentication and RBAC, the reader bound to',
    '`deploy/rbac-collect.yaml` only. Nodes are created as kubelets register them (labels, annotations,',
    'status with addresses, capacity, conditions and nodeInfo written through `/status`).',
    `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), shared with other jobs; Node.js ${process.version}.`,
    '',
    '| step | time |',
    '|---|---|',
    `| create ${N} nodes in the harness (16 clients, POST + status PATCH) | ${f(createSeconds)} |`,
    `| \`collect()\` (library): ${N} nodes in ${pages} pages of 500 (limit/continue), plus DaemonSets, ConfigMaps, Services, pods, NetworkPolicies, discovery | ${f(collectSeconds)} |`,
    `| \`kube-netcheck collect DIR\` (CLI, writes nodes.json of ${(size / 2 ** 20).toFixed(1)} MiB) | ${f(collectCli.seconds)} |`,
    `| \`kube-netcheck check --cluster\` (CLI: collection, parsing every object, facts, policy) | ${f(checkCli.seconds)} |`,
    `| \`kube-netcheck check DIR\` on the collected folder | ${f(checkDir.seconds)} |`,
    '',
    'Live objects go straight to the object handlers (no text is made or parsed); `check --cluster`',
    'also pays for reading every page over HTTPS, which `check DIR` finds on disk (its JSON lists are read',
    'by the JSON list reader, src/evidence/stream-json.ts). Object handlers registered when this was',
    `recorded: ${handlers}.`,
    '',
  ].join('\n');
  process.stdout.write(`${section}\n`);
  if (!values['no-write']) {
    const file = join(ROOT, 'docs', 'benchmarks.md');
    const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
    const heading = '## Live collection: 5,000 nodes from a real kube-apiserver';
    const start = doc.indexOf(heading);
    let updated;
    if (start < 0) updated = `${doc.replace(/\n*$/, '\n\n')}${section}`;
    else {
      const rest = doc.slice(start + heading.length);
      const end = rest.search(/\n## /);
      updated = doc.slice(0, start) + section + (end < 0 ? '' : rest.slice(end + 1));
    }
    writeFileSync(file, updated);
    process.stderr.write(`written to ${file}\n`);
  }
} finally {
  await h.stop();
}
