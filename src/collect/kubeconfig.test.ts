import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError } from '../errors.js';
import { loadKubeconfig } from './kubeconfig.js';

// Shaped as `kubectl config view --raw` prints a kubeconfig (kubeadm's admin.conf, a cloud login).
function kubeconfig(opts: { cluster: string; server: string; user: string; context: string; current?: string }): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    '    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKY201bGRHVnpNQjRYRFRJME1USXpNVEV3TVRVeE5Wb1hEVE0wTVRJeU9URXdNVFV4TlZvd0ZURVRNQkVHQTFVRQpBeE1LYTNWaVpYSnVaWFJsY3pDQ0FTSXdEUVlKS29aSWh2Y05BUUVCQlFBRGdnRVBBRENDQVFvQ2dnRUJBTUp6Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K',
    `    server: ${opts.server}`,
    `  name: ${opts.cluster}`,
    'contexts:',
    '- context:',
    `    cluster: ${opts.cluster}`,
    `    user: ${opts.user}`,
    `  name: ${opts.context}`,
    `current-context: ${opts.current ?? opts.context}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${opts.user}`,
    '  user:',
    `    token: ${opts.user}-token`,
    '',
  ].join('\n');
}

const dir = mkdtempSync(join(tmpdir(), 'kn-kubeconfig-'));
const a = join(dir, 'a.yaml');
const b = join(dir, 'b.yaml');
const crlf = join(dir, 'crlf.yaml');
writeFileSync(a, kubeconfig({ cluster: 'kubernetes', server: 'https://192.8.33.6:6443', user: 'kubernetes-admin', context: 'kubernetes-admin@kubernetes' }));
// Same cluster name as a.yaml: kubectl keeps the first; client-node's own merge would throw "Duplicate cluster".
writeFileSync(b, kubeconfig({ cluster: 'kubernetes', server: 'https://10.0.0.1:6443', user: 'ci', context: 'ci@prod' }));
writeFileSync(crlf, kubeconfig({ cluster: 'lab', server: 'https://[fd00::1]:6443', user: 'u', context: 'lab' }).replace(/\n/g, '\r\n'));

const cases: { name: string; env: Record<string, string>; opts?: { kubeconfig?: string; context?: string }; context?: string; server?: string; error?: RegExp }[] = [
  { name: '--kubeconfig wins over KUBECONFIG', env: { KUBECONFIG: b }, opts: { kubeconfig: a }, context: 'kubernetes-admin@kubernetes', server: 'https://192.8.33.6:6443' },
  { name: 'KUBECONFIG merged: first current-context and first cluster of a name win', env: { KUBECONFIG: `${a}:${b}` }, context: 'kubernetes-admin@kubernetes', server: 'https://192.8.33.6:6443' },
  { name: '--context picks a context from the second file; its cluster name resolves to the first file', env: { KUBECONFIG: `${a}:${b}` }, opts: { context: 'ci@prod' }, context: 'ci@prod', server: 'https://192.8.33.6:6443' },
  { name: 'missing files in KUBECONFIG are skipped, as kubectl does', env: { KUBECONFIG: `${join(dir, 'gone.yaml')}::${b}` }, context: 'ci@prod', server: 'https://10.0.0.1:6443' },
  { name: 'CRLF line ends and an IPv6 server', env: {}, opts: { kubeconfig: crlf }, context: 'lab', server: 'https://[fd00::1]:6443' },
  { name: 'an unknown context is named with the ones there are', env: { KUBECONFIG: a }, opts: { context: 'prod' }, error: /--context prod: no such context in .*a\.yaml \(contexts: kubernetes-admin@kubernetes\)/ },
  { name: 'a --kubeconfig that does not exist', env: {}, opts: { kubeconfig: join(dir, 'nope.yaml') }, error: /nope\.yaml: kubeconfig: no such file/ },
  { name: 'KUBECONFIG naming no file that exists', env: { KUBECONFIG: join(dir, 'gone.yaml') }, error: /KUBECONFIG names no file that exists/ },
  { name: 'nothing at all: says every way to give one', env: {}, error: /no kubeconfig: give --kubeconfig FILE, set KUBECONFIG, create ~\/\.kube\/config, or run inside a cluster/ },
];

for (const c of cases) {
  test(`kubeconfig: ${c.name}`, () => {
    const run = () => loadKubeconfig({ ...c.opts, env: c.env, home: null, inClusterRoot: join(dir, 'no-sa') });
    if (c.error) {
      assert.throws(run, (e: unknown) => e instanceof InputError && c.error!.test(e.describe()));
      return;
    }
    const { kc } = run();
    assert.is(kc.getCurrentContext(), c.context);
    assert.is(kc.getCurrentCluster()?.server, c.server);
  });
}

test('kubeconfig: ~/.kube/config when nothing else is given', () => {
  const home = join(dir, 'home');
  mkdirSync(join(home, '.kube'), { recursive: true });
  writeFileSync(join(home, '.kube', 'config'), kubeconfig({ cluster: 'home', server: 'https://127.0.0.1:6443', user: 'me', context: 'home' }));
  const { kc, origin } = loadKubeconfig({ env: {}, home });
  assert.is(kc.getCurrentContext(), 'home');
  assert.is(origin, join(home, '.kube', 'config'));
});

test('kubeconfig: the in-cluster service account, server from KUBERNETES_SERVICE_HOST/PORT', () => {
  const root = join(dir, 'pod');
  const sa = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(sa, { recursive: true });
  writeFileSync(join(sa, 'token'), 'eyJhbGciOiJSUzI1NiJ9.e30.sig');
  writeFileSync(join(sa, 'ca.crt'), '');
  const { kc, origin } = loadKubeconfig({ env: { KUBERNETES_SERVICE_HOST: 'fd00:10:96::1', KUBERNETES_SERVICE_PORT: '443' }, home: null, inClusterRoot: root });
  assert.is(origin, 'in-cluster service account');
  assert.is(kc.getCurrentCluster()?.server, 'https://[fd00:10:96::1]:443');
});

test.run();
