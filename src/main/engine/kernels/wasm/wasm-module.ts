/** The compiled kernels module, decoded from the generated base64 once per variant and process. */
import { requireWasmApi, type WasmModule } from './wasm-api'
import { KERNELS_RELAXED_BASE64, KERNELS_SIMD_BASE64 } from './wasm-binaries'

export type KernelVariant = 'simd' | 'relaxed'

/** Exports of assembly/index.ts. Pointers are byte offsets into the shared memory. */
export interface KernelExports {
  gemm(L: number, lrs: number, lcs: number, R: number, rrs: number, rcs: number, bias: number, C: number, ldc: number, i0: number, i1: number, j0: number, j1: number, K: number, scratch: number, lists: number): void
  build_row_lists(L: number, lrs: number, M: number, K: number, dst: number): number
  act_forward(code: number, Z: number, A: number, len: number): void
  act_backward(code: number, Z: number, A: number, G: number, D: number, len: number): void
  softmax_forward(Z: number, A: number, m: number, n: number): void
  softmax_backward(A: number, G: number, D: number, m: number, n: number): void
  sgd_step(W: number, G: number, lr: number, len: number): void
  momentum_step(W: number, V: number, G: number, lr: number, mu: number, nesterov: number, len: number): void
  adam_step(W: number, M: number, V: number, G: number, lr: number, b1: number, b2: number, eps: number, c1: number, c2: number, b1c: number, b2c: number, len: number): void
  axpy(a: number, X: number, Y: number, len: number): void
  col_sum(D: number, db: number, m: number, n: number, j0: number, j1: number): void
  sum_squares(X: number, len: number): number
  run_chunk(desc: number, chunk: number, scratch: number): number
}

/** Bytes of per-thread scratch in front of the packed panels (assembly/gemm.ts SCRATCH_HEAD). */
export const GEMM_SCRATCH_HEAD = 256

/** Scratch bytes one gemm task needs for `cols` columns of C with inner size K: head, packed panels, per-panel row offsets. */
export function gemmScratchBytes(cols: number, K: number): number {
  const panels = Math.ceil(cols / 8)
  // Per panel: the packed panel, then its count and the compaction's K offsets or, for K ≤ 256 (assembly/gemm.ts
  // MAX_PAIR_K), room for 4 column-pair lists.
  const meta = K <= 256 ? 4 + 4 * (4 + 12 * K) : (K + 1) * 4
  return GEMM_SCRATCH_HEAD + panels * 8 * K * 4 + panels * meta
}

/**
 * Bytes of build_row_lists' output for M rows of L with inner size K: per 4-row block a count, K indices and
 * K packed 4-float columns (relaxed build), or per row pair a count, K indices and K packed pairs (plain build);
 * the larger of the two.
 */
export function rowListBytes(M: number, K: number): number {
  return Math.max(Math.max(1, Math.floor(M / 4)) * ((K + 1) * 4 + K * 16), Math.max(1, Math.floor(M / 2)) * ((K + 1) * 4 + K * 8))
}

export function kernelBytes(variant: KernelVariant): Uint8Array<ArrayBuffer> {
  const b64 = variant === 'relaxed' ? KERNELS_RELAXED_BASE64 : KERNELS_SIMD_BASE64
  const bin = atob(b64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

const compiled = new Map<KernelVariant, Promise<WasmModule>>()

/** The compiled module for `variant` (compiled once, shared by every backend instance and pool thread). */
export function compileKernelModule(variant: KernelVariant): Promise<WasmModule> {
  const cached = compiled.get(variant)
  if (cached) return cached
  const p = requireWasmApi().compile(kernelBytes(variant))
  p.catch(() => compiled.delete(variant))
  compiled.set(variant, p)
  return p
}
