/** Services as `kubectl get svc -A -o yaml` prints them on a dual-stack kubeadm 1.31 cluster (CoreDNS addon, cmd/kubeadm/app/phases/addons/dns/manifests.go). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

const LIST = `apiVersion: v1
items:
- apiVersion: v1
  kind: Service
  metadata:
    labels:
      component: apiserver
      provider: kubernetes
    name: kubernetes
    namespace: default
  spec:
    clusterIP: 10.96.0.1
    clusterIPs:
    - 10.96.0.1
    internalTrafficPolicy: Cluster
    ipFamilies:
    - IPv4
    ipFamilyPolicy: SingleStack
    ports:
    - name: https
      port: 443
      protocol: TCP
      targetPort: 6443
    type: ClusterIP
- apiVersion: v1
  kind: Service
  metadata:
    annotations:
      prometheus.io/port: "9153"
      prometheus.io/scrape: "true"
    labels:
      k8s-app: kube-dns
      kubernetes.io/cluster-service: "true"
      kubernetes.io/name: CoreDNS
    name: kube-dns
    namespace: kube-system
  spec:
    clusterIP: 10.96.0.10
    clusterIPs:
    - 10.96.0.10
    - fd00:10:96::a
    ipFamilies:
    - IPv4
    - IPv6
    ipFamilyPolicy: PreferDualStack
    ports:
    - name: dns
      port: 53
      protocol: UDP
      targetPort: 53
    selector:
      k8s-app: kube-dns
    type: ClusterIP
  status:
    loadBalancer: {}
kind: List
metadata:
  resourceVersion: ""
`;

test('kube-dns gives the DNS Service IP (primary family); default/kubernetes is skipped with why', () => {
  const res = k8sObjects.parse(splitLines(LIST), {});
  assert.equal(res.observations.map((o) => [o.claim, o.line, o.excerpt]), [[{ type: 'dnsServiceIP', ip: '10.96.0.10' }, 40, '- 10.96.0.10']]);
  assert.equal(res.diagnostics, [
    { level: 'skipped', line: 3, message: 'Service default/kubernetes: its ClusterIP is the first address of the service range, which kube-apiserver states' },
  ]);
});

test('clusterIP alone (old API servers), headless, and a bad address', () => {
  const old = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kube-dns\n  namespace: kube-system\nspec:\n  clusterIP: 10.32.0.10\n';
  assert.equal(k8sObjects.parse(splitLines(old), {}).observations.map((o) => [o.claim, o.line]), [[{ type: 'dnsServiceIP', ip: '10.32.0.10' }, 7]]);
  assert.equal(k8sObjects.parse(splitLines(old.replace('10.32.0.10', 'None')), {}).diagnostics.map((d) => d.level), ['skipped']);
  assert.equal(k8sObjects.parse(splitLines(old.replace('10.32.0.10', '10.32.0.256')), {}).diagnostics.map((d) => [d.level, d.line]), [['error', 7]]);
});

test.run();
