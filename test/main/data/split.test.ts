import { describe, expect, it } from 'vitest'
import { splitRows, splitSizes } from '../../../src/main/data/split'
import { expectRefusal } from './expect-error'

const iota = (n: number) => Uint32Array.from({ length: n }, (_, i) => i)
const ratios = { train: 0.7, validation: 0.15, test: 0.15 }

describe('splitRows', () => {
  it('covers every row exactly once, each split in source order', () => {
    const s = splitRows(iota(1000), null, ratios, 3)
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([700, 150, 150])
    const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b)
    expect(all).toEqual([...iota(1000)])
    for (const part of [s.train, s.validation, s.test]) for (let k = 1; k < part.length; k++) expect(part[k]).toBeGreaterThan(part[k - 1])
  })

  it('is deterministic for a seed and differs between seeds', () => {
    const a = splitRows(iota(500), null, ratios, 42)
    const b = splitRows(iota(500), null, ratios, 42)
    const c = splitRows(iota(500), null, ratios, 43)
    expect(Array.from(a.test)).toEqual(Array.from(b.test))
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test))
  })

  it('stratifies classes: each split holds each class in proportion', () => {
    // 3 classes of 600, 300 and 100 rows, interleaved unevenly.
    const labels = Uint32Array.from({ length: 1000 }, (_, i) => (i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2))
    const s = splitRows(iota(1000), labels, ratios, 7)
    const count = (part: Uint32Array, c: number) => Array.from(part).filter((r) => labels[r] === c).length
    expect([0, 1, 2].map((c) => count(s.train, c))).toEqual([420, 210, 70])
    for (const part of [s.validation, s.test]) {
      const got = [0, 1, 2].map((c) => count(part, c))
      expect(Math.abs(got[0] - 90)).toBeLessThanOrEqual(1)
      expect(Math.abs(got[1] - 45)).toBeLessThanOrEqual(1)
      expect(Math.abs(got[2] - 15)).toBeLessThanOrEqual(1)
    }
  })

  it('puts a class with a single row into training', () => {
    const labels = Uint32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    for (let seed = 0; seed < 20; seed++) expect(Array.from(splitRows(iota(10), labels, ratios, seed).train)).toContain(9)
  })

  it('never leaves a split with a positive share empty', () => {
    const s = splitRows(iota(3), null, ratios, 1)
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([1, 1, 1])
    expect(splitSizes(7, { train: 0.98, validation: 0.01, test: 0.01 })).toEqual({ nTrain: 5, nVal: 1, nTest: 1 })
  })

  it('refuses too few rows with a message instead of empty splits (and NaN metrics later)', () => {
    expectRefusal(() => splitRows(iota(2), null, ratios, 1), /only 2 usable rows.*at least one row each \(3 rows\).*set the validation\/test shares to 0/)
  })

  it('allows a share of 0 on purpose (e.g. XOR trains and is judged on its 4 points)', () => {
    const s = splitRows(iota(4), null, { train: 1, validation: 0, test: 0 }, 1)
    expect([s.train.length, s.validation.length, s.test.length]).toEqual([4, 0, 0])
  })

  it('refuses nonsensical shares', () => {
    expectRefusal(() => splitSizes(10, { train: 0, validation: 0.5, test: 0.5 }), /training above 0/)
    expectRefusal(() => splitSizes(10, { train: 1, validation: -1, test: 0 }), /≥ 0/)
    expectRefusal(() => splitSizes(10, { train: 1, validation: NaN, test: 0 }), /finite/)
  })
})
