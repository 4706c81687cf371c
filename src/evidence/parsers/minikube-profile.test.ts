/**
 * A minikube profile as `minikube start` writes it (~/.minikube/profiles/<name>/config.json,
 * 4-space JSON, ClusterConfig fields of pkg/minikube/config/types.go), two nodes, with
 * --cni=calico and --extra-config options; CRLF; an "auto" CNI that states nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseText } from '../registry.js';
import { splitLines } from '../text.js';
import { minikubeProfile } from './minikube-profile.js';

const PROFILE = `{
    "Name": "lab",
    "KeepContext": false,
    "KicBaseImage": "gcr.io/k8s-minikube/kicbase:v0.0.45@sha256:81df288595202a317b1a4dc2506ca2e4ed5f22373c19a441b88cfbf4b9867c85",
    "Memory": 4000,
    "CPUs": 2,
    "Driver": "docker",
    "KubernetesConfig": {
        "KubernetesVersion": "v1.31.0",
        "ClusterName": "lab",
        "Namespace": "default",
        "APIServerName": "minikubeCA",
        "DNSDomain": "cluster.local",
        "ContainerRuntime": "containerd",
        "NetworkPlugin": "cni",
        "ServiceCIDR": "10.96.0.0/12",
        "ExtraOptions": [
            {
                "Component": "kubeadm",
                "Key": "pod-network-cidr",
                "Value": "10.200.0.0/16"
            },
            {
                "Component": "kube-proxy",
                "Key": "mode",
                "Value": "ipvs"
            }
        ],
        "CNI": "calico",
        "NodeIP": "",
        "NodePort": 8443
    },
    "Nodes": [
        {
            "Name": "",
            "IP": "192.168.49.2",
            "Port": 8443,
            "KubernetesVersion": "v1.31.0",
            "ControlPlane": true,
            "Worker": true
        },
        {
            "Name": "m02",
            "IP": "192.168.49.3",
            "Port": 8443,
            "KubernetesVersion": "v1.31.0",
            "ControlPlane": false,
            "Worker": true
        }
    ]
}
`;

test('a two-node profile with calico and extra-config, CRLF', () => {
  const lines = splitLines(PROFILE.replace(/\n/g, '\r\n'));
  assert.is(parseText(lines, {})?.kind, 'minikube-profile');
  const got = minikubeProfile.parse(lines, {}).observations.map((o) => `${o.line} ${JSON.stringify(o.claim)}`);
  assert.equal(got, [
    '8 {"type":"distribution","name":"minikube"}',
    '9 {"type":"clusterVersion","version":"v1.31.0"}',
    '16 {"type":"network","role":"service","cidr":"10.96.0.0/12"}',
    '29 {"type":"cni","name":"calico"}',
    '18 {"type":"network","role":"pod","cidr":"10.200.0.0/16"}',
    '23 {"type":"proxyMode","mode":"ipvs"}',
    '34 {"type":"node","name":"lab","internalIPs":["192.168.49.2"],"roles":["control-plane"]}',
    '42 {"type":"node","name":"lab-m02","internalIPs":["192.168.49.3"],"roles":["worker"]}',
  ]);
});

test('CNI "auto" or empty states nothing; a bad extra option is an error at its line', () => {
  const text = PROFILE.replace('"CNI": "calico"', '"CNI": ""').replace('"Value": "ipvs"', '"Value": "userspace"');
  const res = minikubeProfile.parse(splitLines(text), {});
  assert.not.ok(res.observations.some((o) => o.claim.type === 'cni'));
  assert.equal(res.diagnostics.map((d) => `${d.line} ${d.level}`), ['23 error']);
  assert.is(minikubeProfile.detect(splitLines('{"kind": "Config", "apiVersion": "v1"}'), {}), 0);
});

test.run();
