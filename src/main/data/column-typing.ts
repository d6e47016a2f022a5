/**
 * Turns the columns read by a parser into typed columns. A column with only numbers (and missing cells) is
 * numeric. A column with text is categorical — unless it is mostly numbers, or its text looks like numbers
 * written in a notation we refuse to guess at (5,1 · 0x1A · 12.5.3 · 5 kg): then the file is refused, naming
 * the first offending line, the column and the text, because a numeric column with a stray word is nearly
 * always a data error, not a category.
 */
import { DatasetError } from './errors'
import { numberLookalike, parseStrictNumber } from './strict-number'
import type { CategoricalColumn, Column, NumericColumn } from './table'
import type { ColumnBuilder } from './table-builder'

/** Share of present cells that must look numeric for a column with some text to count as "numeric with bad cells". */
export const NUMERIC_MAJORITY = 0.8

/** Types one column of `rows` rows. Throws DatasetError for a numeric column with non-numeric cells. */
export function typeColumn(b: ColumnBuilder, rows: number, file: string | undefined): Column {
  const values = fit(b.values, rows)
  if (b.textCells === 0) return { kind: 'numeric', name: b.name, values, missing: b.missing } satisfies NumericColumn

  const present = rows - b.missing
  const numbers = present - b.textCells
  let lookalikeCells = 0
  let firstBad = -1 // index into b.texts of the earliest offending text
  for (let k = 0; k < b.texts.length; k++) {
    if (numberLookalike(b.texts[k]) !== null) lookalikeCells += b.textCounts[k]
  }
  const numericLooking = numbers >= NUMERIC_MAJORITY * present
  const lookalikeLooking = lookalikeCells > 0 && numbers + lookalikeCells >= NUMERIC_MAJORITY * present
  if (numericLooking || lookalikeLooking) {
    for (let k = 0; k < b.texts.length; k++) {
      const eligible = numericLooking || numberLookalike(b.texts[k]) !== null
      if (eligible && (firstBad < 0 || b.textFirstLine[k] < b.textFirstLine[firstBad])) firstBad = k
    }
    const text = b.texts[firstBad]
    const hint = numberLookalike(text)
    const others = b.textCells - b.textCounts[firstBad]
    throw new DatasetError(
      `"${text}" is not a number${hint ? ` (${hint})` : ''}, but this column holds numbers` +
        (others > 0 ? `; ${b.textCells} cells in it are not plain numbers` : '') +
        '. Fix the cell(s), or mark them as missing (empty, NA, ?).',
      { file, line: b.textFirstLine[firstBad], column: b.name },
    )
  }
  return toCategorical(b, values, rows)
}

function fit(v: Float64Array, rows: number): Float64Array {
  // Drop spare capacity: a copy when it is large, a view when it is small.
  return v.length > rows * 1.25 + 64 ? v.slice(0, rows) : v.subarray(0, rows)
}

/** Merges text cells and numbers (as canonical text) into one sorted dictionary. */
function toCategorical(b: ColumnBuilder, values: Float64Array, rows: number): CategoricalColumn {
  const codes = new Int32Array(rows)
  const texts = b.texts.slice()
  const numberCode = new Map<number, number>()
  const index = new Map(b.dict)
  const textCodes = b.codes!
  for (let r = 0; r < rows; r++) {
    const t = textCodes[r]
    if (t >= 0) {
      codes[r] = t
      continue
    }
    const v = values[r]
    if (Number.isNaN(v)) {
      codes[r] = -1
      continue
    }
    let code = numberCode.get(v)
    if (code === undefined) {
      const s = String(v)
      code = index.get(s)
      if (code === undefined) {
        code = texts.push(s) - 1
        index.set(s, code)
      }
      numberCode.set(v, code)
    }
    codes[r] = code
  }
  const { categories, remap } = sortCategories(texts)
  for (let r = 0; r < rows; r++) if (codes[r] >= 0) codes[r] = remap[codes[r]]
  return { kind: 'categorical', name: b.name, codes, categories, missing: b.missing }
}

/**
 * Sorts labels: numbers first, in numeric order, then words by code unit (deterministic, locale-free);
 * `remap[old] = new`.
 */
export function sortCategories(labels: string[]): { categories: string[]; remap: Int32Array } {
  const nums = labels.map((l) => parseStrictNumber(l))
  const order = labels.map((_, i) => i)
  order.sort((a, b) => {
    const x = nums[a]
    const y = nums[b]
    if (x !== null && y !== null) return x - y || (labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : 0)
    if (x !== null) return -1
    if (y !== null) return 1
    return labels[a] < labels[b] ? -1 : labels[a] > labels[b] ? 1 : 0
  })
  const remap = new Int32Array(labels.length)
  order.forEach((old, i) => (remap[old] = i))
  return { categories: order.map((i) => labels[i]), remap }
}
