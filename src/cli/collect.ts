/** `kube-netcheck collect DIR`: reads the cluster into an evidence folder that `check DIR` reads back. */
import { accessSync, constants, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { fsReason } from '../errors.js';
import { parse } from './args.js';
import { clusterOptions } from './cluster.js';
import { COLLECT } from './commands.js';
import type { IO } from './io.js';

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(argv, COLLECT);
  if (positionals.length !== 1) throw new UsageError('collect: expected one folder to write the evidence into, e.g. kube-netcheck collect evidence/');
  const dir = positionals[0]!;
  const run = clusterOptions(values, io);
  // Refused, or made, before anything is read from the cluster.
  const made = prepareFolder(dir);
  const { collectCluster, writeCollection } = await import('../collect/index.js');
  let collection;
  try {
    collection = await collectCluster(run.opts);
  } catch (e) {
    removeMade(made);
    throw e;
  } finally {
    run.finish();
  }
  try {
    writeCollection(collection, dir);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new UsageError(`collect: cannot write the evidence into ${dir}: ${fsReason(e)}`);
  }
  if (!values.quiet) {
    const lists = collection.lists.map((l) => `${l.file} (${l.items.length})`).join(', ');
    const logs = collection.logs.length > 0 ? `, ${collection.logs.length} log${collection.logs.length === 1 ? '' : 's'} in logs/` : '';
    io.stdout.write(`Collected from ${collection.server} (context "${collection.context}") into ${dir}: ${lists}${logs}.\n`);
    for (const note of collection.notes) io.stdout.write(`  ${note}\n`);
    io.stdout.write(`Check it with: kube-netcheck check ${dir}\n`);
  }
  return 0;
}

/**
 * The target must be a new or empty folder that can be written. Missing folders
 * are made one level at a time, so that a path no folder can be made in (under
 * /proc, where Node's recursive mkdir never returns) is an error at once.
 * Returns the folders made, outermost first.
 */
export function prepareFolder(dir: string): string[] {
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`collect: ${dir}: ${fsReason(e)}`);
  }
  if (st) {
    if (!st.isDirectory()) throw new UsageError(`collect: ${dir}: exists and is not a folder: collect writes a fresh evidence folder; name a new or empty one`);
    let entries: string[];
    try {
      entries = readdirSync(dir);
      accessSync(dir, constants.W_OK);
    } catch (e) {
      throw new UsageError(`collect: ${dir}: ${fsReason(e)}`);
    }
    if (entries.length > 0) throw new UsageError(`collect: ${dir}: folder is not empty: collect writes a fresh evidence folder; name a new or empty one`);
    return [];
  }
  const missing: string[] = [];
  for (let p = resolve(dir); ; p = dirname(p)) {
    let exists = false;
    try {
      const s = statSync(p);
      if (!s.isDirectory()) throw new UsageError(`collect: ${dir}: ${p} is not a folder`);
      exists = true;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`collect: ${dir}: ${fsReason(e)}`);
    }
    if (exists || dirname(p) === p) break;
    missing.unshift(p);
  }
  const made: string[] = [];
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (e) {
      removeMade(made);
      // ENOENT with the parent in place: a file system that makes no folders (/proc, /sys).
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file system there makes no folders' : fsReason(e);
      throw new UsageError(`collect: ${dir}: cannot make the folder ${p}: ${why}`);
    }
    made.push(p);
  }
  return made;
}

function removeMade(made: readonly string[]): void {
  for (const p of [...made].reverse()) {
    try {
      rmdirSync(p);
    } catch {
      // not empty or gone: left as it is
    }
  }
}
