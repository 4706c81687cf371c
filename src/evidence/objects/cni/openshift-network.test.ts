/**
 * `oc get network.config/cluster -o yaml` and `oc get network.operator/cluster -o yaml`
 * (OpenShift 4.14, openshift/api config/v1 and operator/v1 Network).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

const CONFIG = `apiVersion: config.openshift.io/v1
kind: Network
metadata:
  creationTimestamp: "2024-03-01T09:12:44Z"
  generation: 2
  name: cluster
  resourceVersion: "3412"
  uid: 7d3c2a0e-4b36-4a51-9c1e-2f0c0c1d9e11
spec:
  clusterNetwork:
  - cidr: 10.128.0.0/14
    hostPrefix: 23
  externalIP:
    policy: {}
  networkType: OVNKubernetes
  serviceNetwork:
  - 172.30.0.0/16
status:
  clusterNetwork:
  - cidr: 10.128.0.0/14
    hostPrefix: 23
  clusterNetworkMTU: 1400
  networkType: OVNKubernetes
  serviceNetwork:
  - 172.30.0.0/16
`;

test('network.config/cluster: spec and status ranges, host prefix, OVN-Kubernetes (Geneve, no kube-proxy), the cluster MTU', () => {
  assert.is(k8sObjects.detect(splitLines(CONFIG), {}), 1);
  const r = k8sObjects.parse(splitLines(CONFIG), {});
  const got = r.observations.filter((o) => o.claim.type !== 'distribution').map((o) => [o.claim, o.line]);
  assert.equal(got, [
    [{ type: 'network', role: 'pod', cidr: '10.128.0.0/14' }, 11],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 23 }, 12],
    [{ type: 'network', role: 'service', cidr: '172.30.0.0/16' }, 17],
    [{ type: 'cni', name: 'ovn-kubernetes' }, 15],
    [{ type: 'kubeProxyReplacement', name: 'ovn-kubernetes' }, 15],
    [{ type: 'cniSetting', field: 'encapsulation', value: 'geneve' }, 15],
    [{ type: 'network', role: 'pod', cidr: '10.128.0.0/14' }, 20],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 23 }, 21],
    [{ type: 'network', role: 'service', cidr: '172.30.0.0/16' }, 25],
    [{ type: 'cni', name: 'ovn-kubernetes' }, 23],
    [{ type: 'kubeProxyReplacement', name: 'ovn-kubernetes' }, 23],
    [{ type: 'cniSetting', field: 'encapsulation', value: 'geneve' }, 23],
    [{ type: 'cniSetting', field: 'mtu', value: 1400 }, 22],
  ]);
  assert.ok(r.observations.some((o) => o.claim.type === 'distribution' && o.claim.name === 'openshift'));
  assert.equal(r.diagnostics, []);
});

test('a migration in progress shows as two network types (spec OVN, status SDN)', () => {
  const text = CONFIG.replace(/status:\n([\s\S]*?)networkType: OVNKubernetes/, 'status:\n$1networkType: OpenShiftSDN');
  const r = k8sObjects.parse(splitLines(text), {});
  assert.equal(
    r.observations.flatMap((o) => (o.claim.type === 'cni' ? [o.claim.name] : [])),
    ['ovn-kubernetes', 'openshift-sdn'],
  );
});

test('network.operator/cluster: the default network type, its MTU, and deployKubeProxy', () => {
  const text = `apiVersion: operator.openshift.io/v1
kind: Network
metadata:
  name: cluster
spec:
  clusterNetwork:
  - cidr: 10.128.0.0/14
    hostPrefix: 23
  defaultNetwork:
    openshiftSDNConfig:
      mode: NetworkPolicy
      mtu: 1450
      vxlanPort: 4789
    type: OpenShiftSDN
  deployKubeProxy: true
  serviceNetwork:
  - 172.30.0.0/16
`;
  const r = k8sObjects.parse(splitLines(text), {});
  const got = r.observations.filter((o) => o.claim.type !== 'distribution').map((o) => [o.claim, o.line]);
  assert.equal(got, [
    [{ type: 'network', role: 'pod', cidr: '10.128.0.0/14' }, 7],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 23 }, 8],
    [{ type: 'network', role: 'service', cidr: '172.30.0.0/16' }, 17],
    [{ type: 'cni', name: 'openshift-sdn' }, 14],
    [{ type: 'cniSetting', field: 'encapsulation', value: 'vxlan' }, 14],
    [{ type: 'cniSetting', field: 'mtu', value: 1450 }, 12],
    [{ type: 'kubeProxyPresent', present: true }, 15],
  ]);
});

test('a Network of another group is not read', () => {
  const r = k8sObjects.parse(splitLines('apiVersion: example.com/v1\nkind: Network\nmetadata:\n  name: x\nspec:\n  serviceNetwork: [10.0.0.0/16]\n'), {});
  assert.equal(r.observations, []);
});

test.run();
