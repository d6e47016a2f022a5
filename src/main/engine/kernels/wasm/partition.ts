/**
 * How work is split across the pool's threads, and when it is not worth splitting. The thresholds are the
 * measured break-even points on a 2-core machine (bench/wasm-kernels.ts prints the evidence): below them the
 * cost of waking a helper and waiting for it exceeds the time saved.
 */

export interface ParallelTuning {
  /** Matrix products below this many flops (2·m·k·n) run on the calling thread alone. */
  minGemmFlops: number
  /** Element-wise kernels (activations, optimizer steps, axpy, column sums) below this many elements run alone. */
  minElements: number
  /** How long an idle helper spins before sleeping (µs): covers the gaps between a training step's products. */
  helperSpinMicros: number
  /** How long the caller spins waiting for helpers before sleeping (µs). */
  callerSpinMicros: number
}

export const DEFAULT_TUNING: ParallelTuning = {
  minGemmFlops: 400_000,
  minElements: 65_536,
  helperSpinMicros: 300,
  callerSpinMicros: 2_000,
}

/**
 * Bounds [b0 = 0, b1, ..., bp = total] splitting `total` into at most `parts` contiguous pieces whose
 * boundaries are multiples of `align` (except the end) and whose sizes differ by at most one `align` unit.
 * Empty pieces are dropped, so the result may have fewer than parts + 1 entries (total 0 gives [0, 0]).
 */
export function splitRange(total: number, parts: number, align: number): number[] {
  const units = Math.ceil(total / align)
  const p = Math.max(1, Math.min(parts, units))
  const bounds = [0]
  for (let i = 1; i <= p; i++) bounds.push(Math.min(total, Math.round((units * i) / p) * align))
  return bounds
}

/** How a product C[M x N] (inner size K) is shared: by 8-column panels, by 4-row blocks, or not at all. */
export type GemmPlan = { by: 'none' } | { by: 'cols' | 'rows'; bounds: number[] }

export function planGemm(M: number, N: number, K: number, threads: number, tuning: ParallelTuning): GemmPlan {
  if (threads < 2 || 2 * M * N * K < tuning.minGemmFlops) return { by: 'none' }
  const panels = Math.ceil(N / 8)
  // Columns first: each thread then packs only its own panels of R.
  if (panels >= 2 * threads) return { by: 'cols', bounds: splitRange(N, threads, 8) }
  if (M >= 8 * threads) return { by: 'rows', bounds: splitRange(M, threads, 4) }
  if (panels >= threads) return { by: 'cols', bounds: splitRange(N, threads, 8) }
  return { by: 'none' }
}

/** Bounds for an element-wise kernel over `length` elements, or null to run it on the caller alone. */
export function planElements(length: number, threads: number, tuning: ParallelTuning): number[] | null {
  if (threads < 2 || length < tuning.minElements) return null
  // 16 floats = one cache line: threads never write the same line.
  return splitRange(length, threads, 16)
}

/** Bounds over `rows` rows of width `n` (softmax), or null to run on the caller alone. */
export function planRows(rows: number, n: number, threads: number, tuning: ParallelTuning): number[] | null {
  if (threads < 2 || rows * n < tuning.minElements || rows < 2) return null
  return splitRange(rows, threads, 1)
}
