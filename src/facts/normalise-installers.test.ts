/**
 * Normalising installer evidence: k3s/RKE2 read their flags and config.yaml together, so a range
 * stated in one replaces the default inferred in the other; a component's own default elsewhere
 * (weave's 10.32.0.0/12 beside a controller-manager's --cluster-cidr) stays, a conflict to report.
 * The IPAM a CNI's name implies is recorded as inferred.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Claim, Observation } from '../evidence/types.js';
import { validateFacts } from '../schema/validate.js';
import { normalise } from './normalise.js';

const obs = (kind: string, claim: Claim, file: string, line: number, inferred = false): Observation => ({ claim, inferred, source: { kind, file, line, excerpt: '' } });

test('k3s: config.yaml states cluster-cidr, the install line left it out: the stated range only', () => {
  const f = normalise([
    obs('k3s-config', { type: 'network', role: 'pod', cidr: '10.42.0.0/16' }, 'install.sh', 3, true),
    obs('k3s-config', { type: 'network', role: 'service', cidr: '10.43.0.0/16' }, 'install.sh', 3, true),
    obs('k3s-config', { type: 'network', role: 'pod', cidr: '10.52.0.0/16' }, 'config.yaml', 2),
  ]);
  validateFacts(f);
  assert.equal(f.networks.pod.map((n) => n.cidr), ['10.52.0.0/16']);
  assert.equal(f.networks.service.map((n) => n.cidr), ['10.43.0.0/16']);
});

test("weave's default beside a stated controller-manager range is kept: the two disagree", () => {
  const f = normalise([
    obs('k8s-objects', { type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, 'kube-controller-manager.yaml', 20),
    obs('weave-log', { type: 'network', role: 'pod', cidr: '10.32.0.0/12' }, 'weave.log', 1, true),
  ]);
  assert.equal(f.networks.pod.map((n) => n.cidr), ['10.244.0.0/16', '10.32.0.0/12']);
});

test("the IPAM implied by the CNI's name is recorded as inferred at the source that named it", () => {
  const f = normalise([obs('script', { type: 'cni', name: 'calico' }, 'start.sh', 25)]);
  assert.is(f.cni.ipam, 'pool');
  assert.equal(f.observations.filter((o) => o.pointer === '/cni/ipam').map((o) => [o.value, o.inferred, o.source.line]), [['pool', true, 25]]);
});

test.run();
