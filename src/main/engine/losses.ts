import type { LossName, OutputActivation } from '../../shared/config'
import type { FloatArray } from './kernels/types'
import { sigmoid } from './activations'
import { lookup } from './lookup'

/**
 * Loss functions, each a value with its gradient. Y: outputs (m x K), T: targets (m x K), row-major; the value
 * is the loss of the whole block (reductions below); `grad` writes G = dL/dY, which the network sends back
 * through the output activation's true Jacobian. Two pairs have a fused, numerically safer path computed from
 * the pre-activations Z: softmax + cross-entropy and sigmoid + binary cross-entropy.
 *
 * Reductions (the project's conventions, shared/golden's `about`):
 *   cross-entropy          mean over the m samples of −Σₖ tₖ log yₖ
 *   binary-cross-entropy   mean over all m·K elements of −[t log y + (1 − t) log(1 − y)]
 *   mse                    mean over all m·K elements of (y − t)²;  rmse = √mse
 *   mae                    mean over all m·K elements of |y − t|
 *   huber                  mean over all m·K elements of ½r² (|r| ≤ δ) or δ(|r| − ½δ)
 */

/** Parameters some losses read. */
export interface LossOptions {
  /** Huber's δ (> 0). */
  huberDelta: number
}

/** dL/dZ straight from the pre-activations for one output activation (the numerically safe fused path). */
export interface FusedLoss {
  readonly output: OutputActivation
  /**
   * Loss of the block computed from Z (the logits), never taking the log of a rounded small probability. Y must be
   * f(Z) from the same forward pass (softmax + cross-entropy reads logsumexp from it).
   */
  value(Z: FloatArray, Y: FloatArray, T: FloatArray, m: number, K: number): number
  /** dZ = dL/dZ, computed from Y = f(Z) and T. */
  gradZ(Z: FloatArray, Y: FloatArray, T: FloatArray, dZ: FloatArray, m: number, K: number): void
}

export interface Loss {
  /** The loss of an m x K block of outputs Y against targets T. */
  value(Y: FloatArray, T: FloatArray, m: number, K: number, opts: LossOptions): number
  /** G = dL/dY (m x K). */
  grad(Y: FloatArray, T: FloatArray, G: FloatArray, m: number, K: number, opts: LossOptions): void
  /** How the losses of several blocks combine into the loss of their union: a row-weighted mean, or for rmse the root of the weighted mean of squares. */
  readonly aggregate: 'mean' | 'root-mean-square'
  /** The fused path, used instead of value/grad when the output layer uses `fused.output`. */
  readonly fused?: FusedLoss
}

/** Probabilities are clamped into [PROB_EPS, 1 − PROB_EPS] wherever a log of an output (not of a logit) is taken. */
export const PROB_EPS = 1e-12

function clampProb(y: number): number {
  return y < PROB_EPS ? PROB_EPS : y > 1 - PROB_EPS ? 1 - PROB_EPS : y
}

function sumSquares(Y: FloatArray, T: FloatArray, len: number): number {
  let s = 0
  for (let i = 0; i < len; i++) {
    const r = Y[i] - T[i]
    s += r * r
  }
  return s
}

/**
 * Softmax + cross-entropy from logits: −Σ tₖ (zₖ − logsumexp(z)), and dZ = (Σt · Y − T)/m (= (Y − T)/m for one-hot rows).
 * logsumexp(z) = max + log Σ e^(z−max), and Y = softmax(Z) from the forward pass already holds that sum: at the
 * row's largest logit y = e⁰ / Σ e^(z−max). So logsumexp = max − log y there. That y is the row's largest
 * probability (≥ 1/K), so its log is safe, and the K exponentials per row are not computed twice (they were ~20 µs
 * of a 64-row MNIST step). A row whose y is not a probability (non-finite logits) takes the direct sum, so NaN and
 * ±Infinity still come out as before.
 */
const softmaxCrossEntropy: FusedLoss = {
  output: 'softmax',
  value(Z, Y, T, m, K) {
    let total = 0
    for (let i = 0; i < m; i++) {
      const o = i * K
      let top = o
      for (let k = o + 1; k < o + K; k++) if (Z[k] > Z[top]) top = k
      const max = Z[top]
      const y = Y[top]
      let lse: number
      if (y > 0 && y <= 1) {
        lse = max - Math.log(y)
      } else {
        let s = 0
        for (let k = 0; k < K; k++) s += Math.exp(Z[o + k] - max)
        lse = max + Math.log(s)
      }
      for (let k = 0; k < K; k++) if (T[o + k] !== 0) total -= T[o + k] * (Z[o + k] - lse)
    }
    return total / m
  },
  gradZ(_Z, Y, T, dZ, m, K) {
    const inv = 1 / m
    for (let i = 0; i < m; i++) {
      const o = i * K
      let tSum = 0
      for (let k = 0; k < K; k++) tSum += T[o + k]
      for (let k = 0; k < K; k++) dZ[o + k] = (tSum * Y[o + k] - T[o + k]) * inv
    }
  },
}

/** Sigmoid + binary cross-entropy from logits: max(z, 0) − z·t + log1p(e^−|z|), and dZ = (σ(z) − t)/(mK). */
const sigmoidBinaryCrossEntropy: FusedLoss = {
  output: 'sigmoid',
  value(Z, _Y, T, m, K) {
    const len = m * K
    let total = 0
    for (let i = 0; i < len; i++) {
      const z = Z[i]
      total += (z > 0 ? z : 0) - z * T[i] + Math.log1p(Math.exp(-Math.abs(z)))
    }
    return total / len
  },
  gradZ(Z, _Y, T, dZ, m, K) {
    const len = m * K
    const inv = 1 / len
    // σ recomputed from z in double: Y may be a float32 value rounded to exactly 0 or 1.
    for (let i = 0; i < len; i++) dZ[i] = (sigmoid(Z[i]) - T[i]) * inv
  },
}

/** Every loss the engine trains with. */
export const LOSS_FUNCTIONS: Readonly<Record<LossName, Loss>> = {
  'cross-entropy': {
    aggregate: 'mean',
    value(Y, T, m, K) {
      let total = 0
      for (let i = 0; i < m * K; i++) if (T[i] !== 0) total -= T[i] * Math.log(clampProb(Y[i]))
      return total / m
    },
    grad(Y, T, G, m, K) {
      for (let i = 0; i < m * K; i++) G[i] = -T[i] / (clampProb(Y[i]) * m)
    },
    fused: softmaxCrossEntropy,
  },
  'binary-cross-entropy': {
    aggregate: 'mean',
    value(Y, T, m, K) {
      const len = m * K
      let total = 0
      for (let i = 0; i < len; i++) {
        const y = clampProb(Y[i])
        total -= T[i] * Math.log(y) + (1 - T[i]) * Math.log(1 - y)
      }
      return total / len
    },
    grad(Y, T, G, m, K) {
      const len = m * K
      for (let i = 0; i < len; i++) {
        const y = clampProb(Y[i])
        G[i] = (y - T[i]) / (y * (1 - y) * len)
      }
    },
    fused: sigmoidBinaryCrossEntropy,
  },
  mse: {
    aggregate: 'mean',
    value: (Y, T, m, K) => sumSquares(Y, T, m * K) / (m * K),
    grad(Y, T, G, m, K) {
      const len = m * K
      const c = 2 / len
      for (let i = 0; i < len; i++) G[i] = c * (Y[i] - T[i])
    },
  },
  rmse: {
    aggregate: 'root-mean-square',
    value: (Y, T, m, K) => Math.sqrt(sumSquares(Y, T, m * K) / (m * K)),
    grad(Y, T, G, m, K) {
      const len = m * K
      const rmse = Math.sqrt(sumSquares(Y, T, len) / len)
      // d√u = du / (2√u) is undefined at a perfect fit; 0 is a valid subgradient there (every residual is 0).
      const c = rmse > 0 ? 1 / (len * rmse) : 0
      for (let i = 0; i < len; i++) G[i] = c * (Y[i] - T[i])
    },
  },
  mae: {
    aggregate: 'mean',
    value(Y, T, m, K) {
      const len = m * K
      let s = 0
      for (let i = 0; i < len; i++) s += Math.abs(Y[i] - T[i])
      return s / len
    },
    grad(Y, T, G, m, K) {
      const len = m * K
      const c = 1 / len
      for (let i = 0; i < len; i++) {
        const r = Y[i] - T[i]
        G[i] = r > 0 ? c : r < 0 ? -c : 0
      }
    },
  },
  huber: {
    aggregate: 'mean',
    value(Y, T, m, K, { huberDelta: d }) {
      const len = m * K
      let s = 0
      for (let i = 0; i < len; i++) {
        const a = Math.abs(Y[i] - T[i])
        s += a <= d ? 0.5 * a * a : d * (a - 0.5 * d)
      }
      return s / len
    },
    grad(Y, T, G, m, K, { huberDelta: d }) {
      const len = m * K
      const c = 1 / len
      for (let i = 0; i < len; i++) {
        const r = Y[i] - T[i]
        G[i] = c * (r > d ? d : r < -d ? -d : r)
      }
    },
  },
}

/** The loss named `name`, or an UnknownNameError listing the valid names. */
export function getLoss(name: unknown): Loss {
  return lookup(LOSS_FUNCTIONS, name, 'loss')
}
