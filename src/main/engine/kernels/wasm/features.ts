import { wasmApi } from './wasm-api'

/**
 * What the running WebAssembly engine supports, probed with tiny modules rather than assumed from versions:
 * Node 20's V8 has SIMD128 but not relaxed SIMD; Electron 41's has both.
 */

/** A `WebAssembly.validate`-shaped function; tests inject a failing one to exercise the fallbacks. */
export type ValidateFn = (bytes: Uint8Array) => boolean

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]
const V128_CONST_ZERO = [0xfd, 0x0c, ...new Array<number>(16).fill(0)]

/** (func (result v128) (v128.const i32x4 0 0 0 0)). */
const SIMD_PROBE = new Uint8Array([
  ...HEADER,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section
  0x0a, 0x16, 0x01, 0x14, 0x00, ...V128_CONST_ZERO, 0x0b, // code: v128.const 0; end
])

/** (func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0))). */
const RELAXED_PROBE = new Uint8Array([
  ...HEADER,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x3d, 0x01, 0x3b, 0x00, ...V128_CONST_ZERO, ...V128_CONST_ZERO, ...V128_CONST_ZERO,
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd (opcode 0x105)
  0x0b,
])

/** (memory 1 1 shared) plus (func (result i32) (i32.atomic.load (i32.const 0))). */
const THREADS_PROBE = new Uint8Array([
  ...HEADER,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
  0x03, 0x02, 0x01, 0x00,
  0x05, 0x04, 0x01, 0x03, 0x01, 0x01, // memory section: shared, min 1, max 1
  0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0xfe, 0x10, 0x02, 0x00, 0x0b, // i32.const 0; i32.atomic.load align=2; end
])

export interface WasmFeatures {
  /** WebAssembly with 128-bit SIMD: the kernels can run. */
  simd: boolean
  /** Relaxed SIMD (f32x4.relaxed_madd): the faster build can run. */
  relaxedSimd: boolean
  /** Shared memory and atomics (WebAssembly threads, SharedArrayBuffer, Atomics.wait): the kernels' memory. */
  sharedMemory: boolean
}

/** Probes the engine. `validate` defaults to WebAssembly.validate; missing WebAssembly reports nothing. */
export function detectWasmFeatures(validate?: ValidateFn): WasmFeatures {
  const wasm = wasmApi()
  const check: ValidateFn | undefined = validate ?? (wasm ? (bytes) => wasm.validate(bytes) : undefined)
  const ok = (bytes: Uint8Array): boolean => {
    try {
      return check !== undefined && check(bytes)
    } catch {
      return false
    }
  }
  const simd = ok(SIMD_PROBE)
  const relaxedSimd = simd && ok(RELAXED_PROBE)
  const sharedMemory =
    typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && typeof Atomics.wait === 'function' && ok(THREADS_PROBE) && canCreateSharedMemory()
  return { simd, relaxedSimd, sharedMemory }
}

function canCreateSharedMemory(): boolean {
  try {
    const api = wasmApi()
    if (!api) return false
    const m = new api.Memory({ initial: 1, maximum: 1, shared: true })
    return m.buffer instanceof SharedArrayBuffer
  } catch {
    return false
  }
}
