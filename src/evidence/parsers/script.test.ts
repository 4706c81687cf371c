/**
 * The script container: embedded documents handed to their parsers at their
 * lines, the surrounding command lines read too, and a default inferred in one
 * place dropped when the same script states the value in another.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PARSERS, parseText } from '../registry.js';
import { splitLines } from '../text.js';

const script = PARSERS.find((p) => p.kind === 'script')!;

test('a k3s install script: config.yaml in a heredoc, the installer line outside it', () => {
  const text = [
    '#!/bin/sh',
    'mkdir -p /etc/rancher/k3s',
    "cat > /etc/rancher/k3s/config.yaml <<'EOF'",
    'cluster-cidr: 10.52.0.0/16',
    'flannel-backend: host-gw',
    'EOF',
    'curl -sfL https://get.k3s.io | sh -s - server --disable-network-policy',
  ].join('\n');
  const lines = splitLines(text);
  assert.ok(script.detect(lines, {}) > 1);
  const res = parseText(lines, { path: 'install.sh' });
  assert.is(res?.kind, 'script');
  const pods = res!.observations.filter((o) => o.claim.type === 'network' && o.claim.role === 'pod');
  // The installer line leaves cluster-cidr out, but the config in the same script states it.
  assert.equal(pods.map((o) => [o.line, o.inferred === true, o.kind]), [[4, false, 'k3s-config']]);
  assert.ok(res!.observations.some((o) => o.line === 7 && o.claim.type === 'cniSetting' && o.claim.field === 'enforcesNetworkPolicy' && o.claim.value === false));
  assert.ok(res!.observations.some((o) => o.line === 5 && o.claim.type === 'cniSetting' && o.claim.field === 'encapsulation' && o.claim.value === 'none'));
});

test('a heredoc that is not evidence is skipped with its line; a manifest is left to k8s-objects', () => {
  const res = script.parse(splitLines('cat <<EOF > /etc/motd\nWelcome\nEOF\ncat <<EOF | kubectl apply -f -\nkind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nEOF\n'), {});
  assert.ok(res.diagnostics.some((d) => d.level === 'skipped' && d.line === 1 && d.message === 'heredoc (/etc/motd) is not evidence of any known kind'));
  assert.is(script.detect(splitLines('apiVersion: v1\nkind: ConfigMap\ndata:\n  content: |\n    kind: Cluster\n    apiVersion: kind.x-k8s.io/v1alpha4\n'), {}), 0);
});

test('a CNI applied from its published manifest or chart is named; a commented-out one is not', () => {
  const text = ['cat <<EOF | kind create cluster --config=-', 'kind: Cluster', 'apiVersion: kind.x-k8s.io/v1alpha4', 'networking:', '  disableDefaultCNI: true', 'EOF', 'kubectl apply -f https://docs.projectcalico.org/v3.8/manifests/calico.yaml', '# kubectl apply -f https://github.com/flannel-io/flannel/releases/latest/download/kube-flannel.yml', 'helm install cilium cilium/cilium --namespace kube-system'];
  const res = script.parse(splitLines(text.join('\n')), {});
  assert.equal(res.observations.filter((o) => o.claim.type === 'cni').map((o) => [o.line, o.claim.type === 'cni' ? o.claim.name : '']), [[7, 'calico'], [9, 'cilium']]);
});

test('cloud-init: the RKE2 config in write_files decides; the runcmd installer line adds no defaults of its own', () => {
  const text = ['#cloud-config', 'write_files:', '  - path: /etc/rancher/rke2/config.yaml', '    content: |', '      cni: [multus, cilium]', '      service-cidr: 10.61.0.0/16', '      disable-kube-proxy: true', 'runcmd:', '  - curl -sfL https://get.rke2.io | sh -'];
  const res = parseText(splitLines(text.join('\n')), {});
  assert.is(res?.kind, 'script');
  const got = res!.observations.map((o) => `${o.line}${o.inferred ? '~' : ''} ${JSON.stringify(o.claim)}`);
  assert.ok(got.includes('6 {"type":"network","role":"service","cidr":"10.61.0.0/16"}'));
  assert.ok(got.includes('7 {"type":"kubeProxyPresent","present":false}'));
  assert.ok(got.includes('5 {"type":"cni","name":"cilium"}'));
  assert.not.ok(got.some((g) => g.includes('clusterDNS') || g.includes('proxyMode') || g.includes('canal')), got.join('\n'));
});

test.run();
