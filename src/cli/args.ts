/** Flag parsing shared by commands, on node:util parseArgs; errors are usage errors (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Params } from '../check.js';
import { UsageError } from '../errors.js';
import type { FailOn } from '../report/model.js';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  command: string,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e);
    throw new UsageError(`${command}: ${msg} (see kube-netcheck help)`);
  }
}

/** `512M`, `1G`, `4096` -> bytes. */
export function parseSize(text: string, flag: string): number {
  const m = /^(\d+)\s*([kKmMgG]i?[bB]?)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} ${text}: expected a size in bytes, optionally with k, M or G`);
  const n = Number(m[1]);
  const unit = (m[2] ?? '').charAt(0).toLowerCase();
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  if (n * mult < 1) throw new UsageError(`${flag} ${text}: expected a size of at least 1 byte`);
  return n * mult;
}

export function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/**
 * `-o FORMAT[=FILE]`, repeatable: each format to stdout or its own file, at most
 * one to stdout. `names` are the formats the command knows; `fallback` when none is given.
 */
export function parseOutputSpecs<F extends string>(specs: readonly string[] | undefined, names: readonly F[], fallback: F, command: string): { format: F; file?: string }[] {
  if (!specs || specs.length === 0) return [{ format: fallback }];
  const outs = specs.map((spec) => {
    const eq = spec.indexOf('=');
    const format = eq < 0 ? spec : spec.slice(0, eq);
    const file = eq < 0 ? undefined : spec.slice(eq + 1);
    if (!(names as readonly string[]).includes(format)) {
      throw new UsageError(`${command}--output ${spec}: unknown format "${format}": expected ${names.join(', ')}`);
    }
    if (file === '') throw new UsageError(`${command}--output ${spec}: expected a file name after =`);
    return { format: format as F, ...(file !== undefined ? { file } : {}) };
  });
  if (outs.filter((o) => o.file === undefined).length > 1) {
    throw new UsageError(`${command}--output: only one format can go to stdout; give the others a file (-o json=report.json)`);
  }
  return outs;
}

/** The gate's flags, the same for check, diff, review and serve. */
export const GATE_FLAGS = {
  'fail-on': { type: 'string' },
  'allow-unknown': { type: 'boolean' },
  'allow-proxy-mode': { type: 'string', multiple: true },
} as const;

export interface Gate {
  failOn: FailOn;
  allowUnknown: boolean;
  /** The parameters the gate's flags set (allowed proxy modes), over `base`. */
  params: Params;
}

/** --fail-on, --allow-unknown and --allow-proxy-mode as the commands use them. */
export function gate(values: { 'fail-on'?: string; 'allow-unknown'?: boolean; 'allow-proxy-mode'?: string[] }, base: Params = {}): Gate {
  const params: Params = { ...base };
  const modes = list(values['allow-proxy-mode']);
  if (modes.length > 0) params.allowedProxyModes = modes;
  return { failOn: parseFailOn(values['fail-on']), allowUnknown: values['allow-unknown'] ?? false, params };
}

export function parseFailOn(v: string | undefined): FailOn {
  if (v === undefined) return 'error';
  if (v === 'error' || v === 'warning' || v === 'info' || v === 'never') return v;
  throw new UsageError(`--fail-on ${v}: expected error, warning, info or never`);
}
