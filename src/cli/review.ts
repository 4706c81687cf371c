/**
 * `kube-netcheck review FILE... [--cluster-evidence PATH]`: judges kubeadm (and installer)
 * configs (and kube-proxy or CNI configuration) before they are applied, as the
 * admission webhook does: in review mode, against the cluster's evidence when
 * given, counting only the findings the reviewed files make or take part in.
 */
import { readFileSync } from 'node:fs';
import { rejectErrors } from '../check.js';
import { UsageError } from '../errors.js';
import { pickCluster } from '../evidence/clusters.js';
import { readEvidence, type ReadOptions } from '../evidence/read.js';
import { exitCode } from '../report/model.js';
import { clusterBase, judgeChange, readClusterEvidence } from '../review/change.js';
import { objectSpans } from '../review/objects.js';
import { judgeOptions, parse, readOptions } from './args.js';
import { parseOutputs, writeReport } from './check.js';
import { REVIEW } from './commands.js';
import type { IO } from './main.js';
import { checkTargets } from './output.js';

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(argv, REVIEW);
  if (positionals.length === 0) throw new UsageError('review: no configuration given: name kubeadm, kind, k3s / RKE2 config files, an installer config (RKE cluster.yml, kubespray inventory, install-config.yaml, Talos or talhelper config) or kube-proxy / CNI objects, or - for stdin');
  const outputs = parseOutputs(values.output, 'review');
  // --cluster-name picks among the clusters of the reviewed files and the cluster's evidence together.
  const { clusterName, ...readOpts }: ReadOptions = readOptions(values);
  const opts = judgeOptions(values, io.env, { mode: 'review' });
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
  const clusterPaths = values['cluster-evidence'] ?? [];
  let cluster = readClusterEvidence(clusterPaths, readOpts, '--cluster-evidence');
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
  const { report, preexisting } = judgeChange(base, change, keys, new Set(change.files.map((f) => f.file)), opts);
  for (const f of preexisting) {
    const at = f.locations[0];
    report.diagnostics.push({
      level: 'warning',
      file: at?.file ?? clusterPaths.join(', '),
      line: at?.line ?? null,
      message: `already in the cluster evidence, not caused by the reviewed files: ${f.id} ${f.message}`,
    });
  }
  await writeReport(report, outputs, { noColor: values['no-color'] ?? false, verbose: values.verbose ?? false }, io, 'review');
  return exitCode(report);
}
