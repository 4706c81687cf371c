import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../errors.js';
import { paramErrors } from '../schema/validate.js';
import { deepMerge, parseDataText, resolveParams } from './data.js';

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.describe();
    throw e;
  }
  return 'no error';
}

const parsed: [string, string, string, unknown][] = [
  ['YAML mapping', 'a.yaml', 'company:\n  allocations:\n    pod: [10.244.0.0/14]\n', { company: { allocations: { pod: ['10.244.0.0/14'] } } }],
  ['JSON object', 'a.json', '{"company": {"allocations": {"pod": ["10.244.0.0/14"]}}}', { company: { allocations: { pod: ['10.244.0.0/14'] } } }],
  ['CRLF line ends', 'a.yaml', 'company:\r\n  name: acme\r\n', { company: { name: 'acme' } }],
  ['empty file', 'a.yaml', '', {}],
  ['only a comment', 'a.yaml', '# nothing yet\n', {}],
];

for (const [name, file, text, want] of parsed) {
  test(`parseDataText: ${name}`, () => {
    assert.equal(parseDataText(text, file).value, want);
  });
}

const refused: [string, string, string, string][] = [
  ['a list at the top', 'l.yaml', '# plan\n- 10.0.0.0/8\n', "l.yaml:2: data must be a mapping of names to values at the top level (it becomes OPA's data), got a list"],
  ['a scalar at the top', 's.json', '42\n', "s.json:1: data must be a mapping of names to values at the top level (it becomes OPA's data), got the value 42"],
  ['two documents', 'm.yaml', 'a: 1\n---\nb: 2\n', 'm.yaml:3: data must be one document, found several (---): merge them, or give each its own --data'],
  ['a duplicate key', 'd.yaml', 'a: 1\na: 2\n', 'd.yaml:2: not valid YAML: Map keys must be unique'],
  ['broken JSON', 'b.json', '{\n  "a": [1,\n}\n', 'b.json:3: not valid JSON: Flow sequence in block collection must be sufficiently indented and end with a ]'],
];

for (const [name, file, text, want] of refused) {
  test(`parseDataText refuses ${name} with file:line`, () => {
    assert.is(error(() => parseDataText(text, file)), want);
  });
}

test('lineAt: the line of a value, or of its nearest ancestor', () => {
  const doc = parseDataText('company:\n  allocations:\n    pod:\n      - 10.0.0.0/8\n      - 10.1.0.0/16\n', 'c.yaml');
  assert.is(doc.lineAt(['company', 'allocations', 'pod', 1]), 5);
  assert.is(doc.lineAt(['company', 'allocations', 'missing']), 3);
});

const merges: [string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>][] = [
  ['objects merge key by key', { a: { x: 1 } }, { a: { y: 2 } }, { a: { x: 1, y: 2 } }],
  ['lists are replaced, not appended', { a: [1, 2] }, { a: [3] }, { a: [3] }],
  ['a scalar replaces an object', { a: { x: 1 } }, { a: 'flat' }, { a: 'flat' }],
];

for (const [name, a, b, want] of merges) {
  test(`deepMerge: ${name}`, () => {
    assert.equal(deepMerge(a, b), want);
  });
}

test('resolveParams: files merged, flags win, errors at the line that set the value', () => {
  const a = parseDataText('netcheck:\n  params:\n    allowedProxyModes: [ipvs]\n', 'a.yaml');
  assert.equal(resolveParams([a], {}, paramErrors), { allowedProxyModes: ['ipvs'] });
  assert.equal(resolveParams([a], { allowedProxyModes: ['iptables'] }, paramErrors), { allowedProxyModes: ['iptables'] });
  const bad = parseDataText('netcheck:\n  params:\n    allowedProxyModes:\n      - ipvs\n      - ebpf\n', 'bad.yaml');
  assert.is(
    error(() => resolveParams([bad], {}, paramErrors)),
    'bad.yaml:5: netcheck.params.allowedProxyModes[1]: must be equal to one of the allowed values: "iptables", "ipvs", "nftables", "userspace"',
  );
  // A bad value the flags set is left to the caller's validation.
  assert.equal(resolveParams([bad], { allowedProxyModes: ['ebpf'] }, paramErrors), { allowedProxyModes: ['ebpf'] });
  const notMap = parseDataText('netcheck:\n  params: [1]\n', 'n.yaml');
  assert.is(error(() => resolveParams([notMap], {}, paramErrors)), 'n.yaml:2: netcheck.params must be a mapping of parameter names to values (see kube-netcheck schema params)');
});

test.run();
