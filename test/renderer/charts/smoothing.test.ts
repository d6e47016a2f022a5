import { describe, expect, it } from 'vitest'
import { rescaleToFirst, seedBand, smoothEma, smoothPoints } from '../../../src/renderer/src/charts/smoothing'
import { runColor, RUN_PALETTE, withAlpha } from '../../../src/renderer/src/charts/palette'

describe('smoothEma (debiased, TensorBoard-style)', () => {
  it('returns the values unchanged at weight 0', () => {
    expect(smoothEma([3, 1, 4, 1, 5], 0)).toEqual([3, 1, 4, 1, 5])
  })
  it('starts at the first value (debiased) and follows the hand-computed EMA', () => {
    const w = 0.6
    const out = smoothEma([10, 0, 5], w)
    expect(out[0]).toBeCloseTo(10, 12)
    // biased EMA: 4, 2.4, 3.44 ; debias factors 0.4, 0.64, 0.784
    expect(out[1]).toBeCloseTo(2.4 / 0.64, 12)
    expect(out[2]).toBeCloseTo(3.44 / 0.784, 12)
  })
  it('keeps a constant series constant at any weight', () => {
    for (const w of [0.1, 0.5, 0.9, 0.999, 1]) for (const v of smoothEma([2, 2, 2, 2], w)) expect(v).toBeCloseTo(2, 9)
  })
  it('passes NaN through without poisoning later points', () => {
    const out = smoothEma([1, NaN, 1], 0.5)
    expect(out[1]).toBeNaN()
    expect(out[2]).toBeCloseTo(1, 12)
  })
  it('smoothPoints keeps x', () => {
    expect(smoothPoints([{ x: 5, y: 1 }, { x: 7, y: 3 }], 0).map((p) => p.x)).toEqual([5, 7])
  })
})

describe('rescaleToFirst', () => {
  it('divides by the first finite non-zero value', () => {
    expect(rescaleToFirst([{ x: 1, y: 0 }, { x: 2, y: 4 }, { x: 3, y: 2 }]).map((p) => p.y)).toEqual([0, 1, 0.5])
  })
  it('leaves a series of zeros unchanged', () => {
    expect(rescaleToFirst([{ x: 1, y: 0 }]).map((p) => p.y)).toEqual([0])
  })
})

describe('seedBand', () => {
  it('computes mean, min, max per x across runs of different lengths', () => {
    const band = seedBand([
      [{ x: 1, y: 1 }, { x: 2, y: 2 }, { x: 3, y: 9 }],
      [{ x: 1, y: 3 }, { x: 2, y: 6 }],
      [{ x: 2, y: NaN }, { x: 1, y: 2 }],
    ])
    expect(band).toEqual([
      { x: 1, mean: 2, min: 1, max: 3, count: 3 },
      { x: 2, mean: 4, min: 2, max: 6, count: 2 },
      { x: 3, mean: 9, min: 9, max: 9, count: 1 },
    ])
  })
  it('is empty for no runs', () => {
    expect(seedBand([])).toEqual([])
  })
})

describe('palette', () => {
  it('gives a stable colour by index and wraps', () => {
    expect(runColor(0)).toBe(RUN_PALETTE[0])
    expect(runColor(10)).toBe(RUN_PALETTE[0])
    expect(runColor(3)).toBe(RUN_PALETTE[3])
    expect(runColor(-1)).toBe(RUN_PALETTE[0])
    expect(withAlpha('#ff0080', 0.2)).toBe('rgba(255, 0, 128, 0.2)')
  })
})
