/**
 * Property-based: the managed-cluster readers never throw on mutated or
 * truncated outputs, every line they name exists, and what they read
 * normalises into a document that validates.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../../test/helpers.js';
import { normalise } from '../../facts/normalise.js';
import { validateFacts } from '../../schema/validate.js';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import { aksShow } from './aks-show.js';
import { eksDescribe } from './eks-describe.js';
import { gkeDescribe } from './gke-describe.js';
import { k8sObjects } from './k8s-objects.js';
import { terraform } from './terraform.js';

const samples = [
  ['eks-cluster', 'describe-cluster.json'],
  ['gke-dataplane-v2', 'clusters-describe.yaml'],
  ['aks-overlay', 'aks-show.json'],
  ['eksctl-config', 'cluster.yaml'],
].map(([d, f]) => readFileSync(repo('examples', d!, f!), 'utf8'));
samples.push(
  'variable "svc" {\n  default = "172.20.0.0/16"\n}\n\nresource "aws_eks_cluster" "this" {\n  name = "a" # }\n  kubernetes_network_config {\n    service_ipv4_cidr = var.svc\n  }\n}\n',
  'resource "azurerm_kubernetes_cluster" "aks" {\n  name = "x"\n  network_profile {\n    network_plugin = "kubenet"\n    pod_cidr = "10.244.0.0/16"\n    service_cidr = "10.0.0.0/16"\n    dns_service_ip = "10.0.0.10"\n  }\n}\n',
);

const mutated = fc
  .tuple(fc.constantFrom(...samples), fc.nat(), fc.nat({ max: 40 }), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('\r\n', '"', '{', ']', ': ', '/33', '::', 'null', '- ', '\t')))
  .map(([text, at, len, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + len);
  });
const truncated = fc.tuple(fc.constantFrom(...samples), fc.nat()).map(([text, n]) => text.slice(0, n % (text.length + 1)));

test('cloud readers: mutated and truncated outputs never throw, lines are in range', () => {
  fc.assert(
    fc.property(fc.oneof(mutated, truncated), (text) => {
      const lines = splitLines(text);
      for (const p of [eksDescribe, gkeDescribe, aksShow, k8sObjects, terraform]) {
        p.detect(lines, { path: 'main.tf' });
        const res = p.parse(lines, { path: 'main.tf' });
        for (const o of res.observations) assert.ok(o.line >= 1 && o.line <= Math.max(lines.length, 1), `${p.kind} line ${o.line} of ${lines.length}`);
        for (const d of res.diagnostics) assert.ok(d.line === null || (d.line >= 1 && d.line <= Math.max(lines.length, 1)), `${p.kind} diagnostic line ${d.line}`);
      }
      const res = parseText(lines, { path: 'x' });
      if (!res) return;
      validateFacts(normalise(res.observations.map((o) => ({ claim: o.claim, inferred: o.inferred === true, source: { kind: o.kind ?? res.kind, file: 'x', line: o.line, excerpt: o.excerpt } }))));
    }),
    { numRuns: 120 },
  );
});

test.run();
