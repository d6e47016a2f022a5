/**
 * Argument checks for the wasm kernels. A kernel reads raw memory: a buffer from another backend would be
 * silently copied nowhere, a too-short one would read its neighbour. So every call checks ownership and
 * lengths first and throws an error naming the kernel and the argument.
 */
import type { WasmMemory } from './wasm-memory'

export function checkDim(kernel: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw new RangeError(`${kernel}: ${name} must be a non-negative integer, got ${v}`)
}

export function checkBuf(kernel: string, name: string, x: Float32Array, need: number, what: string, mem: WasmMemory): void {
  if (!(x instanceof Float32Array) || !mem.owns(x)) {
    throw new TypeError(`${kernel}: ${name} is not a buffer of this wasm backend (allocate it with this backend's alloc)`)
  }
  if (x.length < need) throw new RangeError(`${kernel}: ${name} has ${x.length} elements, needs ${what} = ${need}`)
}
