/** Hand-made WebAssembly modules for tests of what the engine refuses. */

/**
 * A minimal WebAssembly module exporting OPA's names (each a function
 * returning 0) and, unless abi is null, the ABI version globals.
 */
export function wasmModule({ abi }: { abi: number | null }): Uint8Array {
  const bytes: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const section = (id: number, body: number[]): void => {
    bytes.push(id, body.length, ...body);
  };
  const name = (s: string): number[] => [s.length, ...Buffer.from(s)];
  section(1, [1, 0x60, 0, 1, 0x7f]); // one type: () -> i32
  section(3, [1, 0]); // one function of that type
  if (abi !== null) section(6, [2, 0x7f, 0, 0x41, abi, 0x0b, 0x7f, 0, 0x41, 0, 0x0b]); // two i32 globals
  const funcs = ['builtins', 'entrypoints', 'opa_malloc', 'opa_heap_ptr_get', 'opa_json_dump'];
  const exports: number[][] = funcs.map((f) => [...name(f), 0, 0]);
  if (abi !== null) exports.push([...name('opa_wasm_abi_version'), 3, 0], [...name('opa_wasm_abi_minor_version'), 3, 1]);
  section(7, [exports.length, ...exports.flat()]);
  section(10, [1, 4, 0, 0x41, 0, 0x0b]); // the body: i32.const 0
  return Uint8Array.from(bytes);
}
