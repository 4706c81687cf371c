/**
 * The operator's Installation as Calico ships it: manifests/custom-resources.yaml
 * (v3.29: default-ipv4-ippool, blockSize 26, 192.168.0.0/16, VXLANCrossSubnet)
 * and manifests/custom-resources-bpf.yaml (v3.31: linuxDataplane BPF), and as
 * `kubectl get installation default -o yaml` prints it after the operator filled defaults.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';
import type { Claim, ParseResult } from '../../types.js';

const parse = (text: string): ParseResult => k8sObjects.parse(splitLines(text), {});
const of = (r: ParseResult, type: Claim['type']): [Claim, number, boolean][] =>
  r.observations.filter((o) => o.claim.type === type).map((o) => [o.claim, o.line, o.inferred === true]);

const CUSTOM_RESOURCES_BPF = `# This section includes base Calico installation configuration.
# For more information, see: https://docs.tigera.io/calico/latest/reference/installation/api#operator.tigera.io/v1.Installation
apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  # Configures Calico networking.
  calicoNetwork:
    linuxDataplane: BPF
    bpfNetworkBootstrap: Enabled
    kubeProxyManagement: Enabled
    ipPools:
    - name: default-ipv4-ippool
      blockSize: 26
      cidr: 192.168.0.0/16
      encapsulation: VXLANCrossSubnet
      natOutgoing: Enabled
      nodeSelector: all()

---

# This section configures the Calico API server.
apiVersion: operator.tigera.io/v1
kind: APIServer
metadata:
  name: default
spec: {}
`;

test('custom-resources-bpf.yaml: the pool, VXLAN, and eBPF replacing kube-proxy', () => {
  const r = parse(CUSTOM_RESOURCES_BPF);
  assert.equal(of(r, 'ipPool'), [
    [{ type: 'ipPool', name: 'default-ipv4-ippool', cidr: '192.168.0.0/16', blockSize: 26, encapsulation: 'vxlan', disabled: false }, 16, false],
  ]);
  assert.equal(of(r, 'kubeProxyReplacement'), [[{ type: 'kubeProxyReplacement', name: 'calico-ebpf' }, 10, false]]);
  assert.equal(of(r, 'cni'), [[{ type: 'cni', name: 'calico' }, 4, true]]);
  assert.ok(of(r, 'cniSetting').some(([c, l]) => c.type === 'cniSetting' && c.field === 'encapsulation' && c.value === 'vxlan' && l === 17));
  assert.ok(of(r, 'cniSetting').some(([c, , inf]) => c.type === 'cniSetting' && c.field === 'ipam' && c.value === 'pool' && inf));
  // The APIServer has nothing for us.
  assert.equal(r.diagnostics.map((d) => d.message), ['APIServer default: no networking facts in this kind of object']);
});

// kubectl get installation default -o yaml: dual-stack, stated MTU, BGP, defaults filled by the operator.
const DUAL_STACK = `apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  generation: 2
  name: default
spec:
  calicoNetwork:
    bgp: Enabled
    hostPorts: Enabled
    ipPools:
    - allowedUses:
      - Workload
      - Tunnel
      blockSize: 26
      cidr: 10.48.0.0/16
      disableBGPExport: false
      encapsulation: IPIP
      natOutgoing: Enabled
      nodeSelector: all()
    - blockSize: 122
      cidr: fd00:10:48::/48
      encapsulation: None
      natOutgoing: Disabled
      nodeSelector: all()
    linuxDataplane: Iptables
    mtu: 1440
    multiInterfaceMode: None
    nodeAddressAutodetectionV4:
      firstFound: true
  cni:
    ipam:
      type: Calico
    type: Calico
  variant: Calico
`;

test('dual-stack Installation: both pools, MTU, stated CNI and IPAM', () => {
  const r = parse(DUAL_STACK);
  assert.equal(r.diagnostics, []);
  assert.equal(of(r, 'ipPool').map(([c, l]) => [c.type === 'ipPool' ? [c.cidr, c.blockSize, c.encapsulation] : null, l]), [
    [['10.48.0.0/16', 26, 'ipip'], 15],
    [['fd00:10:48::/48', 122, 'none'], 21],
  ]);
  assert.equal(of(r, 'cniSetting').filter(([c]) => c.type === 'cniSetting' && (c.field === 'mtu' || c.field === 'ipam')), [
    [{ type: 'cniSetting', field: 'ipam', value: 'pool' }, 32, false],
    [{ type: 'cniSetting', field: 'mtu', value: 1440 }, 26, false],
  ]);
  assert.equal(of(r, 'kubeProxyReplacement'), []);
});

test('omitted encapsulation is IPIP by the documented default, marked inferred; omitted blockSize 26', () => {
  const r = parse('apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  calicoNetwork:\n    ipPools:\n    - cidr: 172.20.0.0/16\n');
  assert.equal(of(r, 'ipPool'), [
    [{ type: 'ipPool', name: null, cidr: '172.20.0.0/16', blockSize: 26, encapsulation: 'ipip', disabled: false, inferredFields: ['blockSize', 'encapsulation'] }, 8, false],
  ]);
});

test('no ipPools: the operator decides, so nothing is guessed', () => {
  const r = parse('apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  calicoNetwork:\n    mtu: 0\n');
  assert.equal(of(r, 'ipPool'), []);
  assert.equal(of(r, 'cniSetting').filter(([c]) => c.type === 'cniSetting' && c.field === 'mtu'), []);
  assert.equal(r.diagnostics.map((d) => [d.level, d.line]), [
    ['skipped', 7],
    ['skipped', 7],
  ]);
});

test('Calico for policy only on EKS: the CNI is the VPC CNI', () => {
  const r = parse('apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  kubernetesProvider: EKS\n  cni:\n    type: AmazonVPC\n');
  assert.equal(of(r, 'cni'), [[{ type: 'cni', name: 'amazon-vpc-cni' }, 8, false]]);
  assert.equal(of(r, 'ipPool'), []);
});

const bad: [string, string, RegExp][] = [
  ['encapsulation', '    ipPools:\n    - cidr: 10.48.0.0/16\n      encapsulation: GRE', /expected IPIP, VXLAN/],
  ['dataplane', '    linuxDataplane: eBPF', /expected Iptables, BPF, Nftables or VPP/],
  ['IPv6 pool with an IPv4 block size', '    ipPools:\n    - cidr: fd00::/48\n      blockSize: 26', /must be 116-128 for IPv6/],
  ['MTU', '    mtu: "15OO"', /expected an MTU/],
];
for (const [name, net, message] of bad) {
  test(`invalid ${name} is an error`, () => {
    const r = parse(`apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\nspec:\n  calicoNetwork:\n${net}\n`);
    assert.match(r.diagnostics.find((d) => d.level === 'error')?.message ?? '', message);
  });
}

test.run();
