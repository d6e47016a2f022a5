import { describe, expect, it } from 'vitest'
import { wasmApi } from '../../../../src/main/engine/kernels/wasm/wasm-api'
import { createBestKernels, threadsPerRun } from '../../../../src/main/engine/kernels/wasm/best-kernels'
import { detectWasmFeatures } from '../../../../src/main/engine/kernels/wasm/features'
import { createWasmKernels, WasmUnavailableError } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'

/** A validate that refuses modules containing the given opcode bytes (simulates an engine without them). */
const refusing = (...needle: number[]) => (bytes: Uint8Array) => {
  for (let i = 0; i + needle.length <= bytes.length; i++) if (needle.every((b, j) => bytes[i + j] === b)) return false
  return wasmApi()!.validate(bytes)
}
const noWasm = () => false

describe('backend selection', () => {
  it('probes this engine: SIMD and shared memory present (Node 20 and Electron both have them)', () => {
    const f = detectWasmFeatures()
    expect(f.simd).toBe(true)
    expect(f.sharedMemory).toBe(true)
    expect(detectWasmFeatures(noWasm)).toEqual({ simd: false, relaxedSimd: false, sharedMemory: false })
    // Without relaxed SIMD (0xfd 0x85 0x02 = f32x4.relaxed_madd) only that feature disappears.
    expect(detectWasmFeatures(refusing(0xfd, 0x85, 0x02))).toMatchObject({ simd: true, relaxedSimd: false })
  })

  it("forced 'ts' gives the TypeScript reference kernels", async () => {
    const r = await createBestKernels({ backend: 'ts' })
    expect(r).toMatchObject({ backend: 'ts', threads: 1 })
    expect(r.kernels.name).toBe('ts-f32')
    expect(r.fallbackReason).toBeUndefined()
    await r.dispose()
  })

  it("forced 'wasm' runs the SIMD kernels on the calling thread", async () => {
    const r = await createBestKernels({ backend: 'wasm', threads: 4 })
    expect(r).toMatchObject({ backend: 'wasm', threads: 1 })
    expect(r.kernels.name).toMatch(/^wasm-(relaxed-)?simd$/)
    await r.dispose()
  })

  it("forced 'wasm-threads' starts a pool (at least 2 threads)", async () => {
    const r = await createBestKernels({ backend: 'wasm-threads' })
    expect(r).toMatchObject({ backend: 'wasm-threads', threads: 2 })
    await r.dispose()
  })

  it("'auto' uses threads when given more than one, else single-threaded wasm", async () => {
    const a = await createBestKernels({ threads: 2 })
    expect(a).toMatchObject({ backend: 'wasm-threads', threads: 2 })
    const b = await createBestKernels()
    expect(b).toMatchObject({ backend: 'wasm', threads: 1 })
    await Promise.all([a.dispose(), b.dispose()])
  })

  it('falls back to TypeScript with the reason when SIMD is missing, even when wasm is forced', async () => {
    for (const backend of ['auto', 'wasm', 'wasm-threads'] as const) {
      const r = await createBestKernels({ backend, threads: 2, validate: refusing(0xfd, 0x0c) }) // v128.const
      expect(r.backend).toBe('ts')
      expect(r.kernels.name).toBe('ts-f32')
      expect(r.fallbackReason).toMatch(/no 128-bit SIMD/)
    }
  })

  it('falls back to TypeScript with the reason when shared memory is missing', async () => {
    // 0xfe 0x10 = i32.atomic.load, only in the threads probe.
    const r = await createBestKernels({ threads: 2, validate: refusing(0xfe, 0x10) })
    expect(r).toMatchObject({ backend: 'ts', fallbackReason: expect.stringMatching(/shared WebAssembly memory/) })
  })

  it('createWasmKernels itself throws WasmUnavailableError with the reason, and refuses bad options', async () => {
    await expect(createWasmKernels({ validate: noWasm })).rejects.toBeInstanceOf(WasmUnavailableError)
    await expect(createWasmKernels({ relaxedSimd: true, validate: refusing(0xfd, 0x85, 0x02) })).rejects.toThrow(/relaxed SIMD was requested/)
    await expect(createWasmKernels({ threads: 0 })).rejects.toThrow(/threads must be an integer in 1..64/)
  })

  it('threadsPerRun divides the cores between concurrent runs, at least one each', () => {
    expect(threadsPerRun(2, 1)).toBe(2)
    expect(threadsPerRun(2, 2)).toBe(1)
    expect(threadsPerRun(2, 5)).toBe(1)
    expect(threadsPerRun(8, 3)).toBe(2)
    expect(threadsPerRun(4, 0)).toBe(4)
  })
})
