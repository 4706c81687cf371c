/** `kube-netcheck check PATH...`: the gate. */
import { check, evaluate, factsFromEvidence } from '../check.js';
import { readEvidence } from '../evidence/read.js';
import { UsageError } from '../errors.js';
import { FORMAT_NAMES, loadRenderer, type FormatName } from '../report/format-names.js';
import { exitCode, type Report } from '../report/model.js';
import { useColour } from '../report/colour.js';
import { judgeOptions, parse, parseOutputSpecs } from './args.js';
import { CHECK, CLUSTER_ONLY } from './commands.js';
import { VERSION } from './help.js';
import { clusterOptions, readCluster } from './cluster.js';
import type { IO } from './io.js';
import { checkTargets, writeOutputFile } from './output.js';

export async function run(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parse(argv, CHECK);
  if (positionals.length === 0 && !values.cluster) throw new UsageError('check: no evidence given: name files or folders, - for stdin, or --cluster');
  const clusterOnly = CLUSTER_ONLY.find((f) => values[f] !== undefined);
  if (clusterOnly && !values.cluster) throw new UsageError(`check: --${clusterOnly} only with --cluster`);
  const outputs = parseOutputs(values.output, 'check');
  const opts = judgeOptions(values, io.env);
  if (values.verbose) opts.onNote = (note) => io.stderr.write(`kube-netcheck: ${note}\n`);
  // Before the evaluation: a report that cannot be written should not cost one.
  const cluster = values.cluster ? clusterOptions(values, io) : null;
  checkTargets(outputs, 'check');

  let report;
  if (cluster) {
    // Evidence from the API, after any files named with it.
    const files = positionals.length > 0 ? readEvidence(positionals, opts) : null;
    const live = await readCluster(cluster);
    const evidence = files
      ? { observations: [...files.observations, ...live.evidence.observations], diagnostics: [...files.diagnostics, ...live.evidence.diagnostics], files: [...files.files, ...live.evidence.files], ...(files.clusters ? { clusters: files.clusters } : {}) }
      : live.evidence;
    if (values.verbose) for (const note of live.collection.notes) io.stderr.write(`kube-netcheck: ${note}\n`);
    const { facts } = factsFromEvidence(evidence);
    report = evaluate(facts, evidence, opts);
  } else {
    report = check(positionals, opts);
  }

  await writeReport(report, outputs, { noColor: values['no-color'] ?? false, verbose: values.verbose ?? false }, io, 'check');
  return exitCode(report);
}

/** Renders the report in each requested format, to stdout or its file (shared by check and review). */
export async function writeReport(report: Report, outputs: Output[], opts: { noColor: boolean; verbose: boolean }, io: IO, command: string): Promise<void> {
  for (const { format, file } of outputs) {
    const colour = file === undefined && !opts.noColor && useColour(io.env, io.stdout.isTTY === true);
    const render = await loadRenderer(format);
    const text = render(report, { colour, verbose: opts.verbose, cwd: process.cwd(), version: VERSION });
    if (file === undefined) io.stdout.write(text);
    else writeOutputFile(file, text, `${command}: --output ${format}=${file}`);
  }
}

export type Output = { format: FormatName; file?: string };

export function parseOutputs(specs: string[] | undefined, command: string): Output[] {
  return parseOutputSpecs(specs, FORMAT_NAMES, 'text', command);
}
