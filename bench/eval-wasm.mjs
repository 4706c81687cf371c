#!/usr/bin/env node
// The policy evaluation alone, as kube-netcheck runs it: the built-in policy.wasm loaded once
// through src/policy/engine.ts, parameters set, the policy input (JSON text) evaluated.
//
//   node bench/eval-wasm.mjs POLICY-INPUT.json [--repeat N]
//
// Prints JSON: {loadMs, firstMs, warmMs: [...]}: the first evaluation in a fresh process (what a
// `check` run pays) and N more in the same process (a long-lived process such as the webhook).
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { repeat: { type: 'string', default: '0' } } });
const input = readFileSync(positionals[0], 'utf8');
const { loadEngine } = await import(join(ROOT, 'dist/src/policy/engine.js'));

let t = performance.now();
const engine = loadEngine();
engine.setData({ netcheck: { params: {} } });
const loadMs = performance.now() - t;
t = performance.now();
const result = engine.evaluateJSON(input);
const firstMs = performance.now() - t;
if (result === undefined) throw new Error('the policy returned no result');
const warmMs = [];
for (let i = 0; i < Number(values.repeat); i++) {
  t = performance.now();
  engine.evaluateJSON(input);
  warmMs.push(performance.now() - t);
}
process.stdout.write(`${JSON.stringify({ loadMs, firstMs, warmMs })}\n`);
