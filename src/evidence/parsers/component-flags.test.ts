import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines } from '../text.js';
import { componentFlags } from './component-flags.js';

// kubeadm's static pod manifest, as written to /etc/kubernetes/manifests/kube-apiserver.yaml.
const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=192.8.33.6
    - --allow-privileged=true
    - --authorization-mode=Node,RBAC
    - --service-account-issuer=https://kubernetes.default.svc.cluster.local
    - --service-cluster-ip-range=10.96.0.0/12,fd00:10:96::/112
    - --service-node-port-range=30000-32767
    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    image: registry.k8s.io/kube-apiserver:v1.31.0
`;

test('service ranges of both families and the NodePort range from a manifest', () => {
  const res = componentFlags.parse(splitLines(MANIFEST), {});
  assert.equal(res.diagnostics, []);
  assert.equal(
    res.observations.map((o) => [o.claim, o.line]),
    [
      [{ type: 'network', role: 'service', cidr: '10.96.0.0/12' }, 17],
      [{ type: 'network', role: 'service', cidr: 'fd00:10:96::/112' }, 17],
      [{ type: 'nodePortRange', range: '30000-32767' }, 18],
    ],
  );
});

test('the grep line of the seed, and controller-manager --cluster-cidr', () => {
  const res = componentFlags.parse(splitLines('- --service-cluster-ip-range=10.96.0.0/12\n    - --cluster-cidr=10.244.0.0/16'), {});
  assert.equal(res.observations.map((o) => o.claim), [
    { type: 'network', role: 'service', cidr: '10.96.0.0/12' },
    { type: 'network', role: 'pod', cidr: '10.244.0.0/16' },
  ]);
});

test('quoted values, ps output, and commented-out lines', () => {
  const text = `    - "--service-cluster-ip-range=10.100.0.0/16"
root  1234  kube-controller-manager --allocate-node-cidrs=true --cluster-cidr 10.32.0.0/12 --leader-elect=true
#    - --service-cluster-ip-range=10.200.0.0/16`;
  const res = componentFlags.parse(splitLines(text), {});
  assert.equal(res.observations.map((o) => [o.claim, o.line]), [
    [{ type: 'network', role: 'service', cidr: '10.100.0.0/16' }, 1],
    [{ type: 'network', role: 'pod', cidr: '10.32.0.0/12' }, 2],
  ]);
});

test('a bad range is an error naming the flag and line', () => {
  const res = componentFlags.parse(splitLines('    - --service-cluster-ip-range=10.96.0.0/33'), {});
  assert.equal(res.diagnostics, [{ level: 'error', line: 1, message: '--service-cluster-ip-range: "10.96.0.0/33": prefix length must be 0-32' }]);
});

test.run();
