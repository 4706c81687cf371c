/**
 * `kube-netcheck review FILE... [--cluster-evidence PATH] [--cluster]`: judges kubeadm (and installer)
 * configs (and kube-proxy or CNI configuration) before they are applied, as the
 * admission webhook does: in review mode and, when the cluster is given (its
 * evidence, or its API read now), as a change to it: the findings the change
 * introduces decide; those the cluster already has (unless --fail-on-existing)
 * and those the change resolves are reported apart.
 */
import { readFileSync } from 'node:fs';
import { rejectErrors } from '../check.js';
import { UsageError } from '../errors.js';
import { pickCluster } from '../evidence/clusters.js';
import { readEvidence, type Evidence, type ReadOptions } from '../evidence/read.js';
import { exitCode } from '../report/model.js';
import { clusterBase, judgeChange, readClusterEvidence } from '../review/change.js';
import { objectSpans } from '../review/objects.js';
import { judgeOptions, parse, readOptions } from './args.js';
import { parseOutputs, writeReport } from './check.js';
import { clusterOptions, readCluster } from './cluster.js';
import { CLUSTER_ONLY, REVIEW } from './commands.js';
import type { IO } from './io.js';
import { checkTargets } from './output.js';

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(argv, REVIEW);
  if (positionals.length === 0) throw new UsageError('review: no configuration given: name kubeadm, kind, k3s / RKE2 config files, an installer config (RKE cluster.yml, kubespray inventory, install-config.yaml, Talos or talhelper config) or kube-proxy / CNI objects, or - for stdin');
  const clusterOnly = CLUSTER_ONLY.find((f) => values[f] !== undefined);
  if (clusterOnly && !values.cluster) throw new UsageError(`review: --${clusterOnly} only with --cluster`);
  const clusterPaths = values['cluster-evidence'] ?? [];
  if (values['fail-on-existing'] && clusterPaths.length === 0 && !values.cluster) {
    throw new UsageError('review: --fail-on-existing: no cluster to compare with: give its evidence with --cluster-evidence PATH, or --cluster');
  }
  const outputs = parseOutputs(values.output, 'review');
  // --cluster-name picks among the clusters of the reviewed files and the cluster's evidence together.
  const { clusterName, ...readOpts }: ReadOptions = readOptions(values);
  const opts = judgeOptions(values, io.env, { mode: 'review' });
  const live = values.cluster ? clusterOptions(values, io) : null;
  checkTargets(outputs, 'review');

  let stdinText: string | null = null;
  let change = readEvidence(positionals, {
    ...readOpts,
    stdin: () => {
      const data = readFileSync(0);
      stdinText = data.toString('utf8');
      return data;
    },
  });
  rejectErrors(change.diagnostics);
  let cluster: Evidence = readClusterEvidence(clusterPaths, readOpts, '--cluster-evidence');
  const against = [...clusterPaths];
  if (live) {
    // The API's objects, after any evidence files named with them, as check --cluster reads them.
    const read = await readCluster(live);
    if (values.verbose) for (const note of read.collection.notes) io.stderr.write(`kube-netcheck: ${note}\n`);
    rejectErrors(read.evidence.diagnostics);
    cluster = { ...cluster, observations: [...cluster.observations, ...read.evidence.observations], diagnostics: [...cluster.diagnostics, ...read.evidence.diagnostics], files: [...cluster.files, ...read.evidence.files] };
    against.push(`live cluster ${read.collection.server}`);
  }
  if (clusterName !== undefined) {
    const seen = [...(change.clusters?.seen ?? []), ...(cluster.clusters?.seen ?? [])];
    change = pickCluster(change, clusterName, seen);
    cluster = pickCluster(cluster, clusterName, seen);
  }
  const base = clusterBase(cluster, opts);

  // The objects the reviewed files stand for replace the cluster's versions of them.
  const keys = new Set<string>();
  for (const f of change.files) {
    if (f.kind !== 'k8s-objects') continue;
    const text = f.file === '-' ? (stdinText ?? '') : readFileSync(f.file, 'utf8');
    for (const s of objectSpans(text)) keys.add(s.key);
  }
  const { report } = judgeChange(base, change, keys, { ...opts, failOnExisting: values['fail-on-existing'] ?? false, against });
  await writeReport(report, outputs, { noColor: values['no-color'] ?? false, verbose: values.verbose ?? false }, io, 'review');
  return exitCode(report);
}
