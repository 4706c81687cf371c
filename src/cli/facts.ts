/** `kube-netcheck facts PATH...`: the normalised, validated facts document. */
import { collectFacts } from '../check.js';
import { UsageError } from '../errors.js';
import { parse, parseSize } from './args.js';
import type { IO } from './main.js';

export function run(argv: string[], io: IO): number {
  const { values, positionals } = parse(
    argv,
    { compact: { type: 'boolean' }, 'max-file-size': { type: 'string' } },
    'facts',
  );
  if (positionals.length === 0) throw new UsageError('facts: no evidence given: name files or folders, or - for stdin');
  const { facts } = collectFacts(positionals, {
    ...(values['max-file-size'] ? { maxFileBytes: parseSize(values['max-file-size'], '--max-file-size') } : {}),
  });
  io.stdout.write(`${JSON.stringify(facts, null, values.compact ? 0 : 2)}\n`);
  return 0;
}
