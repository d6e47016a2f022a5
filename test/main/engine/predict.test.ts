import { describe, expect, it } from 'vitest'
import { predict } from '../../../src/main/engine/predict'
import type { NetworkParams } from '../../../src/main/engine/params'
import { InvalidParamsError } from '../../../src/main/engine/params-check'

/** A 2-3-2 network written out by hand so expected outputs can be computed independently. */
function tinyNet(hidden: 'tanh' | 'step', output: 'softmax' | 'identity' | 'step'): NetworkParams<Float64Array> {
  return {
    sizes: [2, 3, 2],
    activations: [hidden, output],
    W: [Float64Array.from([0.5, -1, 2, 0.25, -0.75, 1.5]), Float64Array.from([1, -2, 0.5, -1, 0.3, 2])],
    b: [Float64Array.from([0.1, -0.2, 0.3]), Float64Array.from([0.05, -0.05])],
  }
}

function naive(p: NetworkParams, x: number[], hidden: (z: number) => number, out: (z: number[]) => number[]): number[] {
  const h = [0, 1, 2].map((j) => hidden(p.W[0][j * 2] * x[0] + p.W[0][j * 2 + 1] * x[1] + p.b[0][j]))
  const z = [0, 1].map((j) => p.W[1][j * 3] * h[0] + p.W[1][j * 3 + 1] * h[1] + p.W[1][j * 3 + 2] * h[2] + p.b[1][j])
  return out(z)
}

describe('predict', () => {
  const X = Float64Array.from([1, 2, -0.5, 0.25, 0, 0, 3, -4])

  it('matches a hand-written forward pass (tanh hidden, softmax output)', () => {
    const p = tinyNet('tanh', 'softmax')
    const Y = predict(p, X, 4)
    expect(Y).toBeInstanceOf(Float64Array)
    expect(Y.length).toBe(8)
    const softmax = (z: number[]) => {
      const e = z.map((v) => Math.exp(v))
      const s = e[0] + e[1]
      return e.map((v) => v / s)
    }
    for (let r = 0; r < 4; r++) {
      const want = naive(p, [X[2 * r], X[2 * r + 1]], Math.tanh, softmax)
      expect(Y[2 * r]).toBeCloseTo(want[0], 14)
      expect(Y[2 * r + 1]).toBeCloseTo(want[1], 14)
    }
  })

  it('supports the inference-only step activation (1 for z >= 0, else 0)', () => {
    const p = tinyNet('step', 'step')
    const Y = predict(p, X, 4)
    const step = (z: number) => (z >= 0 ? 1 : 0)
    for (let r = 0; r < 4; r++) {
      const want = naive(p, [X[2 * r], X[2 * r + 1]], step, (z) => z.map(step))
      expect([Y[2 * r], Y[2 * r + 1]]).toEqual(want)
    }
  })

  it('accepts float32 parameters and inputs and processes more rows than one chunk', () => {
    const p = tinyNet('tanh', 'identity')
    const p32: NetworkParams<Float32Array> = { ...p, W: p.W.map((w) => Float32Array.from(w)), b: p.b.map((v) => Float32Array.from(v)) }
    const rows = 1000
    const X32 = new Float32Array(rows * 2).map((_, i) => Math.sin(i))
    const Y = predict(p32, X32, rows)
    for (const r of [0, 255, 256, 257, 999]) {
      const want = naive(p32, [X32[2 * r], X32[2 * r + 1]], Math.tanh, (z) => z)
      expect(Y[2 * r]).toBeCloseTo(want[0], 12)
      expect(Y[2 * r + 1]).toBeCloseTo(want[1], 12)
    }
  })

  it('refuses inconsistent params and non-finite inputs with messages naming the place', () => {
    const p = tinyNet('tanh', 'identity')
    expect(() => predict({ ...p, W: [p.W[0], new Float64Array(5)] }, X, 4)).toThrow(/W\[1\] must hold 2 x 3 = 6/)
    expect(() => predict({ ...p, activations: ['tanh', '__proto__' as never] }, X, 4)).toThrow(InvalidParamsError)
    expect(() => predict(p, X, 5)).toThrow(/need 10/)
    const bad = X.slice()
    bad[3] = NaN
    expect(() => predict(p, bad, 4)).toThrow(/row 1 column 1/)
  })

  it('never returns a non-finite output: overflow is an error naming the row', () => {
    const p = tinyNet('tanh', 'identity')
    const huge: NetworkParams<Float64Array> = { ...p, W: [p.W[0], new Float64Array(6).fill(1.7e308)], b: [p.b[0], new Float64Array(2)] }
    expect(() => predict(huge, X, 4)).toThrow(/output for row 0 is not a finite number/)
  })
})
