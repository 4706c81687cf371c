/**
 * Every manifest in deploy/ against the Kubernetes v1.37.2 OpenAPI v3 schemas
 * (vendored in deploy/openapi, checked by sha256), with ajv, strictly: unknown
 * fields fail, as with kubectl --validate=strict. Also the certificate script:
 * what it makes is served by the webhook and verifies against its CA.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { Reviewer } from '../src/webhook/reviewer.js';
import { startWebhook } from '../src/webhook/server.js';
import { repo } from './helpers.js';

const OPENAPI = repo('deploy', 'openapi');

/** sha256 of each JSON document, from deploy/openapi/README.md. */
function pinned(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of readFileSync(join(OPENAPI, 'README.md'), 'utf8').matchAll(/^\| (\S+\.json) \| ([0-9a-f]{64}) \| [0-9a-f]{64} \|$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

type Schema = Record<string, unknown>;

/** kubectl --validate=strict: objects with properties admit no unknown field. */
function strict(s: unknown): void {
  if (Array.isArray(s)) return s.forEach(strict);
  if (s === null || typeof s !== 'object') return;
  const o = s as Schema;
  for (const v of Object.values(o)) strict(v);
  if (o.properties && o.additionalProperties === undefined && o['x-kubernetes-preserve-unknown-fields'] !== true) o.additionalProperties = false;
}

interface GVK {
  group: string;
  version: string;
  kind: string;
}

let validators: Map<string, ValidateFunction> | undefined;

function load(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const pins = pinned();
  const schemas: Record<string, Schema> = {};
  const files = readdirSync(OPENAPI).filter((f) => f.endsWith('.json.gz'));
  assert.ok(files.length >= 5, 'vendored OpenAPI documents');
  for (const f of files) {
    const json = gunzipSync(readFileSync(join(OPENAPI, f)));
    const name = f.replace(/\.gz$/, '');
    assert.is(createHash('sha256').update(json).digest('hex'), pins.get(name), `${name}: sha256 differs from deploy/openapi/README.md`);
    const doc = JSON.parse(json.toString('utf8')) as { components: { schemas: Record<string, Schema> } };
    Object.assign(schemas, doc.components.schemas);
  }
  strict(schemas);
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  const ID = 'https://kubernetes.io/openapi/v1.37.2';
  ajv.addSchema({ $id: ID, components: { schemas } });
  validators = new Map();
  for (const [name, s] of Object.entries(schemas)) {
    for (const gvk of (s['x-kubernetes-group-version-kind'] as GVK[] | undefined) ?? []) {
      const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
      validators.set(`${apiVersion}/${gvk.kind}`, ajv.compile({ $ref: `${ID}#/components/schemas/${name}` }));
    }
  }
  return validators;
}

function manifests(): { file: string; doc: Record<string, unknown> }[] {
  const out: { file: string; doc: Record<string, unknown> }[] = [];
  for (const f of readdirSync(repo('deploy')).filter((x) => x.endsWith('.yaml')).sort()) {
    for (const d of parseAllDocuments(readFileSync(repo('deploy', f), 'utf8'))) {
      assert.equal(d.errors, [], f);
      const doc = d.toJS() as Record<string, unknown> | null;
      if (doc) out.push({ file: f, doc });
    }
  }
  return out;
}

function validate(doc: Record<string, unknown>): string[] {
  const v = load().get(`${String(doc.apiVersion)}/${String(doc.kind)}`);
  if (!v) return [`no schema for ${String(doc.apiVersion)} ${String(doc.kind)}`];
  return v(doc) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

test('every manifest in deploy/ is valid against the Kubernetes OpenAPI schemas', () => {
  const all = manifests();
  assert.equal(all.map((m) => `${m.file}: ${String(m.doc.kind)}`), [
    'deployment.yaml: Deployment',
    'namespace.yaml: Namespace',
    'pdb.yaml: PodDisruptionBudget',
    'rbac-collect.yaml: ClusterRole',
    'rbac-collect.yaml: Namespace',
    'rbac-collect.yaml: ServiceAccount',
    'rbac-collect.yaml: ClusterRoleBinding',
    'rbac.yaml: ServiceAccount',
    'service.yaml: Service',
    'webhook.yaml: ValidatingWebhookConfiguration',
  ]);
  for (const { file, doc } of all) assert.equal(validate(doc), [], `${file} ${String(doc.kind)}`);
});

const BROKEN: [string, string, (d: Record<string, any>) => void, RegExp][] = [
  ['a misspelt field', 'deployment.yaml', (d) => (d.spec.replicass = 2), /must NOT have additional properties.*replicass/],
  ['a string where an integer goes', 'deployment.yaml', (d) => (d.spec.replicas = 'two'), /\/spec\/replicas must be integer/],
  ['a container without a name', 'deployment.yaml', (d) => delete d.spec.template.spec.containers[0].name, /must have required property 'name'/],
  ['a webhook without sideEffects', 'webhook.yaml', (d) => delete d.webhooks[0].sideEffects, /must have required property 'sideEffects'/],
  ['a matchCondition without expression', 'webhook.yaml', (d) => delete d.webhooks[0].matchConditions[0].expression, /must have required property 'expression'/],
  ['a Service port as text', 'service.yaml', (d) => (d.spec.ports[0].port = 'https'), /\/spec\/ports\/0\/port must be integer/],
];

for (const [name, file, mutate, want] of BROKEN) {
  test(`the schemas catch ${name} (${file})`, () => {
    const doc = structuredClone(manifests().find((m) => m.file === file)!.doc) as Record<string, any>;
    mutate(doc);
    const errors = validate(doc);
    assert.ok(errors.some((e) => want.test(e)), errors.join('\n'));
  });
}

test('the Deployment asks for what the brief of the webhook needs', () => {
  const d = manifests().find((m) => m.doc.kind === 'Deployment')!.doc as Record<string, any>;
  const pod = d.spec.template.spec;
  const c = pod.containers[0];
  assert.is(d.spec.replicas, 2);
  assert.is(pod.securityContext.runAsNonRoot, true);
  assert.is(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
  assert.is(c.securityContext.readOnlyRootFilesystem, true);
  assert.equal(c.securityContext.capabilities.drop, ['ALL']);
  assert.is(c.readinessProbe.httpGet.path, '/readyz');
  assert.is(c.livenessProbe.httpGet.path, '/healthz');
  assert.ok(c.resources.requests && c.resources.limits);
});

test('gen-cert.sh makes a certificate the webhook serves and that verifies for the Service name', async () => {
  const out = join(tmpdir(), `knc-cert-${process.pid}`);
  const r = spawnSync('bash', [repo('deploy', 'gen-cert.sh'), '--out', out], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const wh = await startWebhook({
    host: '127.0.0.1',
    port: 0,
    certFile: join(out, 'tls.crt'),
    keyFile: join(out, 'tls.key'),
    load: () => Reviewer.fromEvidence([]),
    log: { log: () => undefined },
  });
  try {
    await wh.loaded;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: wh.port, path: '/healthz', ca: readFileSync(join(out, 'ca.crt')), servername: 'kube-netcheck.kube-netcheck.svc', agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.is(status, 200);
  } finally {
    await wh.shutdown();
  }
});

test.run();
