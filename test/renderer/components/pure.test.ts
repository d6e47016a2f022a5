import { describe, expect, it } from 'vitest'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import type { ExperimentConfig } from '../../../src/shared/config'
import { differingSettings, settingAt } from '../../../src/renderer/src/components/differing-settings'
import { accuracy, classMetrics, rowNormalise } from '../../../src/renderer/src/components/class-metrics'

const clone = (c: ExperimentConfig): ExperimentConfig => structuredClone(c)

describe('differingSettings', () => {
  it('is empty for identical configs and for a single config', () => {
    expect(differingSettings([DEFAULT_EXPERIMENT, clone(DEFAULT_EXPERIMENT)])).toEqual([])
    expect(differingSettings([DEFAULT_EXPERIMENT])).toEqual([])
  })
  it('names only the paths that differ', () => {
    const a = clone(DEFAULT_EXPERIMENT)
    const b = clone(DEFAULT_EXPERIMENT)
    b.model.loss = 'mse'
    b.model.hidden[0].units = 32
    expect(differingSettings([a, b])).toEqual(['model.hidden[0].units', 'model.loss'])
  })
  it('counts layers and optimizer-specific fields', () => {
    const a = clone(DEFAULT_EXPERIMENT)
    const b = clone(DEFAULT_EXPERIMENT)
    b.model.hidden.push({ units: 16, activation: 'relu' })
    b.optimizer = { kind: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
    const d = differingSettings([a, b])
    expect(d).toContain('model.hidden.length')
    expect(d).toContain('model.hidden[1].units')
    expect(d).toContain('optimizer.kind')
    expect(d).toContain('optimizer.beta1')
    expect(d).not.toContain('optimizer.learningRate')
  })
  it('tells null early stopping from a set one', () => {
    const b = clone(DEFAULT_EXPERIMENT)
    b.training.earlyStopping = { patience: 5, restoreBest: true }
    expect(differingSettings([DEFAULT_EXPERIMENT, b])).toEqual(['training.earlyStopping', 'training.earlyStopping.patience', 'training.earlyStopping.restoreBest'])
    expect(settingAt(b, 'training.earlyStopping.patience')).toBe(5)
  })
})

describe('classMetrics', () => {
  it('computes precision, recall, F1 and support by hand', () => {
    // true 0: 8 right, 2 as class 1; true 1: 1 as 0, 4 right; true 2: nothing predicted right
    const m = classMetrics([[8, 2, 0], [1, 4, 0], [0, 3, 0]])
    expect(m[0].precision).toBeCloseTo(8 / 9)
    expect(m[0].recall).toBeCloseTo(0.8)
    expect(m[0].f1).toBeCloseTo((2 * (8 / 9) * 0.8) / (8 / 9 + 0.8))
    expect(m[1].precision).toBeCloseTo(4 / 9)
    expect(m[1].support).toBe(5)
    expect(m[2]).toEqual({ precision: null, recall: 0, f1: null, support: 3 })
  })
  it('refuses a non-square matrix naming the row', () => {
    expect(() => classMetrics([[1, 2], [3]])).toThrow(/row 1 has 1 columns, expected 2/)
  })
  it('row-normalises and computes accuracy', () => {
    expect(rowNormalise([[1, 3], [0, 0]])).toEqual([[0.25, 0.75], [0, 0]])
    expect(accuracy([[8, 2], [1, 9]])).toBeCloseTo(0.85)
    expect(accuracy([])).toBeNull()
  })
})
