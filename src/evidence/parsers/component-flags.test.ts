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
    [{ type: 'allocateNodeCIDRs', value: true }, 2],
  ]);
});

test('a bad range is an error naming the flag and line', () => {
  const res = componentFlags.parse(splitLines('    - --service-cluster-ip-range=10.96.0.0/33'), {});
  assert.equal(res.diagnostics, [{ level: 'error', line: 1, message: '--service-cluster-ip-range: "10.96.0.0/33": prefix length must be 0-32' }]);
});

// kubeadm's kube-controller-manager manifest for a dual-stack cluster (kubeadm
// cmd/kubeadm/app/phases/controlplane/manifests.go getControllerManagerCommand).
const KCM_DUAL = `spec:
  containers:
  - command:
    - kube-controller-manager
    - --allocate-node-cidrs=true
    - --authentication-kubeconfig=/etc/kubernetes/controller-manager.conf
    - --cluster-cidr=10.244.0.0/16,fd00:10:244::/56
    - --node-cidr-mask-size-ipv4=24
    - --node-cidr-mask-size-ipv6=64
    - --service-cluster-ip-range=10.96.0.0/12,fd00:10:96::/112
    - --use-service-account-credentials=true
`;

test('dual-stack controller-manager: per-family node masks and allocate-node-cidrs', () => {
  const res = componentFlags.parse(splitLines(KCM_DUAL), {});
  assert.equal(res.diagnostics, []);
  assert.equal(res.observations.map((o) => [o.claim, o.line]), [
    [{ type: 'allocateNodeCIDRs', value: true }, 5],
    [{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, 7],
    [{ type: 'network', role: 'pod', cidr: 'fd00:10:244::/56' }, 7],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv4', size: 24 }, 8],
    [{ type: 'nodeCIDRMaskSize', family: 'IPv6', size: 64 }, 9],
    [{ type: 'network', role: 'service', cidr: '10.96.0.0/12' }, 10],
    [{ type: 'network', role: 'service', cidr: 'fd00:10:96::/112' }, 10],
    [{ type: 'controllerManagerServiceRange', value: true }, 10],
  ]);
});

test('kube-proxy --detect-local-mode, and only on kube-proxy', () => {
  const kp = componentFlags.parse(splitLines('kube-proxy --cluster-cidr=10.244.0.0/16 --detect-local-mode=InterfaceNamePrefix --pod-interface-name-prefix=veth'), {});
  assert.equal(kp.observations.map((o) => o.claim), [
    { type: 'kubeProxyClusterCIDR', cidr: '10.244.0.0/16' },
    { type: 'kubeProxyDetectLocalMode', mode: 'InterfaceNamePrefix' },
  ]);
  const bad = componentFlags.parse(splitLines('kube-proxy --detect-local-mode=Pods'), {});
  assert.equal(bad.diagnostics.map((d) => [d.level, d.line]), [['error', 1]]);
});

test("the service range is the controller-manager's only on its own command line", () => {
  const apiserver = componentFlags.parse(splitLines('kube-apiserver --service-cluster-ip-range=10.96.0.0/12'), {});
  assert.equal(apiserver.observations.map((o) => o.claim.type), ['network']);
  const kcm = componentFlags.parse(splitLines('kube-controller-manager --service-cluster-ip-range=10.96.0.0/12'), {});
  assert.equal(kcm.observations.map((o) => o.claim.type), ['network', 'controllerManagerServiceRange']);
  // A bare flag line belongs to no known component: no claim about the controller-manager.
  const bare = componentFlags.parse(splitLines('    - --service-cluster-ip-range=10.96.0.0/12'), {});
  assert.equal(bare.observations.map((o) => o.claim.type), ['network']);
});

test('--node-cidr-mask-size takes the family of --cluster-cidr, and is refused where kube-controller-manager refuses it', () => {
  const table: [string, unknown[], [string, number | null][]][] = [
    ['kube-controller-manager --cluster-cidr=fd00:10:244::/56 --node-cidr-mask-size=80', [{ type: 'network', role: 'pod', cidr: 'fd00:10:244::/56' }, { type: 'nodeCIDRMaskSize', family: 'IPv6', size: 80 }], []],
    ['    - --node-cidr-mask-size=24', [], [['skipped', 1]]],
    ['kube-controller-manager --cluster-cidr=10.244.0.0/16,fd00::/56 --node-cidr-mask-size=24', [{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, { type: 'network', role: 'pod', cidr: 'fd00::/56' }], [['error', 1]]],
    ['kube-controller-manager --cluster-cidr=10.244.0.0/16 --node-cidr-mask-size=24 --node-cidr-mask-size-ipv4=24', [{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, { type: 'nodeCIDRMaskSize', family: 'IPv4', size: 24 }], [['error', 1]]],
    ['kube-controller-manager --node-cidr-mask-size-ipv4=33', [], [['error', 1]]],
    ['kube-controller-manager --allocate-node-cidrs --cluster-cidr 10.244.0.0/16', [{ type: 'network', role: 'pod', cidr: '10.244.0.0/16' }, { type: 'allocateNodeCIDRs', value: true }], []],
    ['kube-controller-manager --allocate-node-cidrs=false', [{ type: 'allocateNodeCIDRs', value: false }], []],
  ];
  for (const [text, claims, diags] of table) {
    const res = componentFlags.parse(splitLines(text), {});
    assert.equal(res.observations.map((o) => o.claim), claims, text);
    assert.equal(res.diagnostics.map((d) => [d.level, d.line]), diags, text);
  }
});

test("kube-proxy's --cluster-cidr is its clusterCIDR, not a pod range: by the binary on the line, above it, or the command", () => {
  const ps = 'root  811  /usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --cluster-cidr=10.244.0.0/16 --hostname-override=node01';
  assert.equal(componentFlags.parse([ps], {}).observations.map((o) => o.claim), [{ type: 'kubeProxyClusterCIDR', cidr: '10.244.0.0/16' }]);
  const manifest = splitLines('    - command:\n      - /usr/local/bin/kube-proxy\n      - --cluster-cidr=10.244.0.0/16,fd00:10:244::/56\n');
  assert.equal(componentFlags.parse(manifest, {}).observations.map((o) => [o.claim, o.line]), [
    [{ type: 'kubeProxyClusterCIDR', cidr: '10.244.0.0/16' }, 3],
    [{ type: 'kubeProxyClusterCIDR', cidr: 'fd00:10:244::/56' }, 3],
  ]);
  assert.equal(componentFlags.parse(['--cluster-cidr=10.244.0.0/16'], { command: '/usr/local/bin/kube-proxy' }).observations.map((o) => o.claim.type), ['kubeProxyClusterCIDR']);
  // A kube-proxy path inside another flag does not make the line kube-proxy's.
  const kcm = 'kube-controller-manager --kubeconfig=/var/lib/kube-proxy/kubeconfig.conf --cluster-cidr=10.244.0.0/16';
  assert.equal(componentFlags.parse([kcm], {}).observations.map((o) => o.claim.type), ['network']);
});

test('kubeadm init on a command line: --pod-network-cidr, --service-cidr, --kubernetes-version', () => {
  const script = splitLines(
    [
      '#!/bin/bash',
      '# sudo kubeadm init --pod-network-cidr=192.168.0.0/16',
      'sudo kubeadm init --pod-network-cidr=10.244.0.0/16 --service-cidr 10.96.0.0/16 \\',
      '     --apiserver-advertise-address=192.168.56.10 --kubernetes-version v1.29.2 | tee kubeadm.log',
      'sudo kubeadm init --pod-network-cidr="${POD_CIDR}" --kubernetes-version=stable-1.29',
      'mkdir -p $HOME/.kube',
    ].join('\r\n'),
  );
  assert.is(componentFlags.detect(script, {}), 0.9);
  const res = componentFlags.parse(script, {});
  assert.equal(
    res.observations.map((o) => [o.line, o.claim]),
    [
      [3, { type: 'network', role: 'pod', cidr: '10.244.0.0/16' }],
      [3, { type: 'network', role: 'service', cidr: '10.96.0.0/16' }],
      [4, { type: 'clusterVersion', version: 'v1.29.2' }],
    ],
  );
  assert.equal(
    res.diagnostics.map((d) => [d.level, d.line]),
    [
      ['skipped', 5],
      ['skipped', 5],
    ],
  );
});

test('--service-cidr and --pod-network-cidr of anything but kubeadm init are not read (k3s has its own parser)', () => {
  for (const text of ['k3s server --service-cidr 10.43.0.0/16', 'kubeadm join 10.0.0.1:6443 --service-cidr 10.96.0.0/12', '--pod-network-cidr=10.244.0.0/16']) {
    assert.is(componentFlags.detect([text], {}), 0, text);
    assert.equal(componentFlags.parse([text], {}).observations, [], text);
  }
  assert.equal(componentFlags.parse(['kubeadm init --pod-network-cidr=10.244.0.0/33'], {}).diagnostics.map((d) => d.level), ['error']);
});

test('ps output with a kube-proxy process: kube-proxy is present; the grep line itself is not', () => {
  const ps = splitLines('bad data in /proc/uptime\nroot        4382  0.0  0.0 1298512 16032 ?       Ssl  13:22   0:01 /usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=controlplane\n');
  const ctx = { command: 'ps -aux | grep -i kube-proxy' };
  assert.is(componentFlags.detect(ps, ctx), 0.9);
  assert.equal(componentFlags.parse(ps, ctx).observations.map((o) => [o.line, o.claim]), [[2, { type: 'kubeProxyPresent', present: true }]]);
  const onlyGrep = ['root       57132  0.0  0.0   6940  2360 pts/5    S+   14:30   0:00 grep --color=auto kube-proxy --x'];
  assert.is(componentFlags.detect(onlyGrep, ctx), 0);
});

test.run();
