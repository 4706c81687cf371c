/** `kube-netcheck fleet check DIR...`: every cluster of a fleet, and the rules between them. */
import { readFileSync } from 'node:fs';
import { collectFacts, factsFromEvidence } from '../check.js';
import { InputError, UsageError, fsReason } from '../errors.js';
import type { Network } from '../facts/address.js';
import { checkFleet, type FleetReport } from '../fleet/fleet.js';
import { checkMembers, parseFleetFile, type FleetFile } from '../fleet/file.js';
import { listClusters, uniqueNames, type ClusterSource } from '../fleet/sources.js';
import { useColour } from '../report/colour.js';
import { judgeOptions, parse, parseOutputSpecs, readOptions } from './args.js';
import { clusterOptions, readCluster } from './cluster.js';
import { FLEET, FLEET_FORMATS } from './commands.js';
import type { IO } from './io.js';
import { checkTargets, writeOutputFile } from './output.js';
import { VERSION } from './help.js';

type FleetFormat = (typeof FLEET_FORMATS)[number];

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(argv, FLEET);
  const [sub, ...dirs] = positionals;
  if (sub !== 'check' && sub !== 'plan') {
    throw new UsageError(`fleet: ${sub === undefined ? 'no subcommand' : `unknown subcommand "${sub}"`}: expected fleet check DIR... or fleet plan DIR... --nodes N (see kube-netcheck help fleet)`);
  }
  const contexts = values.context ?? [];
  if (dirs.length === 0 && contexts.length === 0 && !values['all-contexts']) {
    throw new UsageError(`fleet ${sub}: no cluster given: name folders of cluster evidence, --context NAME or --all-contexts`);
  }
  const planOnly = PLAN_ONLY.filter((f) => values[f] !== undefined);
  const checkOnly = CHECK_ONLY.filter((f) => values[f] !== undefined);
  if (sub === 'check' && planOnly.length > 0) throw new UsageError(`fleet check: --${planOnly[0]} only with fleet plan`);
  if (sub === 'plan' && checkOnly.length > 0) throw new UsageError(`fleet plan: --${checkOnly[0]} only with fleet check`);
  if (values['all-contexts'] && contexts.length > 0) throw new UsageError('fleet check: --all-contexts reads every context: give it or --context, not both');
  const live = contexts.length > 0 || values['all-contexts'] === true;
  for (const flag of ['kubeconfig', 'timeout', 'logs', 'log-lines', 'concurrency'] as const) {
    if (values[flag] !== undefined && !live) throw new UsageError(`fleet check: --${flag} only with --context or --all-contexts`);
  }
  if (sub === 'plan') return plan(values, dirs, contexts, io);
  let concurrency = 4;
  if (values.concurrency !== undefined) {
    concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new UsageError(`--concurrency ${values.concurrency}: expected a whole number from 1 to 64`);
  }
  const outputs = parseOutputSpecs(values.output, FLEET_FORMATS, 'text', 'fleet check');
  const opts = judgeOptions(values, io.env);
  const fleet = values.fleet !== undefined ? readFleetFile(values.fleet) : undefined;

  const { sources, cluster } = await clusterSources(values, dirs, contexts, io, 'fleet check');
  if (fleet) checkMembers(fleet, sources.map((s) => s.name));
  checkTargets(outputs, 'fleet check');

  const report = await checkFleet(sources, {
    ...opts,
    ...(fleet ? { fleet } : {}),
    concurrency,
    ...(cluster ? { readLive: async (context: string) => (await readCluster({ ...cluster, opts: { ...cluster.opts, context } })).evidence } : {}),
    ...(isTTY(io) ? { onCluster: progress(io) } : {}),
  });
  if (isTTY(io)) io.stderr.write('\r\x1b[K');

  for (const { format, file } of outputs) {
    const colour = file === undefined && values['no-color'] !== true && useColour(io.env, io.stdout.isTTY === true);
    const text = await render(format, report, colour);
    if (file === undefined) io.stdout.write(text);
    else writeOutputFile(file, text, `fleet check: --output ${format}=${file}`);
  }
  return report.passed ? 0 : 1;
}

/** Flags of fleet plan alone, and of fleet check alone (the judging ones). */
const PLAN_ONLY = ['nodes', 'pods-per-node', 'services', 'family', 'headroom', 'within'] as const;
const CHECK_ONLY = ['fleet', 'fail-on', 'allow-unknown', 'waivers', 'today', 'allow-proxy-mode', 'target-version', 'target-proxy-mode', 'param', 'data', 'policy', 'no-builtin', 'namespace', 'all-namespaces', 'opa', 'cache-dir'] as const;

type Values = ReturnType<typeof parse<typeof FLEET.flags>>['values'];

/**
 * fleet plan: every node, pod and service range of every cluster is taken, as --avoid ranges
 * are; a cluster that cannot be read is an input error, since a plan must avoid all of them.
 */
async function plan(values: Values, dirs: string[], contexts: string[], io: IO): Promise<number> {
  const outputs = values.output ?? [];
  if (outputs.length > 1) throw new UsageError('fleet plan: one --output: text, json or kubeadm');
  const { sources, cluster } = await clusterSources(values, dirs, contexts, io, 'fleet plan');
  const ranges: Network[] = [];
  for (const src of sources) {
    try {
      let facts;
      if (src.context !== undefined) facts = factsFromEvidence((await readCluster({ ...cluster!, opts: { ...cluster!.opts, context: src.context } })).evidence).facts;
      else facts = collectFacts([src.path!], readOptions(values)).facts;
      ranges.push(...facts.networks.node, ...facts.networks.pod, ...facts.networks.service);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw new InputError(`fleet plan: cannot plan around cluster ${src.name} (${src.source}), which could not be read: ${e.describe()}`);
    }
  }
  const { propose } = await import('./plan.js');
  return propose({ ...values, output: outputs[0] }, io, null, { clusters: sources.length, ranges });
}

/**
 * The fleet's clusters: each sub-folder or facts document of DIR..., then each kubeconfig
 * context named (--context) or all of them (--all-contexts), with the options to read them
 * live; names unique. A folder that is not a cluster is listed under --verbose.
 */
async function clusterSources(values: Values, dirs: string[], contexts: string[], io: IO, command: string): Promise<{ sources: ClusterSource[]; cluster: ReturnType<typeof clusterOptions> | null }> {
  const sources: ClusterSource[] = [];
  if (dirs.length > 0) {
    const listed = listClusters(dirs);
    sources.push(...listed.clusters);
    if (values.verbose) for (const s of listed.skipped) io.stderr.write(`kube-netcheck: skipped ${s}: not a cluster (a cluster is a sub-folder of evidence, or a facts document)\n`);
  }
  const live = contexts.length > 0 || values['all-contexts'] === true;
  const cluster = live ? clusterOptions({ kubeconfig: values.kubeconfig, timeout: values.timeout, logs: values.logs, 'log-lines': values['log-lines'] }, io) : null;
  if (cluster) {
    // One cluster's per-request progress line is not shown: the fleet's own line is.
    delete cluster.opts.onProgress;
    let names = contexts;
    if (values['all-contexts']) {
      const { kubeconfigContexts } = await import('../collect/index.js');
      names = kubeconfigContexts(cluster.opts);
      if (names.length === 0) throw new UsageError(`${command} --all-contexts: the kubeconfig has no context`);
    }
    for (const name of names) sources.push({ name, source: `context ${name}`, context: name });
  }
  uniqueNames(sources);
  return { sources, cluster };
}

async function render(format: FleetFormat, report: FleetReport, colour: boolean): Promise<string> {
  switch (format) {
    case 'text':
      return (await import('../report/fleet/text.js')).renderFleetText(report, { colour, cwd: process.cwd() });
    case 'json':
      return (await import('../report/fleet/json.js')).renderFleetJSON(report);
    case 'markdown':
      return (await import('../report/fleet/markdown.js')).renderFleetMarkdown(report, { cwd: process.cwd() });
    case 'html':
      return (await import('../report/fleet/html.js')).renderFleetHTML(report, { cwd: process.cwd(), version: VERSION });
  }
}

function readFleetFile(file: string): FleetFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the fleet file: ${fsReason(e)}`, file);
  }
  return parseFleetFile(text, file);
}

function isTTY(io: IO): boolean {
  return (io.stderr as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
}

/** One line on a terminal: clusters judged so far. */
function progress(io: IO): (name: string, done: number, total: number) => void {
  return (name, done, total) => io.stderr.write(`\r\x1b[Kfleet: ${done}/${total} clusters judged (${name})`);
}
