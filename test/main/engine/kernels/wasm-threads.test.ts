import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createWasmKernels } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'
import { createThreadPool } from '../../../../src/main/engine/kernels/wasm/thread-pool'
import { compileKernelModule } from '../../../../src/main/engine/kernels/wasm/wasm-module'
import { createWasmMemory } from '../../../../src/main/engine/kernels/wasm/wasm-memory'
import { slotsBytes, TaskSlots } from '../../../../src/main/engine/kernels/wasm/task-slots'
import { planGemm, splitRange, DEFAULT_TUNING } from '../../../../src/main/engine/kernels/wasm/partition'
import type { Kernels } from '../../../../src/main/engine/kernels/types'
import { filled, lcg } from './wasm-helpers'

/** Runs one layer's forward and backward plus an Adam step and returns every output, copied. */
function layerStep(k: Kernels<Float32Array>, m: number, kk: number, n: number): Float32Array[] {
  const rand = lcg(m * 7 + kk + n)
  const A = filled(k, m * kk, rand), W = filled(k, n * kk, rand, 0.1), b = filled(k, n, rand)
  const Z = k.alloc(m * n), H = k.alloc(m * n), G = filled(k, m * n, rand), D = k.alloc(m * n)
  const dW = k.alloc(n * kk), db = k.alloc(n), dA = k.alloc(m * kk), M = k.alloc(n * kk), V = k.alloc(n * kk)
  k.gemmABtBias(A, W, b, Z, m, kk, n)
  k.activate('tanh', Z, H, m, n)
  k.activateBackward('tanh', Z, H, G, D, m, n)
  k.gemmAtB(D, A, dW, m, n, kk)
  k.colSum(D, db, m, n)
  k.gemmAB(D, W, dA, m, n, kk)
  k.adamStep(W, M, V, dW, 0.001, 0.9, 0.999, 1e-8, 1, n * kk)
  const S = k.alloc(m * n)
  k.activate('softmax', Z, S, m, n)
  return [Z, H, D, dW, db, dA, W, M, V, S].map((x) => Float32Array.from(x))
}

describe('wasm kernels on a thread pool', () => {
  it('give bit-identical results to one thread: a split changes who computes an element, not how', async () => {
    const one = await createWasmKernels({ threads: 1, relaxedSimd: false })
    const pooled = [
      await createWasmKernels({ threads: 2, relaxedSimd: false }), // default thresholds: big shapes split
      await createWasmKernels({ threads: 2, relaxedSimd: false, tuning: { minGemmFlops: 0, minElements: 0 } }),
      await createWasmKernels({ threads: 3, relaxedSimd: false, tuning: { minGemmFlops: 0, minElements: 0 } }),
    ]
    for (const [m, kk, n] of [[64, 784, 128], [64, 128, 10], [7, 33, 9], [130, 20, 300], [1, 50, 70]] as const) {
      const want = layerStep(one, m, kk, n)
      for (const k of pooled) {
        const got = layerStep(k, m, kk, n)
        got.forEach((g, i) => expect(g, `output ${i} of ${m}x${kk}x${n} on ${k.threads} threads`).toEqual(want[i]))
      }
    }
    await Promise.all([one, ...pooled].map((k) => k.dispose()))
  })

  it('dispose() terminates every pool thread, and the kernels refuse work afterwards', async () => {
    const k = await createWasmKernels({ threads: 3 })
    expect(k.liveThreads()).toBe(2)
    await k.dispose()
    expect(k.liveThreads()).toBe(0)
    const a = k.alloc.bind(k)
    expect(() => a(1)).toThrow(/used after dispose/)
  })

  it('a helper whose task fails is reported to the caller, not hung on', async () => {
    const module = await compileKernelModule('simd')
    const mem = createWasmMemory(slotsBytes(2), 16)
    const slots = new TaskSlots(mem.memory.buffer, 2)
    const pool = await createThreadPool({ module, memory: mem.memory, slots, helpers: 1, helperSpinMicros: 0, callerSpinMicros: 0 })
    slots.set(1, 999, []) // no such op
    let ownRan = false
    expect(() => pool.run(1, () => (ownRan = true))).toThrow(/pool thread 1 failed its task \(status 1, op 999\)/)
    expect(ownRan).toBe(true)
    await pool.dispose()
    expect(pool.liveThreads()).toBe(0)
    expect(() => pool.run(1, () => {})).toThrow(/used after dispose/)
  })

  it('idle pool threads do not keep the process alive', () => {
    // A child process creates a pooled backend, uses it and exits without dispose(): it must end by itself.
    const script = fileURLToPath(new URL('./fixtures/pool-exits.ts', import.meta.url))
    const tsx = fileURLToPath(new URL('../../../../node_modules/tsx/dist/loader.mjs', import.meta.url))
    const r = spawnSync(process.execPath, ['--import', tsx, script], { encoding: 'utf8', timeout: 30_000 })
    expect(r.error, String(r.error)).toBeUndefined()
    expect(r.stderr).toBe('')
    expect(r.stdout.trim()).toBe('computed 2 threads')
    expect(r.status).toBe(0)
  })
})

describe('work splitting', () => {
  it('splitRange covers the range with aligned, balanced pieces', () => {
    expect(splitRange(128, 2, 8)).toEqual([0, 64, 128])
    expect(splitRange(784, 2, 8)).toEqual([0, 392, 784])
    expect(splitRange(10, 2, 8)).toEqual([0, 8, 10])
    expect(splitRange(5, 4, 8)).toEqual([0, 5])
    expect(splitRange(0, 2, 4)).toEqual([0, 0])
  })

  it('planGemm splits big products by column panels, tall narrow ones by rows, and leaves small ones alone', () => {
    expect(planGemm(64, 128, 784, 2, DEFAULT_TUNING)).toEqual({ by: 'cols', bounds: [0, 64, 128] })
    expect(planGemm(512, 10, 784, 2, DEFAULT_TUNING)).toEqual({ by: 'rows', bounds: [0, 256, 512] })
    expect(planGemm(64, 10, 128, 2, DEFAULT_TUNING)).toEqual({ by: 'none' })
    expect(planGemm(64, 128, 784, 1, DEFAULT_TUNING)).toEqual({ by: 'none' })
  })
})
