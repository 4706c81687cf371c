import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { POLICY_WASM } from '../paths.js';
import { wasmModule } from '../../test/wasm.js';
import { loadEngine, PolicyError, type PolicyErrorCode } from './engine.js';

const refused: [string, Uint8Array, PolicyErrorCode, RegExp][] = [
  ['text, not wasm', new TextEncoder().encode('package main\n'), 'not-wasm', /^not a WebAssembly module \(it does not start with the bytes \\0asm\)/],
  ['a truncated module', readFileSync(POLICY_WASM).subarray(0, 200), 'not-wasm', /^not a valid WebAssembly module: /],
  ['a module without OPA exports', wasmModule({ abi: null }), 'not-opa', /^a WebAssembly module, but not an OPA policy \(no opa_wasm_abi_version export\)/],
  ['OPA ABI 2', wasmModule({ abi: 2 }), 'abi', /^OPA wasm ABI version 2, but @open-policy-agent\/opa-wasm runs ABI 1\.x only/],
];

for (const [name, bytes, code, message] of refused) {
  test(`loadEngine refuses ${name} with code ${code}`, () => {
    try {
      loadEngine(bytes);
      assert.unreachable('loaded');
    } catch (e) {
      assert.instance(e, PolicyError);
      assert.is((e as PolicyError).code, code);
      assert.match((e as PolicyError).message, message);
    }
  });
}

test('loadEngine loads the built-in module, given or by default', () => {
  assert.equal(loadEngine(readFileSync(POLICY_WASM)).entrypoints, loadEngine().entrypoints);
});

test('evaluate on an unknown entrypoint is a PolicyError, not a string', () => {
  const engine = loadEngine();
  engine.setData({ netcheck: { params: {} } });
  try {
    engine.evaluateJSON('{}', 'no/such/entrypoint');
    assert.unreachable('evaluated');
  } catch (e) {
    assert.instance(e, PolicyError);
    assert.is((e as PolicyError).code, 'eval');
  }
});

test.run();
