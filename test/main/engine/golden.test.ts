import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { HiddenActivation, LossName, OutputActivation } from '../../../src/shared/config'
import { Network } from '../../../src/main/engine/network'
import { tsKernelsF64 } from '../../../src/main/engine/kernels/ts'
import { relError, GOLDEN_TOLERANCE } from './rel-error'

/** PyTorch autograd reference (float64), copied from shared/golden; conventions in its `about` field. */
interface GoldenCase {
  hidden: HiddenActivation
  output: OutputActivation
  loss: LossName
  lambda: number
  targets: 'classes' | 'multilabel' | 'real'
  J: number
  dW: number[][][]
  db: number[][]
}
interface Golden {
  sizes: number[]
  X: number[][]
  targets: Record<GoldenCase['targets'], number[][]>
  W: number[][][]
  b: number[][]
  cases: GoldenCase[]
}

const golden = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/golden/mlp-gradients.json', import.meta.url)), 'utf8')) as Golden

describe('golden parity with PyTorch autograd (float64, 4-5-3-3, 112 cases)', () => {
  it('has all 112 cases', () => {
    expect(golden.cases).toHaveLength(112)
  })

  let worst = 0
  for (const [index, c] of golden.cases.entries()) {
    it(`#${index} hidden=${c.hidden} output=${c.output} loss=${c.loss} λ=${c.lambda}: J, every dW and db`, () => {
      const m = golden.X.length
      const net = new Network(tsKernelsF64, { sizes: golden.sizes, activations: [c.hidden, c.hidden, c.output], loss: c.loss, huberDelta: 1, lambda: c.lambda }, m, {
        sizes: golden.sizes,
        activations: [c.hidden, c.hidden, c.output],
        W: golden.W.map((w) => Float64Array.from(w.flat())),
        b: golden.b.map((v) => Float64Array.from(v)),
      })
      net.X.set(golden.X.flat())
      net.T.set(golden.targets[c.targets].flat())
      net.forward(m)
      const J = net.cost(m)
      net.backward(m)
      const errors: string[] = []
      const check = (what: string, got: number, want: number): void => {
        const e = relError(got, want)
        worst = Math.max(worst, e)
        if (!(e <= GOLDEN_TOLERANCE)) errors.push(`${what}: got ${got}, want ${want} (rel. error ${e.toExponential(2)})`)
      }
      check('J', J, c.J)
      c.dW.forEach((w, l) => w.flat().forEach((want, i) => check(`dW[${l}][${i}]`, net.dW[l][i], want)))
      c.db.forEach((v, l) => v.forEach((want, i) => check(`db[${l}][${i}]`, net.db[l][i], want)))
      expect(errors).toEqual([])
      // The comparison must have covered every number of the case.
      expect(c.dW.flat(2).length).toBe(5 * 4 + 3 * 5 + 3 * 3)
    })
  }

  it('worst relative error over all cases is within tolerance', () => {
    console.log(`golden: worst relative error ${worst.toExponential(2)}`)
    expect(worst).toBeLessThanOrEqual(GOLDEN_TOLERANCE)
  })
})
