import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createWasmKernels } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'
import { createThreadPool } from '../../../../src/main/engine/kernels/wasm/thread-pool'
import { compileKernelModule } from '../../../../src/main/engine/kernels/wasm/wasm-module'
import { createWasmMemory } from '../../../../src/main/engine/kernels/wasm/wasm-memory'
import { BOARD_BYTES, BOARD_OFFSET, DONE, TaskBoard } from '../../../../src/main/engine/kernels/wasm/task-board'
import { chunking, planElements, planGemm, DEFAULT_TUNING } from '../../../../src/main/engine/kernels/wasm/partition'
import type { Kernels } from '../../../../src/main/engine/kernels/types'
import { createStepGovernor } from '../../../../src/main/engine/kernels/wasm/step-governor'
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
      await createWasmKernels({ threads: 2, relaxedSimd: false, tuning: { minGemmFlops: 0, minElements: 0, adaptive: false } }),
      await createWasmKernels({ threads: 3, relaxedSimd: false, tuning: { minGemmFlops: 0, minElements: 0, adaptive: false } }),
    ]
    for (const [m, kk, n] of [[64, 784, 128], [64, 128, 10], [7, 33, 9], [130, 20, 300], [1, 50, 70]] as const) {
      const want = layerStep(one, m, kk, n)
      for (const k of pooled) {
        const got = layerStep(k, m, kk, n)
        // Byte comparison (toEqual on 100k-element arrays is slow); the message says where they differ.
        got.forEach((g, i) => {
          const same = Buffer.from(g.buffer).equals(Buffer.from(want[i].buffer))
          const at = same ? -1 : g.findIndex((v, j) => !Object.is(v, want[i][j]))
          expect(same, `output ${i} of ${m}x${kk}x${n} on ${k.threads} threads differs at ${at}: ${g[at]} vs ${want[i][at]}`).toBe(true)
        })
      }
    }
    await Promise.all([one, ...pooled].map((k) => k.dispose()))
  })

  it('really shares the work: helper threads run chunks', async () => {
    const k = await createWasmKernels({ threads: 2, relaxedSimd: false, tuning: { adaptive: false } })
    const m = 64, kk = 784, n = 128
    const rand = lcg(3)
    const A = filled(k, m * kk, rand), W = filled(k, n * kk, rand), b = k.alloc(n), Z = k.alloc(m * n)
    // On a loaded machine the helper may miss a few operations; it cannot miss them all for a second.
    const until = performance.now() + 1000
    while (k.helperChunks() === 0 && performance.now() < until) k.gemmABtBias(A, W, b, Z, m, kk, n)
    expect(k.helperChunks()).toBeGreaterThan(0)
    const one = await createWasmKernels({ threads: 1 })
    expect(one.helperChunks()).toBe(0)
    await Promise.all([k.dispose(), one.dispose()])
  })

  it('dispose() terminates every pool thread, and the kernels refuse work afterwards', async () => {
    const k = await createWasmKernels({ threads: 3 })
    expect(k.liveThreads()).toBe(2)
    await k.dispose()
    expect(k.liveThreads()).toBe(0)
    const a = k.alloc.bind(k)
    expect(() => a(1)).toThrow(/used after dispose/)
  })

  it('a failing chunk, on the caller or on a helper, is reported after every claimed chunk has finished', async () => {
    const module = await compileKernelModule('simd')
    const mem = createWasmMemory(BOARD_OFFSET + BOARD_BYTES, 16)
    const board = new TaskBoard(mem.memory.buffer)
    const pool = await createThreadPool({ module, memory: mem.memory, board, helpers: 1, helperSpinMicros: 0, callerSpinMicros: 0 })
    board.describe(999, 8, 1, 0, []) // no such op: a helper's run_chunk returns status 1
    const ran: number[] = []
    const sleep = new Int32Array(new SharedArrayBuffer(4))
    // The caller's chunks are slow, so the helper certainly claims some of the 8.
    expect(() => pool.run(8, (i) => (ran.push(i), Atomics.wait(sleep, 0, 0, 20), 0))).toThrow(/status 1: unknown operation/)
    expect(ran.length).toBeLessThan(8)
    expect(board.ctl[DONE], 'every chunk finished before run() returned').toBe(8)
    // A chunk throwing on the caller: the error itself comes out.
    board.describe(999, 2, 1, 0, [])
    expect(() => pool.run(2, () => {
      throw new Error('boom')
    })).toThrow(/boom|unknown operation/)
    await pool.dispose()
    expect(pool.liveThreads()).toBe(0)
    expect(() => pool.run(1, () => 0)).toThrow(/used after dispose/)
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
  it('chunking cuts a range into about `target` aligned chunks', () => {
    expect(chunking(128, 8, 8)).toEqual({ total: 128, width: 16, chunks: 8 })
    expect(chunking(784, 8, 8)).toEqual({ total: 784, width: 104, chunks: 8 })
    expect(chunking(10, 4, 8)).toEqual({ total: 10, width: 8, chunks: 2 })
    expect(chunking(5, 4, 8)).toEqual({ total: 5, width: 8, chunks: 1 })
    expect(chunking(1e7, 10_000, 1).chunks).toBeLessThanOrEqual(4095)
  })

  it('planGemm splits big products by column panels, tall narrow ones by rows, and leaves small ones alone', () => {
    expect(planGemm(64, 128, 784, 2, DEFAULT_TUNING)).toEqual({ mode: 0, total: 128, width: 16, chunks: 8 })
    expect(planGemm(512, 10, 784, 2, DEFAULT_TUNING)).toEqual({ mode: 1, total: 512, width: 128, chunks: 4 })
    expect(planGemm(64, 10, 128, 2, DEFAULT_TUNING)).toEqual({ mode: 1, total: 64, width: 16, chunks: 4 })
    expect(planGemm(16, 10, 128, 2, DEFAULT_TUNING)).toBeNull()
    expect(planGemm(64, 128, 784, 1, DEFAULT_TUNING)).toBeNull()
    expect(planElements(100_352, 2, DEFAULT_TUNING)).toEqual({ total: 100_352, width: 12_544, chunks: 8 })
    expect(planElements(1000, 2, DEFAULT_TUNING)).toBeNull()
    expect(planElements(8192, 2, DEFAULT_TUNING)).toEqual({ total: 8192, width: 1024, chunks: 8 })
    expect(planElements(8191, 2, DEFAULT_TUNING)).toBeNull()
  })
})

describe('step governor', () => {
  /** Feeds `n` steps whose durations come from `ms(pooled)`; returns the choices made. */
  function drive(g: ReturnType<typeof createStepGovernor>, n: number, ms: (pooled: boolean) => number, clock: { t: number }): boolean[] {
    const out: boolean[] = []
    for (let i = 0; i < n; i++) {
      const pooled = g.beginStep(clock.t)
      out.push(pooled)
      clock.t += ms(pooled)
    }
    return out
  }

  it('warms up, tries both ways, then keeps the faster and re-tries the other a few steps in every 256', () => {
    const g = createStepGovernor()
    const clock = { t: 0 }
    const start = drive(g, 32, (p) => (p ? 1 : 2), clock)
    expect(start).toEqual([...Array(26).fill(true), ...Array(6).fill(false)])
    const later = drive(g, 512, (p) => (p ? 1 : 2), clock)
    expect(later.filter((p) => !p)).toHaveLength(12) // 6 exploring steps per 256
    expect(later.filter((p) => p)).toHaveLength(500)
  })

  it('does not judge the warm-up: slow first steps with helpers do not send the run alone', () => {
    const g = createStepGovernor()
    const clock = { t: 0 }
    let n = 0
    // The first 20 steps are 4x slower (JIT, cold caches); afterwards helpers make a step 1.5x faster.
    const choices = drive(g, 300, (p) => (n++ < 20 ? 4 : p ? 1 : 1.5), clock)
    expect(choices.slice(32).filter((p) => !p).length).toBeLessThanOrEqual(6)
  })

  it('stops using the helpers when steps with them are slower (another process holds the second core), and notices when that ends', () => {
    const g = createStepGovernor()
    const clock = { t: 0 }
    drive(g, 32, (p) => (p ? 3 : 2), clock)
    expect(drive(g, 512, (p) => (p ? 3 : 2), clock).filter((p) => p)).toHaveLength(12)
    // The second core becomes free: pooled steps are faster again; the next exploration sees it.
    const after = drive(g, 512, (p) => (p ? 1 : 2), clock)
    expect(after.slice(-256).filter((p) => p).length).toBeGreaterThanOrEqual(250)
  })

  it('keeps the helpers when steps without them are only a little faster (within 5 %)', () => {
    const g = createStepGovernor()
    const clock = { t: 0 }
    drive(g, 32, (p) => (p ? 1.03 : 1), clock)
    expect(drive(g, 512, (p) => (p ? 1.03 : 1), clock).filter((p) => p).length).toBe(500)
  })

  it('is not flipped by one slow step (an epoch end with evaluation, a preemption): it judges by medians', () => {
    const g = createStepGovernor()
    const clock = { t: 0 }
    drive(g, 64, (p) => (p ? 1 : 2), clock)
    let n = 0
    const choices = drive(g, 64, (p) => (p && n++ === 3 ? 50 : p ? 1 : 2), clock)
    expect(choices.filter((p) => p).length).toBeGreaterThanOrEqual(60)
  })
})
