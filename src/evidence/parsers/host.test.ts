/** Which node a command ran on: ssh forms (OpenSSH option syntax), kubectl debug node/NAME, shell prompts. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hostFromCommand, hostFromContext, PROMPT_HOST, inPodNamespace } from './host.js';

const commands: [string, string | null][] = [
  ['ssh node01 sysctl -a', 'node01'],
  ['ssh root@node01 ip route', 'node01'],
  ['ssh -i ~/.ssh/id_ed25519 -p 2222 ubuntu@worker-3.lab.example ip -j addr', 'worker-3.lab.example'],
  ['ssh -t -o StrictHostKeyChecking=no node02 sudo cat /etc/cni/net.d/10-calico.conflist', 'node02'],
  ['sudo sysctl net.ipv4.ip_forward', null],
  ['kubectl debug node/node03 -it --image=ubuntu -- chroot /host sysctl -a', 'node03'],
  ['for n in node01 node02; do ssh $n sysctl net.ipv4.ip_forward; done', null], // a shell variable is no node name
];
for (const [cmd, host] of commands) {
  test(`command: ${cmd}`, () => {
    assert.is(hostFromCommand(cmd), host);
  });
}

const prompts: [string, string | null][] = [
  ['root@node01:~# sysctl net.ipv4.ip_forward', 'node01'],
  ['[root@node02 ~]# ip route', 'node02'],
  ['ubuntu@ip-10-0-1-23:/etc/cni/net.d$ cat 10-calico.conflist', 'ip-10-0-1-23'],
  ['controlplane $ ip a', null],
  ['net.ipv4.ip_forward = 1', null],
];
for (const [line, host] of prompts) {
  test(`prompt: ${line}`, () => {
    assert.is(PROMPT_HOST.exec(line)?.[1] ?? null, host);
  });
}

test('ssh target wins over the prompt host where ssh was typed', () => {
  assert.is(hostFromContext({ command: 'ssh node01 sysctl -a', host: 'controlplane' }), 'node01');
  assert.is(hostFromContext({ host: 'node02' }), 'node02');
  assert.is(hostFromContext({}), null);
});

test('commands that run in a pod or container namespace', () => {
  for (const c of ['kubectl exec -it web-0 -- ip a', 'k exec -it wluo-jc8bd -- ip a', 'kubectl -n kube-system exec ds/cilium -- ifconfig', 'sudo crictl exec 3f2 ip addr', 'docker exec kind-worker ip a', 'ip netns exec cni-1234 ip a', 'nsenter -t 4242 -n ip a']) {
    assert.ok(inPodNamespace(c), c);
  }
  for (const c of ['ip a', 'ssh node01 ip a', 'kubectl debug node/node01 -it --image=busybox -- ip a', 'ifconfig eth0', undefined]) {
    assert.not.ok(inPodNamespace(c), String(c));
  }
});

test.run();
