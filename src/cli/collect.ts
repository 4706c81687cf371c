/** `kube-netcheck collect DIR`: reads the cluster into an evidence folder that `check DIR` reads back. */
import { UsageError } from '../errors.js';
import { parse } from './args.js';
import { CLUSTER_FLAGS, clusterOptions } from './cluster.js';
import type { IO } from './main.js';

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(argv, { ...CLUSTER_FLAGS, quiet: { type: 'boolean', short: 'q' } }, 'collect');
  if (positionals.length !== 1) throw new UsageError('collect: expected one folder to write the evidence into, e.g. kube-netcheck collect evidence/');
  const dir = positionals[0]!;
  const { readdirSync } = await import('node:fs');
  let existing: string[] = [];
  try {
    existing = readdirSync(dir);
  } catch {
    // absent: written below
  }
  // Refused before anything is read from the cluster.
  if (existing.length > 0) throw new UsageError(`collect: ${dir}: folder is not empty: collect writes a fresh evidence folder; name a new or empty one`);
  const run = clusterOptions(values, io);
  const { collectCluster, writeCollection } = await import('../collect/index.js');
  let collection;
  try {
    collection = await collectCluster(run.opts);
  } finally {
    run.finish();
  }
  writeCollection(collection, dir);
  if (!values.quiet) {
    const lists = collection.lists.map((l) => `${l.file} (${l.items.length})`).join(', ');
    const logs = collection.logs.length > 0 ? `, ${collection.logs.length} log${collection.logs.length === 1 ? '' : 's'} in logs/` : '';
    io.stdout.write(`Collected from ${collection.server} (context "${collection.context}") into ${dir}: ${lists}${logs}.\n`);
    for (const note of collection.notes) io.stdout.write(`  ${note}\n`);
    io.stdout.write(`Check it with: kube-netcheck check ${dir}\n`);
  }
  return 0;
}
