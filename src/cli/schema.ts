/** `kube-netcheck schema [KIND]` (facts, params, waivers, fleet): the JSON Schemas, for editors and `opa check --schema`. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { FACTS_SCHEMA, FLEET_SCHEMA, PARAMS_SCHEMA, WAIVERS_SCHEMA } from '../paths.js';
import { atMost, parse } from './args.js';
import { SCHEMA } from './commands.js';
import type { IO } from './io.js';

export function run(argv: string[], io: IO): number {
  const { positionals } = parse(argv, SCHEMA);
  atMost(positionals, 1, 'schema', 'expected one schema: facts, params, waivers or fleet');
  const which = positionals[0] ?? 'facts';
  const file = which === 'facts' ? FACTS_SCHEMA : which === 'params' ? PARAMS_SCHEMA : which === 'waivers' ? WAIVERS_SCHEMA : which === 'fleet' ? FLEET_SCHEMA : null;
  if (!file) throw new UsageError(`schema ${which}: expected facts, params, waivers or fleet`);
  io.stdout.write(readFileSync(file, 'utf8'));
  return 0;
}
