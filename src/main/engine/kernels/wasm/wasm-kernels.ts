/**
 * The WebAssembly SIMD backend: `Kernels<Float32Array>` whose buffers are views into one shared wasm memory,
 * optionally with a pool of helper threads that share each big product (see thread-pool.ts).
 */
import type { ActivationName } from '../../../../shared/config'
import type { Kernels } from '../types'
import { activationCode, SOFTMAX_CODE } from './activation-codes'
import { checkBuf, checkDim } from './checks'
import { gatherRows } from './gather-rows'
import { createRowPrefetcher } from './prefetch'
import { detectWasmFeatures, type ValidateFn } from './features'
import { DEFAULT_TUNING, planColumns, planElements, planGemm, planRows, type Chunks, type ParallelTuning } from './partition'
import { createStepGovernor } from './step-governor'
import { createThreadPool, type ThreadPool } from './thread-pool'
import {
  BOARD_BYTES, BOARD_OFFSET, DESC_OFFSET, HELPED, MAX_THREADS, OP_ACT_BACKWARD, OP_ACT_FORWARD, OP_ADAM, OP_AXPY, OP_COL_SUM, OP_GEMM,
  OP_MOMENTUM, OP_SGD, OP_SOFTMAX_BACKWARD, OP_SOFTMAX_FORWARD, OP_SUM_SQUARES, TaskBoard,
} from './task-board'
import { compileKernelModule, gemmScratchBytes, rowListBytes, type KernelExports, type KernelVariant } from './wasm-module'
import { createWasmMemory } from './wasm-memory'
import { requireWasmApi } from './wasm-api'

export interface WasmKernelsOptions {
  /**
   * Threads working on each big operation, the caller included (1 = no pool). When several runs train at
   * once, give each floor(cores / concurrentRuns) so they do not oversubscribe the cores.
   */
  threads?: number
  /** Use the relaxed-SIMD build (fused multiply-add): 'auto' (default) when the engine validates it. */
  relaxedSimd?: boolean | 'auto'
  /** Upper bound of the wasm memory in MiB (default and maximum 4096, the wasm32 limit). */
  maxMemoryMiB?: number
  /** Feature probe override (tests inject a failing validate to exercise the fallbacks). */
  validate?: ValidateFn
  /** Split thresholds and spin times; defaults in partition.ts. */
  tuning?: Partial<ParallelTuning>
  /** Offer prefetchRows (background copies of the next batch on the pool; default true when there is a pool). */
  prefetch?: boolean
}

/** The wasm backend: the kernel interface plus what a run needs to manage it. */
export interface WasmKernels extends Kernels<Float32Array> {
  /** Threads sharing big operations (1 = the caller alone). */
  readonly threads: number
  /** Whether the relaxed-SIMD build is running. */
  readonly relaxedSimd: boolean
  /** Bytes of wasm memory handed out so far. */
  memoryBytes(): number
  /** Terminates the pool threads (no-op without a pool); the kernels must not be used afterwards. */
  dispose(): Promise<void>
  /** Pool threads still alive (0 without a pool, and after dispose() has resolved). */
  liveThreads(): number
  /** Chunks the helper threads have run so far (0 without a pool): shows whether the pool is really used. */
  helperChunks(): number
  /** Batches whose rows a helper had already copied when gatherRows asked for them (prefetchRows). */
  prefetchHits(): number
  /** Training steps run with the helpers and without them, as the step governor chose (diagnostic). */
  stepModes(): { pooled: number; alone: number }
}

/** Thrown when this engine cannot run the wasm kernels; `reason` says what is missing. */
export class WasmUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`wasm kernels unavailable: ${reason}`)
    this.name = 'WasmUnavailableError'
  }
}

const MAX_PAGES = 65536
/**
 * sumSquares adds blocks of this many elements (each summed in one SIMD pass), in block order. The blocks are
 * the pool's chunks, so pooled and single-threaded sums are the same number.
 */
const SUM_BLOCK = 16384
/** Below this inner size a product is too short for row lists to pay for building them. */
const MIN_LISTED_K = 16

/** Creates the wasm backend (and its pool when threads > 1). Throws WasmUnavailableError when unsupported. */
export async function createWasmKernels(opts: WasmKernelsOptions = {}): Promise<WasmKernels> {
  const threads = opts.threads ?? 1
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) throw new RangeError(`wasm kernels: threads must be an integer in 1..${MAX_THREADS}, got ${threads}`)
  const maxMiB = opts.maxMemoryMiB ?? 4096
  if (!(maxMiB >= 1 && maxMiB <= 4096)) throw new RangeError(`wasm kernels: maxMemoryMiB must be in 1..4096, got ${maxMiB}`)
  const features = detectWasmFeatures(opts.validate)
  if (!features.simd) throw new WasmUnavailableError('this WebAssembly engine has no 128-bit SIMD')
  if (!features.sharedMemory) throw new WasmUnavailableError('shared WebAssembly memory (SharedArrayBuffer, Atomics) is not available')
  const relaxed = opts.relaxedSimd === true || ((opts.relaxedSimd ?? 'auto') === 'auto' && features.relaxedSimd)
  if (opts.relaxedSimd === true && !features.relaxedSimd) throw new WasmUnavailableError('relaxed SIMD was requested but this engine does not validate it')
  const variant: KernelVariant = relaxed ? 'relaxed' : 'simd'
  const tuning: ParallelTuning = { ...DEFAULT_TUNING, ...opts.tuning }

  const module = await compileKernelModule(variant)
  const mem = createWasmMemory(BOARD_OFFSET + BOARD_BYTES, Math.min(MAX_PAGES, Math.floor((maxMiB * 2 ** 20) / 65536)))
  const ex = new (requireWasmApi().Instance)(module, { env: { memory: mem.memory } }).exports as unknown as KernelExports
  const board = new TaskBoard(mem.memory.buffer)
  const pool: ThreadPool | null =
    threads > 1
      ? await createThreadPool({
          module,
          memory: mem.memory,
          board,
          helpers: threads - 1,
          helperSpinMicros: tuning.helperSpinMicros,
          callerSpinMicros: tuning.callerSpinMicros,
        })
      : null

  // Per-thread gemm scratch (packed panels), grown on demand. The bump allocator never reuses memory: a
  // larger scratch replaces the old one, which stays unused (bounded by the largest layer's K x N).
  const scratchLen = new Array<number>(threads).fill(0)
  const ensureScratch = (t: number, bytes: number): number => {
    if (scratchLen[t] < bytes) {
      board.setScratch(t, mem.allocBytes(bytes))
      scratchLen[t] = bytes
    }
    return board.scratch(t)
  }
  // The row lists of zero skipping (assembly/gemm.ts): one area, since one product runs at a time; grown on demand.
  let listsPtr = 0
  let listsLen = 0
  const ensureLists = (bytes: number): number => {
    if (listsLen < bytes) {
      listsPtr = mem.allocBytes(bytes)
      listsLen = bytes
    }
    return listsPtr
  }
  // Per-chunk sums of sumSquares on the pool (f64), grown on demand.
  let partials: Float64Array<ArrayBufferLike> = new Float64Array(0)
  const ensurePartials = (n: number): Float64Array<ArrayBufferLike> => {
    if (partials.length < n) {
      const ptr = mem.allocBytes(n * 8) // may grow the memory: take its buffer afterwards
      partials = new Float64Array(mem.memory.buffer, ptr, n)
    }
    return partials
  }
  // Background copies of the next batch's rows (prefetch.ts); only with a pool.
  const prefetcher = pool && opts.prefetch !== false ? createRowPrefetcher(pool, board, mem) : null
  // Whether the helpers take part in the current training step: step-governor.ts measures whole steps (the
  // trainer calls beginStep). Without a governor (tuning.adaptive false) or before the first step: always.
  const governor = pool && tuning.adaptive ? createStepGovernor() : null
  let pooled = pool !== null
  const modes = { pooled: 0, alone: 0 }
  let disposed = false
  const alive = (): void => {
    if (disposed) throw new Error('wasm kernels: used after dispose()')
  }

  /** Describes an operation on the board and runs its chunks (with the pool when there is one). */
  const runChunks = (op: number, c: Chunks, mode: number, ints: ArrayLike<number>, floats?: ArrayLike<number>): void => {
    board.describe(op, c.total, c.width, mode, ints, floats)
    const scratch0 = board.scratch(0)
    if (!pool || c.chunks === 1) {
      for (let i = 0; i < c.chunks; i++) {
        const status = ex.run_chunk(DESC_OFFSET, i, scratch0)
        if (status !== 0) throw new Error(`wasm kernels: operation ${op} failed (status ${status})`)
      }
      return
    }
    pool.run(c.chunks, (i) => ex.run_chunk(DESC_OFFSET, i, scratch0))
  }

  /** C[M x N] = L · R (+ bias), L and R by element strides; see assembly/gemm.ts. */
  function gemm(L: number, lrs: number, lcs: number, R: number, rrs: number, rcs: number, bias: number, C: number, ldc: number, M: number, N: number, K: number): void {
    alive()
    if (M === 0 || N === 0) return
    const plan = planGemm(M, N, K, threads, tuning)
    const split = plan !== null && pooled
    // Zero skipping over L's rows (the forward product, L = the batch): listed once here, read by every chunk.
    let lists = 0
    if (lcs === 1 && rrs === 1 && M >= 4 && K >= MIN_LISTED_K) {
      lists = ensureLists(rowListBytes(M, K))
      ex.build_row_lists(L, lrs, M, K, lists)
    }
    if (!split) {
      ex.gemm(L, lrs, lcs, R, rrs, rcs, bias, C, ldc, 0, M, 0, N, K, ensureScratch(0, gemmScratchBytes(N, K)), lists)
    } else {
      const need = gemmScratchBytes(plan.mode === 0 ? plan.width : N, K)
      for (let t = 0; t < threads; t++) ensureScratch(t, need)
      runChunks(OP_GEMM, plan, plan.mode, [L, lrs, lcs, R, rrs, rcs, bias, C, ldc, M, N, K, lists])
    }
  }

  /** An element-wise op over `length` elements: `direct` on the caller alone, or chunks of the board op. */
  function elementwise(length: number, direct: () => void, op: number, ints: ArrayLike<number>, floats?: ArrayLike<number>): void {
    alive()
    const c = planElements(length, threads, tuning)
    if (!c) return direct()
    if (pooled) runChunks(op, c, 0, ints, floats)
    else direct()
  }

  const kernels: WasmKernels = {
    name: relaxed ? 'wasm-relaxed-simd' : 'wasm-simd',
    threads,
    relaxedSimd: relaxed,
    memoryBytes: () => mem.used(),
    liveThreads: () => pool?.liveThreads() ?? 0,
    helperChunks: () => Atomics.load(board.ctl, HELPED),
    prefetchHits: () => prefetcher?.hits ?? 0,
    stepModes: () => ({ ...modes }),
    dispose: async () => {
      disposed = true
      if (pool) await pool.dispose()
    },
    alloc(length: number): Float32Array {
      alive()
      return mem.allocFloats(length)
    },

    gemmABtBias(A, W, b, Z, m, k, n) {
      const f = 'gemmABtBias'
      checkDim(f, 'm', m), checkDim(f, 'k', k), checkDim(f, 'n', n)
      checkBuf(f, 'A', A, m * k, 'm·k', mem), checkBuf(f, 'W', W, n * k, 'n·k', mem)
      checkBuf(f, 'b', b, n, 'n', mem), checkBuf(f, 'Z', Z, m * n, 'm·n', mem)
      gemm(A.byteOffset, k, 1, W.byteOffset, 1, k, b.byteOffset, Z.byteOffset, n, m, n, k)
    },
    gemmAtB(D, A, dW, m, n, k) {
      const f = 'gemmAtB'
      checkDim(f, 'm', m), checkDim(f, 'n', n), checkDim(f, 'k', k)
      checkBuf(f, 'D', D, m * n, 'm·n', mem), checkBuf(f, 'A', A, m * k, 'm·k', mem), checkBuf(f, 'dW', dW, n * k, 'n·k', mem)
      gemm(D.byteOffset, 1, n, A.byteOffset, k, 1, 0, dW.byteOffset, k, n, k, m)
    },
    gemmAB(D, W, dA, m, n, k) {
      const f = 'gemmAB'
      checkDim(f, 'm', m), checkDim(f, 'n', n), checkDim(f, 'k', k)
      checkBuf(f, 'D', D, m * n, 'm·n', mem), checkBuf(f, 'W', W, n * k, 'n·k', mem), checkBuf(f, 'dA', dA, m * k, 'm·k', mem)
      gemm(D.byteOffset, n, 1, W.byteOffset, k, 1, 0, dA.byteOffset, k, m, k, n)
    },
    colSum(D, db, m, n) {
      const f = 'colSum'
      checkDim(f, 'm', m), checkDim(f, 'n', n)
      checkBuf(f, 'D', D, m * n, 'm·n', mem), checkBuf(f, 'db', db, n, 'n', mem)
      const d = D.byteOffset, o = db.byteOffset
      alive()
      const c = pooled ? planColumns(m, n, threads, tuning) : null
      if (!c) return ex.col_sum(d, o, m, n, 0, n)
      runChunks(OP_COL_SUM, c, 0, [d, o, m, n])
    },

    activate(fn: ActivationName, Z, A, m, n) {
      const f = 'activate'
      const code = activationCode(fn)
      checkDim(f, 'm', m), checkDim(f, 'n', n)
      checkBuf(f, 'Z', Z, m * n, 'm·n', mem), checkBuf(f, 'A', A, m * n, 'm·n', mem)
      const z = Z.byteOffset, a = A.byteOffset
      if (code === SOFTMAX_CODE) {
        alive()
        const c = pooled ? planRows(m, n, threads, tuning) : null
        if (!c) return ex.softmax_forward(z, a, m, n)
        return runChunks(OP_SOFTMAX_FORWARD, c, 0, [z, a, n])
      }
      elementwise(m * n, () => ex.act_forward(code, z, a, m * n), OP_ACT_FORWARD, [code, z, a])
    },
    activateBackward(fn: ActivationName, Z, A, dA, dZ, m, n) {
      const f = 'activateBackward'
      const code = activationCode(fn)
      checkDim(f, 'm', m), checkDim(f, 'n', n)
      checkBuf(f, 'Z', Z, m * n, 'm·n', mem), checkBuf(f, 'A', A, m * n, 'm·n', mem)
      checkBuf(f, 'dA', dA, m * n, 'm·n', mem), checkBuf(f, 'dZ', dZ, m * n, 'm·n', mem)
      const z = Z.byteOffset, a = A.byteOffset, g = dA.byteOffset, d = dZ.byteOffset
      if (code === SOFTMAX_CODE) {
        alive()
        const c = pooled ? planRows(m, n, threads, tuning) : null
        if (!c) return ex.softmax_backward(a, g, d, m, n)
        return runChunks(OP_SOFTMAX_BACKWARD, c, 0, [a, g, d, n])
      }
      elementwise(m * n, () => ex.act_backward(code, z, a, g, d, m * n), OP_ACT_BACKWARD, [code, z, a, g, d])
    },

    gatherRows(src, rows, start, count, cols, out) {
      alive()
      if (prefetcher?.take(src, rows, start, count, cols, out)) return
      gatherRows(src, rows, start, count, cols, out, mem)
    },
    prefetchRows(rows, start, count, copies) {
      alive()
      return prefetcher && pooled ? prefetcher.prefetch(rows, start, count, copies) : false
    },
    beginStep() {
      alive()
      if (governor) pooled = governor.beginStep(performance.now())
      if (pool) modes[pooled ? 'pooled' : 'alone']++
    },

    sgdStep(W, G, lr, length) {
      const f = 'sgdStep'
      checkDim(f, 'length', length), checkBuf(f, 'W', W, length, 'length', mem), checkBuf(f, 'G', G, length, 'length', mem)
      const w = W.byteOffset, g = G.byteOffset
      elementwise(length, () => ex.sgd_step(w, g, lr, length), OP_SGD, [w, g], [lr])
    },
    momentumStep(W, V, G, lr, mu, nesterov, length) {
      const f = 'momentumStep'
      checkDim(f, 'length', length)
      checkBuf(f, 'W', W, length, 'length', mem), checkBuf(f, 'V', V, length, 'length', mem), checkBuf(f, 'G', G, length, 'length', mem)
      const w = W.byteOffset, v = V.byteOffset, g = G.byteOffset, nes = nesterov ? 1 : 0
      elementwise(length, () => ex.momentum_step(w, v, g, lr, mu, nes, length), OP_MOMENTUM, [w, v, g, nes], [lr, mu])
    },
    adamStep(W, M, V, G, lr, beta1, beta2, eps, t, length) {
      const f = 'adamStep'
      checkDim(f, 'length', length)
      if (!(Number.isInteger(t) && t >= 1)) throw new RangeError(`${f}: step t must be an integer ≥ 1 (bias correction divides by 1 − β^t), got ${t}`)
      checkBuf(f, 'W', W, length, 'length', mem), checkBuf(f, 'M', M, length, 'length', mem)
      checkBuf(f, 'V', V, length, 'length', mem), checkBuf(f, 'G', G, length, 'length', mem)
      const c1 = 1 - Math.pow(beta1, t), c2 = 1 - Math.pow(beta2, t)
      const w = W.byteOffset, mm = M.byteOffset, v = V.byteOffset, g = G.byteOffset
      const f32 = [lr, beta1, beta2, eps, c1, c2, 1 - beta1, 1 - beta2]
      elementwise(length, () => ex.adam_step(w, mm, v, g, lr, beta1, beta2, eps, c1, c2, 1 - beta1, 1 - beta2, length), OP_ADAM, [w, mm, v, g], f32)
    },
    sumSquares(X, length) {
      checkDim('sumSquares', 'length', length), checkBuf('sumSquares', 'X', X, length, 'length', mem)
      alive()
      const x = X.byteOffset
      if (length <= SUM_BLOCK) return ex.sum_squares(x, length)
      const blocks = Math.ceil(length / SUM_BLOCK)
      let total = 0
      if (pooled) {
        const partials = ensurePartials(blocks)
        runChunks(OP_SUM_SQUARES, { total: length, width: SUM_BLOCK, chunks: blocks }, 0, [x, partials.byteOffset])
        for (let c = 0; c < blocks; c++) total += partials[c]
      } else {
        for (let c = 0; c < blocks; c++) total += ex.sum_squares(x + c * SUM_BLOCK * 4, Math.min(SUM_BLOCK, length - c * SUM_BLOCK))
      }
      return total
    },
    axpy(a, X, Y, length) {
      const f = 'axpy'
      checkDim(f, 'length', length), checkBuf(f, 'X', X, length, 'length', mem), checkBuf(f, 'Y', Y, length, 'length', mem)
      const x = X.byteOffset, y = Y.byteOffset
      elementwise(length, () => ex.axpy(a, x, y, length), OP_AXPY, [x, y], [a])
    },
  }
  return kernels
}
