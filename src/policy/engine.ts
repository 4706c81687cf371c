/**
 * The only module that touches @open-policy-agent/opa-wasm. The module is
 * compiled and instantiated once per process; data (parameters) is set once;
 * input is handed over as JSON text so the SDK does not serialise it again.
 * The SDK throws plain strings: they become typed errors here.
 */
import { readFileSync } from 'node:fs';
import * as opaModule from '@open-policy-agent/opa-wasm';

// The SDK's ESM entry exports loadPolicySync only on its default export, while
// its types declare it as a named export: take it from whichever exists.
const sdk = (opaModule as unknown as { default?: typeof opaModule }).default ?? opaModule;
const loadPolicySync: typeof opaModule.loadPolicySync = (...args) => sdk.loadPolicySync(...args);
import { POLICY_WASM } from '../paths.js';

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

export interface Engine {
  entrypoints: string[];
  setData(data: object): void;
  /** Evaluates with input given as JSON text; returns the entrypoint's value. */
  evaluateJSON(inputJSON: string, entrypoint?: string): unknown;
}

type Loaded = ReturnType<typeof loadPolicySync>;

let builtin: Loaded | undefined;

export function loadEngine(wasm?: Uint8Array): Engine {
  let policy: Loaded;
  try {
    if (wasm) policy = loadPolicySync(wasm);
    else policy = builtin ??= loadPolicySync(readFileSync(POLICY_WASM));
  } catch (e) {
    throw new PolicyError(`cannot load policy module: ${message(e)}`);
  }
  return {
    entrypoints: Object.keys(policy.entrypoints as Record<string, number>),
    setData(data) {
      try {
        policy.setData(data);
      } catch (e) {
        throw new PolicyError(`cannot load policy data: ${message(e)}`);
      }
    },
    evaluateJSON(inputJSON, entrypoint) {
      const bytes = new TextEncoder().encode(inputJSON);
      const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      let rs: unknown;
      try {
        rs = entrypoint === undefined ? policy.evaluate(buf) : policy.evaluate(buf, entrypoint);
      } catch (e) {
        throw new PolicyError(`policy evaluation failed: ${message(e)}`);
      }
      if (!Array.isArray(rs) || rs.length === 0) return undefined;
      return (rs[0] as { result?: unknown }).result;
    },
  };
}

function message(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  return String(e);
}
