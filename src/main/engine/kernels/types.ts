import type { ActivationName } from '../../../shared/config'

/** The engine computes in float32 for training and in float64 for golden tests and gradient checks. */
export type FloatArray = Float32Array | Float64Array

/**
 * The hot operations of training, behind one interface so that a backend can replace them
 * (plain TypeScript is the reference; WebAssembly SIMD is the fast path).
 *
 * Conventions: matrices are row-major; names carry shapes (`A: m x k`). Every buffer a backend's kernels touch
 * must come from that backend's `alloc` (a WebAssembly backend hands out views into its own memory and reads
 * a view's `byteOffset` as the pointer), except the `src` of `gatherRows`, which may be any array.
 * Kernels overwrite their outputs unless the doc says "adds".
 */
/** One array of a prefetchRows job: rows of width `cols` from `src` into `out`. */
export interface RowCopy<F> {
  src: ArrayLike<number>
  cols: number
  out: F
}

export interface Kernels<F extends FloatArray = FloatArray> {
  /** Backend name reported by a run, e.g. 'ts-f32', 'ts-f64', 'wasm-simd'. */
  readonly name: string
  /** A zero-filled buffer of `length` elements owned by this backend. */
  alloc(length: number): F

  /** Z[m x n] = A[m x k] · W[n x k]ᵀ + b[n]  (dense layer forward, weights stored [out][in]). */
  gemmABtBias(A: F, W: F, b: F, Z: F, m: number, k: number, n: number): void
  /** dW[n x k] = D[m x n]ᵀ · A[m x k]  (weight gradient δᵀ·a). */
  gemmAtB(D: F, A: F, dW: F, m: number, n: number, k: number): void
  /** dA[m x k] = D[m x n] · W[n x k]  (error sent back to the previous layer). */
  gemmAB(D: F, W: F, dA: F, m: number, n: number, k: number): void
  /** db[n] = column sums of D[m x n]. */
  colSum(D: F, db: F, m: number, n: number): void

  /** A = f(Z) for an m x n block (softmax is row-wise; the others element-wise). */
  activate(fn: ActivationName, Z: F, A: F, m: number, n: number): void
  /**
   * dZ = dL/dZ given dA = dL/dA, for an m x n block: dA ⊙ f'(Z) for element-wise functions, and the true
   * Jacobian-vector product for softmax (dZ = A ⊙ (dA − rowsum(dA ⊙ A))). `A` is f(Z) from the forward pass.
   */
  activateBackward(fn: ActivationName, Z: F, A: F, dA: F, dZ: F, m: number, n: number): void

  /** out[r, :] = src[rows[start + r], :] for r < count: copies one mini-batch's rows of width `cols`. */
  gatherRows(src: ArrayLike<number>, rows: Uint32Array | Int32Array, start: number, count: number, cols: number, out: F): void
  /**
   * Optional: starts, in the background (on a helper thread), the copies gatherRows would make of rows
   * [start, start + count) of `rows` from each `copies[i].src` into `copies[i].out`, and returns true; or
   * returns false (and starts nothing) when this backend or a source cannot. Each later gatherRows with the
   * same rows, source, width and buffer then only waits for its copy. Until then, the `out` buffers must not be
   * used by any other call.
   */
  prefetchRows?(rows: Uint32Array | Int32Array, start: number, count: number, copies: readonly RowCopy<F>[]): boolean

  /**
   * Optional: called by the trainer at the start of every training step. A backend may time whole steps to
   * adapt (the wasm pool decides from them whether its helper threads pay right now).
   */
  beginStep?(): void

  /** W -= lr · G over `length` elements (plain SGD). */
  sgdStep(W: F, G: F, lr: number, length: number): void
  /** Momentum (optionally Nesterov): V = μV − lr·G; W += V (Nesterov: W += μV − lr·G). */
  momentumStep(W: F, V: F, G: F, lr: number, mu: number, nesterov: boolean, length: number): void
  /** Adam with bias correction at step t ≥ 1 (M, V: first and second moments). */
  adamStep(W: F, M: F, V: F, G: F, lr: number, beta1: number, beta2: number, eps: number, t: number, length: number): void
  /** Y += a·X over `length` elements (used for the L2 gradient term dW += (λ/m)·W). */
  axpy(a: number, X: F, Y: F, length: number): void
  /**
   * Σ X[i]² over `length` elements, accumulated in double precision (the gradient norm, the L2 penalty).
   * Non-finite elements make the result non-finite, never a silent finite number.
   */
  sumSquares(X: F, length: number): number
}
