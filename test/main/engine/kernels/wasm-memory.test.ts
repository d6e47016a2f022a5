import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWasmKernels, type WasmKernels } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'

describe('wasm kernels: memory and argument checks', () => {
  let k: WasmKernels
  beforeAll(async () => {
    k = await createWasmKernels({ threads: 1 })
  })
  afterAll(() => k.dispose())

  it('buffers handed out before the memory grows stay valid and keep their contents', () => {
    const early = k.alloc(1000)
    for (let i = 0; i < early.length; i++) early[i] = i
    const before = k.memoryBytes()
    // 64 MiB more: forces several grows of the shared memory.
    const big = Array.from({ length: 16 }, () => k.alloc(1 << 20))
    expect(k.memoryBytes()).toBeGreaterThanOrEqual(before + 64 * 2 ** 20)
    expect(early.length).toBe(1000)
    expect(early[999]).toBe(999)
    big[15][(1 << 20) - 1] = 5
    // Old views are still usable by the kernels after the grow.
    const out = k.alloc(1000)
    k.axpy(2, early, out, 1000)
    expect(out[999]).toBe(1998)
    expect(big[15][(1 << 20) - 1]).toBe(5)
  })

  it('pool threads see memory grown after they started (they compute in the new region)', async () => {
    const pooled = await createWasmKernels({ threads: 2, tuning: { minGemmFlops: 0, minElements: 0, adaptive: false } })
    const run = () => {
      const m = 16, kk = 40, n = 64
      const A = pooled.alloc(m * kk).fill(0.5), W = pooled.alloc(n * kk).fill(2), b = pooled.alloc(n).fill(1), Z = pooled.alloc(m * n)
      pooled.gemmABtBias(A, W, b, Z, m, kk, n) // 8 column chunks: the helper takes some
      return Z
    }
    expect(Array.from(new Set(run()))).toEqual([41])
    const before = pooled.memoryBytes()
    for (let i = 0; i < 24; i++) pooled.alloc(1 << 20) // +96 MiB: several grows
    const Z = run()
    expect(Z.byteOffset).toBeGreaterThan(before + 96 * 2 ** 20 - 1)
    expect(Array.from(new Set(Z))).toEqual([41])
    const helped = pooled.helperChunks()
    const until = performance.now() + 1000
    while (pooled.helperChunks() === helped && performance.now() < until) expect(Array.from(new Set(run()))).toEqual([41])
    expect(pooled.helperChunks(), 'a helper computed in the grown memory').toBeGreaterThan(helped)
    await pooled.dispose()
  })

  it('allocations are zero-filled, 64-byte aligned and never overlap', () => {
    const a = k.alloc(3)
    const b = k.alloc(5)
    expect(a.byteOffset % 64).toBe(0)
    expect(b.byteOffset % 64).toBe(0)
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 3 * 4)
    expect(Array.from(b)).toEqual([0, 0, 0, 0, 0])
  })

  it('refuses buffers that are not its own, naming the kernel and the argument', () => {
    const mine = k.alloc(4)
    const foreign = new Float32Array(4)
    expect(() => k.sgdStep(foreign, mine, 0.1, 4)).toThrow(/sgdStep: W is not a buffer of this wasm backend/)
    expect(() => k.gemmABtBias(mine, mine, new Float32Array(new SharedArrayBuffer(16)), mine, 1, 1, 1)).toThrow(/gemmABtBias: b is not a buffer/)
  })

  it('refuses buffers too short for the shape and bad dimensions', () => {
    const a = k.alloc(6)
    expect(() => k.gemmABtBias(a, a, a, a, 2, 3, 4)).toThrow(/gemmABtBias: W has 6 elements, needs n·k = 12/)
    expect(() => k.gemmAtB(a, a, a, 2, 1.5, 1)).toThrow(/gemmAtB: n must be a non-negative integer, got 1.5/)
    expect(() => k.colSum(a, a, -1, 2)).toThrow(/colSum: m must be a non-negative integer/)
    expect(() => k.activate('relu', a, a, 2, 4)).toThrow(/activate: Z has 6 elements, needs m·n = 8/)
    expect(() => k.alloc(-1)).toThrow(/alloc: length must be a non-negative integer/)
    expect(() => k.activate('swish' as never, a, a, 1, 1)).toThrow(/Unknown activation "swish"/)
  })

  it('gatherRows copies typed and plain sources and refuses row indices outside the source', () => {
    const cols = 3
    const src8 = Uint8Array.from({ length: 4 * cols }, (_, i) => i * 10)
    const out = k.alloc(2 * cols)
    k.gatherRows(src8, Uint32Array.of(3, 1), 0, 2, cols, out)
    expect(Array.from(out)).toEqual([90, 100, 110, 30, 40, 50])
    k.gatherRows([1, 2, 3, 4, 5, 6], Int32Array.of(1, 0), 0, 2, cols, out)
    expect(Array.from(out)).toEqual([4, 5, 6, 1, 2, 3])
    expect(() => k.gatherRows(src8, Uint32Array.of(4), 0, 1, cols, out)).toThrow(/gatherRows: rows\[0\] = 4 is outside the source's 4 rows/)
    expect(() => k.gatherRows(src8, Int32Array.of(0, -1), 0, 2, cols, out)).toThrow(/rows\[1\] = -1 is outside/)
    expect(() => k.gatherRows(src8, Uint32Array.of(0), 0, 2, cols, out)).toThrow(/runs past the 1 row indices/)
    expect(() => k.gatherRows(src8, Uint32Array.of(0, 1, 2), 0, 3, cols, out)).toThrow(/out has 6 elements, needs count·cols = 9/)
  })

  it('gatherRows copies wide typed rows, and a bad index anywhere in the batch throws before anything is written', () => {
    const cols = 40 // wide rows take the checked-and-touched path with one memcpy per row
    const src = Float32Array.from({ length: 5 * cols }, (_, i) => i + 0.5)
    const out = k.alloc(3 * cols)
    k.gatherRows(src, Uint32Array.of(4, 0, 2), 0, 3, cols, out)
    for (const [r, row] of [4, 0, 2].entries()) expect(Array.from(out.subarray(r * cols, (r + 1) * cols))).toEqual(Array.from(src.subarray(row * cols, (row + 1) * cols)))
    out.fill(-7)
    expect(() => k.gatherRows(src, Uint32Array.of(1, 3, 5), 0, 3, cols, out)).toThrow(/rows\[2\] = 5 is outside the source's 5 rows/)
    expect(out.every((v) => v === -7)).toBe(true)
  })

  it('reports running out of its memory bound with sizes, instead of crashing', async () => {
    const small = await createWasmKernels({ threads: 1, maxMemoryMiB: 2 })
    expect(() => small.alloc(1 << 20)).toThrow(/out of memory allocating 4194304 bytes .*limit 2 MiB/)
    await small.dispose()
    expect(() => small.alloc(1)).toThrow(/used after dispose/)
  })
})
