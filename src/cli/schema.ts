/** `kube-netcheck schema [facts|params|waivers]`: the JSON Schemas, for editors and `opa check --schema`. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { FACTS_SCHEMA, PARAMS_SCHEMA, WAIVERS_SCHEMA } from '../paths.js';
import { atMost, parse } from './args.js';
import { SCHEMA } from './commands.js';
import type { IO } from './io.js';

export function run(argv: string[], io: IO): number {
  const { positionals } = parse(argv, SCHEMA);
  atMost(positionals, 1, 'schema', 'expected one schema: facts, params or waivers');
  const which = positionals[0] ?? 'facts';
  const file = which === 'facts' ? FACTS_SCHEMA : which === 'params' ? PARAMS_SCHEMA : which === 'waivers' ? WAIVERS_SCHEMA : null;
  if (!file) throw new UsageError(`schema ${which}: expected facts, params or waivers`);
  io.stdout.write(readFileSync(file, 'utf8'));
  return 0;
}
