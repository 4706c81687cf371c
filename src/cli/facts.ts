/** `kube-netcheck facts PATH... [--cluster]`: the normalised, validated facts document. */
import { collectFacts, factsFromEvidence, hasReadErrors } from '../check.js';
import { UsageError } from '../errors.js';
import { readEvidence } from '../evidence/read.js';
import { renderExplain } from '../report/explain.js';
import { parse, readOptions } from './args.js';
import { CLUSTER_ONLY, FACTS } from './commands.js';
import { clusterOptions, readCluster } from './cluster.js';
import type { IO } from './io.js';

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(argv, FACTS);
  if (positionals.length === 0 && !values.cluster) throw new UsageError('facts: no evidence given: name files or folders, - for stdin, or --cluster');
  const clusterOnly = CLUSTER_ONLY.find((f) => values[f] !== undefined);
  if (clusterOnly && !values.cluster) throw new UsageError(`facts: --${clusterOnly} only with --cluster`);
  const readOpts = readOptions(values);
  let result;
  if (values.cluster) {
    const files = positionals.length > 0 ? readEvidence(positionals, readOpts) : null;
    const live = await readCluster(clusterOptions(values, io));
    const ev = live.evidence;
    if (values.verbose) for (const note of live.collection.notes) io.stderr.write(`kube-netcheck: ${note}\n`);
    result = factsFromEvidence(
      files ? { observations: [...files.observations, ...ev.observations], diagnostics: [...files.diagnostics, ...ev.diagnostics], files: [...files.files, ...ev.files], ...(files.clusters ? { clusters: files.clusters } : {}) } : ev,
    );
  } else {
    result = collectFacts(positionals, readOpts);
  }
  const { facts, evidence } = result;
  // stdout holds the document; what was skipped, and why, goes to stderr.
  if (values.verbose) {
    for (const d of evidence.diagnostics) io.stderr.write(`${d.level}: ${d.file === '-' ? 'stdin' : d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
  }
  // Some evidence could not be read: the document is printed, with its diagnostics, and the exit is 1.
  const code = hasReadErrors(facts) ? 1 : 0;
  if (values.explain) {
    io.stdout.write(renderExplain(facts));
    return code;
  }
  io.stdout.write(`${JSON.stringify(facts, null, values.compact ? 0 : 2)}\n`);
  return code;
}
