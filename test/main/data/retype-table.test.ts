import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../src/main/data/csv-reader'
import { prepareDataset } from '../../../src/main/data/dataset'
import { encodeRecords } from '../../../src/main/data/encode-records'
import { prepareOptionsSchema } from '../../../src/main/data/prepare-options'
import { retypeTable } from '../../../src/main/data/retype-table'
import { summarizeDataset } from '../../../src/main/data/summary'
import type { CategoricalColumn, NumericColumn, Table } from '../../../src/main/data/table'
import type { TabularPreprocessing } from '../../../src/shared/preprocessing'
import { expectRefusal } from './expect-error'

const ZIPS = [94103, 10001, 60601, 94103, 10001, 2134]

/** zip codes (numbers that are labels), an area, and a price to predict; one zip cell missing (line 5). */
function houses(): string {
  let text = 'zip,area,price\n'
  for (let i = 0; i < 36; i++) text += `${i === 3 ? '' : ZIPS[i % ZIPS.length]},${40 + ((i * 7) % 50)},${100 + i * 3}\n`
  return text
}

/** A table whose "level" column holds labels that are all numbers (as a built-in example or a retyped table may). */
function levels(labels: string[], codes: number[], source = 'levels.csv'): Table {
  const rows = codes.length
  const level: CategoricalColumn = { kind: 'categorical', name: 'level', categories: labels, codes: Int32Array.from(codes), missing: codes.filter((c) => c < 0).length }
  const y: NumericColumn = { kind: 'numeric', name: 'y', values: Float64Array.from(codes, (_, i) => i % 2), missing: 0 }
  return { source, rows, columns: [level, y], lines: Uint32Array.from(codes, (_, i) => i + 2), warnings: [] }
}

describe('retypeTable', () => {
  it('numeric → categorical: each value becomes its canonical text, sorted as labels, missing cells stay missing', () => {
    const t = parseCsv(houses(), { file: 'houses.csv' })
    expect(t.columns[0].kind).toBe('numeric')
    const r = retypeTable(t, { zip: 'categorical' })
    const zip = r.columns[0] as CategoricalColumn
    expect(zip.kind).toBe('categorical')
    expect(zip.categories).toEqual(['2134', '10001', '60601', '94103'])
    expect(zip.missing).toBe(1)
    expect(zip.codes[3]).toBe(-1)
    expect(Array.from(zip.codes.subarray(0, 3), (c) => zip.categories[c])).toEqual(['94103', '10001', '60601'])
    // Other columns are shared, not copied; the input table is untouched.
    expect(r.columns[1]).toBe(t.columns[1])
    expect(t.columns[0].kind).toBe('numeric')
    // "3.0" and "3" are one label, "3" (the text the reader gives numbers in a text column).
    const c = retypeTable(parseCsv('k,y\n3.0,1\n3,2\n-0.5,3\n'), { k: 'categorical' }).columns[0] as CategoricalColumn
    expect(c.categories).toEqual(['-0.5', '3'])
    expect(Array.from(c.codes)).toEqual([1, 1, 0])
  })

  it('categorical → numeric: every label parsed as a number; missing cells stay NaN', () => {
    const t = levels(['2', '10', '-1.5e1'], [1, 0, -1, 2, 0])
    const level = retypeTable(t, { level: 'numeric' }).columns[0] as NumericColumn
    expect(level.kind).toBe('numeric')
    expect(Array.from(level.values)).toEqual([10, 2, NaN, -15, 2])
    expect(level.missing).toBe(1)
    // And back: the same labels as before.
    const back = retypeTable(retypeTable(t, { level: 'numeric' }), { level: 'categorical' }).columns[0] as CategoricalColumn
    expect(back.categories).toEqual(['-15', '2', '10'])
  })

  it('returns the same table when nothing changes', () => {
    const t = parseCsv(houses())
    expect(retypeTable(t, undefined)).toBe(t)
    expect(retypeTable(t, {})).toBe(t)
    expect(retypeTable(t, { zip: 'numeric', area: 'numeric' })).toBe(t)
  })

  it('refuses labels as numbers, naming the file, the line and the first label (in row order) that is not a number', () => {
    const t = parseCsv('a,grade\n1,2\n2,low\n3,high\n4,1\n', { file: 'grades.csv' })
    expect(t.columns[1].kind).toBe('categorical')
    expectRefusal(() => retypeTable(t, { grade: 'numeric' }), /"low" is not a number, so this column cannot be numeric/, { file: 'grades.csv', line: 3, column: 'grade' })
    // A number written in a notation we refuse to guess at gets the same hint as in the reader.
    expectRefusal(() => retypeTable(levels(['1', '2,5'], [0, 0, 1]), { level: 'numeric' }), /"2,5" is not a number \(a decimal comma/, { file: 'levels.csv', line: 4, column: 'level' })
  })

  it('refuses a column name the table does not have, listing the columns', () => {
    expectRefusal(() => retypeTable(parseCsv(houses(), { file: 'houses.csv' }), { zipcode: 'categorical' }), /there is no column "zipcode".*"zip", "area", "price"/, { file: 'houses.csv' })
  })

  it('is part of the prepare options schema (checked at the IPC edge)', () => {
    expect(prepareOptionsSchema.parse({ types: { zip: 'categorical' } })).toEqual({ types: { zip: 'categorical' } })
    expect(prepareOptionsSchema.safeParse({ types: { zip: 'text' } }).success).toBe(false)
  })
})

describe('column type overrides through the summary, the preparation and the model file', () => {
  const ds = () => ({ kind: 'tabular' as const, source: 'houses.csv', table: parseCsv(houses(), { file: 'houses.csv' }) })

  it('the summary shows the chosen type', () => {
    const before = summarizeDataset(ds()).columnInfo.find((c) => c.name === 'zip')!
    expect(before).toMatchObject({ type: 'numeric', storage: 'numeric', min: 2134, max: 94103 })
    const after = summarizeDataset(ds(), { types: { zip: 'categorical' } }).columnInfo.find((c) => c.name === 'zip')!
    expect(after).toMatchObject({ type: 'categorical', storage: 'categorical', min: null, max: null, distinct: 4, missing: 1 })
    expect(after.top.slice(0, 2)).toEqual([{ label: '10001', count: 12 }, { label: '94103', count: 11 }])
    expectRefusal(() => summarizeDataset(ds(), { types: { nope: 'numeric' } }), /there is no column "nope"/, { file: 'houses.csv' })
  })

  it('a numeric target set to categorical becomes a classification target with text classes', () => {
    const s = summarizeDataset(ds(), { target: 'zip', types: { zip: 'categorical' } })
    expect(s.task).toBe('classification')
    expect(s.classCounts?.map((c) => c.label)).toEqual(['2134', '10001', '60601', '94103'])
    const d = prepareDataset(ds(), { target: 'zip', types: { zip: 'categorical' } })
    expect(d.classLabels).toEqual(['2134', '10001', '60601', '94103'])
  })

  it('a model trained with zip as a category reads zip in new raw rows as categories, exactly as in training', () => {
    const plain = prepareDataset(ds(), { seed: 2 })
    expect(plain.featureNames).toEqual(['zip', 'area'])
    const d = prepareDataset(ds(), { seed: 2, types: { zip: 'categorical' } })
    expect(d.featureNames).toEqual(['zip=2134', 'zip=10001', 'zip=60601', 'zip=94103', 'area'])
    // Through the model file: plain JSON, read back.
    const p = JSON.parse(JSON.stringify(d.preprocessing)) as TabularPreprocessing
    expect(p.columns[0]).toMatchObject({ kind: 'categorical', name: 'zip' })

    // The training file read again, as raw new data (zip comes back numeric from the reader).
    const again = parseCsv(houses(), { file: 'new.csv' })
    expect(again.columns[0].kind).toBe('numeric')
    const e = encodeRecords(p, again)
    expect(e.rows).toBe(36)
    const w = d.inputs
    for (const split of [d.train, d.validation, d.test]) {
      for (let k = 0; k < split.rows; k++) {
        const r = split.sourceIndex[k]
        expect(Array.from(e.X.subarray(r * w, (r + 1) * w))).toEqual(Array.from(split.X.subarray(k * w, (k + 1) * w)))
      }
    }
    // New rows: 10001 written as 10001.0 is the same category; a zip never seen is all zeros and reported.
    const fresh = encodeRecords(p, parseCsv('area,zip\n50,10001.0\n60,99999\n', { file: 'fresh.csv' }))
    expect(Array.from(fresh.X.subarray(0, 4))).toEqual([0, 1, 0, 0])
    expect(Array.from(fresh.X.subarray(w, w + 4))).toEqual([0, 0, 0, 0])
    expect(fresh.problems.join(' ')).toMatch(/"zip".*never saw.*"99999" \(line 3\)/)
  })

  it('a model trained with labels read as numbers reads those labels as numbers in new data, and names a label that is not one', () => {
    const codes = Array.from({ length: 20 }, (_, i) => i % 3)
    const d = prepareDataset({ kind: 'tabular', source: 'levels.csv', table: levels(['1', '2', '4'], codes) }, { types: { level: 'numeric' }, task: 'classification', scaling: 'none' })
    expect(d.featureNames).toEqual(['level'])
    const p = JSON.parse(JSON.stringify(d.preprocessing)) as TabularPreprocessing
    expect(p.columns[0]).toMatchObject({ kind: 'numeric', offset: 0, scale: 1 })
    const e = encodeRecords(p, levels(['4', '1'], [0, 1, -1]))
    expect(Array.from(e.X)).toEqual([4, 1, Math.fround(p.columns[0].kind === 'numeric' ? p.columns[0].impute! : NaN)])
    expectRefusal(() => encodeRecords(p, levels(['1', 'many'], [0, 0, 1], 'new.csv')), /reads numbers.*"many"/, { file: 'new.csv', line: 4, column: 'level' })
  })
})
