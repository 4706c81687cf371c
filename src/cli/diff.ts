/** `kube-netcheck diff OLD NEW`: two snapshots (facts files, evidence folders or files, collect output) compared. */
import { writeFileSync } from 'node:fs';
import { check } from '../check.js';
import { diffFacts, diffFindings } from '../diff/diff.js';
import { renderDiffJSON, renderDiffMarkdown, renderDiffText, type DiffResult } from '../diff/render.js';
import { UsageError } from '../errors.js';
import { failsGate } from '../report/model.js';
import { GATE_FLAGS, gate, parse, parseOutputSpecs } from './args.js';
import type { IO } from './main.js';

const RENDER = { text: renderDiffText, json: renderDiffJSON, markdown: renderDiffMarkdown } as const;

export function run(argv: string[], io: IO): number {
  const { values, positionals } = parse(
    argv,
    {
      output: { type: 'string', short: 'o', multiple: true },
      ...GATE_FLAGS,
    },
    'diff',
  );
  if (positionals.length !== 2) throw new UsageError('diff: expected two snapshots, OLD and NEW (facts files, evidence folders or files)');
  const [oldPath, newPath] = positionals as [string, string];
  const { failOn, allowUnknown, params } = gate(values);
  const before = check([oldPath], { params, failOn, allowUnknown });
  const after = check([newPath], { params, failOn, allowUnknown });
  const findings = diffFindings(before.findings, after.findings);
  const result: DiffResult = {
    old: oldPath,
    new: newPath,
    changes: diffFacts(before.facts, after.facts),
    findings,
    passed: !findings.appeared.some((f) => failsGate(f, failOn, allowUnknown)),
  };
  const outputs = parseOutputSpecs(values.output, Object.keys(RENDER) as (keyof typeof RENDER)[], 'text', 'diff ');
  for (const o of outputs) {
    const text = RENDER[o.format](result);
    if (o.file === undefined) io.stdout.write(text);
    else writeFileSync(o.file, text);
  }
  return result.passed ? 0 : 1;
}
