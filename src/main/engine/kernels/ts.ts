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

/**
 * Dense-layer forward: Z[m x n] = A[m x k] · W[n x k]ᵀ + b[n]. Register-blocked 2 rows x 4 columns: each step
 * of the inner loop loads 2 values of A and 4 of W for 8 multiply-adds (about 1.6x faster than 1 x 4 in V8).
 */
function gemmABtBias(A: FloatArray, W: FloatArray, b: FloatArray, Z: FloatArray, m: number, k: number, n: number): void {
  const n4 = n - (n % 4)
  let i = 0
  for (; i + 1 < m; i += 2) {
    const a0 = i * k
    const a1 = a0 + k
    const z0 = i * n
    const z1 = z0 + n
    for (let j = 0; j < n4; j += 4) {
      const w0 = j * k
      const w1 = w0 + k
      const w2 = w1 + k
      const w3 = w2 + k
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0
      for (let p = 0; p < k; p++) {
        const x0 = A[a0 + p]
        const x1 = A[a1 + p]
        const v0 = W[w0 + p]
        const v1 = W[w1 + p]
        const v2 = W[w2 + p]
        const v3 = W[w3 + p]
        s00 += x0 * v0
        s01 += x0 * v1
        s02 += x0 * v2
        s03 += x0 * v3
        s10 += x1 * v0
        s11 += x1 * v1
        s12 += x1 * v2
        s13 += x1 * v3
      }
      Z[z0 + j] = s00 + b[j]
      Z[z0 + j + 1] = s01 + b[j + 1]
      Z[z0 + j + 2] = s02 + b[j + 2]
      Z[z0 + j + 3] = s03 + b[j + 3]
      Z[z1 + j] = s10 + b[j]
      Z[z1 + j + 1] = s11 + b[j + 1]
      Z[z1 + j + 2] = s12 + b[j + 2]
      Z[z1 + j + 3] = s13 + b[j + 3]
    }
    for (let j = n4; j < n; j++) {
      const wj = j * k
      let s0 = 0
      let s1 = 0
      for (let p = 0; p < k; p++) {
        const v = W[wj + p]
        s0 += A[a0 + p] * v
        s1 += A[a1 + p] * v
      }
      Z[z0 + j] = s0 + b[j]
      Z[z1 + j] = s1 + b[j]
    }
  }
  if (i < m) {
    // Odd m: the last row alone, four accumulators over p.
    const ai = i * k
    const zi = i * n
    const k4 = k - (k % 4)
    for (let j = 0; j < n; j++) {
      const wj = j * k
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0
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

function sumSquares(X: FloatArray, length: number): number {
  let s = 0
  for (let i = 0; i < length; i++) s += X[i] * X[i]
  return s
}

/**
 * The TypeScript kernels over `ctor` (Float32Array for training, Float64Array for exact checks).
 * alloc returns ordinary zero-filled typed arrays.
 */
export function createTsKernels(ctor: typeof Float32Array): Kernels<Float32Array>
export function createTsKernels(ctor: typeof Float64Array): Kernels<Float64Array>
export function createTsKernels<F extends FloatArray>(ctor: FloatCtor<F>): Kernels<F> {
  const bits = ctor.BYTES_PER_ELEMENT * 8
  const probe = () => new ctor(8).fill(1)
  return {
    name: `ts-f${bits}`,
    alloc: (length: number) => new ctor(length),
    gemmABtBias: specialise(gemmABtBias, (f) => f(probe(), probe(), probe(), probe(), 1, 1, 1)),
    gemmAtB: specialise(gemmAtB, (f) => f(probe(), probe(), probe(), 1, 1, 1)),
    gemmAB: specialise(gemmAB, (f) => f(probe(), probe(), probe(), 1, 1, 1)),
    colSum: specialise(colSum, (f) => f(probe(), probe(), 1, 1)),
    activate,
    activateBackward,
    gatherRows: specialise(gatherRows, (f) => f(probe(), Uint32Array.of(0), 0, 1, 1, probe())),
    sgdStep: specialise(sgdStep, (f) => f(probe(), probe(), 1, 1)),
    momentumStep: specialise(momentumStep, (f) => f(probe(), probe(), probe(), 1, 0.5, true, 1)),
    adamStep: specialise(adamStep, (f) => f(probe(), probe(), probe(), probe(), 1, 0.9, 0.999, 1e-8, 1, 1)),
    axpy: specialise(axpy, (f) => f(1, probe(), probe(), 1)),
    sumSquares: specialise(sumSquares, (f) => void f(probe(), 1)),
  }
}

/**
 * A private copy of a self-contained kernel function, so that each backend's code is optimised by V8 for its own
 * array type only. One shared function that sees both Float32Array and Float64Array becomes polymorphic and
 * runs about 2x slower for both (measured), e.g. when a worker predicts in float64 between float32 training
 * steps. Falls back to the shared function where code generation is unavailable or the copy does not work
 * (e.g. coverage instrumentation referencing module variables): `probe` must run the copy without throwing.
 */
function specialise<T extends (...args: never[]) => void>(fn: T, probe: (f: T) => void): T {
  try {
    const copy = new Function(`return (${fn.toString()})`)() as T
    probe(copy)
    return copy
  } catch {
    return fn
  }
}

/** The float32 TypeScript backend (training fallback). */
export const tsKernelsF32: Kernels<Float32Array> = createTsKernels(Float32Array)
/** The float64 TypeScript backend (golden parity, gradient checks, prediction). */
export const tsKernelsF64: Kernels<Float64Array> = createTsKernels(Float64Array)
