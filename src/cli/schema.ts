/** `kube-netcheck schema [facts|params]`: the JSON Schemas, for editors and `opa check --schema`. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { FACTS_SCHEMA, PARAMS_SCHEMA } from '../paths.js';
import { parse } from './args.js';
import type { IO } from './main.js';

export function run(argv: string[], io: IO): number {
  const { positionals } = parse(argv, {}, 'schema');
  const which = positionals[0] ?? 'facts';
  const file = which === 'facts' ? FACTS_SCHEMA : which === 'params' ? PARAMS_SCHEMA : null;
  if (!file) throw new UsageError(`schema ${which}: expected facts or params`);
  io.stdout.write(readFileSync(file, 'utf8'));
  return 0;
}
