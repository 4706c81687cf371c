/**
 * Property-based: the installers' config readers (RKE, kubespray, OpenShift,
 * Talos, talhelper) never throw on mutated, truncated or arbitrary text, every
 * line they name exists, no secret of their inputs reaches an excerpt, and what
 * they read normalises into a document that validates against the schema.
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
import type { Parser } from '../types.js';
import { kubesprayInventory } from './kubespray-inventory.js';
import { kubesprayVars } from './kubespray-vars.js';
import { openshiftInstallConfig } from './openshift-install-config.js';
import { rkeCluster } from './rke-cluster.js';
import { talhelper } from './talhelper.js';
import { talosConfig } from './talos-config.js';

const samples = [
  'examples/rke/cluster.yml',
  'examples/kubespray/inventory/mycluster/hosts.yaml',
  'examples/kubespray/inventory/mycluster/group_vars/k8s_cluster/k8s-cluster.yml',
  'examples/kubespray/inventory/mycluster/group_vars/k8s_cluster/k8s-net-calico.yml',
  'examples/openshift/install-config.yaml',
  'examples/talos/talconfig.yaml',
  'examples/talos/patches/kube-proxy-ipvs.yaml',
].map((f) => readFileSync(repo(...f.split('/')), 'utf8'));
samples.push(
  '[all]\nnode1 ansible_host=95.54.0.12 ip=10.3.0.1\n[kube_control_plane]\nnode1\n[kube_node]\nnode1\n[k8s_cluster:children]\nkube_control_plane\nkube_node\n',
  'version: v1alpha1\nmachine:\n  token: abcdef.0123456789abcdef\n  network:\n    interfaces:\n      - interface: eth0\n        addresses: [10.0.0.2/24]\ncluster:\n  secret: c2VjcmV0c2VjcmV0c2VjcmV0\n  network:\n    podSubnets: [10.244.0.0/16]\n',
);

const READERS: readonly Parser[] = [rkeCluster, kubesprayVars, kubesprayInventory, openshiftInstallConfig, talosConfig, talhelper];

const mutated = fc
  .tuple(fc.constantFrom(...samples), fc.nat(), fc.nat({ max: 60 }), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('\r\n', '#', '"', '{{ x }}', ']', ': ', '- ', '\x1b[31m', '/33', '::', '\uFEFF', '\t', '---\n', '&a ', '*a')))
  .map(([text, at, len, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + len);
  });
const truncated = fc.tuple(fc.constantFrom(...samples), fc.nat()).map(([text, n]) => text.slice(0, n % (text.length + 1)));

test('installer config readers: mutated and truncated evidence never throws, lines are in range, secrets stay out', () => {
  fc.assert(
    fc.property(fc.oneof(mutated, truncated, fc.string({ maxLength: 300 })), (text) => {
      const lines = splitLines(text);
      for (const p of READERS) {
        p.detect(lines, {});
        const res = p.parse(lines, {});
        const max = Math.max(lines.length, 1);
        for (const o of res.observations) {
          assert.ok(o.line >= 1 && o.line <= max, `${p.kind} line ${o.line} of ${lines.length}`);
          assert.not.ok(/0123456789abcdef|c2VjcmV0c2VjcmV0/.test(o.excerpt), `${p.kind} excerpt holds a secret: ${o.excerpt}`);
        }
        for (const d of res.diagnostics) assert.ok(d.line === null || (d.line >= 1 && d.line <= max), `${p.kind} diagnostic line ${d.line}`);
      }
    }),
    { numRuns: 250 },
  );
});

test('whatever they read normalises into a document that validates', () => {
  fc.assert(
    fc.property(fc.oneof(mutated, truncated), (text) => {
      const res = parseText(splitLines(text), { path: 'x' });
      if (!res) return;
      const facts = normalise(
        res.observations.map((o) => ({ claim: o.claim, inferred: o.inferred === true, source: { kind: o.kind ?? res.kind, file: 'x', line: o.line, excerpt: o.excerpt } })),
      );
      validateFacts(facts);
    }),
    { numRuns: 250 },
  );
});

test.run();
