import type { ActivationName } from '../../../shared/config'
import { getActivation } from '../activations'
import type { FloatArray, Kernels } from './types'

/**
 * The reference backend: plain TypeScript over Float32Array (training fallback) or Float64Array (golden tests,
 * gradient checks, prediction). Loops are ordered so the innermost one walks contiguous memory; row offsets are
 * hoisted; inner products keep four independent accumulators (4-way unrolled) so the CPU can overlap the
 * multiply-adds. Accumulation happens in JS doubles and is rounded once on store.
 */

type FloatCtor<F extends FloatArray> = { new (length: number): F; readonly BYTES_PER_ELEMENT: number }

/** Dense-layer forward: Z[m x n] = A[m x k] · W[n x k]ᵀ + b[n]. Four output columns share each load of A. */
function gemmABtBias(A: FloatArray, W: FloatArray, b: FloatArray, Z: FloatArray, m: number, k: number, n: number): void {
  const k4 = k - (k % 4)
  for (let i = 0; i < m; i++) {
    const ai = i * k
    const zi = i * n
    let j = 0
    for (; j + 3 < n; j += 4) {
      const w0 = j * k
      const w1 = w0 + k
      const w2 = w1 + k
      const w3 = w2 + k
      let s0 = 0
      let s1 = 0
      let s2 = 0
      let s3 = 0
      for (let p = 0; p < k; p++) {
        const a = A[ai + p]
        s0 += a * W[w0 + p]
        s1 += a * W[w1 + p]
        s2 += a * W[w2 + p]
        s3 += a * W[w3 + p]
      }
      Z[zi + j] = s0 + b[j]
      Z[zi + j + 1] = s1 + b[j + 1]
      Z[zi + j + 2] = s2 + b[j + 2]
      Z[zi + j + 3] = s3 + b[j + 3]
    }
    for (; j < n; j++) {
      const wj = j * k
      let s0 = 0
      let s1 = 0
      let s2 = 0
      let s3 = 0
      let p = 0
      for (; p < k4; p += 4) {
        s0 += A[ai + p] * W[wj + p]
        s1 += A[ai + p + 1] * W[wj + p + 1]
        s2 += A[ai + p + 2] * W[wj + p + 2]
        s3 += A[ai + p + 3] * W[wj + p + 3]
      }
      for (; p < k; p++) s0 += A[ai + p] * W[wj + p]
      Z[zi + j] = s0 + s1 + (s2 + s3) + b[j]
    }
  }
}

/** Weight gradient: dW[n x k] = D[m x n]ᵀ · A[m x k], as rank-1 row updates (zero rows of D, e.g. dead relus, are skipped). */
function gemmAtB(D: FloatArray, A: FloatArray, dW: FloatArray, m: number, n: number, k: number): void {
  dW.fill(0, 0, n * k)
  const k4 = k - (k % 4)
  for (let i = 0; i < m; i++) {
    const ai = i * k
    const di = i * n
    for (let j = 0; j < n; j++) {
      const d = D[di + j]
      if (d === 0) continue
      const wj = j * k
      let p = 0
      for (; p < k4; p += 4) {
        dW[wj + p] += d * A[ai + p]
        dW[wj + p + 1] += d * A[ai + p + 1]
        dW[wj + p + 2] += d * A[ai + p + 2]
        dW[wj + p + 3] += d * A[ai + p + 3]
      }
      for (; p < k; p++) dW[wj + p] += d * A[ai + p]
    }
  }
}

/** Back-propagated error: dA[m x k] = D[m x n] · W[n x k], each row of dA a combination of rows of W. */
function gemmAB(D: FloatArray, W: FloatArray, dA: FloatArray, m: number, n: number, k: number): void {
  dA.fill(0, 0, m * k)
  const k4 = k - (k % 4)
  for (let i = 0; i < m; i++) {
    const ai = i * k
    const di = i * n
    for (let j = 0; j < n; j++) {
      const d = D[di + j]
      if (d === 0) continue
      const wj = j * k
      let p = 0
      for (; p < k4; p += 4) {
        dA[ai + p] += d * W[wj + p]
        dA[ai + p + 1] += d * W[wj + p + 1]
        dA[ai + p + 2] += d * W[wj + p + 2]
        dA[ai + p + 3] += d * W[wj + p + 3]
      }
      for (; p < k; p++) dA[ai + p] += d * W[wj + p]
    }
  }
}

function colSum(D: FloatArray, db: FloatArray, m: number, n: number): void {
  db.fill(0, 0, n)
  for (let i = 0; i < m; i++) {
    const di = i * n
    for (let j = 0; j < n; j++) db[j] += D[di + j]
  }
}

function activate(fn: ActivationName, Z: FloatArray, A: FloatArray, m: number, n: number): void {
  const f = getActivation(fn)
  if (f.kind === 'rowwise') {
    for (let i = 0; i < m; i++) f.forward(Z, A, i * n, n)
    return
  }
  const forward = f.forward
  const len = m * n
  for (let i = 0; i < len; i++) A[i] = forward(Z[i])
}

function activateBackward(fn: ActivationName, Z: FloatArray, A: FloatArray, dA: FloatArray, dZ: FloatArray, m: number, n: number): void {
  const f = getActivation(fn)
  if (f.kind === 'rowwise') {
    for (let i = 0; i < m; i++) f.backward(Z, A, dA, dZ, i * n, n)
    return
  }
  const backward = f.backward
  const len = m * n
  for (let i = 0; i < len; i++) dZ[i] = backward(Z[i], A[i], dA[i])
}

function gatherRows(src: ArrayLike<number>, rows: Uint32Array | Int32Array, start: number, count: number, cols: number, out: FloatArray): void {
  for (let r = 0; r < count; r++) {
    const s = rows[start + r] * cols
    const o = r * cols
    for (let c = 0; c < cols; c++) out[o + c] = src[s + c]
  }
}

function sgdStep(W: FloatArray, G: FloatArray, lr: number, length: number): void {
  for (let i = 0; i < length; i++) W[i] -= lr * G[i]
}

function momentumStep(W: FloatArray, V: FloatArray, G: FloatArray, lr: number, mu: number, nesterov: boolean, length: number): void {
  if (nesterov) {
    for (let i = 0; i < length; i++) {
      const v = mu * V[i] - lr * G[i]
      V[i] = v
      // Nesterov in the "look-ahead" form of Sutskever et al. / Keras: W += μV_new − lr·G.
      W[i] += mu * V[i] - lr * G[i]
    }
  } else {
    for (let i = 0; i < length; i++) {
      V[i] = mu * V[i] - lr * G[i]
      W[i] += V[i]
    }
  }
}

function adamStep(W: FloatArray, M: FloatArray, V: FloatArray, G: FloatArray, lr: number, beta1: number, beta2: number, eps: number, t: number, length: number): void {
  const c1 = 1 - Math.pow(beta1, t)
  const c2 = 1 - Math.pow(beta2, t)
  const b1c = 1 - beta1
  const b2c = 1 - beta2
  for (let i = 0; i < length; i++) {
    const g = G[i]
    M[i] = beta1 * M[i] + b1c * g
    V[i] = beta2 * V[i] + b2c * g * g
    W[i] -= (lr * (M[i] / c1)) / (Math.sqrt(V[i] / c2) + eps)
  }
}

function axpy(a: number, X: FloatArray, Y: FloatArray, length: number): void {
  for (let i = 0; i < length; i++) Y[i] += a * X[i]
}

/**
 * The TypeScript kernels over `ctor` (Float32Array for training, Float64Array for exact checks).
 * alloc returns ordinary zero-filled typed arrays.
 */
export function createTsKernels(ctor: typeof Float32Array): Kernels<Float32Array>
export function createTsKernels(ctor: typeof Float64Array): Kernels<Float64Array>
export function createTsKernels<F extends FloatArray>(ctor: FloatCtor<F>): Kernels<F> {
  const bits = ctor.BYTES_PER_ELEMENT * 8
  return {
    name: `ts-f${bits}`,
    alloc: (length: number) => new ctor(length),
    gemmABtBias,
    gemmAtB,
    gemmAB,
    colSum,
    activate,
    activateBackward,
    gatherRows,
    sgdStep,
    momentumStep,
    adamStep,
    axpy,
  }
}

/** The float32 TypeScript backend (training fallback). */
export const tsKernelsF32: Kernels<Float32Array> = createTsKernels(Float32Array)
/** The float64 TypeScript backend (golden parity, gradient checks, prediction). */
export const tsKernelsF64: Kernels<Float64Array> = createTsKernels(Float64Array)
