/**
 * Talos machine configs (`talosctl gen config` output, v1alpha1) and config
 * patches; defaults from siderolabs/talos pkg/machinery/constants (v1.13).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import type { ParseResult } from '../types.js';

const read = (text: string): ParseResult & { kind: string } => {
  const r = parseText(splitLines(text), { path: 'controlplane.yaml' });
  assert.ok(r, 'recognised');
  assert.is(r.kind, 'talos-config');
  return r;
};
const stated = (r: ParseResult) => r.observations.filter((o) => !o.inferred && o.claim.type !== 'distribution').map((o) => [o.claim, o.line]);

// Shaped like `talosctl gen config` v1.13 output; the secrets are made up and must never surface.
const CONTROLPLANE = `version: v1alpha1 # Indicates the schema used to decode the contents.
debug: false
persist: true
machine:
    type: controlplane
    token: q7zw4m.x1e2k3u4b5e6r7n8
    ca:
        crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJQekNCOHFBREFnRUNBaEVBCg==
        key: LS0tLS1CRUdJTiBFRDI1NTE5IFBSSVZBVEUgS0VZLS0tLS0KTUM0Q0FRQXdCUVlESzJWd0JDSUVJRgo=
    certSANs: []
    kubelet:
        image: ghcr.io/siderolabs/kubelet:v1.33.4
        defaultRuntimeSeccompProfileEnabled: true
        nodeIP:
            validSubnets:
                - 10.40.0.0/24
                - '!10.40.0.10/32'
        clusterDNS:
            - 10.96.0.10
    network:
        hostname: cp-1
        interfaces:
            - interface: eth0
              addresses:
                - 10.40.0.11/24
              mtu: 9000
              vip:
                ip: 10.40.0.10
            - deviceSelector:
                hardwareAddr: "52:54:00:*"
              dhcp: true
            - interface: dummy0
              addresses:
                - 169.254.2.53/32
cluster:
    id: 3qmHmdHq0bC9eLq3sZ1dSeKkJXPkVoYtWiM6Hs0DeT4=
    secret: E0sGhQm8KcVsYpRAXnfBhGvYz1K9fo7sA7Vqm9zpO8M=
    controlPlane:
        endpoint: https://10.40.0.10:6443
    clusterName: homelab
    network:
        dnsDomain: cluster.local
        podSubnets:
            - 10.244.0.0/16
            - fd00:10:244::/56
        serviceSubnets:
            - 10.96.0.0/12
            - fd00:10:96::/112
    token: hl8sx3.mc0n2ab9k1q7wz4e
    secretboxEncryptionSecret: 7ZbNfG2hWm6ofeE8jVgq5fHn0Lq0aI7yB2lPjD6t4uQ=
    apiServer:
        image: registry.k8s.io/kube-apiserver:v1.33.4
    proxy:
        mode: ipvs
---
apiVersion: v1alpha1
kind: HostnameConfig
auto: stable
`;

test('a whole controlplane.yaml: dual-stack subnets, kubelet node IP subnets, interfaces, DNS, proxy mode, version', () => {
  const r = read(CONTROLPLANE);
  assert.equal(stated(r), [
    [{ type: 'clusterName', name: 'homelab' }, 40],
    [{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, 44],
    [{ type: 'network', role: 'pod', cidr: 'fd00:10:244::/56' }, 45],
    [{ type: 'network', role: 'service', cidr: '10.96.0.0/12' }, 47],
    [{ type: 'network', role: 'service', cidr: 'fd00:10:96::/112' }, 48],
    [{ type: 'proxyMode', mode: 'ipvs' }, 54],
    [{ type: 'clusterVersion', version: 'v1.33.4' }, 52],
    [{ type: 'clusterDNS', ip: '10.96.0.10' }, 19],
    [{ type: 'network', role: 'node', cidr: '10.40.0.0/24' }, 16],
    [{ type: 'network', role: 'node', cidr: '10.40.0.11/24', isAddress: true }, 25],
    [{ type: 'interface', name: 'eth0', mtu: 9000, addresses: [{ address: '10.40.0.11', prefixLength: 24, scope: 'global' }] }, 23],
    [{ type: 'interface', name: 'dummy0', mtu: null, addresses: [{ address: '169.254.2.53', prefixLength: 32, scope: 'global' }] }, 32],
  ]);
  // The CNI is Talos's default flannel: inferred, with its IPAM.
  assert.equal(
    r.observations.filter((o) => o.inferred).map((o) => [o.claim, o.excerpt]),
    [
      [{ type: 'cni', name: 'flannel' }, 'default of Talos v1.13 (cluster.network.cni.name flannel), not stated'],
      [{ type: 'cniSetting', field: 'ipam', value: 'node-podcidr' }, 'IPAM of flannel by default (node-podcidr), not stated'],
    ],
  );
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && d.line === 29 && /deviceSelector\(hardwareAddr=52:54:00:\*\): addresses from DHCP/.test(d.message)));
});

test('no secret of the machine config reaches an observation or diagnostic', () => {
  const all = JSON.stringify(read(CONTROLPLANE));
  for (const s of ['q7zw4m', 'LS0tLS1CRUdJTiBFRDI1NTE5', '3qmHmdHq0bC9', 'E0sGhQm8', 'hl8sx3', '7ZbNfG2h']) assert.not.ok(all.includes(s), s);
});

test('a patch (no version): only what it states, no defaults; cni none and proxy disabled', () => {
  const r = read('# patch/disable-kube-proxy-and-cni.yaml\ncluster:\n  network:\n    cni:\n      name: none\n  proxy:\n    disabled: true\n');
  assert.equal(stated(r), [[{ type: 'kubeProxyPresent', present: false }, 7]]);
  assert.equal(r.observations.filter((o) => o.inferred), []);
  assert.ok(r.diagnostics.some((d) => d.level === 'skipped' && d.line === 5 && /none: Talos deploys no CNI/.test(d.message)));
});

test('a whole config without cluster.network: Talos default subnets and flannel, inferred', () => {
  const r = read('version: v1alpha1\nmachine:\n  type: worker\ncluster:\n  controlPlane:\n    endpoint: https://10.0.0.1:6443\n');
  assert.equal(
    r.observations.filter((o) => o.inferred).map((o) => o.claim),
    [
      { type: 'network', role: 'pod', cidr: '10.244.0.0/16' },
      { type: 'network', role: 'service', cidr: '10.96.0.0/12' },
      { type: 'cni', name: 'flannel' },
      { type: 'cniSetting', field: 'ipam', value: 'node-podcidr' },
    ],
  );
});

test('templated values (Terraform, Go templates) are templates; CRLF; a bad subnet is an error at its line', () => {
  const text = ['machine:', '  kubelet:', '    nodeIP:', '      validSubnets:', '        - ${node_subnet}', 'cluster:', '  network:', '    podSubnets:', '      - 10.244.0.0/33', '    serviceSubnets:', '      - "{{ .Values.serviceSubnet }}"', ''].join('\r\n');
  const r = read(text);
  assert.equal(r.observations.filter((o) => o.claim.type === 'network'), []);
  assert.equal(r.diagnostics.filter((d) => d.level === 'skipped').map((d) => d.line), [11, 5]);
  assert.equal(r.diagnostics.filter((d) => d.level === 'error').map((d) => d.line), [9]);
});

test('a kind or kubeadm config is not a Talos config', () => {
  assert.is.not(parseText(splitLines('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  podSubnet: 10.244.0.0/16\n'), {})?.kind, 'talos-config');
});

test.run();
