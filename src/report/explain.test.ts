import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Observation } from '../evidence/types.js';
import { normalise } from '../facts/normalise.js';
import { renderExplain } from './explain.js';

const obs = (claim: Observation['claim'], file: string, line: number, excerpt: string, inferred = false): Observation => ({ claim, inferred, source: { kind: file.endsWith('.md') ? 'weave-log' : 'k8s-objects', file, line, excerpt } });

test('each fact with its sources; two pod ranges and two proxy modes shown as disagreements with their file:line', () => {
  const facts = normalise([
    obs({ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, 'kube-controller-manager.yaml', 18, '- --cluster-cidr=10.244.0.0/16'),
    obs({ type: 'network', role: 'pod', cidr: '10.32.0.0/12' }, 'lab.md', 28, 'ipalloc-range:10.32.0.0/12'),
    obs({ type: 'network', role: 'pod', cidr: 'fd00:10:244::/56' }, 'kube-controller-manager.yaml', 18, '- --cluster-cidr=10.244.0.0/16,fd00:10:244::/56'),
    obs({ type: 'proxyMode', mode: 'ipvs' }, 'kube-proxy-cm.yaml', 16, 'mode: ipvs'),
    obs({ type: 'proxyMode', mode: 'iptables' }, 'kubeadm.yaml', 50, 'mode: ""', true),
  ]);
  assert.is(
    renderExplain(facts),
    `5 observations from 4 files.

/networks/pod/0 = 10.244.0.0/16 (IPv4)
  kube-controller-manager.yaml:18 [k8s-objects]  - --cluster-cidr=10.244.0.0/16
/networks/pod/1 = 10.32.0.0/12 (IPv4)
  lab.md:28 [weave-log]  ipalloc-range:10.32.0.0/12
/networks/pod/2 = fd00:10:244::/56 (IPv6)
  kube-controller-manager.yaml:18 [k8s-objects]  - --cluster-cidr=10.244.0.0/16,fd00:10:244::/56
/kubeProxy/mode = ipvs
  kube-proxy-cm.yaml:16 [k8s-objects]  mode: ipvs
  kubeadm.yaml:50 [k8s-objects]  mode: "" (inferred, says iptables)
/kubeProxy/present = true (derived from the facts above, no source states it)

Sources disagree on 2 facts:
  /kubeProxy/mode:
    ipvs
      kube-proxy-cm.yaml:16 [k8s-objects]  mode: ipvs
    iptables
      kubeadm.yaml:50 [k8s-objects]  mode: "" (inferred)
  pod range (IPv4):
    10.244.0.0/16
      kube-controller-manager.yaml:18 [k8s-objects]  - --cluster-cidr=10.244.0.0/16
    10.32.0.0/12
      lab.md:28 [weave-log]  ipalloc-range:10.32.0.0/12
`,
  );
});

test('agreeing sources say so', () => {
  const facts = normalise([obs({ type: 'dnsServiceIP', ip: '10.96.0.10' }, 'svc.json', 40, '"10.96.0.10"')]);
  assert.match(renderExplain(facts), /Sources agree: no fact was stated with two different values\.\n$/);
});

test.run();
