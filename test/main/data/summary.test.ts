import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../src/main/data/csv-reader'
import { encodeIdx } from '../../../src/main/data/idx-encode'
import { imageSetFromIdx } from '../../../src/main/data/images'
import { summarizeDataset, PREVIEW_ROWS, SAMPLE_IMAGES } from '../../../src/main/data/summary'
import { fixtureBytes } from './fixtures'

describe('summarizeDataset', () => {
  it('describes a table: shape, column types and stats, default roles, class counts, the first rows', () => {
    const table = parseCsv(fixtureBytes('mixed-types.csv'), { file: 'mixed-types.csv' })
    const s = summarizeDataset({ kind: 'tabular', source: 'mixed-types.csv', table })
    expect(s).toMatchObject({ kind: 'tabular', rows: 10, columns: 7, target: 'grade', task: 'classification' })
    expect(s.format).toMatchObject({ delimiter: ',', header: true, encoding: 'utf-8', bom: false, decimal: '.', skippedRows: 0 })
    const age = s.columnInfo.find((c) => c.name === 'age')!
    expect(age).toMatchObject({ type: 'numeric', role: 'input', missing: 2, min: 28, max: 62 })
    expect(s.columnInfo.find((c) => c.name === 'id')).toMatchObject({ type: 'id', role: 'ignored', note: expect.stringMatching(/identifier/) })
    expect(s.classCounts).toEqual([
      { label: 'A', count: 5 },
      { label: 'B', count: 5 },
    ])
    expect(s.preview.header).toEqual(['id', 'age', 'colour', 'member', 'country', 'score', 'grade'])
    expect(s.preview.rows[1]).toEqual(['2', '', 'blue', 'false', 'NL', '2.5', 'B'])
  })

  it('is plain JSON and never carries the full rows', () => {
    const text = 'x,y\n' + Array.from({ length: 5000 }, (_, i) => `${i * 0.25},${i % 2}`).join('\n')
    const s = summarizeDataset({ kind: 'tabular', source: 'big', table: parseCsv(text) })
    expect(JSON.parse(JSON.stringify(s))).toEqual(s)
    expect(s.preview.rows).toHaveLength(PREVIEW_ROWS)
    expect(JSON.stringify(s).length).toBeLessThan(5000)
  })

  it('describes images with class counts and a few small grey samples with labels', () => {
    const n = 40
    const pixels = Uint8Array.from({ length: n * 3 * 5 }, (_, k) => (k * 7) % 256)
    const labels = Uint8Array.from({ length: n }, (_, i) => i % 4)
    const set = imageSetFromIdx(encodeIdx([n, 3, 5], pixels), 'imgs', encodeIdx([n], labels), 'labs')
    const s = summarizeDataset({ kind: 'image', source: 'digits', train: set, test: null, warnings: [] })
    expect(s).toMatchObject({ kind: 'image', rows: 40, columns: 15, task: 'classification' })
    expect(s.image!.width).toBe(5)
    expect(s.image!.height).toBe(3)
    expect(s.image!.samples).toHaveLength(SAMPLE_IMAGES)
    const first = s.image!.samples[1]
    expect(first.pixels).toHaveLength(15)
    expect(first.pixels).toEqual(Array.from(pixels.subarray(2 * 15, 3 * 15))) // every 2nd image (40 / 16)
    expect(first.label).toBe(2)
    expect(s.classCounts).toEqual([0, 1, 2, 3].map((c) => ({ label: String(c), count: 10 })))
    expect(JSON.parse(JSON.stringify(s))).toEqual(s)
  })

  it('does not fail when no column would be an input by default (the user picks the roles next)', () => {
    const s = summarizeDataset({ kind: 'tabular', source: 't', table: parseCsv('id,label\n1,a\n2,b\n3,a\n') })
    expect(s.columnInfo[0].role).toBe('ignored')
  })
})
