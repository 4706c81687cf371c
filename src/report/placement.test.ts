/**
 * Live-cluster evidence has an API object reference (`v1/Node/node01`), not a
 * file and line: SARIF puts it under uriBaseId KUBERNETES_API with a logical
 * location and says so; GitHub annotates without file=; text-like formats name
 * it as a live object. Undecided rules are warnings marked unknown.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiObjectReport, unknownReport } from '../../test/fixtures.js';
import { brokenReport, GOLDEN_OPTIONS } from '../../test/golden.js';
import { repo } from '../../test/helpers.js';
import { renderGitHub } from './github.js';
import { renderMarkdown } from './markdown.js';
import { isApiObject } from './model.js';
import { renderSARIF } from './sarif.js';

interface SarifLocation {
  physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } };
  logicalLocations?: { fullyQualifiedName: string; kind: string }[];
  message?: { text: string };
}
interface SarifResult {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  properties: { verdict: string; failsGate: boolean };
}
interface SarifLog {
  runs: { results: SarifResult[]; originalUriBaseIds?: Record<string, { description: { text: string } }> }[];
}

test('API object references are recognised; files, stdin and file-like names are not', () => {
  const cases: [string, number | null, boolean][] = [
    ['v1/Node/node01', null, true],
    ['apps/v1/DaemonSet/kube-system/kube-proxy', null, true],
    ['networking.k8s.io/v1beta1/ServiceCIDR/kubernetes', null, true],
    ['v1/Node/node01', 3, false],
    ['examples/lab-broken/lab.md', null, false],
    ['evidence/v1/nodes.json', null, false],
    ['-', null, false],
  ];
  for (const [file, line, want] of cases) assert.is(isApiObject({ file, line }), want, file);
});

test('SARIF: a finding on API objects only is located at the object, under KUBERNETES_API, and says so', () => {
  const log = JSON.parse(renderSARIF(apiObjectReport(), GOLDEN_OPTIONS)) as SarifLog;
  const run = log.runs[0]!;
  assert.match(run.originalUriBaseIds?.KUBERNETES_API?.description.text ?? '', /not files in this repository/);
  const ds = run.results.find((r) => r.ruleId === 'KN201')!;
  assert.equal(ds.locations[0], {
    physicalLocation: { artifactLocation: { uri: 'apps/v1/DaemonSet/kube-system/kube-proxy', uriBaseId: 'KUBERNETES_API' } },
    logicalLocations: [{ fullyQualifiedName: 'apps/v1/DaemonSet/kube-system/kube-proxy', kind: 'resource' }],
    message: { text: 'live cluster object apps/v1/DaemonSet/kube-system/kube-proxy (no file in the repository)' },
  });
  assert.is(ds.relatedLocations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName, 'v1/Node/node02');
  const overlap = run.results.find((r) => r.ruleId === 'KN101')!;
  assert.is(overlap.locations[0]?.physicalLocation?.artifactLocation.uri, 'examples/lab-broken/lab.md');
  assert.is(overlap.locations[0]?.physicalLocation?.artifactLocation.uriBaseId, undefined);
  assert.is(overlap.locations[0]?.physicalLocation?.region?.startLine, 28);
  assert.is(overlap.relatedLocations?.[0]?.physicalLocation?.artifactLocation.uriBaseId, 'KUBERNETES_API');
});

test('GitHub: no file= for a finding on API objects only; the message names them', () => {
  const lines = renderGitHub(apiObjectReport(), GOLDEN_OPTIONS).split('\n');
  const ds = lines.find((l) => l.includes('title=KN201'))!;
  assert.ok(ds.startsWith('::error title=KN201%3A Networking DaemonSets must run on every node they should::'), ds);
  assert.match(ds, /%0Aevidence: live object v1\/Node\/node02%0A/);
  const overlap = lines.find((l) => l.includes('title=KN101'))!;
  assert.ok(overlap.startsWith('::error file=examples/lab-broken/lab.md,line=28,title='), overlap);
  assert.match(overlap, /%0Aevidence: live object v1\/ConfigMap\/kube-system\/kubeadm-config%0A/);
});

test('Markdown names live objects as such', () => {
  assert.match(renderMarkdown(apiObjectReport(), GOLDEN_OPTIONS), /- `live object v1\/Node\/node02`/);
});

test('SARIF and GitHub: undecided rules are warnings marked unknown, errors when they fail the gate', () => {
  const log = JSON.parse(renderSARIF(unknownReport(), GOLDEN_OPTIONS)) as SarifLog;
  const results = log.runs[0]!.results;
  assert.is(results.length, 2);
  for (const r of results) {
    assert.is(r.level, 'warning');
    assert.is(r.properties.verdict, 'unknown');
    assert.is(r.properties.failsGate, true);
    assert.match(r.message.text, /^Undecided: .*\(needs: /);
  }
  assert.match(renderGitHub(unknownReport(), GOLDEN_OPTIONS), /^::error file=examples\/lab-seed\.md,line=\d+,title=KN201 undecided%3A /m);
  const allowed = renderGitHub(unknownReport(true), GOLDEN_OPTIONS);
  assert.match(allowed, /^::warning file=examples\/lab-seed\.md,line=\d+,title=KN201 undecided%3A /m);
  assert.match(allowed, /0 errors, 0 warnings, 0 info, 2 unknown, 0 waived: PASSED \(fail-on error, unknown allowed\)\n$/);
});

test('SARIF and GitHub: absolute evidence paths become relative to the working directory, URIs percent-encoded', () => {
  const base = brokenReport();
  const findings = base.findings.map((f) => ({ ...f, locations: f.locations.map((l) => ({ ...l, file: repo('evidence dir', 'lab #1.md') })) }));
  const report = { ...base, findings };
  const log = JSON.parse(renderSARIF(report, GOLDEN_OPTIONS)) as SarifLog;
  assert.is(log.runs[0]!.results[0]!.locations[0]!.physicalLocation!.artifactLocation.uri, 'evidence%20dir/lab%20%231.md');
  assert.match(renderGitHub(report, GOLDEN_OPTIONS), /^::error file=evidence dir\/lab #1\.md,line=28,/m);
});

test.run();
