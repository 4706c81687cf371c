/**
 * A facts document is claimed by no evidence parser: read as evidence, its
 * excerpts (weave-net log lines, kube-apiserver flags) made it a weave-log or
 * component-flags file judged on a fraction of its facts (issue #23, item 1).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../../test/helpers.js';
import { collectFacts } from '../../check.js';
import { parseText, PARSERS } from '../registry.js';
import { splitLines } from '../text.js';
import { factsDocument, isFactsDocument } from './facts-document.js';

const documents = ['lab-broken', 'kubeadm-cluster', 'lab-complete', 'calico-cluster'].map((ex) => {
  const { facts } = collectFacts([repo('examples', ex)]);
  return { ex, pretty: `${JSON.stringify(facts, null, 2)}\n`, compact: `${JSON.stringify(facts)}\n` };
});

test('every example facts document, pretty or compact, CRLF or BOM: claimed as a facts document, an error when a whole file', () => {
  for (const d of documents) {
    for (const text of [d.pretty, d.compact, d.pretty.replace(/\n/g, '\r\n'), `\uFEFF${d.pretty}`, `\n\n  ${d.compact}`]) {
      const res = parseText(splitLines(text), { path: 'facts.json' });
      assert.is(res?.kind, 'facts-document', d.ex);
      assert.equal(res?.observations, []);
      assert.equal(
        res?.diagnostics.map((x) => [x.level, x.message]),
        [['error', 'a facts document (kube-netcheck facts output) is not evidence to read with other evidence: give it alone (kube-netcheck check facts.json, or - for stdin), or give the evidence it was made from']],
      );
    }
  }
});

test('no other parser outranks it: the facts document detector scores above every other kind, the runbook included', () => {
  for (const d of documents) {
    const lines = splitLines(d.pretty);
    const mine = factsDocument.detect(lines, { path: 'facts.json' });
    for (const p of PARSERS) {
      if (p === factsDocument) continue;
      assert.ok(p.detect(lines, { path: 'facts.json' }) < mine, `${p.kind} on ${d.ex}`);
      assert.ok(p.detect(lines, { path: 'facts.md' }) < mine, `${p.kind} on ${d.ex} named .md`);
    }
  }
});

test('inside a runbook block: a warning at the block, and nothing of it read', () => {
  const d = documents[0]!;
  const runbook = `# Cluster snapshot\n\nOutput of \`kube-netcheck facts\`:\n\n\`\`\`json\n${d.pretty}\`\`\`\n`;
  const res = parseText(splitLines(runbook), { path: 'notes.md' });
  assert.is(res?.kind, 'markdown-runbook');
  assert.equal(res?.observations, []);
  assert.equal(
    res?.diagnostics.filter((x) => x.level !== 'skipped').map((x) => [x.level, x.line, x.message]),
    [['warning', 6, 'a facts document quoted in a block is not evidence: not read; to check it, give it alone (kube-netcheck check facts.json)']],
  );
});

test('a truncated facts document is still one (its JSON error is reported when it is read alone)', () => {
  const d = documents[1]!;
  assert.ok(isFactsDocument(d.pretty.slice(0, Math.floor(d.pretty.length / 2))));
});

test('JSON that is not a facts document is left to the evidence parsers', () => {
  const notFacts = [
    // A Docker image manifest has a schemaVersion; a compose file has networks: neither has both.
    '{\n  "schemaVersion": 2,\n  "mediaType": "application/vnd.docker.distribution.manifest.v2+json"\n}\n',
    '{"services": {"web": {"networks": ["front"]}}, "networks": {"front": {}}}\n',
    '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "kube-proxy"}, "data": {"config.conf": "mode: ipvs"}}\n',
    'prose that mentions "schemaVersion": 1 and "networks": {} is not JSON\n',
  ];
  for (const text of notFacts) assert.is(factsDocument.detect(splitLines(text), {}), 0, text);
  assert.is(parseText(splitLines(notFacts[2]!), { path: 'cm.json' })?.kind, 'k8s-objects');
});

test.run();
