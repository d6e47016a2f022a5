import { describe, expect, it } from 'vitest'
import { HIDDEN_ACTIVATIONS, type LossName } from '../../../src/shared/config'
import { validPairings } from '../../../src/shared/pairings'
import { gradientCheck } from '../../../src/main/engine/gradcheck'
import { initParams } from '../../../src/main/engine/init'
import { createRng } from '../../../src/main/engine/rng'
import { tsKernelsF64 } from '../../../src/main/engine/kernels/ts'
import { ACTIVATION_FUNCTIONS, type Activation } from '../../../src/main/engine/activations'
import type { ActivationName } from '../../../src/shared/config'

const rows = 5
const I = 3
const K = 3
const rng = createRng(3)
const X = Array.from({ length: rows * I }, () => rng.nextGaussian())
const oneHot = Array.from({ length: rows * K }, (_, i) => (i % K === (Math.floor(i / K) * 2) % K ? 1 : 0))
const multiLabel = Array.from({ length: rows * K }, () => rng.nextInt(2))
const real = Array.from({ length: rows * K }, () => rng.nextGaussian())
const targetsFor = (loss: LossName) => (loss === 'cross-entropy' ? oneHot : loss === 'binary-cross-entropy' ? multiLabel : real)

/** A 3-4-4-3 network with both hidden layers using `hidden`, non-zero biases so every path is exercised. */
function params(hidden: ActivationName, output: ActivationName, seed: number) {
  const r = createRng(seed)
  const p = initParams(tsKernelsF64, [I, 4, 4, K], [hidden, hidden, output], 'xavier', 0, r)
  for (const b of p.b) for (let i = 0; i < b.length; i++) b[i] = r.nextGaussian() * 0.5
  return p
}

describe('gradient check: every hidden activation × every valid (output, loss) pairing, λ = 0 and λ > 0', () => {
  const pairings = validPairings()
  it('covers the pairings the brief names', () => {
    const names = pairings.map((p) => `${p.output}+${p.loss}`)
    for (const want of ['softmax+cross-entropy', 'softmax+mse', 'softmax+rmse', 'softmax+mae', 'softmax+huber', 'softmax+binary-cross-entropy', 'sigmoid+binary-cross-entropy', 'tanh+mse', 'identity+huber']) {
      expect(names).toContain(want)
    }
    expect(pairings).toHaveLength(19)
  })

  let seed = 100
  for (const hidden of HIDDEN_ACTIVATIONS) {
    for (const { output, loss } of pairings) {
      for (const lambda of [0, 0.7]) {
        const s = seed++
        it(`${hidden} hidden, ${output} output, ${loss}, λ=${lambda}`, () => {
          const r = gradientCheck({ model: { loss, huberDelta: 0.8, lambda }, params: params(hidden, output, s), X, T: targetsFor(loss), rows })
          expect(r.layers).toHaveLength(3)
          expect(r.layers.map((l) => [l.checkedW, l.checkedB])).toEqual([[12, 4], [16, 4], [12, 3]])
          expect(Number.isFinite(r.cost)).toBe(true)
          expect(r.maxRelError).toBeLessThan(2e-6)
          expect(r.pass).toBe(true)
        })
      }
    }
  }
})

describe('gradient check detects a wrong derivative', () => {
  it('fails when tanh backward is replaced by a wrong formula', () => {
    const table = ACTIVATION_FUNCTIONS as Record<ActivationName, Activation>
    const original = table.tanh
    table.tanh = { kind: 'elementwise', forward: Math.tanh, backward: (_z, a, g) => g * (1 - a) }
    try {
      const r = gradientCheck({ model: { loss: 'mse', huberDelta: 1, lambda: 0 }, params: params('tanh', 'identity', 7), X, T: real, rows })
      expect(r.pass).toBe(false)
      expect(r.layers[0].maxRelErrorW).toBeGreaterThan(1e-3)
      // The output layer does not use tanh: its gradient is still right.
      expect(r.layers[2].maxRelErrorW).toBeLessThan(1e-6)
    } finally {
      table.tanh = original
    }
  })

  it('samples at most maxEntriesPerTensor entries per tensor', () => {
    const r = gradientCheck({ model: { loss: 'cross-entropy', huberDelta: 1, lambda: 0.5 }, params: params('relu', 'softmax', 9), X, T: oneHot, rows, maxEntriesPerTensor: 3 })
    expect(r.layers.map((l) => [l.checkedW, l.checkedB])).toEqual([[3, 3], [3, 3], [3, 3]])
    expect(r.pass).toBe(true)
  })

  it('refuses step activations and mismatched data', () => {
    expect(() => gradientCheck({ model: { loss: 'mse', huberDelta: 1, lambda: 0 }, params: params('tanh', 'step', 1), X, T: real, rows })).toThrow(/derivative is zero almost everywhere/)
    expect(() => gradientCheck({ model: { loss: 'mse', huberDelta: 1, lambda: 0 }, params: params('tanh', 'identity', 1), X, T: real, rows: 4 })).toThrow(/4 x 3 inputs/)
  })
})
