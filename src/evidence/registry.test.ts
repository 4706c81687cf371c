/** Property-based: no parser throws on any text, and every observation points at a real line. */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../test/helpers.js';
import { normalise } from '../facts/normalise.js';
import { validateFacts } from '../schema/validate.js';
import { parseText, PARSERS } from './registry.js';
import { splitLines } from './text.js';

const seed = readFileSync(repo('examples', 'lab-seed.md'), 'utf8');
const broken = readFileSync(repo('examples', 'lab-broken', 'lab.md'), 'utf8');

/** Text shaped like evidence: lines from real examples, cut, repeated, with noise. */
const evidenceLike = fc
  .array(
    fc.oneof(
      fc.constantFrom(...splitLines(seed), ...splitLines(broken)),
      fc.string({ maxLength: 80 }),
      fc.constantFrom('```', '**Output:**', '\x1b[31m', '\r', '\t', '\uFEFF', 'NAME DESIRED CURRENT READY AVAILABLE', '    inet ::1/128 scope host lo'),
    ),
    { maxLength: 60 },
  )
  .map((lines) => lines.join('\n'));

const mutated = fc
  .tuple(fc.constantFrom(seed, broken), fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 12 }))
  .map(([text, at, len, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + len);
  });

test('every parser: arbitrary text never throws, lines are in range', () => {
  fc.assert(
    fc.property(fc.oneof(evidenceLike, mutated, fc.string({ maxLength: 400 })), (text) => {
      const lines = splitLines(text);
      for (const p of PARSERS) {
        p.detect(lines, {});
        const res = p.parse(lines, {});
        for (const o of res.observations) assert.ok(o.line >= 1 && o.line <= lines.length, `${p.kind} line ${o.line} of ${lines.length}`);
        for (const d of res.diagnostics) assert.ok(d.line === null || (d.line >= 1 && d.line <= lines.length));
      }
    }),
    { numRuns: 300 },
  );
});

test('whatever parses, normalises into a document that validates', () => {
  fc.assert(
    fc.property(fc.oneof(evidenceLike, mutated), (text) => {
      const res = parseText(splitLines(text), { path: 'x.md' });
      if (!res) return;
      const facts = normalise(
        res.observations.map((o) => ({ claim: o.claim, inferred: o.inferred === true, source: { kind: o.kind ?? res.kind, file: 'x.md', line: o.line, excerpt: o.excerpt } })),
      );
      validateFacts(facts);
    }),
    { numRuns: 300 },
  );
});

test.run();
