/**
 * kind Cluster configs as people write them: the docs' dual-stack and ipvs
 * examples, a multi-node config with kubeadmConfigPatches that carry no
 * apiVersion, kubeProxyMode none with the default CNI disabled (Cilium setups),
 * the legacy v1alpha3, and bad values. Fields from kind
 * pkg/apis/config/v1alpha4/types.go, defaults from default.go (v0.32.0).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { k8sObjects } from '../../parsers/k8s-objects.js';
import { splitLines } from '../../text.js';

const read = (text: string) => k8sObjects.parse(splitLines(text), {});
const claims = (text: string) => read(text).observations.map((o) => `${o.line}${o.inferred ? '~' : ''} ${JSON.stringify(o.claim)}`);

test('an empty-networking config: kind v0.32 defaults, inferred at the kind: line, one control-plane node', () => {
  assert.equal(claims('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n'), [
    '1 {"type":"distribution","name":"kind"}',
    '1~ {"type":"network","role":"pod","cidr":"10.244.0.0/16"}',
    '1~ {"type":"network","role":"service","cidr":"10.96.0.0/16"}',
    '1~ {"type":"proxyMode","mode":"iptables"}',
    '1~ {"type":"kubeProxyPresent","present":true}',
    '1~ {"type":"cni","name":"kindnet"}',
    '1~ {"type":"cniSetting","field":"ipam","value":"node-podcidr"}',
    '1~ {"type":"node","name":"kind-control-plane","roles":["control-plane"]}',
  ]);
  const res = read('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n');
  assert.match(res.observations[1]?.excerpt ?? '', /^default of kind v0\.32\.0 \(podSubnet 10\.244\.0\.0\/16\), not stated$/);
});

test('dual-stack, ipvs, stated subnets with CRLF and comments; nodes named as kind names them', () => {
  const text = [
    '# three nodes, dual-stack',
    'kind: Cluster',
    'apiVersion: kind.x-k8s.io/v1alpha4',
    'name: lab',
    'networking:',
    '  ipFamily: dual',
    '  apiServerAddress: 127.0.0.1',
    '  podSubnet: "10.100.0.0/16,fd00:100::/56"   # pods',
    '  kubeProxyMode: ipvs',
    'nodes:',
    '- role: control-plane',
    '- role: worker',
    '- role: worker',
  ].join('\r\n');
  assert.equal(claims(text), [
    '2 {"type":"distribution","name":"kind"}',
    '4 {"type":"clusterName","name":"lab"}',
    '8 {"type":"network","role":"pod","cidr":"10.100.0.0/16"}',
    '8 {"type":"network","role":"pod","cidr":"fd00:100::/56"}',
    '2~ {"type":"network","role":"service","cidr":"10.96.0.0/16"}',
    '2~ {"type":"network","role":"service","cidr":"fd00:10:96::/112"}',
    '9 {"type":"proxyMode","mode":"ipvs"}',
    '2~ {"type":"cni","name":"kindnet"}',
    '2~ {"type":"cniSetting","field":"ipam","value":"node-podcidr"}',
    '11 {"type":"node","name":"lab-control-plane","roles":["control-plane"]}',
    '12 {"type":"node","name":"lab-worker","roles":["worker"]}',
    '13 {"type":"node","name":"lab-worker2","roles":["worker"]}',
  ]);
});

test('IPv6 defaults', () => {
  const got = claims('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  ipFamily: ipv6\n').filter((c) => c.includes('network'));
  assert.equal(got, ['1~ {"type":"network","role":"pod","cidr":"fd00:10:244::/56"}', '1~ {"type":"network","role":"service","cidr":"fd00:10:96::/112"}']);
});

test('kubeProxyMode none and disableDefaultCNI: no kube-proxy, no kindnet', () => {
  const res = read('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  disableDefaultCNI: true\n  kubeProxyMode: "none"\n');
  const c = res.observations.map((o) => o.claim);
  assert.ok(c.some((x) => x.type === 'kubeProxyPresent' && x.present === false));
  assert.not.ok(c.some((x) => x.type === 'cni' || x.type === 'proxyMode'));
  assert.ok(res.diagnostics.some((d) => d.level === 'skipped' && d.line === 4 && /CNI is installed apart/.test(d.message)));
});

test('kubeadmConfigPatches without apiVersion are read by the kubeadm and kube-proxy handlers at their lines; kubeadm defaults are not kind\'s', () => {
  const text = [
    'kind: Cluster',
    'apiVersion: kind.x-k8s.io/v1alpha4',
    'kubeadmConfigPatches:',
    '- |',
    '  kind: ClusterConfiguration',
    '  controllerManager:',
    '    extraArgs:',
    '      node-cidr-mask-size: "25"',
    '- |',
    '  kind: KubeProxyConfiguration',
    '  mode: nftables',
    'nodes:',
    '- role: control-plane',
    '  kubeadmConfigPatches:',
    '  - |',
    '    kind: InitConfiguration',
    '    nodeRegistration:',
    '      kubeletExtraArgs:',
    '        node-labels: "ingress-ready=true"',
  ].join('\n');
  const res = read(text);
  const got = res.observations.filter((o) => ['nodeCIDRMaskSize', 'proxyMode', 'network'].includes(o.claim.type)).map((o) => `${o.line}${o.inferred ? '~' : ''} ${JSON.stringify(o.claim)}`);
  assert.equal(got, [
    '1~ {"type":"network","role":"pod","cidr":"10.244.0.0/16"}',
    '1~ {"type":"network","role":"service","cidr":"10.96.0.0/16"}',
    '1~ {"type":"proxyMode","mode":"iptables"}',
    // node-cidr-mask-size needs the family of --cluster-cidr: skipped, not guessed
    '11 {"type":"proxyMode","mode":"nftables"}',
  ]);
  assert.not.ok(res.observations.some((o) => o.claim.type === 'network' && o.claim.cidr === '10.96.0.0/12'));
  assert.not.ok(res.diagnostics.some((d) => d.level === 'error'));
});

test('v1alpha3 is read with a warning; bad values are errors at their lines', () => {
  const old = read('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha3\nnetworking:\n  podSubnet: 10.244.0.0/16\n');
  assert.ok(old.observations.some((o) => o.claim.type === 'network' && o.claim.cidr === '10.244.0.0/16' && o.line === 4));
  assert.equal(old.diagnostics.filter((d) => d.level === 'warning').map((d) => d.line), [2]);
  const bad = read('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  serviceSubnet: 10.96.0.0/33\n  kubeProxyMode: userspace\nnodes:\n- role: master\n');
  assert.equal(bad.diagnostics.filter((d) => d.level === 'error').map((d) => `${d.line} ${d.message}`), [
    '4 kind networking.serviceSubnet: "10.96.0.0/33": prefix length must be 0-32',
    '5 kind networking.kubeProxyMode "userspace": expected iptables, ipvs, nftables or none',
    '7 kind nodes[0].role "master": expected control-plane or worker',
  ]);
  const fam = read('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  ipFamily: IPv4\n');
  assert.equal(fam.diagnostics.map((d) => d.line), [4]);
});

test.run();
