import { describe, expect, it } from 'vitest'
import { accuracy, classReport, confusionMatrix, createYardstickAccumulator, crossEntropyYardstick, mae, r2, rmse, YARDSTICK_EPS } from '../../../src/main/engine/metrics'

describe('classification yardsticks', () => {
  const T = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0]
  const Y = [0.7, 0.2, 0.1, 0.1, 0.8, 0.1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6]

  it('accuracy from argmax of outputs and targets', () => {
    expect(accuracy(Y, T, 4, 3)).toBe(0.5)
  })

  it('cross-entropy of distributions equals −mean log p(true class)', () => {
    expect(crossEntropyYardstick(Y, T, 4, 3)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8) + Math.log(0.2) + Math.log(0.2)) / 4, 12)
  })

  it('non-distribution outputs are clipped into [ε, 1] and normalised per row', () => {
    // Row [2, −1, 0.5] → clipped [1, ε, 0.5] → p(class 2) = 0.5 / (1.5 + ε)
    expect(crossEntropyYardstick([2, -1, 0.5], [0, 0, 1], 1, 3)).toBeCloseTo(-Math.log(0.5 / (1.5 + YARDSTICK_EPS)), 12)
    // A confident wrong answer costs at most −log(ε / (1 + ε)).
    expect(crossEntropyYardstick([1, 0], [0, 1], 1, 2)).toBeCloseTo(-Math.log(YARDSTICK_EPS / (1 + YARDSTICK_EPS)), 9)
  })

  it('K = 1: a binary problem thresholded at 0.5 with binary cross-entropy', () => {
    expect(accuracy([0.9, 0.4, 0.6], [1, 0, 0], 3, 1)).toBeCloseTo(2 / 3, 12)
    expect(crossEntropyYardstick([0.9], [1], 1, 1)).toBeCloseTo(-Math.log(0.9), 12)
    expect(confusionMatrix([0.9, 0.4, 0.6], [1, 0, 0], 3, 1)).toEqual([
      [1, 1],
      [0, 1],
    ])
  })

  it('confusion matrix [true][predicted] and per-class precision / recall / F1', () => {
    const C = confusionMatrix(Y, T, 4, 3)
    expect(C).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [1, 0, 0],
    ])
    const report = classReport(C)
    expect(report[0]).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3, support: 1 })
    expect(report[1]).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 })
    // Class 2 is never predicted correctly: precision 0/1 = 0, recall 0, F1 0 (no division by zero).
    expect(report[2]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 })
    expect(classReport([[0, 0], [0, 3]])[0]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 })
  })
})

describe('regression yardsticks', () => {
  it('rmse, mae and r² (sklearn-compatible, uniform average over columns)', () => {
    const T = [1, 10, 2, 20, 3, 30, 4, 40]
    const Y = [1.5, 10, 2, 21, 2.5, 30, 4, 39]
    expect(rmse(Y, T, 4, 2)).toBeCloseTo(Math.sqrt((0.25 + 0 + 0 + 1 + 0.25 + 0 + 0 + 1) / 8), 12)
    expect(mae(Y, T, 4, 2)).toBeCloseTo(3 / 8, 12)
    // Column 0: SS_res 0.5, SS_tot 5 → 0.9; column 1: SS_res 2, SS_tot 500 → 0.996
    expect(r2(Y, T, 4, 2)).toBeCloseTo((0.9 + 0.996) / 2, 12)
  })

  it('r² of a constant target column: 1 if predicted exactly, else 0', () => {
    expect(r2([5, 5], [5, 5], 2, 1)).toBe(1)
    expect(r2([5, 6], [5, 5], 2, 1)).toBe(0)
  })

  it('r² stays accurate for targets with a large offset', () => {
    const T = [1e8 + 1, 1e8 + 2, 1e8 + 3]
    expect(r2([1e8 + 1, 1e8 + 2, 1e8 + 4], T, 3, 1)).toBeCloseTo(0.5, 6)
  })

  it('accumulating chunks gives the same result as one pass', () => {
    const T = Array.from({ length: 20 }, (_, i) => Math.sin(i))
    const Y = T.map((t, i) => t + 0.1 * Math.cos(3 * i))
    const acc = createYardstickAccumulator('regression', 2)
    acc.add(Y.slice(0, 6), T.slice(0, 6), 3)
    acc.add(Y.slice(6), T.slice(6), 7)
    const all = createYardstickAccumulator('regression', 2)
    all.add(Y, T, 10)
    const a = acc.result()
    const b = all.result()
    expect(a.task).toBe('regression')
    if (a.task === 'regression' && b.task === 'regression') {
      expect(a.rmse).toBeCloseTo(b.rmse, 14)
      expect(a.r2).toBeCloseTo(b.r2, 12)
    }
    expect(() => createYardstickAccumulator('classification', 3).result()).toThrow(/no rows/)
  })
})
