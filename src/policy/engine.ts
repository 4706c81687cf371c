/**
 * The only module that touches @open-policy-agent/opa-wasm. The built-in module
 * is compiled and instantiated once per process; data (parameters) is set once;
 * input is handed over as JSON text so the SDK does not serialise it again.
 * The SDK throws plain strings (and console.error()s about modules that are not
 * OPA's): modules are checked before it sees them, and what it throws becomes a
 * PolicyError with a code here.
 */
import { readFileSync } from 'node:fs';
import * as opaModule from '@open-policy-agent/opa-wasm';

// The SDK's ESM entry exports loadPolicySync only on its default export, while
// its types declare it as a named export: take it from whichever exists.
const sdk = (opaModule as unknown as { default?: typeof opaModule }).default ?? opaModule;
const loadPolicySync: typeof opaModule.loadPolicySync = (...args) => sdk.loadPolicySync(...args);
import { POLICY_WASM } from '../paths.js';

/**
 * Initial wasm memory, in 64 KiB pages: 1 GiB of address space, committed only
 * as the policy touches it. OPA's allocator grows memory a few pages at a time
 * and every grow costs (in V8, about half a millisecond on these machines):
 * the built-in rules use some 100 bytes of heap per byte of input, so 5,000
 * nodes grew memory thousands of times, which cost more than the evaluation.
 * Growing later does not help: the allocator only uses memory it grew itself,
 * or that was there when it started. Measured in docs/benchmarks.md.
 */
const INITIAL_PAGES = 16384;

/**
 * What went wrong: `not-wasm` the bytes are no WebAssembly module; `not-opa` a
 * module without OPA's exports; `abi` an OPA ABI this SDK does not run; `load`
 * instantiation failed; `data` setData failed; `builtin` the policy calls a
 * builtin the SDK does not implement; `eval` evaluation failed otherwise.
 */
export type PolicyErrorCode = 'not-wasm' | 'not-opa' | 'abi' | 'load' | 'data' | 'builtin' | 'eval';

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    message: string,
    readonly code: PolicyErrorCode = 'eval',
  ) {
    super(message);
  }
}

export interface Engine {
  entrypoints: string[];
  setData(data: object): void;
  /** Evaluates with input given as JSON text; returns the entrypoint's value. */
  evaluateJSON(inputJSON: string, entrypoint?: string): unknown;
  /** The same with the input already UTF-8 encoded: the whole ArrayBuffer is the JSON text. */
  evaluateBytes(input: ArrayBuffer, entrypoint?: string): unknown;
}

type Loaded = ReturnType<typeof loadPolicySync>;

let builtin: Loaded | undefined;

/** The part of the WebAssembly global used here (tsconfig's lib has no DOM types). */
interface WasmModuleApi {
  Module: { new (bytes: Uint8Array): object; exports(m: object): { name: string }[] };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmModuleApi }).WebAssembly;

/** The exports `opa build -t wasm` gives every module (ABI 1.x). */
const OPA_EXPORTS = ['opa_wasm_abi_version', 'builtins', 'entrypoints', 'opa_malloc', 'opa_heap_ptr_get', 'opa_json_dump'];
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Loads the built-in policy, or the given module (a custom policy). */
export function loadEngine(wasm?: Uint8Array): Engine {
  let policy: Loaded;
  if (wasm) policy = load(wasm);
  else policy = builtin ??= load(readFileSync(POLICY_WASM));
  const evaluateBytes = (buf: ArrayBuffer, entrypoint?: string): unknown => {
    let rs: unknown;
    try {
      rs = entrypoint === undefined ? policy.evaluate(buf) : policy.evaluate(buf, entrypoint);
    } catch (e) {
      const text = message(e);
      // The SDK: "not implemented: built-in function 3: semver.compare".
      const missing = /not implemented: built-in function (?:\d+: )?(\S+)/.exec(text);
      if (missing) {
        throw new PolicyError(
          `the policy calls the builtin ${missing[1]}, which @open-policy-agent/opa-wasm does not implement: rewrite it without ${missing[1]} (its capabilities.json lists the builtins that work)`,
          'builtin',
        );
      }
      throw new PolicyError(`policy evaluation failed: ${text}`, 'eval');
    }
    if (!Array.isArray(rs) || rs.length === 0) return undefined;
    return (rs[0] as { result?: unknown }).result;
  };
  return {
    entrypoints: Object.keys(policy.entrypoints as Record<string, number>),
    setData(data) {
      try {
        policy.setData(data);
      } catch (e) {
        throw new PolicyError(`cannot load policy data: ${message(e)}`, 'data');
      }
    },
    evaluateJSON(inputJSON, entrypoint) {
      const bytes = new TextEncoder().encode(inputJSON);
      // The SDK wants an ArrayBuffer: the encoder's own when it holds exactly the text, never a second copy.
      const buf =
        bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
          ? (bytes.buffer as ArrayBuffer)
          : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      return evaluateBytes(buf as ArrayBuffer, entrypoint);
    },
    evaluateBytes,
  };
}

/** Checks what the SDK would only console.error() about, then instantiates. */
function load(bytes: Uint8Array): Loaded {
  if (bytes.length < 8 || WASM_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new PolicyError('not a WebAssembly module (it does not start with the bytes \\0asm): give a .wasm built by `opa build -t wasm`', 'not-wasm');
  }
  let mod: object;
  try {
    mod = new Wasm.Module(bytes);
  } catch (e) {
    throw new PolicyError(`not a valid WebAssembly module: ${message(e)}`, 'not-wasm');
  }
  const exported = new Set(Wasm.Module.exports(mod).map((x) => x.name));
  const lacking = OPA_EXPORTS.filter((name) => !exported.has(name));
  if (lacking.length > 0) {
    throw new PolicyError(`a WebAssembly module, but not an OPA policy (no ${lacking.join(', ')} export): build it with \`opa build -t wasm\``, 'not-opa');
  }
  try {
    return loadPolicySync(mod as Parameters<typeof loadPolicySync>[0], { initial: INITIAL_PAGES });
  } catch (e) {
    const text = message(e);
    // The SDK: "unsupported ABI version 2".
    const abi = /unsupported ABI version (\S+)/.exec(text);
    if (abi) {
      throw new PolicyError(
        `OPA wasm ABI version ${abi[1]}, but @open-policy-agent/opa-wasm runs ABI 1.x only: rebuild it with an OPA whose \`opa build -t wasm\` emits ABI 1 (every OPA 0.x and 1.x does)`,
        'abi',
      );
    }
    throw new PolicyError(`cannot load policy module: ${text}`, 'load');
  }
}

function message(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return String(e);
}
