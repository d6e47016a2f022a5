/**
 * A parsed table: typed columns, never arrays of strings. Produced by the CSV reader (and by the built-in
 * examples), consumed by the summary, by `prepareTabular` and by `encodeRecords`.
 */
import type { TextEncoding } from './byte-sniff'

/** A column whose every present cell is a number. `values[row]` is NaN where the cell was missing. */
export interface NumericColumn {
  kind: 'numeric'
  name: string
  values: Float64Array
  /** Number of missing cells (NaN in `values`). */
  missing: number
}

/**
 * A column of labels, dictionary-encoded: `codes[row]` indexes `categories`, -1 where the cell was missing.
 * Categories are sorted (numbers first in numeric order, then words), so the order does not depend on row order.
 * A number in a mostly-text column is kept as its canonical text (String(value): "3.0" becomes "3").
 */
export interface CategoricalColumn {
  kind: 'categorical'
  name: string
  codes: Int32Array
  categories: string[]
  missing: number
}

export type Column = NumericColumn | CategoricalColumn

export type Delimiter = ',' | ';' | '\t' | '|'
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|']

/** How a CSV file was read, for the summary ("semicolon-separated, UTF-8 with BOM, header row"). */
export interface CsvFormat {
  delimiter: string
  header: boolean
  encoding: TextEncoding
  bom: boolean
  /** Decimal mark of numbers ('.' unless a semicolon file writes 5,1). */
  decimal?: ',' | '.'
  /** Values separated by runs of spaces or tabs (R, scikit-learn's linnerud). */
  whitespace?: boolean
  /** Records skipped before the header (a preamble, or --skip-rows). */
  skippedRows?: number
  /** The file format the table came from, when not CSV. */
  kind?: 'csv' | 'xlsx' | 'parquet'
  /** The worksheet read, for an Excel workbook, and every sheet of it in tab order. */
  sheet?: string
  sheets?: string[]
}

export interface Table {
  /** File name (or example name) used in messages. */
  source: string
  rows: number
  columns: Column[]
  /** 1-based line in the source file where each row starts, for messages about rows. */
  lines: Uint32Array
  /** Things the user should know that did not stop the reading (renamed headers, guessed names, ...). */
  warnings: string[]
  format?: CsvFormat
}

/** Canonical text of a cell for display and for categorical use; '' when missing. */
export function cellText(col: Column, row: number): string {
  if (col.kind === 'numeric') {
    const v = col.values[row]
    return Number.isNaN(v) ? '' : String(v)
  }
  const c = col.codes[row]
  return c < 0 ? '' : col.categories[c]
}
