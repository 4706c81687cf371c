/**
 * k3s and RKE2 settings as they appear in the wild: config.yaml with
 * comments, quoted values, block and flow lists; the get.k3s.io one-liner with
 * INSTALL_K3S_EXEC; the systemd unit the install script writes (quoted words,
 * `\` continuations, tabs); repeated flags for dual-stack; `--flag value` and
 * `--flag=value`; Nix extraFlags; an agent, which states no server defaults.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitLines } from '../text.js';
import { k3sConfig, parseK3s } from './k3s.js';

const show = (text: string, path?: string) =>
  parseK3s(splitLines(text), path ? { path } : {}).observations.map((o) => `${o.line}${o.inferred ? '~' : ''} ${JSON.stringify(o.claim)}`);

test('config.yaml at its path: stated values, lists, comments, and the defaults left out', () => {
  const text = [
    '# managed by hand',
    'write-kubeconfig-mode: "0644"',
    'cluster-cidr: "10.42.0.0/16"   # pods',
    'service-cidr: 10.43.0.0/16',
    'kube-proxy-arg:',
    '  - "proxy-mode=ipvs"',
    '  - metrics-bind-address=0.0.0.0',
    'kube-controller-manager-arg: ["node-cidr-mask-size=25"]',
    'disable:',
    '  - traefik',
    '#disable-network-policy: true',
  ].join('\r\n');
  assert.ok(k3sConfig.detect(splitLines(text), { path: '/etc/rancher/k3s/config.yaml' }) > 1);
  assert.equal(show(text, '/etc/rancher/k3s/config.yaml'), [
    '2 {"type":"distribution","name":"k3s"}',
    '3 {"type":"network","role":"pod","cidr":"10.42.0.0/16"}',
    '4 {"type":"network","role":"service","cidr":"10.43.0.0/16"}',
    '2~ {"type":"kubeProxyPresent","present":true}',
    '6 {"type":"proxyMode","mode":"ipvs"}',
    '8 {"type":"nodeCIDRMaskSize","family":"IPv4","size":25}',
    '2~ {"type":"cni","name":"flannel"}',
    '2~ {"type":"cniSetting","field":"encapsulation","value":"vxlan"}',
    '2~ {"type":"cniSetting","field":"ipam","value":"node-podcidr"}',
    '2~ {"type":"cniSetting","field":"enforcesNetworkPolicy","value":true}',
  ]);
});

test('the get.k3s.io one-liner with INSTALL_K3S_EXEC, continuation, dual-stack and both flag spellings', () => {
  const text = 'curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --flannel-backend=none --disable-network-policy \\\n  --disable-kube-proxy --cluster-cidr=10.52.0.0/16,fd00:52::/56 --service-cidr 10.53.0.0/16 --disable traefik" sh -';
  assert.ok(k3sConfig.detect(splitLines(text), {}) > 0.9);
  const res = parseK3s(splitLines(text), {});
  assert.equal(show(text), [
    '1 {"type":"distribution","name":"k3s"}',
    '2 {"type":"network","role":"pod","cidr":"10.52.0.0/16"}',
    '2 {"type":"network","role":"pod","cidr":"fd00:52::/56"}',
    '2 {"type":"network","role":"service","cidr":"10.53.0.0/16"}',
    '2 {"type":"kubeProxyPresent","present":false}',
    '1 {"type":"cniSetting","field":"enforcesNetworkPolicy","value":false}',
  ]);
  assert.ok(res.diagnostics.some((d) => d.level === 'skipped' && /flannel-backend none/.test(d.message)));
});

test('repeated flags add up (dual-stack); the unit file the installer writes, with quoted words and tabs', () => {
  const unit = ['[Service]', 'ExecStart=/usr/local/bin/k3s \\', '    server \\', "\t'--cluster-cidr' '10.42.0.0/16' \\", "\t'--cluster-cidr=2001:cafe:42::/56' \\", "\t'--flannel-backend' 'host-gw' \\", '\t--kube-proxy-arg proxy-mode=nftables \\', '', '[Install]'].join('\n');
  const got = show(unit);
  assert.ok(got.includes('4 {"type":"network","role":"pod","cidr":"10.42.0.0/16"}'));
  assert.ok(got.includes('5 {"type":"network","role":"pod","cidr":"2001:cafe:42::/56"}'));
  assert.ok(got.includes('6 {"type":"cniSetting","field":"encapsulation","value":"none"}'));
  assert.ok(got.includes('7 {"type":"proxyMode","mode":"nftables"}'));
  assert.ok(got.includes('2~ {"type":"network","role":"service","cidr":"10.43.0.0/16"}'));
});

test('RKE2: cni with multus first, canal by default; agents state no defaults', () => {
  assert.equal(show('cni:\n  - multus\n  - cilium\ndisable-kube-proxy: true\n', '/etc/rancher/rke2/config.yaml').filter((l) => !l.includes('network"')), [
    '1 {"type":"distribution","name":"rke2"}',
    '1~ {"type":"clusterDNS","ip":"10.43.0.10"}',
    '4 {"type":"kubeProxyPresent","present":false}',
    '3 {"type":"cni","name":"cilium"}',
  ]);
  assert.ok(show('write-kubeconfig-mode: "0600"\ntls-san:\n  - my.example.com\n', '/etc/rancher/rke2/config.yaml').includes('1~ {"type":"cni","name":"canal"}'));
  assert.equal(show('curl -sfL https://get.k3s.io | K3S_URL=https://10.0.0.1:6443 sh -s - agent --node-ip 10.0.0.5\n').filter((l) => l.includes('~')), []);
});

test('Nix extraFlags and templated values: read, or skipped when decided elsewhere', () => {
  const nix = '{ config, pkgs, ... }:\n{\n  services.k3s = {\n    enable = true;\n    role = "server";\n    extraFlags = toString [ "--cluster-cidr 10.24.0.0/16" "--service-cidr=10.25.0.0/16" ];\n  };\n}\n';
  const got = show(nix);
  assert.ok(got.includes('6 {"type":"network","role":"pod","cidr":"10.24.0.0/16"}'));
  assert.ok(got.includes('6 {"type":"network","role":"service","cidr":"10.25.0.0/16"}'));
  const res = parseK3s(splitLines('cluster-cidr: "{{ k3s_cluster_cidr }}"\nservice-cidr: 10.43.0.0/16\n'), { path: 'templates/config.yaml.j2' });
  assert.ok(res.diagnostics.some((d) => d.level === 'skipped' && d.line === 1 && /templated/.test(d.message)));
  // Decided elsewhere: neither read nor replaced by k3s's default.
  assert.not.ok(res.observations.some((o) => o.claim.type === 'network' && o.claim.role === 'pod'));
});

test('bad values are errors at their line', () => {
  const res = parseK3s(splitLines('k3s server --cluster-cidr 10.42.0.0/33 --flannel-backend vxlann --kube-proxy-arg=proxy-mode=userspace\n'), {});
  assert.equal(res.diagnostics.filter((d) => d.level === 'error').map((d) => d.message), [
    'k3s cluster-cidr: "10.42.0.0/33": prefix length must be 0-32',
    'k3s kube-proxy-arg proxy-mode=userspace: expected iptables, ipvs or nftables',
    'k3s flannel-backend vxlann: expected vxlan, host-gw, wireguard-native or none',
  ]);
});

test('not k3s: a kubeadm flag line or a kind config', () => {
  assert.is(k3sConfig.detect(splitLines('    - --cluster-cidr=10.244.0.0/16\n'), {}), 0);
  assert.is(k3sConfig.detect(splitLines('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  podSubnet: 10.1.0.0/16\n'), {}), 0);
});

test.run();
