import { describe, expect, it } from 'vitest'
import { Network } from '../../../src/main/engine/network'
import { LOSS_FUNCTIONS } from '../../../src/main/engine/losses'
import { tsKernelsF32, tsKernelsF64 } from '../../../src/main/engine/kernels/ts'
import { softplus, sigmoid } from '../../../src/main/engine/activations'
import type { LossName, OutputActivation } from '../../../src/shared/config'

/** A 1-layer network whose output pre-activations Z are exactly the given biases (all weights 0). */
function netWithLogits<F extends Float32Array | Float64Array>(kernels: typeof tsKernelsF32 | typeof tsKernelsF64, output: OutputActivation, loss: LossName, logits: number[], targets: number[]) {
  const K = logits.length
  const net = new Network(kernels as never, { sizes: [1, K], activations: [output], loss, huberDelta: 1, lambda: 0 }, 1) as Network<F>
  net.params.b[0].set(logits)
  net.T.set(targets)
  net.forward(1)
  return net
}

describe('numerical safety of the losses', () => {
  it('softmax + cross-entropy from logits: huge logits give the exact finite loss and gradient', () => {
    for (const kernels of [tsKernelsF32, tsKernelsF64]) {
      const net = netWithLogits(kernels, 'softmax', 'cross-entropy', [1000, -1000, 0], [0, 1, 0])
      // log-softmax of the target = −1000 − 1000 = −2000 exactly; a rounded probability would give log(0) = −∞.
      expect(net.cost(1)).toBe(2000)
      net.backward(1)
      expect(Array.from(net.db[0])).toEqual([1, -1, 0])
    }
  })

  it('sigmoid + binary cross-entropy from logits stays finite where σ rounds to 0 or 1', () => {
    for (const kernels of [tsKernelsF32, tsKernelsF64]) {
      const net = netWithLogits(kernels, 'sigmoid', 'binary-cross-entropy', [200, -200, 40], [0, 1, 1])
      // −log(1 − σ(200)) = softplus(200) = 200; −log σ(−200) = 200; −log σ(40) = softplus(−40) ≈ 4.2e-18
      expect(net.cost(1)).toBeCloseTo((200 + 200 + softplus(-40)) / 3, 10)
      net.backward(1)
      expect(Array.from(net.db[0], (v) => +v.toFixed(6))).toEqual([+(1 / 3).toFixed(6), -(1 / 3).toFixed(6), 0])
    }
  })

  it('binary cross-entropy on softmax outputs uses guarded logs: finite at saturation', () => {
    const net = netWithLogits(tsKernelsF32, 'softmax', 'binary-cross-entropy', [500, -500], [0, 1])
    expect(Number.isFinite(net.cost(1))).toBe(true)
    net.backward(1)
    expect(Array.from(net.db[0]).every(Number.isFinite)).toBe(true)
  })

  it('rmse gradient at a perfect fit is 0, not NaN', () => {
    const net = netWithLogits(tsKernelsF64, 'identity', 'rmse', [0.5, -2], [0.5, -2])
    expect(net.cost(1)).toBe(0)
    net.backward(1)
    expect(Array.from(net.db[0])).toEqual([0, 0])
  })

  it('huber: quadratic inside δ, linear outside, gradient clipped at ±δ/(mK)', () => {
    const net = netWithLogits(tsKernelsF64, 'identity', 'huber', [0.5, 3, -3], [0, 0, 0])
    // (0.5·0.25 + (3 − 0.5) + (3 − 0.5)) / 3
    expect(net.cost(1)).toBeCloseTo((0.125 + 2.5 + 2.5) / 3, 14)
    net.backward(1)
    expect(Array.from(net.db[0])).toEqual([0.5 / 3, 1 / 3, -1 / 3])
  })

  it('mae gradient is sign(r)/(mK), 0 at r = 0', () => {
    const net = netWithLogits(tsKernelsF64, 'identity', 'mae', [1, -1, 2], [0, 0, 2])
    expect(net.cost(1)).toBeCloseTo(2 / 3, 14)
    net.backward(1)
    expect(Array.from(net.db[0])).toEqual([1 / 3, -1 / 3, 0])
  })

  it('softmax + mse backpropagates through the true softmax Jacobian (not the diagonal)', () => {
    const net = netWithLogits(tsKernelsF64, 'softmax', 'mse', [0.3, -0.2, 1.1], [1, 0, 0])
    net.backward(1)
    const z = [0.3, -0.2, 1.1]
    const e = z.map(Math.exp)
    const s = e.reduce((a, b) => a + b)
    const p = e.map((v) => v / s)
    const g = p.map((pi, i) => (2 * (pi - [1, 0, 0][i])) / 3)
    const dot = g.reduce((a, gi, i) => a + gi * p[i], 0)
    Array.from(net.db[0]).forEach((v, i) => expect(v).toBeCloseTo(p[i] * (g[i] - dot), 14))
  })

  it('sigmoid never overflows', () => {
    expect(sigmoid(-1000)).toBe(0)
    expect(sigmoid(1000)).toBe(1)
    expect(softplus(1000)).toBe(1000)
    expect(softplus(-1000)).toBe(0)
  })

  it('every loss declares how chunk losses combine (rmse is the root of the mean of squares)', () => {
    for (const [name, loss] of Object.entries(LOSS_FUNCTIONS)) expect(loss.aggregate).toBe(name === 'rmse' ? 'root-mean-square' : 'mean')
  })
})

describe('softmax + cross-entropy value (logsumexp from the forward pass)', () => {
  const fused = LOSS_FUNCTIONS['cross-entropy'].fused!
  /** The definition, in float64 from the logits alone. */
  function direct(Z: ArrayLike<number>, T: ArrayLike<number>, m: number, K: number): number {
    let total = 0
    for (let i = 0; i < m; i++) {
      let max = -Infinity
      for (let k = 0; k < K; k++) max = Math.max(max, Z[i * K + k])
      let s = 0
      for (let k = 0; k < K; k++) s += Math.exp(Z[i * K + k] - max)
      for (let k = 0; k < K; k++) total -= T[i * K + k] * (Z[i * K + k] - max - Math.log(s))
    }
    return total / m
  }
  function softmaxF32(Z: Float32Array, m: number, K: number): Float32Array {
    const Y = new Float32Array(m * K)
    tsKernelsF32.activate('softmax', Z, Y, m, K)
    return Y
  }

  it('equals the definition within float32 rounding, for one-hot and soft targets and far-apart logits', () => {
    const m = 50, K = 7
    const Z = new Float32Array(m * K)
    const T = new Float32Array(m * K)
    let s = 12345
    const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
    for (let i = 0; i < m; i++) {
      for (let k = 0; k < K; k++) Z[i * K + k] = (rand() - 0.5) * (i % 5 === 0 ? 200 : 8)
      if (i % 2) T[i * K + (i % K)] = 1
      else for (let k = 0; k < K; k++) T[i * K + k] = 1 / K
    }
    const got = fused.value(Z, softmaxF32(Z, m, K), T, m, K)
    const want = direct(Z, T, m, K)
    expect(Math.abs(got - want)).toBeLessThan(1e-6 * Math.max(1, want))
  })

  it('is NaN or infinite, never a finite number, when a logit is NaN or infinite', () => {
    const K = 3
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, 1, 2]) {
        const Z = new Float32Array([0.5, -1, 2])
        Z[at] = bad
        const T = new Float32Array([0, 1, 0])
        const v = fused.value(Z, softmaxF32(Z, 1, K), T, 1, K)
        if (bad === -Infinity && at !== 1) continue // e^-∞ = 0: a class with no mass, the loss stays finite
        expect(Number.isFinite(v), `logit ${at} = ${bad}: ${v}`).toBe(false)
      }
    }
  })
})
