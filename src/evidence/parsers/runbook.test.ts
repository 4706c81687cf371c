import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo } from '../../../test/helpers.js';
import { PARSERS } from '../registry.js';
import { splitLines } from '../text.js';

const runbook = PARSERS.find((p) => p.kind === 'markdown-runbook')!;
const seed = splitLines(readFileSync(repo('examples', 'lab-seed.md'), 'utf8'));

test('the seed is detected as a runbook', () => {
  assert.ok(runbook.detect(seed, { path: 'lab.md' }) > 1);
});

test('every manual step of the seed becomes an observation at its line', () => {
  const res = runbook.parse(seed, {});
  const got = res.observations.map((o) => `${o.kind}:${o.line}:${o.claim.type}`);
  assert.equal(got, [
    'ip-addr:15:network',
    'ip-addr:14:interface',
    'weave-log:32:cni',
    'weave-log:32:network',
    'component-flags:49:network',
    'kube-proxy-log:66:kubeProxyPresent',
    'kube-proxy-log:66:proxyMode',
    'kube-proxy-log:67:kubeProxyNodeIP',
    'kube-proxy-log:68:conntrack',
    'kubectl-ds-table:87:daemonSet',
    'kubectl-ds-table:88:daemonSet',
  ]);
});

test('ranges stated in prose are skipped with a reason, never taken', () => {
  const res = runbook.parse(seed, {});
  const skipped = res.diagnostics.filter((d) => d.level === 'skipped');
  assert.is(skipped.length, 6);
  assert.match(skipped[0]?.message ?? '', /stated in prose, not shown by a command/);
});

test('prompt-style blocks: command and output in one fence', () => {
  const text = ['# Checks', '', '```console', 'controlplane ~ ➜  kubectl get ds -n kube-system', 'NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE', 'kube-proxy   3         3         3       3            3           kubernetes.io/os=linux   5d', '$ ip -4 a show eth0', '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9001 qdisc mq state UP group default qlen 1000', '    inet 10.0.12.4/20 brd 10.0.15.255 scope global dynamic eth0', '```'];
  const res = runbook.parse(text, {});
  assert.equal(res.observations.map((o) => `${o.kind}:${o.line}:${o.claim.type}`), [
    'kubectl-ds-table:6:daemonSet',
    'ip-addr:9:network',
    'ip-addr:8:interface',
  ]);
  const ds = res.observations[0]?.claim;
  assert.ok(ds?.type === 'daemonSet' && ds.namespace === 'kube-system');
});

test('an output nobody knows is skipped with the command named', () => {
  const res = runbook.parse(['## x', '**Command:**', '```', 'kubectl get pods', '```', '**Output:**', '```', 'No resources found in default namespace.', '```'], {});
  assert.equal(res.diagnostics, [{ level: 'skipped', line: 8, message: 'output of `kubectl get pods` is not evidence of any known kind' }]);
});

test('an unclosed fence is read to the end with a warning', () => {
  const res = runbook.parse(['## x', '```', '- --service-cluster-ip-range=10.96.0.0/12'], {});
  assert.is(res.observations.length, 1);
  assert.is(res.diagnostics[0]?.level, 'warning');
});

test('kubeadm init command lines are evidence: in a command block, after a prompt, continued with \\', () => {
  const text = [
    '## Init',
    '```bash',
    'sudo kubeadm init --pod-network-cidr=10.244.0.0/16',
    '```',
    '```console',
    'root@controlplane:~# kubeadm init \\',
    '    --service-cidr=10.96.0.0/16 \\',
    '    --kubernetes-version=v1.30.1',
    '[init] Using Kubernetes version: v1.30.1',
    '```',
  ];
  const res = runbook.parse(text, {});
  assert.equal(
    res.observations.map((o) => `${o.kind}:${o.line}:${o.claim.type === 'network' ? o.claim.cidr : o.claim.type}`),
    ['component-flags:3:10.244.0.0/16', 'component-flags:7:10.96.0.0/16', 'component-flags:8:clusterVersion'],
  );
  // The output after the continued command is still handed on, with the command known.
  assert.equal(res.diagnostics.map((d) => [d.line, d.message]), [[9, 'output of `kubeadm init \\ --service-cidr=10.96.0.0/16 \\ --kubernetes-version=v1.30.1` is not evidence of any known kind']]);
});

test('fences indented in a list item are read dedented; ✖ prompts and host-first prompts are prompts', () => {
  const text = [
    '1. Which CNI?',
    '',
    '    ```bash',
    '    controlplane ~ ✖ cat /etc/cni/net.d/10-flannel.conflist',
    '    {',
    '      "name": "cbr0",',
    '      "cniVersion": "0.3.1",',
    '      "plugins": [ { "type": "flannel", "delegate": { "isDefaultGateway": true } } ]',
    '    }',
    '',
    '    node01 ~ ➜  ip a show eth0',
    '    2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default',
    '        inet 192.2.120.12/24 brd 192.2.120.255 scope global eth0',
    '    ```',
  ];
  const res = runbook.parse(text, {});
  assert.equal(res.diagnostics.filter((d) => d.level === 'error'), []);
  assert.equal(
    res.observations.map((o) => `${o.kind}:${o.line}:${o.claim.type}`),
    ['cni-conf:8:cni', 'cni-conf:8:cniSetting', 'cni-conf:8:cniSetting', 'ip-addr:13:network', 'ip-addr:12:interface'],
  );
  assert.ok(res.observations.some((o) => o.claim.type === 'cni' && o.claim.name === 'flannel'));
});

const BROKEN_BLOCK = ['', '**Output:**', '', '```', 'apiVersion: v1', 'kind: ConfigMap', 'data:', '  config.conf: |', '    mode: ipvs', '  other: [', '```'];

test('a block that does not parse is a warning naming it; the rest of the write-up is read', () => {
  const lines = [...seed, ...BROKEN_BLOCK];
  const res = runbook.parse(lines, {});
  assert.is(res.observations.length, runbook.parse(seed, {}).observations.length);
  const notes = res.diagnostics.filter((d) => d.level !== 'skipped');
  assert.is(notes.length, 1);
  assert.is(notes[0]?.level, 'warning');
  assert.is(notes[0]?.contained, true);
  assert.match(notes[0]?.message ?? '', new RegExp(`^block at line ${seed.length + 5} skipped: looks like Kubernetes objects \\(YAML or JSON\\), but not valid YAML or JSON: `));
});

test('a block that does not parse is an error when it is all the write-up has', () => {
  const res = runbook.parse(['# kube-proxy', ...BROKEN_BLOCK], {});
  assert.is(res.observations.length, 0);
  const errors = res.diagnostics.filter((d) => d.level === 'error');
  assert.is(errors.length, 1);
  assert.match(errors[0]?.message ?? '', /\(nothing else in this file is evidence\)$/);
});

test('a value that parses but is invalid stays an error, and only its block is left out', () => {
  const lines = [...seed, '', '```', '$ grep service-cluster /etc/kubernetes/manifests/kube-apiserver.yaml', '    - --service-cluster-ip-range=10.96.0.0/33', '```'];
  const res = runbook.parse(lines, {});
  assert.is(res.observations.length, runbook.parse(seed, {}).observations.length);
  const errors = res.diagnostics.filter((d) => d.level === 'error');
  assert.equal(errors.map((d) => [d.line, d.contained, d.message]), [[lines.length - 1, true, '--service-cluster-ip-range: "10.96.0.0/33": prefix length must be 0-32']]);
});

// Scripts are read by the script parser (./script.ts): heredocs as blocks of a write-up are.
const shell = PARSERS.find((p) => p.kind === 'script')!;
const SCRIPT = [
  '#!/usr/bin/env bash',
  'set -euo pipefail',
  "kubectl apply -f - <<'EOF'",
  'apiVersion: projectcalico.org/v3',
  'kind: IPPool',
  'metadata:',
  '  name: default-ipv4-ippool',
  'spec:',
  '  cidr: 192.168.0.0/16',
  'EOF',
  'cat <<-EOT | kubectl apply -f -',
  '    apiVersion: v1',
  '    kind: ConfigMap',
  '    data: [',
  '    EOT',
  'kubectl wait --for=condition=Ready nodes --all',
];

test('a shell script: each heredoc read as its kind; one that does not parse is a note', () => {
  assert.ok(shell.detect(SCRIPT, {}) > 1);
  assert.is(shell.detect(SCRIPT.filter((l) => !l.includes('<<')), {}), 0);
  const res = shell.parse(SCRIPT, {});
  assert.ok(res.observations.every((o) => o.kind === 'k8s-objects' && o.line >= 4 && o.line <= 9));
  assert.equal(res.observations.filter((o) => o.claim.type === 'ipPool').map((o) => [o.line, o.claim.type === 'ipPool' ? o.claim.cidr : '']), [[9, '192.168.0.0/16']]);
  const notes = res.diagnostics.filter((d) => d.level !== 'skipped');
  assert.equal(notes.map((d) => [d.level, d.line]), [['warning', 14]]);
  assert.match(notes[0]?.message ?? '', /^heredoc at line 12 skipped: looks like Kubernetes objects \(YAML or JSON\), but not valid YAML or JSON: /);
});

test('a shell script whose only heredoc does not parse could not be read', () => {
  const res = shell.parse(SCRIPT.slice(10), {});
  assert.equal(res.observations, []);
  assert.equal(res.diagnostics.filter((d) => d.level === 'error').map((d) => d.line), [4]);
});

test('a command written as a heading sets the command of the block below, and is evidence when it states flags', () => {
  const text = ['# $ sudo kubeadm init --pod-network-cidr 192.168.0.0/16 --kubernetes-version 1.25.3', '```', '[init] Using Kubernetes version: v1.25.3', '```'];
  const res = runbook.parse(text, {});
  assert.equal(
    res.observations.map((o) => `${o.line}:${o.claim.type === 'network' ? o.claim.cidr : o.claim.type === 'clusterVersion' ? o.claim.version : o.claim.type}`),
    ['1:192.168.0.0/16', '1:v1.25.3'],
  );
  assert.not.ok(res.diagnostics.some((d) => /stated in prose/.test(d.message)));
});

test('a terminal transcript without fences: each prompt hands its output to its parser', () => {
  const text = [
    '# notes on the udp backend',
    '$ k get nodes -owide',
    'NAME   STATUS   ROLES                  AGE     VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             KERNEL-VERSION      CONTAINER-RUNTIME',
    'bpf1   Ready    control-plane,master   2d17h   v1.23.4   192.168.2.71   <none>        Ubuntu 20.04.5 LTS   5.15.0-52-generic   docker://20.10.21',
    '$ ifconfig ens160',
    'ens160: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500',
    '        inet 192.168.2.71  netmask 255.255.255.0  broadcast 192.168.2.255',
  ];
  assert.is(runbook.detect(text, {}), 1.2);
  const res = runbook.parse(text, {});
  assert.equal(
    res.observations.map((o) => `${o.kind}:${o.line}:${o.claim.type}`),
    ['kubectl-nodes-table:4:node', 'ifconfig:7:network', 'ifconfig:6:interface'],
  );
  // One prompt over a table is the table's own evidence, not a transcript.
  assert.is(runbook.detect(text.slice(1, 4), {}), 0);
  // A shell script whose comments name commands is not a transcript.
  assert.is(runbook.detect(['#!/bin/sh', '# kubectl get nodes', 'kubectl get nodes', '# ip a', 'ip a'], {}), 0);
});

test('reStructuredText literal blocks (the AWS CLI examples): the output after `Output::` is read at its lines', () => {
  const text = [
    '**To describe a cluster**',
    '',
    'The following ``describe-cluster`` example describes a cluster. ::',
    '',
    '    aws eks describe-cluster \\',
    '        --name prod',
    '',
    'Output::',
    '',
    '    {',
    '        "cluster": {',
    '            "name": "prod",',
    '            "arn": "arn:aws:eks:us-east-2:111122223333:cluster/prod",',
    '            "version": "1.30",',
    '            "resourcesVpcConfig": {"vpcId": "vpc-1"},',
    '            "kubernetesNetworkConfig": {',
    '                "serviceIpv4Cidr": "10.100.0.0/16"',
    '            }',
    '        }',
    '    }',
    '',
    'For more information, see the EKS User Guide.',
  ];
  assert.ok(runbook.detect(text, { path: 'describe-cluster.rst' }) > 1);
  const res = runbook.parse(text, {});
  const svc = res.observations.find((o) => o.claim.type === 'network');
  assert.equal([svc?.claim, svc?.line, svc?.kind], [{ type: 'network', role: 'service', cidr: '10.100.0.0/16' }, 17, 'eks-describe-cluster']);
  // One literal block alone is not a write-up.
  assert.is(runbook.detect(['Example::', '', '    ip a'], {}), 0);
});

test.run();
