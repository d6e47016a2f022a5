/**
 * How an operation is cut into chunks for the pool, and when it is not worth involving the pool at all.
 * Threads claim chunks dynamically (thread-pool.ts), so there are a few chunks per thread: a helper that is
 * descheduled or starts late leaves its share to the others instead of stalling the step. The thresholds are
 * break-even points measured with bench/wasm-kernels.ts on the 2-core development machine.
 */

export interface ParallelTuning {
  /** Matrix products below this many flops (2·m·k·n) run on the calling thread alone. */
  minGemmFlops: number
  /** Element-wise kernels (activations, optimizer steps, axpy, column sums) below this many elements run alone. */
  minElements: number
  /** Chunks per thread (more: better balance on a busy machine; fewer: less per-chunk overhead). */
  chunksPerThread: number
  /** How long an idle helper spins before sleeping (µs): covers the gaps between a training step's products. */
  helperSpinMicros: number
  /** How long the caller spins waiting for claimed chunks before sleeping (µs). */
  callerSpinMicros: number
  /**
   * Let whole-step measurements decide whether the helpers take part at all right now (step-governor.ts; needs
   * the trainer's beginStep calls); false always splits above the minimums (tests use that to force every path).
   */
  adaptive: boolean
}

export const DEFAULT_TUNING: ParallelTuning = {
  minGemmFlops: 100_000,
  minElements: 8192,
  chunksPerThread: 4,
  helperSpinMicros: 1000,
  callerSpinMicros: 500,
  adaptive: true,
}

/** A split: `total` units of the split dimension in chunks of `width` (the last may be shorter). */
export interface Chunks {
  total: number
  width: number
  chunks: number
}

/** Chunks of `width` = a multiple of `align`, about `target` of them (at least one; at most 4095). */
export function chunking(total: number, target: number, align: number): Chunks {
  const units = Math.max(1, Math.ceil(total / align))
  const perChunk = Math.max(1, Math.ceil(units / Math.max(1, Math.min(target, 4095))))
  const width = perChunk * align
  return { total, width, chunks: Math.max(1, Math.ceil(total / width)) }
}

/** How a product C[M x N] (inner size K) is shared: by 8-column panels (mode 0) or 4-row blocks (mode 1). */
export type GemmPlan = null | (Chunks & { mode: 0 | 1 })

export function planGemm(M: number, N: number, K: number, threads: number, tuning: ParallelTuning): GemmPlan {
  if (threads < 2 || 2 * M * N * K < tuning.minGemmFlops) return null
  const target = threads * tuning.chunksPerThread
  const panels = Math.ceil(N / 8)
  // Columns first: each chunk packs only its own panels of R. Rows when C is narrow: then every chunk packs
  // all of R (small, since N is), so fewer, larger row chunks.
  if (panels >= 2 * threads) return { mode: 0, ...chunking(N, target, 8) }
  if (M >= 8 * threads) return { mode: 1, ...chunking(M, 2 * threads, 4) }
  if (panels >= threads) return { mode: 0, ...chunking(N, threads, 8) }
  return null
}

/** Chunks of an element-wise kernel over `length` elements, or null to run it on the caller alone. */
export function planElements(length: number, threads: number, tuning: ParallelTuning): Chunks | null {
  if (threads < 2 || length < tuning.minElements) return null
  // 16 floats = one cache line: threads never write the same line.
  return chunking(length, threads * tuning.chunksPerThread, 16)
}

/** Chunks of whole rows (softmax) of width n, or null to run on the caller alone. */
export function planRows(rows: number, n: number, threads: number, tuning: ParallelTuning): Chunks | null {
  if (threads < 2 || rows < 2 || rows * n < tuning.minElements) return null
  return chunking(rows, threads * tuning.chunksPerThread, 1)
}

/** Chunks of columns for column sums of an m x n block, or null. */
export function planColumns(m: number, n: number, threads: number, tuning: ParallelTuning): Chunks | null {
  if (threads < 2 || n < 32 * threads || m * n < tuning.minElements) return null
  return chunking(n, threads * tuning.chunksPerThread, 16)
}
