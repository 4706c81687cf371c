/**
 * calico.yaml as Calico ships it (projectcalico/calico manifests/calico.yaml,
 * v3.2x: the calico-config ConfigMap with veth_mtu "0" and the cni_network_config
 * template, and the calico-node DaemonSet whose CALICO_IPV4POOL_CIDR is commented
 * out until the user sets it) and canal.yaml's DaemonSet.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';
import type { Claim, ParseResult } from '../../types.js';

const parse = (text: string): ParseResult => k8sObjects.parse(splitLines(text), {});
const of = (r: ParseResult, type: Claim['type']): [Claim, number, boolean][] =>
  r.observations.filter((o) => o.claim.type === type).map((o) => [o.claim, o.line, o.inferred === true]);

const CALICO_YAML = `---
# Source: calico/templates/calico-config.yaml
# This ConfigMap is used to configure a self-hosted Calico installation.
kind: ConfigMap
apiVersion: v1
metadata:
  name: calico-config
  namespace: kube-system
data:
  # Typha is disabled.
  typha_service_name: "none"
  # Configure the backend to use.
  calico_backend: "bird"

  # Configure the MTU to use for workload interfaces and tunnels.
  # By default, MTU is auto-detected, and explicitly setting this field should not be required.
  # You can override auto-detection by providing a non-zero value.
  veth_mtu: "0"

  # The CNI network configuration to install on each node. The special
  # values in this config will be automatically populated.
  cni_network_config: |-
    {
      "name": "k8s-pod-network",
      "cniVersion": "0.3.1",
      "plugins": [
        {
          "type": "calico",
          "log_level": "info",
          "log_file_path": "/var/log/calico/cni/cni.log",
          "datastore_type": "kubernetes",
          "nodename": "__KUBERNETES_NODE_NAME__",
          "mtu": __CNI_MTU__,
          "ipam": {
              "type": "calico-ipam"
          },
          "policy": {
              "type": "k8s"
          },
          "kubernetes": {
              "kubeconfig": "__KUBECONFIG_FILEPATH__"
          }
        },
        {
          "type": "portmap",
          "snat": true,
          "capabilities": {"portMappings": true}
        },
        {
          "type": "bandwidth",
          "capabilities": {"bandwidth": true}
        }
      ]
    }
---
# Source: calico/templates/calico-node.yaml
# This manifest installs the calico-node container, as well
# as the CNI plugins and network config on
# each master and worker node in a Kubernetes cluster.
kind: DaemonSet
apiVersion: apps/v1
metadata:
  name: calico-node
  namespace: kube-system
  labels:
    k8s-app: calico-node
spec:
  selector:
    matchLabels:
      k8s-app: calico-node
  template:
    metadata:
      labels:
        k8s-app: calico-node
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      hostNetwork: true
      tolerations:
        - effect: NoSchedule
          operator: Exists
        - key: CriticalAddonsOnly
          operator: Exists
        - effect: NoExecute
          operator: Exists
      containers:
        - name: calico-node
          image: docker.io/calico/node:v3.28.2
          env:
            - name: DATASTORE_TYPE
              value: "kubernetes"
            - name: WAIT_FOR_DATASTORE
              value: "true"
            - name: NODENAME
              valueFrom:
                fieldRef:
                  fieldPath: spec.nodeName
            - name: CALICO_NETWORKING_BACKEND
              valueFrom:
                configMapKeyRef:
                  name: calico-config
                  key: calico_backend
            - name: CLUSTER_TYPE
              value: "k8s,bgp"
            - name: IP
              value: "autodetect"
            - name: CALICO_IPV4POOL_IPIP
              value: "Always"
            - name: CALICO_IPV4POOL_VXLAN
              value: "Never"
            - name: CALICO_IPV6POOL_VXLAN
              value: "Never"
            - name: FELIX_IPINIPMTU
              valueFrom:
                configMapKeyRef:
                  name: calico-config
                  key: veth_mtu
            - name: FELIX_VXLANMTU
              valueFrom:
                configMapKeyRef:
                  name: calico-config
                  key: veth_mtu
            # The default IPv4 pool to create on startup if none exists. Pod IPs will be
            # chosen from this range. Changing this value after installation will have
            # no effect. This should fall within \`--cluster-cidr\`.
            # - name: CALICO_IPV4POOL_CIDR
            #   value: "192.168.0.0/16"
            - name: CALICO_DISABLE_FILE_LOGGING
              value: "true"
            - name: FELIX_IPV6SUPPORT
              value: "false"
`;

test('calico.yaml as shipped: no pool (the CIDR is commented out), MTU auto-detected, templates skipped', () => {
  const r = parse(CALICO_YAML);
  assert.equal(of(r, 'ipPool'), []);
  assert.equal(of(r, 'cniSetting').filter(([c]) => c.type === 'cniSetting' && c.field === 'mtu'), []);
  assert.ok(of(r, 'cni').every(([c]) => c.type === 'cni' && c.name === 'calico'));
  assert.ok(of(r, 'cniSetting').some(([c, l, inf]) => c.type === 'cniSetting' && c.field === 'ipam' && c.value === 'pool' && l === 35 && !inf));
  const skipped = r.diagnostics.filter((d) => d.level === 'skipped').map((d) => [d.line, d.message]);
  assert.equal(skipped, [
    [18, 'calico-config veth_mtu is 0: the CNI detects the MTU from the host interface, so no value is stated'],
    [32, 'plugins.0.nodename "__KUBERNETES_NODE_NAME__" is a placeholder the CNI installer fills in on each node, not a value'],
    [33, 'plugins.0.mtu "__CNI_MTU__" is a placeholder the CNI installer fills in on each node, not a value'],
    [41, 'plugins.0.kubernetes.kubeconfig "__KUBECONFIG_FILEPATH__" is a placeholder the CNI installer fills in on each node, not a value'],
    [98, 'CALICO_NETWORKING_BACKEND comes from ConfigMap calico-config key calico_backend: its value is not in this evidence'],
    [113, 'FELIX_IPINIPMTU comes from ConfigMap calico-config key veth_mtu: its value is not in this evidence'],
    [118, 'FELIX_VXLANMTU comes from ConfigMap calico-config key veth_mtu: its value is not in this evidence'],
  ]);
  assert.is(r.diagnostics.filter((d) => d.level === 'error').length, 0);
});

test('the same manifest with the CIDR uncommented and the MTU set: a pool with IPIP and the MTU', () => {
  const edited = CALICO_YAML.replace('# - name: CALICO_IPV4POOL_CIDR', '- name: CALICO_IPV4POOL_CIDR')
    .replace('#   value: "192.168.0.0/16"', '  value: "10.244.0.0/16"')
    .replace('veth_mtu: "0"', 'veth_mtu: "1430"');
  const r = parse(edited);
  assert.equal(of(r, 'ipPool'), [
    [
      { type: 'ipPool', name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 26, encapsulation: 'ipip', disabled: false, inferredFields: ['blockSize'] },
      127,
      false,
    ],
  ]);
  assert.ok(of(r, 'cniSetting').some(([c, l]) => c.type === 'cniSetting' && c.field === 'mtu' && c.value === 1430 && l === 18));
  assert.ok(of(r, 'cniSetting').some(([c, l]) => c.type === 'cniSetting' && c.field === 'encapsulation' && c.value === 'ipip' && l === 108));
});

test('dual-stack env with VXLAN, block sizes and eBPF', () => {
  const r = parse(`apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: calico-node
  namespace: calico-system
spec:
  template:
    spec:
      containers:
      - name: calico-node
        env:
        - name: CALICO_IPV4POOL_CIDR
          value: 10.244.0.0/16
        - name: CALICO_IPV4POOL_BLOCK_SIZE
          value: "24"
        - name: CALICO_IPV4POOL_VXLAN
          value: CrossSubnet
        - name: CALICO_IPV6POOL_CIDR
          value: fd00:10:244::/48
        - name: CALICO_IPV6POOL_VXLAN
          value: Always
        - name: FELIX_VXLANMTU
          value: "1450"
        - name: FELIX_BPFENABLED
          value: "true"
`);
  assert.equal(of(r, 'ipPool').map(([c, l]) => (c.type === 'ipPool' ? [c.cidr, c.blockSize, c.encapsulation, l] : null)), [
    ['10.244.0.0/16', 24, 'vxlan', 13],
    ['fd00:10:244::/48', 122, 'vxlan', 19],
  ]);
  assert.ok(of(r, 'cniSetting').some(([c, l]) => c.type === 'cniSetting' && c.field === 'mtu' && c.value === 1450 && l === 23));
  assert.equal(of(r, 'kubeProxyReplacement'), [[{ type: 'kubeProxyReplacement', name: 'calico-ebpf' }, 25, false]]);
});

test('canal: flannel networks, Calico enforces policy, node podCIDRs are used', () => {
  const r = parse(`kind: DaemonSet
apiVersion: apps/v1
metadata:
  name: canal
  namespace: kube-system
spec:
  template:
    spec:
      containers:
        - name: calico-node
          image: docker.io/calico/node:v3.28.2
          env:
            - name: CALICO_NETWORKING_BACKEND
              value: "none"
            - name: FELIX_IPTABLESREFRESHINTERVAL
              value: "60"
        - name: kube-flannel
          image: docker.io/flannel/flannel:v0.25.1
          command: ["/opt/bin/flanneld", "--ip-masq", "--kube-subnet-mgr"]
`);
  assert.ok(of(r, 'cni').every(([c]) => c.type === 'cni' && c.name === 'canal'));
  assert.ok(of(r, 'cniSetting').some(([c]) => c.type === 'cniSetting' && c.field === 'ipam' && c.value === 'node-podcidr'));
  assert.ok(of(r, 'cniSetting').some(([c]) => c.type === 'cniSetting' && c.field === 'enforcesNetworkPolicy' && c.value === true));
});

test('templated env values are skipped, invalid ones are errors', () => {
  const ds = (env: string): ParseResult =>
    parse(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: calico-node\nspec:\n  template:\n    spec:\n      containers:\n      - name: calico-node\n        env:\n${env}`);
  const t = ds('        - name: CALICO_IPV4POOL_CIDR\n          value: "${POD_CIDR}"\n');
  assert.equal(of(t, 'ipPool'), []);
  assert.equal(t.diagnostics.map((d) => [d.level, d.line]), [['skipped', 12]]);
  const e = ds('        - name: CALICO_IPV4POOL_CIDR\n          value: "10.244.0.0/33"\n');
  assert.equal(e.diagnostics.map((d) => [d.level, d.line, d.message]), [['error', 12, 'CALICO_IPV4POOL_CIDR: "10.244.0.0/33": prefix length must be 0-32']]);
});

test.run();
