import { afterEach, describe, expect, it, vi } from 'vitest'
import { extentOf, linear, residuals } from '../../../src/renderer/src/evaluate/plot-scale'
import { runLabel } from '../../../src/renderer/src/runs/run-label'
import { gradcheckVerdict } from '../../../src/renderer/src/model/gradcheck-verdict'
import { metricBaseName, metricTitle, preferValidation, taskOf } from '../../../src/renderer/src/charts/chart-metrics'
import { createFrameBatch } from '../../../src/renderer/src/state/frame-batch'
import { createNotices } from '../../../src/renderer/src/state/notices'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'

afterEach(() => vi.useRealTimers())

describe('plot scales', () => {
  it('spans the finite values of every array, widening a single value', () => {
    expect(extentOf([1, NaN, 3], [-2, Infinity])).toEqual({ min: -2, max: 3 })
    expect(extentOf([5])).toEqual({ min: 4, max: 6 })
    expect(extentOf([], [NaN])).toEqual({ min: -1, max: 1 })
  })
  it('maps linearly, flipping for a y axis', () => {
    const y = linear({ min: 0, max: 10 }, 100, 0)
    expect(y(0)).toBe(100)
    expect(y(10)).toBe(0)
    expect(y(2.5)).toBe(75)
    expect(residuals([3, 1], [2.5, 2])).toEqual([0.5, -1])
  })
})

describe('names for people', () => {
  it('labels a run by what defines it', () => {
    expect(runLabel(2, DEFAULT_EXPERIMENT)).toBe('run 2 · 16 relu · cross-entropy · sgd 0.1')
    expect(runLabel(1, { ...DEFAULT_EXPERIMENT, model: { ...DEFAULT_EXPERIMENT.model, hidden: [] } })).toBe('run 1 · no hidden layer · cross-entropy · sgd 0.1')
  })
  it('names metrics with and without their split', () => {
    expect(metricTitle('val_cross_entropy')).toBe('validation cross-entropy')
    expect(metricTitle('test_foo_bar')).toBe('test foo bar')
    expect(metricBaseName('test_r2')).toBe('R²')
    expect(metricBaseName('val_accuracy')).toBe('accuracy')
  })
  it('explains a gradient check verdict', () => {
    const layer = (l: number, e: number) => ({ layer: l, maxRelErrorW: e, maxRelErrorB: 0, worstW: { index: 0, analytic: 0, numeric: 0, relError: e }, worstB: { index: 0, analytic: 0, numeric: 0, relError: 0 }, checkedW: 1, checkedB: 1 })
    const base = { cost: 1, epsilon: 1e-5, tolerance: 1e-5, floor: 1e-4 }
    expect(gradcheckVerdict({ ...base, layers: [layer(0, 1e-9)], maxRelError: 1e-9, pass: true })).toContain('match finite differences in every layer')
    const fail = gradcheckVerdict({ ...base, layers: [layer(0, 1e-9), layer(1, 0.3)], maxRelError: 0.3, pass: false })
    expect(fail).toContain('worst: layer 2')
    expect(fail).toContain('kink')
  })
})

describe('which metrics the charts draw', () => {
  const h = (metrics: Record<string, number[]>) => ({ epochs: [1], samples: [1], metrics })
  it('knows the task from the metrics and prefers validation when any run has it', () => {
    expect(taskOf([undefined, h({ rmse: [1] })])).toBe('regression')
    expect(taskOf([h({ rmse: [1] }), h({ val_accuracy: [1] })])).toBe('classification')
    expect(taskOf([])).toBeNull()
    expect(preferValidation('accuracy', [h({ accuracy: [1] })])).toBe('accuracy')
    expect(preferValidation('accuracy', [h({ accuracy: [1] }), h({ val_accuracy: [0.5] })])).toBe('val_accuracy')
    expect(preferValidation('accuracy', [h({ val_accuracy: [NaN] })])).toBe('accuracy')
  })
})

describe('streaming plumbing', () => {
  it('hands over a burst of items once, on the next frame or timer', () => {
    vi.useFakeTimers()
    vi.stubGlobal('requestAnimationFrame', undefined)
    const batches: number[][] = []
    const batch = createFrameBatch<number>((items) => batches.push(items))
    for (let i = 0; i < 100; i++) batch.push(i)
    expect(batches).toEqual([])
    vi.advanceTimersByTime(60)
    expect(batches).toHaveLength(1)
    expect(batches[0]).toHaveLength(100)
    batch.push(1)
    batch.dispose()
    vi.advanceTimersByTime(60)
    expect(batches).toHaveLength(1)
    vi.unstubAllGlobals()
  })
  it('says a message once and keeps the last five', () => {
    const n = createNotices()
    n.report('A', 'same cause')
    n.report('B', 'same cause')
    expect(n.list.value).toHaveLength(1)
    for (let i = 0; i < 7; i++) n.report('C', `cause ${i}`)
    expect(n.list.value.map((x) => x.message)).toEqual(['cause 2', 'cause 3', 'cause 4', 'cause 5', 'cause 6'])
    n.dismiss(n.list.value[0].id)
    expect(n.list.value).toHaveLength(4)
  })
})
