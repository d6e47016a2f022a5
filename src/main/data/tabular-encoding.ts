/**
 * Fitting the encodings of tabular inputs on the training rows, and applying them to any rows: numbers are
 * imputed and scaled, labels one-hot encoded. The same `encodeRows` serves preparation (train, validation,
 * test) and `encodeRecords` (new data for a saved model), so a model sees new data exactly as it saw its
 * training data.
 */
import type { CategoricalEncoding, ColumnEncoding, NumericEncoding, Scaling } from '../../shared/preprocessing'
import { DatasetError } from './errors'
import type { MissingPolicy } from './prepare-options'
import { cellText, type CategoricalColumn, type Column, type NumericColumn, type Table } from './table'

/** Offset and scale of x' = (x − offset) / scale for `scaling`, from the present values at `rows`; scale never 0. */
export function fitScale(values: Float64Array, rows: Uint32Array, scaling: Scaling): { offset: number; scale: number; mean: number; count: number } {
  let n = 0
  let min = Infinity
  let max = -Infinity
  for (let k = 0; k < rows.length; k++) {
    const x = values[rows[k]]
    if (x !== x) continue
    n++
    if (x < min) min = x
    if (x > max) max = x
  }
  // Sums are taken of x / unit, so that a column of 1e300-scale values neither overflows its sum nor its squares
  // (unit is 1 for ordinary columns: their sums are exactly what they always were).
  const big = Math.max(Math.abs(min), Math.abs(max))
  const unit = n && big > 1e150 ? big : 1
  let sum = 0
  for (let k = 0; k < rows.length; k++) {
    const x = values[rows[k]]
    if (x === x) sum += x / unit
  }
  const meanU = n ? sum / n : NaN
  let ss = 0
  for (let k = 0; k < rows.length; k++) {
    const x = values[rows[k]]
    if (x === x) ss += (x / unit - meanU) * (x / unit - meanU)
  }
  const mean = meanU * unit
  const std = n ? Math.sqrt(ss / n) * unit : 0
  // A constant (or empty) column gets scale 1: it maps to 0 after centring instead of dividing by zero.
  if (scaling === 'standardize') return { offset: mean, scale: std > 0 && Number.isFinite(std) ? std : 1, mean, count: n }
  if (scaling === 'min-max') return { offset: min, scale: max > min && Number.isFinite(max - min) ? max - min : 1, mean, count: n }
  return { offset: 0, scale: 1, mean, count: n }
}

/** A value whose scaled form is beyond a 32-bit network input (3.4e38): far outside the training rows' range. */
function scaledOverflow(column: string, value: number, scaled: number, file: string, line: number): DatasetError {
  return new DatasetError(
    `${value} scales to ${Number.isFinite(scaled) ? scaled.toExponential(2) : 'infinity'} (it is that many spreads from the training rows' centre), more than the network's 32-bit inputs hold; ` +
      'fix the value, mark it as missing, or transform the column (a logarithm, or other units)',
    { file, line, column },
  )
}

export function fitNumeric(col: NumericColumn, train: Uint32Array, scaling: Scaling, missing: MissingPolicy): NumericEncoding {
  const s = fitScale(col.values, train, scaling)
  if (s.count === 0) throw new DatasetError('no value in the training rows: cannot learn its scale (set it to ignored)', { column: col.name })
  return { kind: 'numeric', name: col.name, offset: s.offset, scale: s.scale, impute: missing === 'impute' ? s.mean : null }
}

/** Categories seen in the training rows (in the column's sorted order); impute = the most frequent one. */
export function fitCategorical(col: CategoricalColumn, train: Uint32Array, missing: MissingPolicy): CategoricalEncoding {
  const counts = new Float64Array(col.categories.length)
  for (let k = 0; k < train.length; k++) {
    const c = col.codes[train[k]]
    if (c >= 0) counts[c]++
  }
  const categories = col.categories.filter((_, i) => counts[i] > 0)
  if (categories.length === 0) throw new DatasetError('no value in the training rows: cannot learn its categories (set it to ignored)', { column: col.name })
  let best = -1
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0 && (best < 0 || counts[i] > counts[best])) best = i
  return { kind: 'categorical', name: col.name, categories, impute: missing === 'impute' ? col.categories[best] : null }
}

/** An encoding tied to the table column that feeds it, with label lookups precomputed. */
export interface BoundColumn {
  enc: ColumnEncoding
  col: Column
  /** First input index of this column in a row of X. */
  at: number
  /** Categorical encodings over a categorical column: table code → category index (-1: unseen). */
  codeMap: Int32Array | null
  /** Category index of the impute label (-1 when there is none). */
  imputeIndex: number
}

/**
 * Binds each encoding to `table`'s column of the same name. Throws a DatasetError listing every missing column
 * (and the columns the table does have), or naming a column of text where the model expects numbers.
 */
export function bindColumns(encodings: ColumnEncoding[], table: Table): BoundColumn[] {
  const byName = new Map(table.columns.map((c) => [c.name, c]))
  const absent = encodings.filter((e) => !byName.has(e.name)).map((e) => `"${e.name}"`)
  if (absent.length) {
    throw new DatasetError(
      `the model needs column${absent.length > 1 ? 's' : ''} ${absent.join(', ')}, which ${absent.length > 1 ? 'are' : 'is'} not in this file ` +
        `(it has ${table.columns.map((c) => `"${c.name}"`).join(', ')})`,
      { file: table.source },
    )
  }
  let at = 0
  return encodings.map((enc) => {
    const col = byName.get(enc.name)!
    const b: BoundColumn = { enc, col, at, codeMap: null, imputeIndex: -1 }
    if (enc.kind === 'numeric') {
      if (col.kind === 'categorical') {
        const r = firstPresent(col)
        throw new DatasetError(`the model reads numbers here, but this column holds text ("${col.categories[col.codes[r]]}")`, {
          file: table.source,
          line: table.lines[r],
          column: col.name,
        })
      }
      at += 1
    } else {
      const index = new Map(enc.categories.map((c, i) => [c, i]))
      if (col.kind === 'categorical') b.codeMap = Int32Array.from(col.categories, (c) => index.get(c) ?? -1)
      b.imputeIndex = enc.impute === null ? -1 : (index.get(enc.impute) ?? -1)
      at += enc.categories.length
    }
    return b
  })
}

function firstPresent(col: CategoricalColumn): number {
  let r = 0
  while (col.codes[r] < 0) r++
  return r
}

/** Labels met in encoded rows that the encoding never saw in training (encoded as all zeros). */
export interface UnseenLabels {
  column: string
  count: number
  examples: { label: string; row: number }[]
}

/**
 * Writes the encoded inputs of table rows `rows` into X (rows.length x width, row-major). Missing cells take
 * the encoding's impute value; the caller has removed rows whose missing cells cannot be imputed. Returns
 * the unseen labels per categorical column.
 */
export function encodeRows(bound: BoundColumn[], width: number, rows: Uint32Array, X: Float32Array, where: Pick<Table, 'source' | 'lines'>): UnseenLabels[] {
  const unseen: UnseenLabels[] = []
  for (const b of bound) {
    const n = rows.length
    if (b.enc.kind === 'numeric') {
      const v = (b.col as NumericColumn).values
      const { offset, scale } = b.enc
      const fill = b.enc.impute ?? NaN
      for (let k = 0, o = b.at; k < n; k++, o += width) {
        const x = v[rows[k]]
        const y = ((x === x ? x : fill) - offset) / scale
        X[o] = y
        // Far outside the training range (or an overflowing difference): not a number the network can take.
        if (!Number.isFinite(X[o])) throw scaledOverflow(b.col.name, x, y, where.source, where.lines[rows[k]])
      }
      continue
    }
    const cats = b.enc.categories.length
    const u: UnseenLabels = { column: b.col.name, count: 0, examples: [] }
    const lookup = b.codeMap ? null : new Map<number, number>()
    for (let k = 0, o = b.at; k < n; k++, o += width) {
      const r = rows[k]
      let idx: number
      if (b.codeMap) {
        const c = (b.col as CategoricalColumn).codes[r]
        idx = c < 0 ? b.imputeIndex : b.codeMap[c]
      } else {
        const x = (b.col as NumericColumn).values[r]
        if (x !== x) idx = b.imputeIndex
        else {
          let cached = lookup!.get(x)
          if (cached === undefined) {
            cached = b.enc.categories.indexOf(String(x))
            lookup!.set(x, cached)
          }
          idx = cached
        }
      }
      for (let j = 0; j < cats; j++) X[o + j] = 0
      if (idx >= 0) X[o + idx] = 1
      else if (!isMissingAt(b.col, r)) {
        u.count++
        if (u.examples.length < 3 && !u.examples.some((e) => e.label === cellText(b.col, r))) u.examples.push({ label: cellText(b.col, r), row: r })
      }
    }
    if (u.count) unseen.push(u)
  }
  return unseen
}

export function isMissingAt(col: Column, row: number): boolean {
  return col.kind === 'numeric' ? col.values[row] !== col.values[row] : col.codes[row] < 0
}

/** Names of the encoded inputs: the column's name, or name=label for each one-hot unit. */
export function featureNames(encodings: ColumnEncoding[]): string[] {
  return encodings.flatMap((e) => (e.kind === 'numeric' ? [e.name] : e.categories.map((c) => `${e.name}=${c}`)))
}
