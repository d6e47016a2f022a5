/**
 * Parquet files written by DuckDB (test/fixtures/data/real/make-parquet.mjs), in each compression, read through
 * loadDatasetFromPath as the app and the CLI do; and the refusals of files that are not what they seem.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadDatasetFromPath } from '../../../src/main/data/node-io'
import { prepareDataset } from '../../../src/main/data/dataset'
import { loadTable } from './fixtures'

const REAL = new URL('../../fixtures/data/real/', import.meta.url).pathname
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bps-parquet-'))
})


/** The fixture's rows as DuckDB computed them (make-parquet.mjs), i = 0 … 199. */
const age = (i: number) => Math.round((18 + ((i * 37) % 50) + (i % 10) / 10) * 10) / 10

describe('Parquet files', () => {
  for (const codec of ['snappy', 'zstd', 'gzip', 'uncompressed']) {
    it(`reads DuckDB's ${codec} export: integers, floats, booleans, dictionary strings, nulls, 64-bit integers, dates`, async () => {
      const t = await loadTable(join(REAL, `duckdb-customers-${codec}.parquet`))
      expect(t.rows).toBe(200)
      expect(t.columns.map((c) => [c.name, c.kind])).toEqual([
        ['id', 'numeric'],
        ['age', 'numeric'],
        ['member', 'categorical'],
        ['region', 'categorical'],
        ['note', 'categorical'],
        ['spend_cents', 'numeric'],
        ['joined', 'numeric'],
        ['churned', 'categorical'],
      ])
      const [id, ageCol, member, region, note, spend, joined, churned] = t.columns
      if (id.kind !== 'numeric' || ageCol.kind !== 'numeric' || spend.kind !== 'numeric' || joined.kind !== 'numeric') throw new Error('kinds')
      if (member.kind !== 'categorical' || region.kind !== 'categorical' || note.kind !== 'categorical' || churned.kind !== 'categorical') throw new Error('kinds')
      expect(Array.from(id.values.subarray(0, 5))).toEqual([0, 1, 2, 3, 4])
      for (const i of [0, 1, 57, 199]) expect(ageCol.values[i]).toBeCloseTo(age(i), 10)
      expect(member.categories.slice().sort()).toEqual(['false', 'true'])
      expect(member.categories[member.codes[0]]).toBe('true')
      expect(region.categories[region.codes[5]]).toBe('south')
      expect(note.missing).toBe(23) // i % 9 === 0 for i < 200
      expect(spend.values[199]).toBe(199 * 1000003)
      // 2024-01-01 is day 19723 after 1970-01-01.
      expect(joined.values[0]).toBe(19723)
      expect(joined.values[10]).toBe(19733)
      expect(t.warnings.join('\n')).toMatch(/Dates and times in "joined" are read as numbers: days since 1970-01-01/)
      expect(t.format?.kind).toBe('parquet')
      const d = prepareDataset({ kind: 'tabular', source: 'customers', table: t }, { seed: 1 })
      expect(d.task).toBe('classification')
      expect(d.classLabels).toEqual(['no', 'yes'])
    })
  }

  it('nulls in a float column are missing, an all-null column is noted and ignored, never zero', async () => {
    const t = await loadTable(join(REAL, 'duckdb-nulls.parquet'))
    const y = t.columns[1]
    if (y.kind !== 'numeric') throw new Error('y should be numeric')
    expect(y.missing).toBe(10)
    expect(Number.isNaN(y.values[0])).toBe(true)
    expect(y.values[1]).toBe(0.5)
    expect(t.columns[2].missing).toBe(40)
    const d = prepareDataset({ kind: 'tabular', source: 'nulls', table: t }, { seed: 1 })
    expect(d.featureNames).toEqual(['y'])
    expect(d.warnings).toContain('Column "empty" is ignored: every cell is missing.')
  })

  it('a truncated file, and reading choices that only fit CSV, are refused by name', async () => {
    const bytes = await readFile(join(REAL, 'duckdb-customers-snappy.parquet'))
    await writeFile(join(dir, 'cut.parquet'), bytes.subarray(0, bytes.length - 100))
    await expect(loadDatasetFromPath(join(dir, 'cut.parquet'))).rejects.toThrow(/^cut\.parquet: starts like a Parquet file but its footer cannot be read .*export it again/)
    await copyFile(join(REAL, 'duckdb-nulls.parquet'), join(dir, 'n.parquet'))
    await expect(loadDatasetFromPath(join(dir, 'n.parquet'), { skipRows: 1 })).rejects.toThrow('n.parquet: the rows to skip choice does not apply to a Parquet file; leave it on automatic')
  })
})
