import type { ActivationName } from '../../shared/config'
import type { FloatArray } from './kernels/types'
import { lookup } from './lookup'

/**
 * Activation functions, each a value with its derivative: the forward rule and the backward rule sit next to
 * each other. Element-wise functions are scalar definitions (the kernels map them over a block); softmax works
 * on a whole row. The registry is a Record keyed by the ActivationName union, so a name without an
 * implementation does not compile.
 */

/** A function applied to each element independently. */
export interface ElementwiseActivation {
  readonly kind: 'elementwise'
  /** a = f(z). */
  forward(z: number): number
  /** dL/dz = g · f'(z), given z, a = f(z) (whichever makes f' cheaper) and the upstream g = dL/da. */
  backward(z: number, a: number, g: number): number
}

/** A function of a whole row (softmax). Rows are `n` wide starting at `offset`. */
export interface RowwiseActivation {
  readonly kind: 'rowwise'
  /** A[row] = f(Z[row]). */
  forward(Z: FloatArray, A: FloatArray, offset: number, n: number): void
  /** dZ[row] = J_f(Z[row])ᵀ · dA[row], the true Jacobian-vector product; A[row] = f(Z[row]) from the forward pass. */
  backward(Z: FloatArray, A: FloatArray, dA: FloatArray, dZ: FloatArray, offset: number, n: number): void
}

export type Activation = ElementwiseActivation | RowwiseActivation

/** Slope of leaky-relu for z < 0. */
export const LEAKY_RELU_SLOPE = 0.01
/** ELU's α: elu(z) = α(eᶻ − 1) for z ≤ 0. */
export const ELU_ALPHA = 1

/** σ(z) = 1 / (1 + e⁻ᶻ), never evaluating e^(large positive) so it cannot overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

/** softplus(z) = log(1 + eᶻ), as max(z, 0) + log1p(e^−|z|) so it neither overflows nor loses small values. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))
}

/** Softmax of one row via max-subtraction (exp never sees a positive argument). */
function softmaxRow(Z: FloatArray, A: FloatArray, offset: number, n: number): void {
  let max = -Infinity
  for (let j = 0; j < n; j++) if (Z[offset + j] > max) max = Z[offset + j]
  let sum = 0
  for (let j = 0; j < n; j++) {
    const e = Math.exp(Z[offset + j] - max)
    A[offset + j] = e
    sum += e
  }
  const inv = 1 / sum
  for (let j = 0; j < n; j++) A[offset + j] *= inv
}

/** Softmax backward: dZ = A ⊙ (dA − ⟨dA, A⟩) per row (the Jacobian diag(a) − a aᵀ applied to dA). */
function softmaxRowBackward(_Z: FloatArray, A: FloatArray, dA: FloatArray, dZ: FloatArray, offset: number, n: number): void {
  let dot = 0
  for (let j = 0; j < n; j++) dot += dA[offset + j] * A[offset + j]
  for (let j = 0; j < n; j++) dZ[offset + j] = A[offset + j] * (dA[offset + j] - dot)
}

/** Every activation the engine can evaluate, forward next to backward. */
export const ACTIVATION_FUNCTIONS: Readonly<Record<ActivationName, Activation>> = {
  identity: {
    kind: 'elementwise',
    forward: (z) => z,
    backward: (_z, _a, g) => g,
  },
  sigmoid: {
    kind: 'elementwise',
    forward: sigmoid,
    backward: (_z, a, g) => g * a * (1 - a),
  },
  tanh: {
    kind: 'elementwise',
    forward: Math.tanh,
    backward: (_z, a, g) => g * (1 - a * a),
  },
  // At z = 0 relu's derivative is taken as 0 and leaky-relu's as the slope (PyTorch's convention).
  relu: {
    kind: 'elementwise',
    forward: (z) => (z > 0 ? z : 0),
    backward: (z, _a, g) => (z > 0 ? g : 0),
  },
  'leaky-relu': {
    kind: 'elementwise',
    forward: (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z),
    backward: (z, _a, g) => (z > 0 ? g : LEAKY_RELU_SLOPE * g),
  },
  softplus: {
    kind: 'elementwise',
    forward: softplus,
    backward: (z, _a, g) => g * sigmoid(z),
  },
  elu: {
    kind: 'elementwise',
    forward: (z) => (z > 0 ? z : ELU_ALPHA * Math.expm1(z)),
    // For z ≤ 0, d/dz α(eᶻ − 1) = αeᶻ = a + α.
    backward: (z, a, g) => (z > 0 ? g : g * (a + ELU_ALPHA)),
  },
  softmax: { kind: 'rowwise', forward: softmaxRow, backward: softmaxRowBackward },
  // The perceptron's threshold unit: 1 for z ≥ 0, else 0. Inference only; its derivative is 0 almost everywhere
  // (undefined at 0), which is why training refuses it (see shared/pairings.ts). Backward returns that true 0.
  step: {
    kind: 'elementwise',
    forward: (z) => (z >= 0 ? 1 : 0),
    backward: () => 0,
  },
}

/** The activation named `name`, or an UnknownNameError listing the valid names (`__proto__` is not a name). */
export function getActivation(name: unknown): Activation {
  return lookup(ACTIVATION_FUNCTIONS, name, 'activation')
}
