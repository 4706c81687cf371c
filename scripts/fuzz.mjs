// A longer fuzzing run than the test suite's property tests: random and
// mutated evidence through every parser, the normaliser and schema, and the
// whole CLI in-process. Any throw from a parser, any exit code 3 (a bug), or a
// stack trace on stderr is a failure, printed with the input that caused it.
//
//   npm run fuzz                 60 seconds (FUZZ_SECONDS to change)
//   FUZZ_SECONDS=600 npm run fuzz
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ROOT } from './opa.mjs';

const dist = (p) => import(join(ROOT, 'dist', 'src', p));
const { PARSERS } = await dist('evidence/registry.js');
const { splitLines } = await dist('evidence/text.js');
const { main } = await dist('cli/main.js');

const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
const deadline = Date.now() + seconds * 1000;

// Corpus: every example file.
const corpus = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (statSync(p).size < 1 << 20) corpus.push(readFileSync(p, 'utf8'));
  }
})(join(ROOT, 'examples'));
const corpusLines = corpus.flatMap((t) => t.split('\n'));

const noise = fc.constantFrom('\r', '\t', '\x1b[31m', '\x1b[0m', '\uFEFF', '```', '---', '- --', '/', '::', '.', '%', '{', '}', '[', ']', ': ', '"', "'", '*a', '&a', '<none>', '0', '255', '256', '/33', '\u0000');
const mutated = fc
  .tuple(fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 64 }), fc.oneof(noise, fc.string({ maxLength: 16 }))), { maxLength: 8 }))
  .map(([text, edits]) => edits.reduce((t, [at, len, ins]) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + ins + t.slice(i + len);
  }, text));
const spliced = fc.array(fc.oneof(fc.constantFrom(...corpusLines), fc.string({ maxLength: 60 }), noise), { maxLength: 80 }).map((l) => l.join('\n'));
const anyText = fc.oneof(mutated, spliced, fc.string({ maxLength: 500 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')));

const dir = mkdtempSync(join(tmpdir(), 'knc-fuzz-'));
const sink = () => {
  let s = '';
  return { write: (x) => ((s += x), true), get text() { return s; } };
};

let runs = 0;
const property = fc.asyncProperty(anyText, fc.constantFrom('check', 'facts'), fc.constantFrom('text', 'json'), async (text, cmd, fmt) => {
  runs++;
  const lines = splitLines(text);
  for (const p of PARSERS) {
    p.detect(lines, {});
    p.parse(lines, {});
  }
  const file = join(dir, `input-${runs % 16}.md`);
  writeFileSync(file, text);
  const out = sink();
  const err = sink();
  const code = await main(cmd === 'check' ? ['check', file, '-o', fmt] : ['facts', file], { stdout: out, stderr: err, env: { NO_COLOR: '1' } });
  if (code === 3 || /\n\s+at .+:\d+:\d+/.test(err.text)) throw new Error(`exit ${code}: ${err.text}`);
  if (![0, 1, 2].includes(code)) throw new Error(`unexpected exit ${code}`);
  if (code !== 2 && cmd === 'check' && fmt === 'json') JSON.parse(out.text);
});

// Partial evidence: a folder of valid evidence with damaged copies beside it. Each file is
// read on its own, so what the undamaged files say (their observations, line by line) never
// changes, whatever the damaged copies hold; and the run never ends in exit 3.
const { readEvidence } = await dist('evidence/read.js');
const valid = ['examples/lab-complete', 'examples/kubeadm-cluster'].map((d) => join(ROOT, d));
const said = (ev, file) => JSON.stringify(ev.observations.filter((o) => o.source.file === file));
const mixedDir = mkdtempSync(join(tmpdir(), 'knc-fuzz-mixed-'));
let mixes = 0;
const mixed = fc.asyncProperty(fc.constantFrom(...valid), fc.array(mutated, { minLength: 1, maxLength: 3 }), async (src, copies) => {
  const dir = join(mixedDir, `m${mixes++}`);
  cpSync(src, dir, { recursive: true });
  const good = [];
  (function walk(d) {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else good.push(p);
    }
  })(dir);
  const alone = readEvidence([dir]);
  copies.forEach((text, i) => writeFileSync(join(dir, `damaged-${i}.txt`), text));
  const together = readEvidence([dir]);
  for (const f of good) if (said(alone, f) !== said(together, f)) throw new Error(`${f}: its observations changed when damaged copies were added`);
  const out = sink();
  const err = sink();
  const code = await main(['check', dir, '-o', 'json'], { stdout: out, stderr: err, env: { NO_COLOR: '1' } });
  if (code === 3 || /\n\s+at .+:\d+:\d+/.test(err.text)) throw new Error(`exit ${code}: ${err.text}`);
  if (code !== 2) JSON.parse(out.text);
});

let failures = 0;
while (Date.now() < deadline) {
  for (const [prop, numRuns] of [[property, 200], [mixed, 10]]) {
    const r = await fc.check(prop, { numRuns });
    if (r.failed) {
      failures++;
      console.error(`fuzz: counterexample: ${JSON.stringify(r.counterexample)}\n${r.error ?? r.errorInstance}`);
      break;
    }
  }
  if (failures > 0) break;
}
console.log(`fuzz: ${runs} inputs and ${mixes} mixed folders in ${seconds}s, ${failures === 0 ? 'no failure' : 'FAILED'}`);
process.exit(failures === 0 ? 0 : 1);
