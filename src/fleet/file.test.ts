/** The fleet file: groups and avoid ranges, and every mistake named at its line. */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../errors.js';
import { checkMembers, parseFleetFile } from './file.js';

const FILE = `# fleet of three\r
groups:\r
  - name: eu-mesh\r
    kind: cilium-cluster-mesh\r
    clusters: [eu-west, eu-central]\r
  - name: vpn\r
    kind: peering\r
    clusters:\r
      - eu-west\r
      - onprem\r
  - name: flat\r
    clusters: [a, b]\r
avoid:\r
  - 172.16.0.0/12   # corporate\r
  - "fd00:10::/64"\r
`;

test('groups with their kinds (mesh by default) and lines; avoid ranges; CRLF', () => {
  const f = parseFleetFile(FILE, 'fleet.yaml');
  assert.equal(f.groups, [
    { name: 'eu-mesh', kind: 'cilium-cluster-mesh', members: ['eu-west', 'eu-central'], line: 3 },
    { name: 'vpn', kind: 'peering', members: ['eu-west', 'onprem'], line: 6 },
    { name: 'flat', kind: 'mesh', members: ['a', 'b'], line: 11 },
  ]);
  assert.equal(f.avoid, ['172.16.0.0/12', 'fd00:10::/64']);
});

const error = (text: string): string => {
  try {
    parseFleetFile(text, 'fleet.yaml');
  } catch (e) {
    if (e instanceof InputError) return e.describe();
    throw e;
  }
  return 'no error';
};

test('mistakes are input errors naming the file, the line and what was expected', () => {
  assert.is(error(''), 'fleet.yaml:1: empty fleet file: expected `groups:` (a list of groups) and/or `avoid:` (a list of ranges)');
  assert.is(error('groups:\n  - name: a\n    kind: submariner\n    clusters: [x]\n'), 'fleet.yaml:3: group "a": kind "submariner": expected mesh, cilium-cluster-mesh, peering');
  assert.is(error('groups:\n  - name: a\n    clusters: [x]\n  - name: a\n    clusters: [y]\n'), 'fleet.yaml:4: group "a" is named twice (first at line 2): give each group its own name');
  assert.is(error('groups:\n  - name: a\n    clusters: []\n'), 'fleet.yaml:3: group "a": expected clusters, a list of the fleet\'s cluster names');
  assert.is(error('groups:\n  - name: a\n    members: [x]\n'), 'fleet.yaml:3: group: unexpected key "members": expected name, kind and clusters');
  assert.is(error('avoid:\n  - 10.0.0.0/33\n'), 'fleet.yaml:2: avoid: "10.0.0.0/33": prefix length must be 0-32');
  assert.is(error('clusters: [a]\n'), 'fleet.yaml:1: unexpected key "clusters": expected groups or avoid');
  assert.match(error('groups: [\n'), /^fleet\.yaml:\d+: invalid YAML: /);
});

test('a group naming a cluster the fleet does not have is an error at its line', () => {
  const f = parseFleetFile(FILE, 'fleet.yaml');
  try {
    checkMembers(f, ['eu-west', 'eu-central', 'onprem', 'a']);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, InputError);
    assert.is((e as InputError).describe(), 'fleet.yaml:11: group "flat": cluster b is not in the fleet (its clusters: eu-west, eu-central, onprem, a)');
  }
});

test('never anything but a parsed file or an InputError at a line of the file (property)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.nat(), fc.nat({ max: 20 }), (insert, at, cut) => {
      const i = at % (FILE.length + 1);
      const text = FILE.slice(0, i) + insert + FILE.slice(i + cut);
      try {
        const f = parseFleetFile(text, 'fleet.yaml');
        for (const g of f.groups) assert.ok(g.members.length > 0 && g.line >= 1);
      } catch (e) {
        assert.instance(e, InputError);
        const line = (e as InputError).line ?? 1;
        assert.ok(line >= 1 && line <= text.split(/\r?\n/).length, `line ${line}`);
      }
    }),
    { numRuns: 300 },
  );
});

test.run();
