import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../src/main/data/csv-reader'
import { encodeRecords } from '../../../src/main/data/encode-records'
import { prepareTabular } from '../../../src/main/data/prepare-tabular'
import type { TabularPreprocessing } from '../../../src/shared/preprocessing'
import { expectRefusal } from './expect-error'

function training(): { text: string; p: TabularPreprocessing; d: ReturnType<typeof prepareTabular> } {
  let text = 'size,colour,label\n'
  for (let i = 0; i < 30; i++) text += `${(i * 1.7) % 11},${['red', 'green', 'blue'][i % 3]},${i % 2 ? 'yes' : 'no'}\n`
  const d = prepareTabular(parseCsv(text), { seed: 3 })
  return { text, p: d.preprocessing as TabularPreprocessing, d }
}

describe('encodeRecords', () => {
  it('encodes rows exactly as preparation encoded them', () => {
    const { text, p, d } = training()
    const e = encodeRecords(p, parseCsv(text))
    expect(e.rows).toBe(30)
    expect(e.problems).toEqual([])
    const w = d.inputs
    for (const split of [d.train, d.validation, d.test]) {
      for (let k = 0; k < split.rows; k++) {
        const r = split.sourceIndex[k]
        expect(Array.from(e.X.subarray(r * w, (r + 1) * w))).toEqual(Array.from(split.X.subarray(k * w, (k + 1) * w)))
      }
    }
    expect(e.targets && 'labels' in e.targets && e.targets.labels[1]).toBe(p.target.task === 'classification' ? p.target.classes.indexOf('yes') : -1)
  })

  it('finds columns by name, whatever their order, and ignores extra columns', () => {
    const { p } = training()
    const e = encodeRecords(p, parseCsv('extra,colour,size\n1,blue,2.5\n2,red,3\n'))
    expect(e.rows).toBe(2)
    expect(e.X.length).toBe(2 * 4)
    expect(Array.from(e.X.subarray(1, 4))).toEqual([1, 0, 0]) // blue
    expect(e.targets).toBeUndefined()
  })

  it('refuses a file without the columns the model needs, listing them and what the file has', () => {
    const { p } = training()
    expectRefusal(() => encodeRecords(p, parseCsv('width,height\n1,2\n', { file: 'new.csv' })), /needs columns "size", "colour".*not in this file.*"width", "height"/, {
      file: 'new.csv',
    })
  })

  it('refuses text in a column the model reads as numbers, naming the line', () => {
    const { p } = training()
    expectRefusal(() => encodeRecords(p, parseCsv('size,colour\nbig,red\nsmall,blue\n', { file: 'n.csv' })), /reads numbers.*"big"/, { file: 'n.csv', line: 2, column: 'size' })
  })

  it('reports labels never seen in training (encoded as all zeros) with their lines', () => {
    const { p } = training()
    const e = encodeRecords(p, parseCsv('size,colour\n1,red\n2,purple\n3,purple\n4,teal\n'))
    expect(e.rows).toBe(4)
    expect(Array.from(e.X.subarray(5, 8))).toEqual([0, 0, 0])
    expect(e.problems.join(' ')).toMatch(/"colour": 3 rows have a label the model never saw.*"purple" \(line 3\), "teal" \(line 5\)/)
  })

  it('imputes missing cells with the training values', () => {
    const { p } = training()
    const e = encodeRecords(p, parseCsv('size,colour\n,red\n2,NA\n'))
    const size = p.columns[0]
    if (size.kind !== 'numeric' || size.impute === null) throw new Error('expected an imputed numeric column')
    expect(e.X[0]).toBeCloseTo((size.impute - size.offset) / size.scale, 6)
    const colour = p.columns[1]
    if (colour.kind !== 'categorical') throw new Error('expected categorical')
    expect(e.X[4 + 1 + colour.categories.indexOf(colour.impute!)]).toBe(1)
  })

  it('leaves out rows it cannot fill when the model was trained with the drop policy, and says so', () => {
    let text = 'a,b,y\n'
    for (let i = 0; i < 20; i++) text += `${i * 0.5},${(i * 7) % 5},${i % 2}\n`
    const p = prepareTabular(parseCsv(text), { missing: 'drop' }).preprocessing as TabularPreprocessing
    const e = encodeRecords(p, parseCsv('a,b\n1,2\n,3\n4,5\n'))
    expect(e.rows).toBe(2)
    expect(Array.from(e.sourceIndex)).toEqual([0, 2])
    expect(e.problems[0]).toMatch(/1 row was left out.*line 3, column "a"/)
  })

  it('reads regression targets when the file has them', () => {
    let text = 'x,y\n'
    for (let i = 0; i < 20; i++) text += `${i + 0.25},${i * 3.5}\n`
    const p = prepareTabular(parseCsv(text)).preprocessing as TabularPreprocessing
    const e = encodeRecords(p, parseCsv('x,y\n1,7.5\n2,9\n'))
    expect(e.targets).toEqual({ values: new Float64Array([7.5, 9]) })
  })
})
