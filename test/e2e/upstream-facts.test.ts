/**
 * End to end through the CLI: the rule verdicts that rest on upstream behaviour
 * checked against the source (issue #22), each on evidence that would be judged
 * otherwise without the fix. The evidence is one of the rules' examples with a
 * file replaced or added, as an operator would give it.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, runCli } from '../helpers.js';

interface JsonFinding {
  id: string;
  severity: string;
  verdict: string;
  message: string;
}

/** A copy of examples/rules/<example> with the given files written over it. */
function evidence(example: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'knc-upstream-'));
  cpSync(repo('examples', 'rules', example), dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function findings(dir: string, id: string, args: string[] = []): JsonFinding[] {
  const r = runCli(['check', dir, '-o', 'json', ...args]);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.id === id);
}

const summary = (fs: JsonFinding[]): string[] => fs.map((f) => `${f.severity} ${f.message}`);

/** kubeadm's kube-controller-manager manifest with the given flags in place of its networking ones. */
function kcm(flags: string[]): string {
  const base = readFileSync(repo('examples', 'rules', 'KN503', 'pass', 'kube-controller-manager.yaml'), 'utf8');
  const kept = base.split('\n').filter((l) => !/--(cluster-cidr|service-cluster-ip-range|node-cidr-mask-size|allocate-node-cidrs)\b/.test(l));
  const at = kept.findIndex((l) => l.trim() === '- kube-controller-manager');
  kept.splice(at + 1, 0, ...flags.map((f) => `    - ${f}`));
  return kept.join('\n');
}

test('KN503: an IPv4 /8 pod range with /26 node blocks, not built by kubeadm, is not an error (the 16-bit limit is IPv6-only in kube-controller-manager)', () => {
  const dir = evidence('KN503/pass', { 'kube-controller-manager.yaml': kcm(['--allocate-node-cidrs=true', '--cluster-cidr=10.0.0.0/8', '--node-cidr-mask-size=26', '--service-cluster-ip-range=172.20.0.0/16']) });
  assert.equal(summary(findings(dir, 'KN503')), []);
});

test('KN503: an IPv6 pod range 24 bits from the node mask is an error (kube-controller-manager fails to start)', () => {
  const dir = evidence('KN503/pass', { 'kube-controller-manager.yaml': kcm(['--allocate-node-cidrs=true', '--cluster-cidr=fd00:10::/40', '--service-cluster-ip-range=fd00:10:96::/112']) });
  assert.equal(summary(findings(dir, 'KN503')), ['error node mask /64 (the default) is 24 bits longer than the IPv6 pod range fd00:10::/40: kube-controller-manager allows at most 16 for IPv6 and fails to start']);
});

test("KN101: node-podCIDR IPAM (flannel) with the controller-manager's service range is a warning, pool IPAM (calico) an error", () => {
  const flags = ['--allocate-node-cidrs=true', '--cluster-cidr=10.96.0.0/11', '--service-cluster-ip-range=10.96.0.0/12'];
  const flannel = evidence('KN101/pass', { 'kube-controller-manager.yaml': kcm(flags) });
  assert.equal(summary(findings(flannel, 'KN101')), [
    'warning pod range 10.96.0.0/11 overlaps service range 10.96.0.0/12 (10.96.0.0/11 contains 10.96.0.0/12): kube-controller-manager (given --service-cluster-ip-range) skips the node blocks inside the service range, so pods get no service addresses, but those blocks are lost to nodes',
  ]);
  const ds = readFileSync(repo('examples', 'rules', 'KN101', 'pass', 'kubectl-get-ds-A.txt'), 'utf8').replace(/^kube-flannel\s+kube-flannel-ds\s+/m, (m) => m.replace('kube-flannel ', 'kube-system  ').replace('kube-flannel-ds', 'calico-node    '));
  const calico = evidence('KN101/pass', { 'kube-controller-manager.yaml': kcm(flags), 'kubectl-get-ds-A.txt': ds });
  assert.equal(findings(calico, 'KN101').map((f) => [f.severity, f.message.split(': ').slice(-1)[0]]), [
    ['error', "the CNI's IPAM gives pods addresses from its own pools, which nothing keeps out of the service range"],
  ]);
});

test('KN103: NodeLocal DNSCache on an IPv6 unique local address (fd00::/8), as the Kubernetes docs recommend, is not an error', () => {
  const kubelet = readFileSync(repo('examples', 'rules', 'KN103', 'pass', 'kubelet-config.yaml'), 'utf8').replace('- 10.96.0.10', '- 169.254.20.10\n- fd00::10');
  const apiserver = readFileSync(repo('examples', 'rules', 'KN103', 'pass', 'kube-apiserver.yaml'), 'utf8').replace('--service-cluster-ip-range=10.96.0.0/12', '--service-cluster-ip-range=10.96.0.0/12,fd00:10:96::/112');
  const dir = evidence('KN103/pass', { 'kubelet-config.yaml': kubelet, 'kube-apiserver.yaml': apiserver });
  assert.equal(summary(findings(dir, 'KN103')), []);
});

test('KN701: canal (the calico CNI plugin, routed veths) needs no bridge-nf-call-iptables', () => {
  const ds = readFileSync(repo('examples', 'rules', 'KN701', 'fail', 'kubectl-get-ds-A.txt'), 'utf8').replace('kube-flannel   kube-flannel-ds ', 'kube-system    canal           ');
  const sysctl = 'root@worker-2:~# sysctl net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables\nnet.ipv4.ip_forward = 1\nnet.bridge.bridge-nf-call-iptables = 0\n';
  const dir = evidence('KN701/fail', { 'kubectl-get-ds-A.txt': ds, 'sysctl-worker-2.txt': sysctl });
  assert.equal(summary(findings(dir, 'KN701')), []);
});

test('KN302: nftables on a 5.4 kernel is an error from 1.33 (kube-proxy refuses to start), a warning on 1.31 (inverted check)', () => {
  const dir = repo('examples', 'rules', 'KN302', 'fail');
  const at133 = findings(dir, 'KN302').filter((f) => f.message.includes('worker-2'));
  assert.equal(at133.map((f) => f.severity), ['error']);
  const at131 = findings(dir, 'KN302', ['--target-version', 'v1.31']).filter((f) => f.message.includes('worker-2'));
  assert.equal(summary(at131), [
    "warning kube-proxy runs in nftables mode and node worker-2 runs kernel 5.4.0-1103-aws: kube-proxy 1.31 checks the kernel only when KUBE_PROXY_NFTABLES_SKIP_KERNEL_VERSION_CHECK is set (the check shipped inverted in 1.31, fixed in 1.33), so it starts; but below 5.13 the host's nft may be older than 1.0.1 and break on kube-proxy's rules, and from 1.33 kube-proxy refuses to start here",
  ]);
});

test('KN601: Cilium WireGuard on a VXLAN tunnel stacks 80 bytes on the 50 of VXLAN', () => {
  const cilium = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  routing-mode: tunnel
  tunnel-protocol: vxlan
  enable-wireguard: "true"
  mtu: "1450"
`;
  const dir = evidence('KN601/fail', { 'calico-config.yaml': cilium, 'calico-ippool.yaml': '' });
  const got = findings(dir, 'KN601');
  assert.equal(
    got.map((f) => f.message.replace(/ens\d+|eth\d+/, 'IFACE')),
    ["CNI MTU 1450 plus vxlan + WireGuard encryption's 130-byte IPv4 overhead is 1580, more than IFACE's MTU 1500: large packets are dropped"],
  );
});

test("KN501: kube-proxy's clusterCIDR is judged only with detectLocalMode ClusterCIDR, the default", () => {
  const config = (mode: string) => `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clusterCIDR: 10.32.0.0/12
detectLocalMode: ${mode}
mode: iptables
`;
  const byCIDR = findings(evidence('KN501/pass', { 'kube-proxy-config.yaml': config('ClusterCIDR') }), 'KN501');
  assert.equal(byCIDR.map((f) => f.message), ['kube-proxy clusterCIDR 10.32.0.0/12 does not contain the pod range 10.244.0.0/16: kube-proxy treats traffic from those pods as external']);
  assert.equal(summary(findings(evidence('KN501/pass', { 'kube-proxy-config.yaml': config('NodeCIDR') }), 'KN501')), []);
});

test.run();
