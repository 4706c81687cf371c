/** `kube-netcheck check PATH...`: the gate. */
import { writeFileSync } from 'node:fs';
import { check, type Params } from '../check.js';
import { UsageError } from '../errors.js';
import { renderJSON } from '../report/json.js';
import { exitCode, type FailOn } from '../report/model.js';
import { useColour } from '../report/colour.js';
import { renderText } from '../report/text.js';
import { list, parse, parseSize } from './args.js';
import type { IO } from './main.js';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      output: { type: 'string', short: 'o', multiple: true },
      'fail-on': { type: 'string' },
      'allow-unknown': { type: 'boolean' },
      'allow-proxy-mode': { type: 'string', multiple: true },
      'max-file-size': { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
      'no-color': { type: 'boolean' },
    },
    'check',
  );
  if (positionals.length === 0) throw new UsageError('check: no evidence given: name files or folders, or - for stdin');
  const failOn = parseFailOn(values['fail-on']);
  const outputs = parseOutputs(values.output);
  const params: Params = {};
  const modes = list(values['allow-proxy-mode']);
  if (modes.length > 0) params.allowedProxyModes = modes;

  const report = check(positionals, {
    params,
    failOn,
    allowUnknown: values['allow-unknown'] ?? false,
    ...(values['max-file-size'] ? { maxFileBytes: parseSize(values['max-file-size'], '--max-file-size') } : {}),
  });

  for (const { format, file } of outputs) {
    const colour = file === undefined && !values['no-color'] && useColour(io.env, io.stdout.isTTY === true);
    const text = format === 'json' ? renderJSON(report) : renderText(report, { colour, verbose: values.verbose ?? false });
    if (file === undefined) io.stdout.write(text);
    else writeFileSync(file, text);
  }
  return exitCode(report);
}

export function parseFailOn(v: string | undefined): FailOn {
  if (v === undefined) return 'error';
  if (v === 'error' || v === 'warning' || v === 'info' || v === 'never') return v;
  throw new UsageError(`--fail-on ${v}: expected error, warning, info or never`);
}

function parseOutputs(specs: string[] | undefined): { format: Format; file?: string }[] {
  if (!specs || specs.length === 0) return [{ format: 'text' }];
  const outs = specs.map((spec) => {
    const eq = spec.indexOf('=');
    const format = eq < 0 ? spec : spec.slice(0, eq);
    const file = eq < 0 ? undefined : spec.slice(eq + 1);
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--output ${spec}: unknown format "${format}": expected ${FORMATS.join(', ')}`);
    }
    if (file === '') throw new UsageError(`--output ${spec}: expected a file name after =`);
    return { format: format as Format, ...(file !== undefined ? { file } : {}) };
  });
  if (outs.filter((o) => o.file === undefined).length > 1) {
    throw new UsageError('--output: only one format can go to stdout; give the others a file (-o json=report.json)');
  }
  return outs;
}
