import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, runCli } from '../helpers.js';

test('the seed cluster grown to 500 nodes: a proposal that check then passes', () => {
  const r = runCli(['plan', 'examples/lab-complete', '--nodes', '500', '-o', 'json']);
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { plans: { podSubnet: string; serviceSubnet: string }[]; findings: unknown[] };
  const [p] = out.plans;
  assert.ok(p);
  if (!p) return;
  assert.equal(out.findings, []);
  // Apply the proposal to the lab's evidence, then check it.
  const dir = mkdtempSync(join(tmpdir(), 'knc-plan-'));
  cpSync(repo('examples', 'lab-complete'), dir, { recursive: true });
  const lab = join(dir, 'lab.md');
  writeFileSync(lab, readFileSync(lab, 'utf8').replace('ipalloc-range:10.244.0.0/16', `ipalloc-range:${p.podSubnet}`).replace('--service-cluster-ip-range=10.96.0.0/12', `--service-cluster-ip-range=${p.serviceSubnet}`));
  const c = runCli(['check', dir, '-o', 'json']);
  assert.is(c.code, 0, c.stdout);
  const facts = JSON.parse(runCli(['facts', dir]).stdout);
  assert.equal(facts.networks.pod.map((n: { cidr: string }) => n.cidr), [p.podSubnet]);
});

test('refuses with a clear explanation when it cannot fit inside --within (exit 1)', () => {
  const r = runCli(['plan', 'examples/lab-complete', '--nodes', '500', '--within', '192.168.0.0/20']);
  assert.is(r.code, 1);
  assert.is(r.stdout, '');
  assert.match(r.stderr, /^kube-netcheck plan: cannot fit the request: no free \/14 IPv4 pod range \(1000 node blocks of \/24\) inside 192\.168\.0\.0\/20 clear of the ranges to avoid\n$/);
});

test('--avoid from a file, and the kubeadm snippet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'knc-plan-'));
  writeFileSync(join(dir, 'taken.txt'), '# VPC\n10.0.0.0/8\n\n172.16.0.0/16  # VPN\n');
  const r = runCli(['plan', '--nodes', '50', '--avoid', `@${join(dir, 'taken.txt')}`, '-o', 'kubeadm']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /kind: ClusterConfiguration\nnetworking:\n  podSubnet: 172\.17\.0\.0\/17\n  serviceSubnet: 172\.17\.128\.0\/19\n/);
  assert.match(r.stdout, /- name: node-cidr-mask-size-ipv4\n\s+value: "24"/);
});

test('bad input is exit 2', () => {
  assert.is(runCli(['plan']).code, 2);
  assert.is(runCli(['plan', '--nodes', 'many']).code, 2);
  assert.is(runCli(['plan', '--nodes', '5', '--avoid', '10.0.0/8']).code, 2);
  assert.is(runCli(['plan', '--nodes', '5', '--family', 'ipx']).code, 2);
});

test.run();
