/**
 * Flag parsing shared by commands, on node:util parseArgs, from each command's
 * table in ./commands.ts; errors are usage errors (exit 2).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CheckOptions, Params } from '../check.js';
import { fsReason, UsageError } from '../errors.js';
import { parseCIDR, type Network } from '../facts/address.js';
import { defaultCacheDir } from '../policy/compile.js';
import type { FailOn } from '../report/model.js';
import { isDate } from '../report/waivers.js';
import type { CommandSpec, FlagTable } from './commands.js';
import { parseParam } from './param.js';

/** `--help` / `-h` given: main prints the command's help and exits 0. */
export class HelpRequested extends Error {
  override readonly name = 'HelpRequested';
  constructor(readonly spec: CommandSpec) {
    super(`help for ${spec.name}`);
  }
}

type Parsed<F extends FlagTable> = ReturnType<typeof parseArgs<{ args: string[]; options: F; allowPositionals: true; strict: true }>>;

/** Parses argv by the command's table; `--help` anywhere throws HelpRequested. */
export function parse<F extends FlagTable>(argv: string[], spec: CommandSpec<F>): Parsed<F> {
  let parsed: Parsed<F>;
  try {
    parsed = parseArgs({ args: argv, options: spec.flags, allowPositionals: true, strict: true });
  } catch (e) {
    if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested(spec);
    const msg = e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e);
    throw new UsageError(`${spec.name}: ${msg} (see kube-netcheck ${spec.name} --help)`);
  }
  if ((parsed.values as { help?: boolean }).help) throw new HelpRequested(spec);
  return parsed;
}

/** Refuses positional arguments beyond `max` (`rules extra`). */
export function atMost(positionals: readonly string[], max: number, command: string, what: string): void {
  if (positionals.length > max) throw new UsageError(`${command}: unexpected argument "${positionals[max]}": ${what} (see kube-netcheck ${command} --help)`);
}

/** `512M`, `1G`, `4096` -> bytes, at least `min`. */
export function parseSize(text: string, flag: string, min = 1): number {
  const m = /^(\d+)\s*([kKmMgG]i?[bB]?)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} ${text}: expected a size in bytes, optionally with k, M or G`);
  const n = Number(m[1]);
  const unit = (m[2] ?? '').charAt(0).toLowerCase();
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = n * mult;
  if (bytes < min) throw new UsageError(`${flag} ${text}: expected at least ${min} byte${min === 1 ? '' : 's'}`);
  return bytes;
}

/**
 * Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer one fires at
 * once with a TimeoutOverflowWarning (nodejs.org/api/timers.html, setTimeout).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `500ms`, `10s`, `2m`, `1h`, or a bare number of seconds -> milliseconds, within Node's timer limit. */
export function parseDuration(text: string, flag: string, opts: { allowZero?: boolean } = {}): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const example = 'expected a duration such as 30s, 2m or 90 (seconds)';
  if (!m) throw new UsageError(`${flag} ${text}: ${example}`);
  const mult = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(Number(m[1]) * mult);
  if (ms <= 0 && !(opts.allowZero && ms === 0)) throw new UsageError(`${flag} ${text}: ${example}, more than 0`);
  if (ms > MAX_TIMER_MS) throw new UsageError(`${flag} ${text}: at most 596h (${MAX_TIMER_MS} ms, the longest timer Node.js keeps)`);
  return ms;
}

/**
 * Values of a repeatable, comma-separated flag. A value with nothing in it
 * (`--avoid ''`) is refused: it was meant to say something.
 */
export function list(values: readonly string[] | undefined, flag: string, expected: string): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    const items = v.split(',').map((x) => x.trim()).filter((x) => x !== '');
    if (items.length === 0) throw new UsageError(`${flag} '${v}': expected ${expected}`);
    out.push(...items);
  }
  return out;
}

/** Ranges of --avoid and --within: CIDRs, comma-separated, or @FILE with one a line (# comments). */
export function readRanges(specs: readonly string[] | undefined, flag: string): Network[] {
  const out: Network[] = [];
  for (const spec of specs ?? []) {
    if (spec.trim().startsWith('@')) {
      const file = spec.trim().slice(1);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new UsageError(`${flag} ${spec}: cannot read ${file}: ${fsReason(e)}`);
      }
      const before = out.length;
      text.split(/\r?\n/).forEach((line, i) => {
        const t = line.replace(/#.*/, '').trim();
        if (t === '') return;
        const p = parseCIDR(t);
        if (!p.ok) throw new UsageError(`${file}:${i + 1}: ${flag} ${t}: ${p.error}`);
        out.push(p.value);
      });
      if (out.length === before) throw new UsageError(`${flag} ${spec}: ${file} holds no range: expected one CIDR a line`);
      continue;
    }
    for (const s of list([spec], flag, 'a CIDR such as 10.0.0.0/8, or @FILE')) {
      const p = parseCIDR(s);
      if (!p.ok) throw new UsageError(`${flag} ${s}: ${p.error}`);
      out.push(p.value);
    }
  }
  return out;
}

export interface Gate {
  failOn: FailOn;
  allowUnknown: boolean;
  /** The parameters the flags set (allowed proxy modes, target version, avoided ranges, --param), over `base`. */
  params: Params;
}

/** The values of the gate and rule-parameter flags (./commands.ts GATE, PARAMS). */
export interface GateValues {
  'fail-on'?: string | undefined;
  'allow-unknown'?: boolean | undefined;
  'allow-proxy-mode'?: string[] | undefined;
  'target-version'?: string | undefined;
  'target-proxy-mode'?: string | undefined;
  avoid?: string[] | undefined;
  param?: string[] | undefined;
}

/** --fail-on, --allow-unknown and the rule parameters, as every command that judges uses them. */
export function gate(values: GateValues, base: Params = {}): Gate {
  const params: Params = { ...base };
  const modes = list(values['allow-proxy-mode'], '--allow-proxy-mode', 'a kube-proxy mode such as iptables, ipvs or nftables');
  if (modes.length > 0) params.allowedProxyModes = modes;
  if (values['target-version'] !== undefined) params.targetVersion = parseTargetVersion(values['target-version']);
  if (values['target-proxy-mode'] !== undefined) {
    const mode = values['target-proxy-mode'].trim();
    if (mode === '') throw new UsageError("--target-proxy-mode '': expected a kube-proxy mode such as nftables");
    params.targetProxyMode = mode;
  }
  const avoid = readRanges(values.avoid, '--avoid').map((n) => n.cidr);
  if (avoid.length > 0) params.avoid = avoid;
  for (const spec of values.param ?? []) {
    const [name, value] = parseParam(spec);
    params[name] = value;
  }
  return { failOn: parseFailOn(values['fail-on']), allowUnknown: values['allow-unknown'] ?? false, params };
}

/** The values of every judging flag (./commands.ts JUDGE) and --max-file-size. */
export interface JudgeValues extends GateValues {
  waivers?: string | undefined;
  today?: string | undefined;
  policy?: string[] | undefined;
  data?: string[] | undefined;
  'no-builtin'?: boolean | undefined;
  namespace?: string[] | undefined;
  'all-namespaces'?: boolean | undefined;
  opa?: string | undefined;
  'cache-dir'?: string | undefined;
  'max-file-size'?: string | undefined;
  'cluster-name'?: string | undefined;
}

/** The options of a judging command (check, diff, review), from the flags they share. */
export function judgeOptions(values: JudgeValues, env: NodeJS.ProcessEnv, base: Params = {}): CheckOptions {
  const { failOn, allowUnknown, params } = gate(values, base);
  const policies = values.policy ?? [];
  if (values['no-builtin'] && policies.length === 0) throw new UsageError('--no-builtin: no --policy given, so there would be no rules to run');
  return {
    params,
    failOn,
    allowUnknown,
    policies,
    data: values.data ?? [],
    noBuiltin: values['no-builtin'] ?? false,
    cacheDir: values['cache-dir'] ?? defaultCacheDir(env),
    ...(values.opa !== undefined ? { opa: values.opa } : {}),
    ...(values.namespace ? { namespaces: list(values.namespace, '--namespace', 'a package name such as main') } : {}),
    allNamespaces: values['all-namespaces'] ?? false,
    ...readOptions(values),
    ...(values.waivers !== undefined ? { waivers: values.waivers } : {}),
    ...(values.today !== undefined ? { today: parseToday(values.today) } : {}),
  };
}

/** --max-file-size and --cluster-name as the readers take them. */
export function readOptions(values: { 'max-file-size'?: string | undefined; 'cluster-name'?: string | undefined }): { maxFileBytes?: number; clusterName?: string } {
  const name = values['cluster-name'];
  if (name !== undefined && name.trim() === '') throw new UsageError('--cluster-name: expected the name of a cluster the evidence describes');
  return {
    ...(values['max-file-size'] !== undefined ? { maxFileBytes: parseSize(values['max-file-size'], '--max-file-size') } : {}),
    ...(name !== undefined ? { clusterName: name } : {}),
  };
}

export function parseFailOn(v: string | undefined): FailOn {
  if (v === undefined) return 'error';
  if (v === 'error' || v === 'warning' || v === 'info' || v === 'never') return v;
  throw new UsageError(`--fail-on ${v}: expected error, warning, info or never`);
}

/** `1.33`, `v1.33.2`: a Kubernetes version, kept as given. */
export function parseTargetVersion(v: string): string {
  if (!/^v?1\.\d{1,3}(\.\d{1,4})?([-+][0-9A-Za-z.+-]*)?$/.test(v.trim())) {
    throw new UsageError(`--target-version ${v}: expected a Kubernetes version such as v1.33 or 1.33.2`);
  }
  return v.trim();
}

/** --today: a calendar date, judged as the waiver file's dates are. */
export function parseToday(v: string): string {
  if (!isDate(v)) throw new UsageError(`--today ${v}: expected a calendar date YYYY-MM-DD`);
  return v;
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
      throw new UsageError(`${command}: --output ${spec}: unknown format "${format}": expected ${names.join(', ')}`);
    }
    if (file === '') throw new UsageError(`${command}: --output ${spec}: expected a file name after =`);
    return { format: format as F, ...(file !== undefined ? { file } : {}) };
  });
  if (outs.filter((o) => o.file === undefined).length > 1) {
    throw new UsageError(`${command}: --output: only one format can go to stdout; give the others a file (-o json=report.json)`);
  }
  return outs;
}
