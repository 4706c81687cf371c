import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { normalise } from '../facts/normalise.js';
import { FACTS_SCHEMA, PARAMS_SCHEMA } from '../paths.js';
import { validateFacts, validateParams } from './validate.js';

// The validators precompiled at build time (scripts/build-validators.mjs) must
// judge exactly as ajv compiling schemas/ now, errors included.
const require = createRequire(import.meta.url);
const precompiled = require('./validators.cjs') as Record<string, ValidateFunction>;
const compiled = (path: string): ValidateFunction => new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(JSON.parse(readFileSync(path, 'utf8')) as object);

const facts = normalise([
  { claim: { type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, inferred: false, source: { kind: 'weave-log', file: 'weave.log', line: 3, excerpt: 'ipalloc-range:10.244.0.0/16' } },
  { claim: { type: 'node', name: 'node01', internalIPs: ['192.8.33.6'], labels: { 'kubernetes.io/os': 'linux' }, taints: [] }, inferred: false, source: { kind: 'k8s-objects', file: 'nodes.json', line: 9, excerpt: '"name": "node01",' } },
]);
const bad = (mutate: (f: Record<string, unknown>) => void): unknown => {
  const f = structuredClone(facts) as unknown as Record<string, unknown>;
  mutate(f);
  return f;
};

const factsCases: [string, unknown][] = [
  ['a valid facts document', facts],
  ['no schemaVersion', bad((f) => delete f.schemaVersion)],
  ['an unknown property', bad((f) => (f.extra = 1))],
  ['a node without a name', bad((f) => delete (f.nodes as Record<string, unknown>[])[0]!.name)],
  ['a family that is not IPv4 or IPv6', bad((f) => ((f.networks as { pod: { family: string }[] }).pod[0]!.family = 'IPv5'))],
  ['not an object', [1, 2]],
];

for (const [name, doc] of factsCases) {
  test(`facts: ${name}: precompiled and compiled agree`, () => {
    const a = precompiled['facts.schema.json']!;
    const b = compiled(FACTS_SCHEMA);
    assert.is(a(doc), b(doc));
    assert.equal(a.errors ?? null, b.errors ?? null);
  });
}

test('params: precompiled and compiled agree', () => {
  for (const p of [{}, { allowedProxyModes: ['ipvs'] }, { allowedProxyModes: 'ipvs' }, { nope: true }]) {
    const a = precompiled['params.schema.json']!;
    const b = compiled(PARAMS_SCHEMA);
    assert.is(a(p), b(p));
    assert.equal(a.errors ?? null, b.errors ?? null);
  }
});

test('validateFacts and validateParams use them: a bad value names its pointer and its evidence', () => {
  validateFacts(facts);
  assert.throws(() => validateFacts(bad((f) => ((f.networks as { pod: { family: string }[] }).pod[0]!.family = 'IPv5'))), /\/networks\/pod\/0\/family.*from weave\.log:3/);
  assert.throws(() => validateParams({ allowedProxyModes: 'ipvs' }, 'policy parameters'), /\/allowedProxyModes: must be array/);
});

test.run();
