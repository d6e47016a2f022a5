/**
 * What a column is, for people and for defaults: its type (numeric, categorical, boolean, constant, id-like),
 * missing count, range, mean and distinct values. Cheap on big columns: distinct values are counted up to a
 * cap, and the id test for numbers only runs on whole numbers that could be a row counter.
 */
import type { Column } from './table'

export const COLUMN_TYPES = ['numeric', 'categorical', 'boolean', 'constant', 'id'] as const
export type ColumnType = (typeof COLUMN_TYPES)[number]

/** Distinct values are counted up to this many; beyond it the profile says "at least". */
export const DISTINCT_CAP = 1000
/** A categorical input with more categories than this is ignored by default (one-hot would explode). */
export const MAX_DEFAULT_CATEGORIES = 100

const BOOLEAN_WORDS = new Set(['true', 'false', 'yes', 'no', 't', 'f', 'y', 'n'])

export interface ColumnProfile {
  name: string
  type: ColumnType
  /** How the values are stored: numbers, or labels one-hot encoded as inputs. */
  storage: Column['kind']
  missing: number
  /** Distinct present values, counted up to DISTINCT_CAP (then `distinctCapped` is true). */
  distinct: number
  distinctCapped: boolean
  /** Numeric columns: range and mean of present values (null when every cell is missing). */
  min: number | null
  max: number | null
  mean: number | null
  /** True when every present value is a whole number. */
  integer: boolean
  /** Categorical columns: the most frequent labels (≤ 10) with their counts. */
  top: { label: string; count: number }[]
  /** Why the column is ignored by default, if it is. */
  note: string | null
}

export function profileColumn(col: Column, rows: number): ColumnProfile {
  const present = rows - col.missing
  if (col.kind === 'categorical') {
    const counts = new Float64Array(col.categories.length)
    for (let r = 0; r < rows; r++) if (col.codes[r] >= 0) counts[col.codes[r]]++
    const order = col.categories.map((_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b)
    const distinct = col.categories.length
    const lower = col.categories.map((c) => c.toLowerCase())
    let type: ColumnType = 'categorical'
    let note: string | null = null
    if (distinct <= 1) {
      type = 'constant'
      note = distinct === 0 ? 'every cell is missing' : `every row holds "${col.categories[0]}"`
    } else if (distinct === present && col.missing === 0 && rows >= 3) {
      type = 'id'
      note = 'a different value in every row (an identifier, not a feature)'
    } else if (distinct === 2 && lower.every((c) => BOOLEAN_WORDS.has(c))) type = 'boolean'
    else if (distinct > MAX_DEFAULT_CATEGORIES) note = `${distinct} categories: one-hot encoding would add ${distinct} inputs`
    return {
      name: col.name,
      type,
      storage: 'categorical',
      missing: col.missing,
      distinct,
      distinctCapped: false,
      min: null,
      max: null,
      mean: null,
      integer: false,
      top: order.slice(0, 10).map((i) => ({ label: col.categories[i], count: counts[i] })),
      note,
    }
  }

  const v = col.values
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let integer = true
  const seen = new Set<number>()
  for (let r = 0; r < rows; r++) {
    const x = v[r]
    if (x !== x) continue // NaN: missing
    if (x < min) min = x
    if (x > max) max = x
    sum += x
    if (integer && !Number.isInteger(x)) integer = false
    if (seen.size < DISTINCT_CAP) seen.add(x)
  }
  const distinctCapped = seen.size >= DISTINCT_CAP && present > DISTINCT_CAP
  let type: ColumnType = 'numeric'
  let note: string | null = null
  if (present === 0 || min === max) {
    type = 'constant'
    note = present === 0 ? 'every cell is missing' : `every row holds ${min}`
  } else if (integer && col.missing === 0 && rows >= 3 && max - min + 1 === rows && allDistinctInRange(v, rows, min)) {
    type = 'id'
    note = 'numbers the rows (each whole number from min to max once): an identifier, not a feature'
  } else if (seen.size === 2 && min === 0 && max === 1) type = 'boolean'
  return {
    name: col.name,
    type,
    storage: 'numeric',
    missing: col.missing,
    distinct: seen.size,
    distinctCapped,
    min: present ? min : null,
    max: present ? max : null,
    mean: present ? sum / present : null,
    integer,
    top: [],
    note,
  }
}

/** Every integer min … min+rows-1 appears exactly once (a row counter, in any order). */
function allDistinctInRange(v: Float64Array, rows: number, min: number): boolean {
  const hit = new Uint8Array(rows)
  for (let r = 0; r < rows; r++) {
    const k = v[r] - min
    if (hit[k]) return false
    hit[k] = 1
  }
  return true
}
