/**
 * MicroK8s evidence as operators have it: the launch configuration (one part or
 * several, with CNI env, extra args, addons, a join), the args files as the snap
 * writes them (${SNAP_DATA} paths, quoted values, comments, CRLF), printed by
 * `cat` in a write-up, and args/cni-env.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detect, PARSERS } from '../registry.js';
import { splitLines } from '../text.js';
import type { ParseContext } from '../types.js';
import { microk8s } from './microk8s.js';

const show = (text: string, ctx: ParseContext = {}) =>
  microk8s.parse(splitLines(text), ctx).observations.map((o) => `${o.line}${o.inferred ? '~' : ''} ${JSON.stringify(o.claim)}`);

test('a launch configuration with CNI env and extra args: stated values, and the defaults it leaves out', () => {
  const text = [
    '---',
    'version: 0.2.0',
    'extraCNIEnv:',
    '  IPv4_SUPPORT: true',
    '  IPv4_CLUSTER_CIDR: 10.3.0.0/16',
    '  IPv4_SERVICE_CIDR: 10.153.183.0/24',
    '  IPv6_SUPPORT: false',
    '  IPv6_CLUSTER_CIDR: fd02::/64',
    'extraKubeProxyArgs:',
    '  --cluster-cidr: 10.3.0.0/16',
    '  --proxy-mode: ipvs',
    'extraKubeletArgs:',
    '  --cluster-dns: 10.153.183.10',
    'addons:',
    '  - name: dns',
  ].join('\r\n');
  assert.ok(detect(PARSERS, splitLines(text), {}) === microk8s);
  assert.equal(show(text), [
    '2 {"type":"distribution","name":"microk8s"}',
    '10 {"type":"kubeProxyClusterCIDR","cidr":"10.3.0.0/16"}',
    '11 {"type":"proxyMode","mode":"ipvs"}',
    '13 {"type":"clusterDNS","ip":"10.153.183.10"}',
    '5 {"type":"network","role":"pod","cidr":"10.3.0.0/16"}',
    '6 {"type":"network","role":"service","cidr":"10.153.183.0/24"}',
    '2~ {"type":"kubeProxyPresent","present":true}',
    '2~ {"type":"cni","name":"calico"}',
    '2~ {"type":"cniSetting","field":"ipam","value":"pool"}',
    '2~ {"type":"cniSetting","field":"encapsulation","value":"vxlan"}',
  ]);
});

test('a bare launch configuration: every range is a default of MicroK8s, worded as one', () => {
  const res = microk8s.parse(splitLines('version: 0.1.0\naddons:\n  - name: dns\n  - name: rbac\n'), {});
  const byType = res.observations.map((o) => [o.claim.type, o.inferred === true, o.excerpt]);
  assert.equal(byType[0], ['distribution', false, 'version: 0.1.0']);
  assert.ok(byType.some(([t, inf, ex]) => t === 'network' && inf && /default of microk8s v1\.36 \(--service-cluster-ip-range 10\.152\.183\.0\/24\), not stated/.test(String(ex))));
  assert.ok(byType.some(([t, inf, ex]) => t === 'network' && inf && /IPv4_CLUSTER_CIDR 10\.1\.0\.0\/16/.test(String(ex))));
  assert.ok(byType.some(([t, inf]) => t === 'proxyMode' && inf));
});

test('several parts apply in order; a worker that joins states no defaults; the cilium addon replaces Calico', () => {
  const text = ['# header', '---', 'version: 0.1.0', 'addons:', '  - name: community', '---', 'version: 0.2.0', 'addons:', '  - name: community/cilium', 'join:', '  url: 10.0.0.10:25000/abc/def', '  worker: true'].join('\n');
  const res = microk8s.parse(splitLines(text), {});
  const lines = res.observations.map((o) => `${o.line}${o.inferred ? '~' : ''} ${o.claim.type}${o.claim.type === 'cni' ? `:${o.claim.name}` : ''}`);
  assert.equal(lines, ['3 distribution', '9 cni:cilium', '3~ kubeProxyPresent', '3~ proxyMode']);
  assert.ok(res.diagnostics.some((d) => d.level === 'skipped' && /joins a cluster/.test(d.message)));
});

test('bad values: an invalid range, an unknown proxy mode, a version that is not a launch configuration version', () => {
  const res = microk8s.parse(splitLines('version: 0.2.0\nextraCNIEnv:\n  IPv4_CLUSTER_CIDR: 10.1.0.0/33\nextraKubeProxyArgs:\n  --proxy-mode: userspace\n'), {});
  assert.ok(res.diagnostics.some((d) => d.level === 'error' && d.line === 3 && /IPv4_CLUSTER_CIDR/.test(d.message)));
  assert.ok(res.diagnostics.some((d) => d.level === 'error' && d.line === 5 && /userspace: expected iptables, ipvs or nftables/.test(d.message)));
  const v = microk8s.parse(splitLines('version: 1.0.0\naddons:\n  - name: dns\n'), {});
  assert.ok(v.diagnostics.some((d) => d.level === 'error' && /expected a version from 0\.1\.0 to 0\.2\.0/.test(d.message)));
  const y = microk8s.parse(splitLines('version: 0.2.0\naddons: [\n'), {});
  assert.ok(y.diagnostics.some((d) => d.level === 'error' && /not valid YAML/.test(d.message)));
});

test('args files as the snap writes them: the component from the path or the credentials file', () => {
  const apiserver = [
    '--cert-dir=${SNAP_DATA}/certs',
    '--service-cluster-ip-range=10.152.183.0/24',
    '--authorization-mode=RBAC,Node',
    '--secure-port=16443',
    '--etcd-servers="unix://${SNAP_DATA}/var/kubernetes/backend/kine.sock:12379"',
    '',
    '# Enable the aggregation layer',
    '--requestheader-allowed-names=front-proxy-client',
  ].join('\n');
  assert.ok(detect(PARSERS, splitLines(apiserver), {}) === microk8s);
  // Also at its path, where the component flags' reader has a hint from the name.
  assert.ok(detect(PARSERS, splitLines(apiserver), { path: 'args/kube-apiserver' }) === microk8s);
  assert.equal(show(apiserver), ['1 {"type":"distribution","name":"microk8s"}', '2 {"type":"network","role":"service","cidr":"10.152.183.0/24"}']);

  const proxy = '--kubeconfig=${SNAP_DATA}/credentials/proxy.config\n--cluster-cidr=10.1.0.0/16\n--healthz-bind-address=127.0.0.1\n--profiling=false\n';
  assert.equal(show(proxy), [
    '1 {"type":"distribution","name":"microk8s"}',
    '2 {"type":"kubeProxyClusterCIDR","cidr":"10.1.0.0/16"}',
    '1~ {"type":"kubeProxyPresent","present":true}',
    '1~ {"type":"proxyMode","mode":"iptables"}',
  ]);
  const cm = '--kubeconfig=${SNAP_DATA}/credentials/controller.config\n--cluster-cidr=10.1.0.0/16\n--service-cluster-ip-range=10.152.183.0/24\n';
  assert.equal(show(cm), [
    '1 {"type":"distribution","name":"microk8s"}',
    '2 {"type":"network","role":"pod","cidr":"10.1.0.0/16"}',
    '3 {"type":"network","role":"service","cidr":"10.152.183.0/24"}',
    '3 {"type":"controllerManagerServiceRange","value":true}',
  ]);
  const kubelet = '--kubeconfig=${SNAP_DATA}/credentials/kubelet.config\n--cluster-dns=10.152.183.10\n--cluster-domain=cluster.local\n';
  assert.equal(show(kubelet), ['1 {"type":"distribution","name":"microk8s"}', '2 {"type":"clusterDNS","ip":"10.152.183.10"}']);
});

test('an args file printed in a write-up: the command names the component; the path alone is enough without ${SNAP_DATA}', () => {
  const ctx = { command: 'cat /var/snap/microk8s/current/args/kube-proxy' };
  const text = '--kubeconfig=/var/snap/microk8s/123/credentials/proxy.config\n--cluster-cidr=10.1.0.0/16\n--proxy-mode=ipvs\n';
  assert.ok(microk8s.detect(splitLines(text), ctx) > 0.9);
  assert.equal(show(text, ctx).slice(-2), ['1~ {"type":"kubeProxyPresent","present":true}', '3 {"type":"proxyMode","mode":"ipvs"}']);
  // Plain flags without the snap's paths nor its path are another tool's: not taken for MicroK8s.
  assert.equal(microk8s.detect(splitLines('--cluster-cidr=10.1.0.0/16\n--proxy-mode=ipvs\n'), {}), 0);
});

test('args/cni-env: the ranges, IPv6 only when turned on, the MTU; commented lines are not evidence', () => {
  const text = [
    '# Choose CNI to deploy',
    'CNI=calico',
    'IPv4_SUPPORT=true',
    'IPv4_CLUSTER_CIDR=10.1.0.0/16',
    'IPv4_SERVICE_CIDR=10.152.183.0/24',
    'IPv6_SUPPORT=false',
    '# IPv6_CLUSTER_CIDR=fd01::/64',
    'CALICO_VETH_MTU=1440',
  ].join('\n');
  assert.ok(detect(PARSERS, splitLines(text), {}) === microk8s);
  assert.equal(show(text), [
    '2 {"type":"distribution","name":"microk8s"}',
    '4 {"type":"network","role":"pod","cidr":"10.1.0.0/16"}',
    '5 {"type":"network","role":"service","cidr":"10.152.183.0/24"}',
    '2 {"type":"cni","name":"calico"}',
    '2~ {"type":"cniSetting","field":"ipam","value":"pool"}',
    '8 {"type":"cniSetting","field":"mtu","value":1440}',
  ]);
});

test('fuzz: truncated and shuffled launch configurations never throw', () => {
  const base = 'version: 0.2.0\nextraCNIEnv:\n  IPv4_CLUSTER_CIDR: 10.3.0.0/16\nextraKubeAPIServerArgs:\n  --service-cluster-ip-range: 10.153.183.0/24\naddons:\n  - name: dns\n';
  for (let cut = 0; cut <= base.length; cut++) {
    const lines = splitLines(base.slice(0, cut));
    microk8s.detect(lines, {});
    microk8s.parse(lines, {});
    microk8s.parse([...lines].reverse(), {});
  }
});

test.run();
