/** Waivers: parsing with file:line errors, and applied / expired / stale, with today injected. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../errors.js';
import { brokenReport } from '../../test/golden.js';
import { runCli } from '../../test/helpers.js';
import { gatePassed } from './model.js';
import { applyWaivers, isDate, parseWaivers, resolve } from './waivers.js';

const KN301 = `waivers:
  - rule: KN301
    reason: lab stays on userspace until it is rebuilt
    owner: platform-team
    expires: 2026-06-30
`;

test('applied: the finding is shown as waived, not hidden, and no longer fails the gate', () => {
  const report = brokenReport();
  const out = applyWaivers(report.findings, parseWaivers(KN301, 'w.yaml'), report.facts, '2026-01-15');
  assert.is(out.length, 3);
  const kn301 = out.find((f) => f.id === 'KN301');
  assert.equal(kn301?.waived, { file: 'w.yaml', line: 2, rule: 'KN301', reason: 'lab stays on userspace until it is rebuilt', owner: 'platform-team', expires: '2026-06-30' });
  assert.is(out[out.length - 1], kn301, 'waived findings come last');
  assert.not.ok(gatePassed(out, 'error', false), 'KN101 and KN201 still fail');
  const only301 = out.filter((f) => f.id === 'KN301');
  assert.ok(gatePassed(only301, 'error', false));
});

test('the expiry day itself still applies; the day after, the waiver is expired and reported', () => {
  const report = brokenReport();
  const waivers = parseWaivers(KN301, 'w.yaml');
  const onDay = applyWaivers(report.findings, waivers, report.facts, '2026-06-30');
  assert.ok(onDay.find((f) => f.id === 'KN301')?.waived);
  const after = applyWaivers(report.findings, waivers, report.facts, '2026-07-01');
  assert.not.ok(after.find((f) => f.id === 'KN301')?.waived, 'an expired waiver no longer applies');
  const notice = after.find((f) => f.id === 'KN991');
  assert.ok(notice);
  assert.is(notice?.severity, 'warning');
  assert.equal(notice?.locations.map((l) => `${l.file}:${l.line}`), ['w.yaml:2']);
  assert.match(notice?.message ?? '', /expired on 2026-06-30/);
});

test('stale: a live waiver that matches no finding is reported where it is written', () => {
  const report = brokenReport();
  const text = `${KN301}  - rule: KN202\n    reason: r\n    owner: o\n    expires: 2030-01-01\n`;
  const out = applyWaivers(report.findings, parseWaivers(text, 'w.yaml'), report.facts, '2026-01-15');
  const stale = out.filter((f) => f.id === 'KN992');
  assert.equal(stale.map((f) => [f.message, f.locations[0]?.line]), [['waiver for KN202 (owner o, until 2030-01-01) matches no finding', 6]]);
});

const matchCases: [string, string, boolean][] = [
  ['message substring', 'message: "overlaps service range 10.96.0.0/12"', true],
  ['message substring that is not there', 'message: "overlaps node network"', false],
  ['message regex', "messageRegex: 'pod range 10\\.100\\.\\d+\\.\\d+/16'", true],
  ['message regex that does not match', "messageRegex: '^service range'", false],
  ['fact pointer', 'fact: /networks/pod/0', true],
  ['parent of a fact pointer', 'fact: /networks/pod', true],
  ['other fact pointer', 'fact: /networks/node/0', false],
  ['CIDR named in the message', 'cidr: 10.96.0.0/12', true],
  ['CIDR not named', 'cidr: 10.244.0.0/16', false],
  ['two criteria, both hold', 'fact: /networks/service/0\n      cidr: 10.100.0.0/16', true],
  ['two criteria, one fails', 'fact: /networks/service/0\n      cidr: 192.8.33.0/24', false],
];

for (const [name, match, waived] of matchCases) {
  test(`match on ${name}: ${waived ? 'waived' : 'stale'}`, () => {
    const report = brokenReport();
    const text = `waivers:\n  - rule: kn101\n    match:\n      ${match}\n    reason: r\n    owner: o\n    expires: 2030-01-01\n`;
    const out = applyWaivers(report.findings, parseWaivers(text, 'w.yaml'), report.facts, '2026-01-15');
    assert.is(Boolean(out.find((f) => f.id === 'KN101')?.waived), waived);
    assert.is(out.some((f) => f.id === 'KN992'), !waived);
  });
}

const malformed: [string, string, number, RegExp][] = [
  ['YAML syntax', 'waivers:\n  - rule: KN301\n    reason: [unclosed\n', 4, /invalid YAML/],
  ['a tab-indented line', 'waivers:\n\t- rule: KN301\n', 2, /invalid YAML/],
  ['a duplicate key', 'waivers:\n  - rule: KN301\n    rule: KN101\n', 3, /invalid YAML: Map keys must be unique/],
  ['a missing field', 'waivers:\n  - rule: KN301\n    reason: r\n    expires: 2026-01-01\n', 2, /\/waivers\/0: must have required property 'owner'/],
  ['an unknown field', 'waivers:\n  - rule: KN301\n    reason: r\n    owner: o\n    expires: 2026-01-01\n    until: 2027-01-01\n', 6, /\/waivers\/0\/until: unexpected property "until"/],
  ['a date that is not one', 'waivers:\n  - rule: KN301\n    reason: r\n    owner: o\n    expires: 31.12.2026\n', 5, /\/waivers\/0\/expires: expected a date YYYY-MM-DD/],
  ['a day the calendar lacks', 'waivers:\n  - rule: KN301\n    reason: r\n    owner: o\n    expires: 2026-02-30\n', 5, /2026-02-30 is not a calendar date/],
  ['a bad regular expression', "waivers:\n  - rule: KN301\n    match:\n      messageRegex: '(unclosed'\n    reason: r\n    owner: o\n    expires: 2026-01-01\n", 4, /messageRegex: Invalid regular expression/],
  ['an empty match', 'waivers:\n  - rule: KN301\n    match: {}\n    reason: r\n    owner: o\n    expires: 2026-01-01\n', 3, /\/waivers\/0\/match: must NOT have fewer than 1 properties/],
  ['a list at the top', '- rule: KN301\n', 1, /document: must be object/],
  ['an empty file', '', 1, /empty waiver file/],
  ['a prefix length beyond the family', 'waivers:\n  - rule: KN101\n    match:\n      cidr: 10.100.0.0/99\n    reason: r\n    owner: o\n    expires: 2030-01-01\n', 4, /^\/waivers\/0\/match\/cidr: "10\.100\.0\.0\/99": prefix length must be 0-32$/],
  ['a CIDR that is an address', 'waivers:\n  - rule: KN101\n    match:\n      cidr: 10.100.0.0\n    reason: r\n    owner: o\n    expires: 2030-01-01\n', 4, /^\/waivers\/0\/match\/cidr: "10\.100\.0\.0" is not a CIDR/],
  ['two YAML documents', 'waivers: []\n---\nwaivers: []\n', 2, /^more than one YAML document \(a second one after ---\): expected one, with `waivers:` and a list of entries$/],
  ['CRLF line ends', 'waivers:\r\n  - rule: KN301\r\n    reason: r\r\n    owner: o\r\n    expires: 2026-13-01\r\n', 5, /expected a date/],
];

for (const [name, text, line, message] of malformed) {
  test(`malformed waiver file, ${name}: an input error at line ${line}`, () => {
    try {
      parseWaivers(text, 'waivers.yaml');
      assert.unreachable('no error');
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      assert.is(e.file, 'waivers.yaml');
      assert.is(e.line, line, e.message);
      assert.match(e.message, message);
    }
  });
}

test('dates: calendar days only', () => {
  assert.equal(['2026-01-15', '2024-02-29', '2025-02-29', '2026-1-5', '2026-01-15T00:00:00Z'].map(isDate), [true, true, false, false, false]);
});

test('resolve: JSON pointers into the facts', () => {
  const doc = { networks: { pod: [{ cidr: '10.0.0.0/8' }] }, 'a/b': { '~': 1 } };
  assert.is(resolve(doc, '/networks/pod/0/cidr'), '10.0.0.0/8');
  assert.is(resolve(doc, '/a~1b/~0'), 1);
  assert.is(resolve(doc, '/networks/node/0'), undefined);
});

test('CLI: a malformed waiver file exits 2 naming file and line', () => {
  const r = runCli(['check', 'examples/lab-broken', '--waivers', 'src/report/testdata/waivers-malformed.yaml']);
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.is(r.stderr, 'kube-netcheck: src/report/testdata/waivers-malformed.yaml:9: /waivers/1/expires: expected a date YYYY-MM-DD (schemas/waivers.schema.json)\n');
});

test('CLI: a folder given as the waiver file exits 2 in kube-netcheck\'s words', () => {
  const r = runCli(['check', 'examples/lab-broken', '--waivers', 'examples']);
  assert.is(r.code, 2);
  assert.is(r.stderr, 'kube-netcheck: examples: cannot read the waiver file: it is a folder: expected a YAML file\n');
});

test('CLI: a waiver file that does not exist exits 2', () => {
  const r = runCli(['check', 'examples/lab-broken', '--waivers', 'no-such-waivers.yaml']);
  assert.is(r.code, 2);
  assert.is(r.stderr, 'kube-netcheck: no-such-waivers.yaml: cannot read the waiver file: no such file\n');
});

test('CLI: --today decides expiry; the gate passes once every failing finding is waived', () => {
  const all = 'src/report/testdata/waivers-all.yaml';
  const before = runCli(['check', 'examples/lab-broken', '--waivers', all, '--today', '2026-03-31']);
  assert.is(before.code, 0, before.stdout);
  assert.match(before.stdout, /0 errors, 0 warnings, 0 info, 0 unknown, 4 waived: PASSED \(fail-on error\)/);
  const after = runCli(['check', 'examples/lab-broken', '--waivers', all, '--today', '2026-04-01']);
  assert.is(after.code, 1);
  assert.match(after.stdout, /1 error, 1 warning, 0 info, 0 unknown, 3 waived: FAILED/);
  assert.match(after.stdout, /WARNING KN991  A waiver has expired\n  waiver for KN101 \(owner network-team\) expired on 2026-03-31/);
  const bad = runCli(['check', 'examples/lab-broken', '--today', '2026-02-31x']);
  assert.is(bad.code, 2);
});

test('CLI: --fail-on warning makes an expired or stale waiver fail the gate', () => {
  const r = runCli(['check', 'examples/lab-broken', '--waivers', 'src/report/testdata/waivers-all.yaml', '--today', '2026-01-01', '--fail-on', 'warning']);
  assert.is(r.code, 0);
  const stale = runCli(['check', 'examples/lab-broken', '--waivers', 'examples/waivers.yaml', '--today', '2026-01-01', '--fail-on', 'warning', '--allow-proxy-mode', 'userspace', '-o', 'json']);
  assert.is(stale.code, 1);
  const doc = JSON.parse(stale.stdout) as { findings: { id: string; waived?: unknown }[] };
  assert.equal(doc.findings.map((f) => `${f.id}${f.waived ? ' waived' : ''}`), ['KN101', 'KN201', 'KN602', 'KN991', 'KN992', 'KN992']);
});

test.run();
