/** `kube-netcheck diff OLD NEW`: two snapshots (facts files, evidence folders or files, collect output) compared. */
import { check } from '../check.js';
import { diffFacts, diffFindings } from '../diff/diff.js';
import { renderDiffJSON, renderDiffMarkdown, renderDiffText, type DiffResult } from '../diff/render.js';
import { UsageError } from '../errors.js';
import { failsGate } from '../report/model.js';
import { judgeOptions, parse, parseOutputSpecs } from './args.js';
import { DIFF, DIFF_FORMATS } from './commands.js';
import type { IO } from './io.js';
import { checkTargets, writeOutputFile } from './output.js';

const RENDER = { text: renderDiffText, json: renderDiffJSON, markdown: renderDiffMarkdown } as const;

export function run(argv: string[], io: IO): number {
  const { values, positionals } = parse(argv, DIFF);
  if (positionals.length !== 2) throw new UsageError('diff: expected two snapshots, OLD and NEW (facts files, evidence folders or files)');
  const [oldPath, newPath] = positionals as [string, string];
  if (oldPath === '-' && newPath === '-') throw new UsageError('diff: - (stdin) given as both OLD and NEW: it can be read only once');
  const outputs = parseOutputSpecs(values.output, DIFF_FORMATS, 'text', 'diff');
  // Both snapshots are judged as check judges them: the same waivers, parameters and policies.
  const opts = judgeOptions(values, io.env);
  checkTargets(outputs, 'diff');
  const before = check([oldPath], opts);
  const after = check([newPath], opts);
  const findings = diffFindings(before.findings, after.findings);
  const failOn = opts.failOn ?? 'error';
  const allowUnknown = opts.allowUnknown ?? false;
  const result: DiffResult = {
    old: oldPath,
    new: newPath,
    changes: diffFacts(before.facts, after.facts),
    findings,
    passed: !findings.appeared.some((f) => failsGate(f, failOn, allowUnknown)),
  };
  if (values.verbose) {
    for (const d of [...before.diagnostics, ...after.diagnostics]) io.stderr.write(`${d.level}: ${d.file === '-' ? 'stdin' : d.file}${d.line ? `:${d.line}` : ''}: ${d.message}\n`);
  }
  for (const o of outputs) {
    const text = RENDER[o.format](result);
    if (o.file === undefined) io.stdout.write(text);
    else writeOutputFile(o.file, text, `diff: --output ${o.format}=${o.file}`);
  }
  return result.passed ? 0 : 1;
}
