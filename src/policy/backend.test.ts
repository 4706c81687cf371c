import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputError, UsageError } from '../errors.js';
import { embeddedBackend, selectBackend } from './backend.js';

const dir = mkdtempSync(join(tmpdir(), 'knc-backend-'));
/** A stand-in module with its build record (never run here: choosing a back end does not load it). */
const wasm = join(dir, 'regoc.wasm');
writeFileSync(wasm, 'not run');
writeFileSync(join(dir, 'regoc.json'), JSON.stringify({ opa: '1.22.3', go: 'go1.26.8', sha256: 'ab'.repeat(32) }));
const bin = join(dir, 'bin');
const opa = join(dir, 'opa');
writeFileSync(opa, '#!/bin/sh\necho "Version: 1.22.3"\n');
chmodSync(opa, 0o755);

test('--opa wins over the embedded compiler', () => {
  const b = selectBackend({ opa, env: { KUBE_NETCHECK_REGOC: wasm, PATH: '' } });
  assert.is(b.kind, 'opa');
  assert.is(b.cheapExtra, false);
});

test('the embedded compiler wins over an opa on PATH, and its version comes from its build record, unrun', () => {
  const b = selectBackend({ env: { KUBE_NETCHECK_REGOC: wasm, PATH: dir } });
  assert.is(b.kind, 'embedded');
  assert.is(b.cheapExtra, true);
  assert.is(b.version(dir), '1.22.3 embedded abababababababab');
  assert.is(b.describe(dir), `the embedded OPA 1.22.3 (${wasm})`);
});

test('without the embedded compiler, opa on PATH; with neither, an input error naming both ways out', () => {
  const none = { KUBE_NETCHECK_REGOC: join(dir, 'missing.wasm') };
  assert.is(selectBackend({ env: { ...none, PATH: dir } }).kind, 'opa');
  try {
    selectBackend({ env: { ...none, PATH: bin }, what: 'policy/' });
    assert.unreachable('no back end was refused');
  } catch (e) {
    assert.instance(e, InputError);
    assert.match((e as InputError).describe(), /^policy\/: compiling Rego needs OPA: this installation lacks its embedded compiler \(.*missing\.wasm\) and there is no opa on PATH: build it with `npm run build:regoc`/);
  }
  assert.throws(() => selectBackend({ opa: join(dir, 'no-opa'), env: {} }), (e: unknown) => e instanceof UsageError);
});

test('a damaged build record is named, with how to rebuild', () => {
  const other = join(dir, 'other.wasm');
  writeFileSync(other, '');
  writeFileSync(join(dir, 'other.json'), '{"opa": 1}');
  assert.throws(() => embeddedBackend(other).version(dir), /the embedded Rego compiler's build record is missing or damaged: build it with `npm run build:regoc`/);
});

test('a module that is not WebAssembly is an input error, not a crash', () => {
  assert.throws(() => embeddedBackend(wasm).run(['version']), (e: unknown) => e instanceof InputError && /is not a WebAssembly module/.test((e as Error).message));
});

test.run();
