/**
 * Applying a saved model's preprocessing to new raw records (a CSV read for `predict`): the same imputation,
 * scaling and one-hot encoding as in training, with problems reported in words.
 */
import type { TabularPreprocessing } from '../../shared/preprocessing'
import { DatasetError } from './errors'
import { labelsAsNumbers } from './retype-table'
import { bindColumns, encodeRows, isMissingAt } from './tabular-encoding'
import { cellText, type Column, type Table } from './table'

export interface EncodedRecords {
  /** rows x inputWidth(preprocessing), row-major, ready for the network. */
  X: Float32Array
  rows: number
  /** Table row of each encoded row (rows left out are named in `problems`). */
  sourceIndex: Uint32Array
  /**
   * When the file also holds the target column and every kept row has a known target: class indices
   * (classification) or raw target values (regression), for evaluating the model on this file.
   */
  targets?: { labels: Uint32Array } | { values: Float64Array }
  /** Things the user should know: rows left out, labels never seen in training (encoded as all zeros). */
  problems: string[]
}

/**
 * Encodes every row of `table` with `preprocessing`. Throws a DatasetError naming the columns the model needs
 * but the file lacks, or a column of text where the model reads numbers. A row with a missing cell is
 * imputed, or — when the model was trained with the 'drop' policy — left out and reported.
 */
export function encodeRecords(preprocessing: TabularPreprocessing, raw: Table): EncodedRecords {
  const table = asTrained(preprocessing, raw)
  const bound = bindColumns(preprocessing.columns, table)
  const width = bound.reduce((w, b) => w + (b.enc.kind === 'numeric' ? 1 : b.enc.categories.length), 0)
  const problems: string[] = []

  const needFill = bound.filter((b) => b.enc.impute === null || (b.enc.kind === 'categorical' && b.imputeIndex < 0))
  const keep = new Uint32Array(table.rows)
  let n = 0
  let left = 0
  let firstLeft = -1
  for (let r = 0; r < table.rows; r++) {
    if (needFill.some((b) => isMissingAt(b.col, r))) {
      if (left++ === 0) firstLeft = r
      continue
    }
    keep[n++] = r
  }
  if (left) {
    const col = needFill.find((b) => isMissingAt(b.col, firstLeft))!.col.name
    problems.push(
      `${left} row${left > 1 ? 's were' : ' was'} left out: a missing value the model cannot fill (it was trained dropping such rows); ` +
        `the first at line ${table.lines[firstLeft]}, column "${col}".`,
    )
  }
  const rows = keep.slice(0, n)
  if (n === 0) throw new DatasetError('no row can be encoded: every row has a missing value the model cannot fill', { file: table.source })

  const X = new Float32Array(n * width)
  for (const u of encodeRows(bound, width, rows, X, table)) {
    const ex = u.examples.map((e) => `"${e.label}" (line ${table.lines[e.row]})`).join(', ')
    problems.push(`Column "${u.column}": ${u.count} row${u.count > 1 ? 's have' : ' has'} a label the model never saw in training, such as ${ex}; encoded as all zeros.`)
  }
  return { X, rows: n, sourceIndex: rows, targets: readTargets(preprocessing, table, rows, problems), problems }
}

/**
 * `table` with its columns read as the model was trained on them. The encoding's kind is the trained type
 * (after any user override): a categorical encoding already reads a numeric column by each value's canonical
 * text (see encodeRows), so only labels where the model reads numbers need converting — every label must then
 * be a number, else the first offending row is named. A regression target of labels that are not all numbers
 * is left as it is (readTargets reports it; predictions do not need it).
 */
function asTrained(p: TabularPreprocessing, table: Table): Table {
  const numeric = new Set(p.columns.filter((c) => c.kind === 'numeric').map((c) => c.name))
  let changed = false
  const columns = table.columns.map((col): Column => {
    const isInput = numeric.has(col.name)
    const isTarget = col.name === p.target.name && p.target.task === 'regression'
    if (col.kind !== 'categorical' || !(isInput || isTarget)) return col
    const r = labelsAsNumbers(col, table.rows)
    if ('column' in r) {
      changed = true
      return r.column
    }
    if (!isInput) return col
    throw new DatasetError(`the model reads numbers here, but this column holds text ("${col.categories[col.codes[r.badRow]]}")`, {
      file: table.source,
      line: table.lines[r.badRow],
      column: col.name,
    })
  })
  return changed ? { ...table, columns } : table
}

function readTargets(p: TabularPreprocessing, table: Table, rows: Uint32Array, problems: string[]): EncodedRecords['targets'] {
  const col = table.columns.find((c) => c.name === p.target.name)
  if (!col) return undefined
  const t = p.target
  if (t.task === 'regression') {
    if (col.kind !== 'numeric') {
      problems.push(`The target column "${col.name}" holds text; it is not used to evaluate the model.`)
      return undefined
    }
    const values = Float64Array.from(rows, (r) => col.values[r])
    const bad = rows.findIndex((r) => Number.isNaN(col.values[r]))
    if (bad >= 0) {
      problems.push(`The target column "${col.name}" has missing values (first at line ${table.lines[rows[bad]]}); it is not used to evaluate the model.`)
      return undefined
    }
    return { values }
  }
  const index = new Map(t.classes.map((c, i) => [c, i]))
  const labels = new Uint32Array(rows.length)
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]
    const i = index.get(cellText(col, r))
    if (i === undefined) {
      const text = cellText(col, r)
      problems.push(
        `The target column "${col.name}" has ${text === '' ? 'a missing value' : `the class "${text}", which the model does not know`} ` +
          `(line ${table.lines[r]}); it is not used to evaluate the model.`,
      )
      return undefined
    }
    labels[k] = i
  }
  return { labels }
}
