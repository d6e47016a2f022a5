import { describe, expect, it } from 'vitest'
import { inputWidth } from '../../../src/shared/preprocessing'
import { parseCsv } from '../../../src/main/data/csv-reader'
import { prepareTabular } from '../../../src/main/data/prepare-tabular'
import type { NumericEncoding, TabularPreprocessing } from '../../../src/shared/preprocessing'
import { expectRefusal } from './expect-error'
import { fixtureBytes } from './fixtures'

/** x of table row r (not whole numbers: a 0..n-1 counter would be ignored as an id). */
const xOf = (r: number) => r + 0.5

/** 40 rows: x = row number + ½, colour cycles, label from x. */
function csv(opts: { last?: string } = {}): string {
  let s = 'x,colour,label\n'
  for (let i = 0; i < 40; i++) s += `${xOf(i)},${['red', 'green', 'blue'][i % 3]},${i < 20 ? 'low' : 'high'}\n`
  return s + (opts.last ?? '')
}

const numeric = (p: TabularPreprocessing, name: string) => p.columns.find((c) => c.name === name) as NumericEncoding

describe('prepareTabular', () => {
  it('returns training-ready arrays of the right shapes, one-hot targets and class labels', () => {
    const d = prepareTabular(parseCsv(csv()), { seed: 1 })
    expect(d.task).toBe('classification')
    expect(d.classLabels).toEqual(['high', 'low'])
    expect(d.featureNames).toEqual(['x', 'colour=blue', 'colour=green', 'colour=red'])
    expect(d.inputs).toBe(4)
    expect(d.outputs).toBe(2)
    expect(inputWidth(d.preprocessing)).toBe(4)
    expect(d.train.rows + d.validation.rows + d.test.rows).toBe(40)
    for (const s of [d.train, d.validation, d.test]) {
      expect(s.X).toBeInstanceOf(Float32Array)
      expect(s.X.length).toBe(s.rows * 4)
      expect(s.T.length).toBe(s.rows * 2)
      for (let r = 0; r < s.rows; r++) {
        expect(s.T[r * 2 + s.labels![r]]).toBe(1)
        expect(s.T[r * 2] + s.T[r * 2 + 1]).toBe(1)
        expect(s.X[r * 4 + 1] + s.X[r * 4 + 2] + s.X[r * 4 + 3]).toBe(1) // exactly one colour unit on
      }
    }
  })

  it('fits scaling on the training split only: validation and test values do not move the offsets', () => {
    const t1 = parseCsv(csv())
    const t2 = parseCsv(csv())
    const d1 = prepareTabular(t1, { seed: 5 })
    // Change every non-training x wildly; the training rows and their statistics must not change.
    const x2 = t2.columns[0]
    if (x2.kind !== 'numeric') throw new Error('x should be numeric')
    for (const r of [...d1.validation.sourceIndex, ...d1.test.sourceIndex]) x2.values[r] = 1e6 + r
    const d2 = prepareTabular(t2, { seed: 5 })
    expect(numeric(d2.preprocessing as TabularPreprocessing, 'x')).toEqual(numeric(d1.preprocessing as TabularPreprocessing, 'x'))
    // And they are the training rows' statistics.
    const trainX = Array.from(d1.train.sourceIndex, xOf)
    const mean = trainX.reduce((a, b) => a + b, 0) / trainX.length
    const std = Math.sqrt(trainX.reduce((a, b) => a + (b - mean) ** 2, 0) / trainX.length)
    const enc = numeric(d1.preprocessing as TabularPreprocessing, 'x')
    expect(enc.offset).toBeCloseTo(mean, 12)
    expect(enc.scale).toBeCloseTo(std, 12)
  })

  it.each([
    ['standardize', (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length],
    ['min-max', (xs: number[]) => Math.min(...xs)],
    ['none', () => 0],
  ] as const)('scales with %s', (scaling, offsetOf) => {
    const d = prepareTabular(parseCsv(csv()), { scaling, seed: 2 })
    const enc = numeric(d.preprocessing as TabularPreprocessing, 'x')
    expect(enc.offset).toBeCloseTo(offsetOf(Array.from(d.train.sourceIndex, xOf)), 12)
    // The encoded value is (x - offset) / scale.
    for (let r = 0; r < d.test.rows; r++) expect(d.test.X[r * 4]).toBeCloseTo((xOf(d.test.sourceIndex[r]) - enc.offset) / enc.scale, 5)
    if (scaling === 'min-max') for (let r = 0; r < d.train.rows; r++) expect(d.train.X[r * 4]).toBeGreaterThanOrEqual(0)
  })

  it('gives a constant column scale 1 instead of dividing by zero', () => {
    const d = prepareTabular(parseCsv('c,x,y\n5,1,a\n5,2,b\n5,3,a\n5,4,b\n5,5,a\n5,6,b\n'), { roles: { c: 'input' }, scaling: 'standardize' })
    const c = numeric(d.preprocessing as TabularPreprocessing, 'c')
    expect(c.scale).toBe(1)
    expect(Array.from(d.train.X).every(Number.isFinite)).toBe(true)
    const mm = prepareTabular(parseCsv('c,x,y\n5,1,a\n5,2,b\n5,3,a\n5,4,b\n'), { roles: { c: 'input' }, scaling: 'min-max', split: { train: 1, validation: 0, test: 0 } })
    expect(numeric(mm.preprocessing as TabularPreprocessing, 'c').scale).toBe(1)
  })

  it('imputes missing inputs with the training mean and the most frequent training label', () => {
    const t = parseCsv('x,colour,y\n1,red,a\n3,red,b\n,blue,a\n5,,b\n')
    const d = prepareTabular(t, { split: { train: 1, validation: 0, test: 0 }, scaling: 'none' })
    const p = d.preprocessing as TabularPreprocessing
    expect(numeric(p, 'x').impute).toBe(3)
    expect(p.columns[1]).toMatchObject({ kind: 'categorical', categories: ['blue', 'red'], impute: 'red' })
    const row = (source: number) => Array.from(d.train.X.subarray(d.train.sourceIndex.indexOf(source) * 3, d.train.sourceIndex.indexOf(source) * 3 + 3))
    expect(row(2)).toEqual([3, 1, 0]) // x imputed to 3; colour blue
    expect(row(3)).toEqual([5, 0, 1]) // colour imputed to red
    expect(d.warnings.join(' ')).toMatch(/filled with the training mean.*"x": 1, "colour": 1/)
  })

  it('drops rows with missing inputs under the drop policy, and rows without a target always', () => {
    const t = parseCsv('x,colour,y\n1,red,a\n3,red,b\n,blue,a\n5,,b\n6,blue,\n7,red,a\n8,blue,b\n')
    const d = prepareTabular(t, { missing: 'drop', split: { train: 1, validation: 0, test: 0 } })
    expect(Array.from(d.train.sourceIndex)).toEqual([0, 1, 5, 6])
    expect(d.warnings.join(' ')).toMatch(/1 row has no value in the target "y".*line 6/)
    expect(d.warnings.join(' ')).toMatch(/2 rows with a missing input value were dropped.*"x": 1, "colour": 1/)
    const p = d.preprocessing as TabularPreprocessing
    expect(p.missing).toBe('drop')
    expect(numeric(p, 'x').impute).toBeNull()
  })

  it('scales a regression target with the training statistics', () => {
    let s = 'x,y\n'
    for (let i = 0; i < 30; i++) s += `${xOf(i)},${10 + 2 * i}\n`
    const d = prepareTabular(parseCsv(s), { seed: 4 })
    expect(d.task).toBe('regression')
    expect(d.outputs).toBe(1)
    expect(d.classLabels).toBeUndefined()
    const t = d.preprocessing.target
    if (t.task !== 'regression') throw new Error('expected regression')
    const ys = Array.from(d.train.sourceIndex, (r) => 10 + 2 * r)
    expect(t.offset).toBeCloseTo(ys.reduce((a, b) => a + b, 0) / ys.length, 10)
    for (let r = 0; r < d.test.rows; r++) expect(d.test.T[r] * t.scale + t.offset).toBeCloseTo(10 + 2 * d.test.sourceIndex[r], 4)
  })

  it('warns about a label in validation/test that training never saw (encoded as all zeros)', () => {
    // "purple" occurs once; with a fixed seed find a split where it is not in training.
    const text = csv({ last: '40.5,purple,high\n' })
    let found = false
    for (let seed = 1; seed < 40 && !found; seed++) {
      const d = prepareTabular(parseCsv(text), { seed })
      if (!Array.from(d.train.sourceIndex).includes(40)) {
        found = true
        expect(d.featureNames).not.toContain('colour=purple')
        expect(d.warnings.join(' ')).toMatch(/"colour".*never seen in training.*"purple" \(line 42\)/)
      }
    }
    expect(found).toBe(true)
  })

  it('prepares the mixed-types fixture: ignored columns left out, booleans one-hot', () => {
    const d = prepareTabular(parseCsv(fixtureBytes('mixed-types.csv')), { split: { train: 1, validation: 0, test: 0 } })
    expect(d.featureNames).toEqual(['age', 'colour=blue', 'colour=green', 'colour=red', 'member=false', 'member=true', 'score'])
    expect(d.featureNames.some((f) => f.startsWith('id') || f.startsWith('country'))).toBe(false)
    for (const s of [d.train, d.validation, d.test]) expect(Array.from(s.X).every(Number.isFinite)).toBe(true)
  })

  it('refuses a table too small to split, naming the count', () => {
    expectRefusal(() => prepareTabular(parseCsv('x,y\n1.5,a\n2.5,b\n')), /only 2 usable rows/)
  })

  it('is deterministic for a seed', () => {
    const a = prepareTabular(parseCsv(csv()), { seed: 9 })
    const b = prepareTabular(parseCsv(csv()), { seed: 9 })
    expect(Array.from(a.train.X)).toEqual(Array.from(b.train.X))
    expect(a.preprocessing).toEqual(b.preprocessing)
  })
})

describe('huge magnitudes', () => {
  /** 60 rows: x ordinary, big at the 1e300 scale (sums and squares overflow a double), label from x. */
  function huge(): string {
    let s = 'x,big,label\n'
    for (let i = 0; i < 60; i++) s += `${((i * 0.37) % 5).toFixed(3)},${(((i * 7919) % 61) - 30) / 10}e300,${i % 2 ? 'a' : 'b'}\n`
    return s
  }

  it('a 1e300-scale input is standardised in 64-bit (mean 0, spread 1 on the training rows) and named in a note', () => {
    const d = prepareTabular(parseCsv(huge(), { file: 'huge.csv' }), { seed: 1 })
    const k = d.featureNames.indexOf('big')
    let sum = 0
    let ss = 0
    for (let r = 0; r < d.train.rows; r++) {
      const v = d.train.X[r * d.inputs + k]
      expect(Number.isFinite(v)).toBe(true)
      sum += v
      ss += v * v
    }
    expect(sum / d.train.rows).toBeCloseTo(0, 5)
    expect(Math.sqrt(ss / d.train.rows)).toBeCloseTo(1, 5)
    for (const s of [d.validation, d.test]) for (const v of s.X) expect(Number.isFinite(v)).toBe(true)
    expect(numeric(d.preprocessing as TabularPreprocessing, 'big').scale).toBeGreaterThan(1e299)
    expect(d.warnings.join('\n')).toMatch(/"big" holds values beyond ±3\.4e38/)
  })

  it('a 1e300-scale regression target is scaled to finite targets', () => {
    const d = prepareTabular(parseCsv(huge(), { file: 'huge.csv' }), { seed: 1, target: 'big', roles: { label: 'input' } })
    expect(d.task).toBe('regression')
    for (const v of d.train.T) expect(Number.isFinite(v)).toBe(true)
  })

  it('a new value beyond what a scaled 32-bit input holds is refused with its line and column', async () => {
    const { encodeRecords } = await import('../../../src/main/data/encode-records')
    const d = prepareTabular(parseCsv(csv(), { file: 'train.csv' }), { seed: 1 })
    const fresh = parseCsv('x,colour\n1.5,red\n1e45,blue\n', { file: 'new.csv' })
    expect(() => encodeRecords(d.preprocessing as TabularPreprocessing, fresh)).toThrow(/^new\.csv, line 3, column "x": 1e\+45 scales to .*more than the network's 32-bit inputs hold/)
  })
})
