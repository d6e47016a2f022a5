/**
 * The kernels' memory: one shared WebAssembly.Memory with a bump allocator handing out Float32Array views.
 *
 * Why shared even with one thread: growing a non-shared memory detaches its ArrayBuffer, and every view
 * handed out before would turn empty. A shared memory's SharedArrayBuffer never detaches; after a grow
 * `memory.buffer` is a new, longer SharedArrayBuffer object over the same bytes, and old views stay valid over
 * the range they always covered. So alloc may grow at any time without invalidating earlier buffers.
 *
 * Nothing is freed: buffers live as long as the backend (allocate per run, not per batch). The memory is
 * released when the backend is dropped.
 */

import { requireWasmApi, type WasmMemoryObject } from './wasm-api'

const PAGE = 65536
/** Alignment of every buffer: a cache line, so two buffers never share one. */
const ALIGN = 64

export interface WasmMemory {
  readonly memory: WasmMemoryObject
  /** A zero-filled Float32Array of `length` elements in wasm memory. */
  allocFloats(length: number): Float32Array
  /** Reserves `bytes` (aligned) and returns the byte offset; zero-filled. */
  allocBytes(bytes: number): number
  /** True when `view` lies in this memory (a buffer from alloc, or a subarray of one). */
  owns(view: ArrayBufferView): boolean
  /** Bytes handed out so far (the high-water mark of the bump pointer). */
  used(): number
}

/**
 * Creates the memory. `reservedBytes` at the bottom are kept for the pool's control slots (offset 0 stays
 * unused so that pointer 0 can mean "none"). `maxPages` bounds growth (64 KiB pages).
 */
export function createWasmMemory(reservedBytes: number, maxPages: number, initialPages = 16): WasmMemory {
  const memory = new (requireWasmApi().Memory)({ initial: Math.min(initialPages, maxPages), maximum: maxPages, shared: true })
  let top = align(Math.max(reservedBytes, ALIGN))
  // Every SharedArrayBuffer object the memory has shown: views over any of them are ours.
  const buffers = new Set<ArrayBufferLike>([memory.buffer])

  function allocBytes(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`alloc: size must be a non-negative integer of bytes, got ${bytes}`)
    const ptr = top
    const end = ptr + align(bytes)
    const have = memory.buffer.byteLength
    if (end > have) {
      const limit = maxPages * PAGE
      if (end > limit) {
        throw new RangeError(
          `wasm kernels: out of memory allocating ${bytes} bytes (${(end / 2 ** 20).toFixed(1)} MiB needed, limit ${(limit / 2 ** 20).toFixed(0)} MiB)`,
        )
      }
      // Grow by at least half again, so a run's many small allocations cost few grows.
      const want = Math.min(maxPages, Math.max(Math.ceil(end / PAGE), Math.ceil((have * 1.5) / PAGE)))
      memory.grow(want - have / PAGE)
    }
    top = end
    return ptr
  }

  return {
    memory,
    allocBytes,
    allocFloats(length: number): Float32Array {
      if (!Number.isInteger(length) || length < 0) throw new RangeError(`alloc: length must be a non-negative integer, got ${length}`)
      const ptr = allocBytes(length * 4)
      // Re-read and record the buffer object each time: with pool threads attached, V8 may replace the
      // SharedArrayBuffer object behind memory.buffer after a grow (once every isolate has seen the new size).
      const buffer = memory.buffer
      buffers.add(buffer)
      return new Float32Array(buffer, ptr, length)
    },
    owns: (view) => buffers.has(view.buffer),
    used: () => top,
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN
}
