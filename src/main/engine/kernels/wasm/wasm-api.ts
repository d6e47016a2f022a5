/**
 * The slice of the WebAssembly JS API the kernels use, typed here because the node-side tsconfig has no DOM
 * lib (where TypeScript declares WebAssembly). `wasmApi()` is undefined where the engine has no WebAssembly.
 */

/** A compiled module (opaque; structured-cloneable to worker threads). */
export type WasmModule = object & { readonly __wasmModule?: never }

export interface WasmMemoryObject {
  /** For a shared memory a SharedArrayBuffer; a new object after each grow, never detached. */
  readonly buffer: SharedArrayBuffer
  grow(pages: number): number
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean
  compile(bytes: Uint8Array): Promise<WasmModule>
  Memory: new (d: { initial: number; maximum: number; shared: true }) => WasmMemoryObject
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> }
}

export function wasmApi(): WasmApi | undefined {
  return (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly
}

/** wasmApi(), or an error naming what is missing. */
export function requireWasmApi(): WasmApi {
  const api = wasmApi()
  if (!api) throw new Error('wasm kernels: this JavaScript engine has no WebAssembly')
  return api
}
