import { DEFAULT_EXPERIMENT, type ExperimentConfig, type HiddenLayer, type ModelConfig, type OptimizerConfig, type TrainingConfig } from '../../../src/shared/config'
import type { FloatArray, Kernels } from '../../../src/main/engine/kernels/types'
import { createTsKernels } from '../../../src/main/engine/kernels/ts'

/** XOR as a 2-class one-hot problem: inputs (0,0), (0,1), (1,0), (1,1). */
export const XOR = {
  X: Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]),
  T: Float32Array.from([1, 0, 0, 1, 0, 1, 1, 0]),
  rows: 4,
}

/** An experiment config from partial pieces over the defaults. */
export function experiment(parts: { model?: Partial<ModelConfig>; hidden?: HiddenLayer[]; optimizer?: OptimizerConfig; training?: Partial<TrainingConfig> } = {}): ExperimentConfig {
  return {
    model: { ...DEFAULT_EXPERIMENT.model, ...(parts.hidden ? { hidden: parts.hidden } : {}), ...parts.model },
    optimizer: parts.optimizer ?? DEFAULT_EXPERIMENT.optimizer,
    training: { ...DEFAULT_EXPERIMENT.training, ...parts.training },
  }
}

export const ADAM: OptimizerConfig = { kind: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }

/**
 * TS f32 kernels that check the backend contract while they run: every buffer a kernel touches (except
 * gatherRows' src) must come from this backend's alloc, and `allocations` counts alloc calls.
 */
export function strictKernels(): Kernels<Float32Array> & { allocations: number; violations: string[] } {
  const base = createTsKernels(Float32Array)
  const owned = new WeakSet<FloatArray>()
  const violations: string[] = []
  const check = (op: string, ...bufs: FloatArray[]) => {
    bufs.forEach((b, i) => {
      if (!owned.has(b)) violations.push(`${op}: argument ${i} was not allocated by the backend`)
    })
  }
  const k = {
    name: 'strict-ts-f32',
    allocations: 0,
    violations,
    alloc(n: number) {
      k.allocations++
      const a = base.alloc(n)
      owned.add(a)
      return a
    },
    gemmABtBias: (A, W, b, Z, m, kk, n) => (check('gemmABtBias', A, W, b, Z), base.gemmABtBias(A, W, b, Z, m, kk, n)),
    gemmAtB: (D, A, dW, m, n, kk) => (check('gemmAtB', D, A, dW), base.gemmAtB(D, A, dW, m, n, kk)),
    gemmAB: (D, W, dA, m, n, kk) => (check('gemmAB', D, W, dA), base.gemmAB(D, W, dA, m, n, kk)),
    colSum: (D, db, m, n) => (check('colSum', D, db), base.colSum(D, db, m, n)),
    activate: (fn, Z, A, m, n) => (check('activate', Z, A), base.activate(fn, Z, A, m, n)),
    activateBackward: (fn, Z, A, dA, dZ, m, n) => (check('activateBackward', Z, A, dA, dZ), base.activateBackward(fn, Z, A, dA, dZ, m, n)),
    gatherRows: (src, rows, start, count, cols, out) => (check('gatherRows', out), base.gatherRows(src, rows, start, count, cols, out)),
    sgdStep: (W, G, lr, len) => (check('sgdStep', W, G), base.sgdStep(W, G, lr, len)),
    momentumStep: (W, V, G, lr, mu, nest, len) => (check('momentumStep', W, V, G), base.momentumStep(W, V, G, lr, mu, nest, len)),
    adamStep: (W, M, V, G, lr, b1, b2, eps, t, len) => (check('adamStep', W, M, V, G), base.adamStep(W, M, V, G, lr, b1, b2, eps, t, len)),
    axpy: (a, X, Y, len) => (check('axpy', X, Y), base.axpy(a, X, Y, len)),
    sumSquares: (X, len) => (check('sumSquares', X), base.sumSquares(X, len)),
  } satisfies Kernels<Float32Array> & { allocations: number; violations: string[] }
  return k
}

/** Bytes of a list of float arrays, for bit-for-bit comparisons. */
export function bytes(arrays: readonly FloatArray[]): number[] {
  return arrays.flatMap((a) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)))
}
