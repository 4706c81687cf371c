/** `kube-netcheck facts PATH... [--cluster]`: the normalised, validated facts document. */
import { collectFacts, factsFromEvidence, hasReadErrors } from '../check.js';
import { UsageError } from '../errors.js';
import { readEvidence } from '../evidence/read.js';
import { renderExplain } from '../report/explain.js';
import { parse, parseSize } from './args.js';
import { CLUSTER_FLAGS, clusterOptions, readCluster } from './cluster.js';
import type { IO } from './main.js';

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { compact: { type: 'boolean' }, 'max-file-size': { type: 'string' }, explain: { type: 'boolean' }, cluster: { type: 'boolean' }, ...CLUSTER_FLAGS },
    'facts',
  );
  if (positionals.length === 0 && !values.cluster) throw new UsageError('facts: no evidence given: name files or folders, - for stdin, or --cluster');
  const clusterOnly = (['kubeconfig', 'context', 'timeout', 'logs', 'log-lines'] as const).find((f) => values[f] !== undefined);
  if (clusterOnly && !values.cluster) throw new UsageError(`facts: --${clusterOnly} only with --cluster`);
  const readOpts = values['max-file-size'] ? { maxFileBytes: parseSize(values['max-file-size'], '--max-file-size') } : {};
  let facts;
  if (values.cluster) {
    const files = positionals.length > 0 ? readEvidence(positionals, readOpts) : null;
    const live = await readCluster(clusterOptions(values, io));
    const ev = live.evidence;
    facts = factsFromEvidence(files ? { observations: [...files.observations, ...ev.observations], diagnostics: [...files.diagnostics, ...ev.diagnostics], files: [...files.files, ...ev.files] } : ev).facts;
  } else {
    facts = collectFacts(positionals, readOpts).facts;
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
