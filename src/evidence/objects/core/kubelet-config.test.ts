/** KubeletConfiguration as kubeadm writes /var/lib/kubelet/config.yaml (kubeadm 1.31, abridged of unrelated defaults only at the end). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

const CONFIG = `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
- fd00:10:96::a
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
kind: KubeletConfiguration
`;

test('clusterDNS of both families, at their lines', () => {
  const res = k8sObjects.parse(splitLines(CONFIG.replace(/\n/g, '\r\n')), {});
  assert.equal(res.diagnostics, []);
  assert.equal(res.observations.map((o) => [o.claim, o.line, o.excerpt]), [
    [{ type: 'clusterDNS', ip: '10.96.0.10' }, 14, '- 10.96.0.10'],
    [{ type: 'clusterDNS', ip: 'fd00:10:96::a' }, 15, '- fd00:10:96::a'],
  ]);
});

test('a bad clusterDNS address is an error at its line', () => {
  const res = k8sObjects.parse(splitLines(CONFIG.replace('- 10.96.0.10', '- 10.96.0.010.1')), {});
  assert.equal(res.diagnostics.map((d) => [d.level, d.line]), [['error', 14]]);
});

test.run();
