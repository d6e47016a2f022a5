/**
 * Column names that are members of Object.prototype ("constructor", "toString", "__proto__", …) are ordinary
 * names: a lookup on a plain object would find the inherited member and drop, mistype or mis-role the column.
 * Every name of Object.prototype is walked, through the reader, the plan, the summary and the prepared arrays.
 */
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../src/main/data/csv-reader'
import { planColumns } from '../../../src/main/data/column-plan'
import { prepareTabular } from '../../../src/main/data/prepare-tabular'
import { summarizeDataset } from '../../../src/main/data/summary'
import { encodeRecords } from '../../../src/main/data/encode-records'
import type { TabularPreprocessing } from '../../../src/shared/preprocessing'

const NAMES = Object.getOwnPropertyNames(Object.prototype).sort()

/**
 * One numeric column per Object.prototype name (non-integer values so none looks like an id; "valueOf" takes
 * three values, so that read as labels it is a categorical input, not an identifier), then a label.
 */
function csv(): string {
  const lines = [[...NAMES, 'label'].join(',')]
  const cell = (r: number, n: string, j: number) => (n === 'valueOf' ? (r % 3) + 0.5 : (r * 0.37 + j * 1.1) % 7.3)
  for (let r = 0; r < 30; r++) lines.push([...NAMES.map((n, j) => cell(r, n, j)), r % 2 ? 'yes' : 'no'].join(','))
  return lines.join('\n') + '\n'
}

describe('column names that are Object.prototype members', () => {
  it('covers the whole prototype (the list is not empty or partial)', () => {
    for (const n of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__']) expect(NAMES).toContain(n)
  })

  it('are read, planned as inputs and encoded like any other name', () => {
    const table = parseCsv(csv(), { file: 'proto.csv' })
    expect(table.columns.map((c) => c.name)).toEqual([...NAMES, 'label'])
    const plan = planColumns(table)
    for (const n of NAMES) expect(plan.roles.get(n), n).toBe('input')
    expect(plan.target).toBe('label')
    const d = prepareTabular(table, { seed: 1 })
    expect(d.featureNames).toEqual(NAMES)
    expect(d.inputs).toBe(NAMES.length)
  })

  it('take the roles and types the user gives them, by name', () => {
    const table = parseCsv(csv(), { file: 'proto.csv' })
    // Object.fromEntries makes own keys, "__proto__" included, as JSON.parse does.
    const roles = Object.fromEntries([['constructor', 'ignored'], ['__proto__', 'ignored'], ['toString', 'target']] as const)
    const types = Object.fromEntries([['valueOf', 'categorical']] as const)
    const d = prepareTabular(table, { seed: 1, roles, types })
    expect(d.featureNames).not.toContain('constructor')
    expect(d.featureNames).not.toContain('__proto__')
    expect(d.featureNames).not.toContain('toString')
    expect(d.featureNames.some((f) => f.startsWith('valueOf='))).toBe(true)
    expect(d.featureNames).toContain('label=yes')
    expect(d.task).toBe('regression')
  })

  it('are refused as unknown only when truly absent', () => {
    const table = parseCsv('a,b\n1.5,x\n2.5,y\n3.5,x\n', { file: 'small.csv' })
    for (const n of NAMES) {
      expect(() => planColumns(table, { roles: Object.fromEntries([[n, 'ignored']]) }), n).toThrow(`there is no column "${n}"`)
      expect(() => planColumns(table, { target: n }), n).toThrow(`there is no column "${n}"`)
    }
  })

  it('appear in the summary with their own roles and profiles', () => {
    const table = parseCsv(csv(), { file: 'proto.csv' })
    const s = summarizeDataset({ kind: 'tabular', source: 'proto.csv', table })
    for (const n of NAMES) expect(s.columnInfo.find((c) => c.name === n)?.role, n).toBe('input')
    expect(s.preview.header).toEqual([...NAMES, 'label'])
  })

  it('encode model rows given as records keyed by those names', () => {
    const table = parseCsv(csv(), { file: 'proto.csv' })
    const d = prepareTabular(table, { seed: 1 })
    const pre = d.preprocessing as TabularPreprocessing
    const fresh = parseCsv(`${[...NAMES].reverse().join(',')}\n${NAMES.map((_, j) => j + 0.5).join(',')}\n`, { file: 'new.csv' })
    const enc = encodeRecords(pre, fresh)
    expect(enc.rows).toBe(1)
    expect(enc.problems).toEqual([])
    // Each input unit is the standardized value of its own column, found by name (the file's order is reversed).
    const cols = pre.columns
    cols.forEach((c, k) => {
      if (c.kind !== 'numeric') throw new Error('numeric expected')
      const raw = NAMES.length - 1 - NAMES.indexOf(c.name) + 0.5
      expect(enc.X[k]).toBeCloseTo((raw - c.offset) / c.scale, 4)
    })
  })
})
