/**
 * The user's column type overrides ("this zip code is a category", "these labels are numbers"), applied to a
 * parsed table before anything plans, profiles or encodes it, so that the summary, the preparation and the
 * model file's preprocessing all see the same types.
 */
import { sortCategories } from './column-typing'
import { DatasetError } from './errors'
import type { ColumnKind } from './prepare-options'
import { numberLookalike, parseStrictNumber } from './strict-number'
import type { CategoricalColumn, NumericColumn, Table } from './table'

/**
 * `table` with each column named in `types` stored as that kind; columns not named (or already of that kind)
 * are shared, not copied, and the table itself is returned when nothing changes. Numbers become categories
 * as their canonical text (String(value): 94103 → "94103", 3.0 → "3"), the same text `encodeRecords` looks
 * up when a model trained this way meets a numeric column in new data. Categories become numbers only when
 * every one is a plain decimal number.
 * Throws DatasetError for a name that is not a column, or (file, line, column) for the first row whose label
 * is not a number.
 */
export function retypeTable(table: Table, types: Record<string, ColumnKind> | undefined): Table {
  if (!types) return table
  const wanted = new Map(Object.entries(types))
  const names = new Set(table.columns.map((c) => c.name))
  for (const n of wanted.keys()) {
    if (!names.has(n)) {
      const list = table.columns.map((c) => `"${c.name}"`).join(', ')
      throw new DatasetError(`there is no column "${n}" to change the type of (the columns are ${list})`, { file: table.source })
    }
  }
  let changed = false
  const columns = table.columns.map((col) => {
    const want = wanted.get(col.name)
    if (want === undefined || want === col.kind) return col
    changed = true
    if (col.kind === 'numeric') return numbersAsCategories(col, table.rows)
    const r = labelsAsNumbers(col, table.rows)
    if ('column' in r) return r.column
    const text = col.categories[col.codes[r.badRow]]
    const hint = numberLookalike(text)
    throw new DatasetError(
      `"${text}" is not a number${hint ? ` (${hint})` : ''}, so this column cannot be numeric; keep it categorical, or fix the cell(s)`,
      { file: table.source, line: table.lines[r.badRow], column: col.name },
    )
  })
  return changed ? { ...table, columns } : table
}

/** A numeric column as labels: each distinct value's canonical text, sorted as the CSV reader sorts labels. */
export function numbersAsCategories(col: NumericColumn, rows: number): CategoricalColumn {
  const labels: string[] = []
  const codeOf = new Map<number, number>()
  const codes = new Int32Array(rows)
  for (let r = 0; r < rows; r++) {
    const v = col.values[r]
    if (v !== v) {
      codes[r] = -1
      continue
    }
    let c = codeOf.get(v)
    if (c === undefined) {
      // -0 and 0 share the text "0" and the Map key: one category, as in the reader.
      c = labels.push(String(v)) - 1
      codeOf.set(v, c)
    }
    codes[r] = c
  }
  const { categories, remap } = sortCategories(labels)
  for (let r = 0; r < rows; r++) if (codes[r] >= 0) codes[r] = remap[codes[r]]
  return { kind: 'categorical', name: col.name, codes, categories, missing: col.missing }
}

/**
 * A categorical column as numbers, or the first row (in row order) whose label is not a plain, finite
 * decimal number.
 */
export function labelsAsNumbers(col: CategoricalColumn, rows: number): { column: NumericColumn } | { badRow: number } {
  const parsed = col.categories.map((c) => {
    const v = parseStrictNumber(c.trim())
    return v !== null && Number.isFinite(v) ? v : NaN
  })
  const values = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    const c = col.codes[r]
    if (c < 0) {
      values[r] = NaN
      continue
    }
    const v = parsed[c]
    if (v !== v) return { badRow: r }
    values[r] = v
  }
  return { column: { kind: 'numeric', name: col.name, values, missing: col.missing } }
}

