/** `kube-netcheck check PATH...`: the gate. */
import { writeFileSync } from 'node:fs';
import { check, evaluate, factsFromEvidence, type CheckOptions } from '../check.js';
import { readEvidence } from '../evidence/read.js';
import { UsageError } from '../errors.js';
import { FORMAT_NAMES, loadRenderer, type FormatName } from '../report/format-names.js';
import { exitCode, type Report } from '../report/model.js';
import { useColour } from '../report/colour.js';
import { GATE_FLAGS, gate, list, parse, parseOutputSpecs, parseSize } from './args.js';
import { VERSION } from './help.js';
import { parseParam } from './param.js';
import { defaultCacheDir } from '../policy/compile.js';
import { CLUSTER_FLAGS, clusterOptions, readCluster } from './cluster.js';
import type { IO } from './main.js';

type Format = FormatName;

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      output: { type: 'string', short: 'o', multiple: true },
      ...GATE_FLAGS,
      'max-file-size': { type: 'string' },
      'target-version': { type: 'string' },
      'target-proxy-mode': { type: 'string' },
      avoid: { type: 'string', multiple: true },
      verbose: { type: 'boolean', short: 'v' },
      'no-color': { type: 'boolean' },
      waivers: { type: 'string' },
      today: { type: 'string' },
      policy: { type: 'string', short: 'p', multiple: true },
      data: { type: 'string', short: 'd', multiple: true },
      param: { type: 'string', multiple: true },
      'no-builtin': { type: 'boolean' },
      namespace: { type: 'string', short: 'n', multiple: true },
      'all-namespaces': { type: 'boolean' },
      opa: { type: 'string' },
      'cache-dir': { type: 'string' },
      cluster: { type: 'boolean' },
      ...CLUSTER_FLAGS,
    },
    'check',
  );
  if (positionals.length === 0 && !values.cluster) throw new UsageError('check: no evidence given: name files or folders, - for stdin, or --cluster');
  const clusterOnly = (['kubeconfig', 'context', 'timeout', 'logs', 'log-lines'] as const).find((f) => values[f] !== undefined);
  if (clusterOnly && !values.cluster) throw new UsageError(`check: --${clusterOnly} only with --cluster`);
  const { failOn, allowUnknown, params } = gate(values);
  const outputs = parseOutputs(values.output);
  if (values['target-version'] !== undefined) params.targetVersion = parseTargetVersion(values['target-version']);
  if (values['target-proxy-mode'] !== undefined) params.targetProxyMode = values['target-proxy-mode'];
  const avoid = list(values.avoid);
  if (avoid.length > 0) params.avoid = avoid;
  for (const spec of values.param ?? []) {
    const [name, value] = parseParam(spec);
    params[name] = value;
  }
  const policies = values.policy ?? [];
  if (values['no-builtin'] && policies.length === 0) throw new UsageError('--no-builtin: no --policy given, so there would be no rules to run');

  const opts: CheckOptions = {
    params,
    failOn,
    allowUnknown,
    policies,
    data: values.data ?? [],
    noBuiltin: values['no-builtin'] ?? false,
    cacheDir: values['cache-dir'] ?? defaultCacheDir(io.env),
    ...(values.opa !== undefined ? { opa: values.opa } : {}),
    ...(values.namespace ? { namespaces: list(values.namespace) } : {}),
    allNamespaces: values['all-namespaces'] ?? false,
    ...(values['max-file-size'] ? { maxFileBytes: parseSize(values['max-file-size'], '--max-file-size') } : {}),
    ...(values.waivers !== undefined ? { waivers: values.waivers } : {}),
    ...(values.today !== undefined ? { today: parseToday(values.today) } : {}),
  };
  let report;
  if (values.cluster) {
    // Evidence from the API, after any files named with it.
    const files = positionals.length > 0 ? readEvidence(positionals, opts) : null;
    const live = await readCluster(clusterOptions(values, io));
    const evidence = files ? { observations: [...files.observations, ...live.evidence.observations], diagnostics: [...files.diagnostics, ...live.evidence.diagnostics], files: [...files.files, ...live.evidence.files] } : live.evidence;
    if (values.verbose) for (const note of live.collection.notes) io.stderr.write(`kube-netcheck: ${note}\n`);
    const { facts } = factsFromEvidence(evidence);
    report = evaluate(facts, evidence, opts);
  } else {
    report = check(positionals, opts);
  }

  await writeReport(report, outputs, { noColor: values['no-color'] ?? false, verbose: values.verbose ?? false }, io);
  return exitCode(report);
}

/** Renders the report in each requested format, to stdout or its file (shared by check and review). */
export async function writeReport(report: Report, outputs: Output[], opts: { noColor: boolean; verbose: boolean }, io: IO): Promise<void> {
  for (const { format, file } of outputs) {
    const colour = file === undefined && !opts.noColor && useColour(io.env, io.stdout.isTTY === true);
    const render = await loadRenderer(format);
    const text = render(report, { colour, verbose: opts.verbose, cwd: process.cwd(), version: VERSION });
    if (file === undefined) io.stdout.write(text);
    else writeFileSync(file, text);
  }
}

/** `1.33`, `v1.33.2`: a Kubernetes version, kept as given. */
export function parseTargetVersion(v: string): string {
  if (!/^v?1\.\d{1,3}(\.\d{1,4})?([-+][0-9A-Za-z.+-]*)?$/.test(v.trim())) {
    throw new UsageError(`--target-version ${v}: expected a Kubernetes version such as v1.33 or 1.33.2`);
  }
  return v.trim();
}

function parseToday(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw new UsageError(`--today ${v}: expected a date YYYY-MM-DD`);
  }
  return v;
}

export type Output = { format: Format; file?: string };

export function parseOutputs(specs: string[] | undefined): Output[] {
  return parseOutputSpecs(specs, FORMAT_NAMES, 'text', '');
}
