/**
 * Growable column storage filled row by row by the CSV parsers. Numbers go straight into a Float64Array per
 * column (NaN = missing); text cells go into a per-column dictionary and a code array that is only allocated
 * once a column meets its first text cell. Nothing here keeps the raw text of a numeric cell.
 */
import { DatasetError } from './errors'
import { isMissingToken } from './missing'
import { parseStrictNumber } from './strict-number'

/** Refuse tables above this many cells (rows × columns): 8 bytes each, 1.6 GB of numbers. */
export const MAX_TABLE_CELLS = 200_000_000

/** One column while it is being read. */
export class ColumnBuilder {
  values: Float64Array
  /** Dictionary code of each text cell, -1 for numbers and missing cells; null until the first text cell. */
  codes: Int32Array | null = null
  readonly dict = new Map<string, number>()
  /** Distinct text values in order of first appearance, with their cell counts and first line. */
  readonly texts: string[] = []
  readonly textCounts: number[] = []
  readonly textFirstLine: number[] = []
  missing = 0
  textCells = 0

  constructor(
    readonly name: string,
    capacity: number,
  ) {
    this.values = new Float64Array(capacity)
  }

  grow(capacity: number, rows: number): void {
    const v = new Float64Array(capacity)
    v.set(this.values.subarray(0, rows))
    this.values = v
    if (this.codes) {
      const c = new Int32Array(capacity).fill(-1)
      c.set(this.codes.subarray(0, rows))
      this.codes = c
    }
  }

  addText(row: number, text: string, line: number): void {
    let code = this.dict.get(text)
    if (code === undefined) {
      code = this.texts.length
      this.dict.set(text, code)
      this.texts.push(text)
      this.textCounts.push(0)
      this.textFirstLine.push(line)
    }
    this.textCounts[code]++
    this.textCells++
    if (!this.codes) this.codes = new Int32Array(this.values.length).fill(-1)
    this.codes[row] = code
    this.values[row] = NaN
  }
}

/** All columns of a table being read, plus the source line of each row. */
export class TableBuilder {
  rows = 0
  capacity: number
  readonly columns: ColumnBuilder[]
  lines: Uint32Array
  /** Numbers are written 5,1 (a semicolon file with decimal commas): one comma is read as the decimal point. */
  decimalComma = false

  constructor(
    readonly names: string[],
    estimatedRows: number,
    readonly file: string | undefined,
    /** What fixed the column count, for messages about ragged rows: 'the header' or 'the first row'. */
    readonly widthFrom = 'the header',
  ) {
    this.capacity = Math.max(16, Math.min(Math.ceil(estimatedRows), Math.floor(MAX_TABLE_CELLS / names.length)))
    this.columns = names.map((n) => new ColumnBuilder(n, this.capacity))
    this.lines = new Uint32Array(this.capacity)
  }

  get width(): number {
    return this.columns.length
  }

  /** Makes room for row index `row`; returns true when the arrays were reallocated (callers re-read them). */
  ensureRow(row: number): boolean {
    if (row < this.capacity) return false
    if ((row + 1) * this.width > MAX_TABLE_CELLS) {
      throw new DatasetError(
        `more than ${MAX_TABLE_CELLS.toLocaleString('en-US')} cells (${row.toLocaleString('en-US')} rows × ${this.width} columns); ` +
          'this is more than the app can hold in memory — use a sample of the file',
        { file: this.file },
      )
    }
    const cap = Math.min(Math.max(row + 1, Math.ceil(this.capacity * 1.5)), Math.floor(MAX_TABLE_CELLS / this.width))
    for (const c of this.columns) c.grow(cap, this.rows)
    const l = new Uint32Array(cap)
    l.set(this.lines.subarray(0, this.rows))
    this.lines = l
    this.capacity = cap
    return true
  }

  /**
   * Stores one cell given as text (the general path, and odd cells of the fast path): trimmed; a missing token
   * becomes NaN and is counted; a strict decimal number is stored as such; anything else goes to the
   * dictionary. A number too large for a double (1e999) is refused here, with its line and column.
   */
  addCell(row: number, col: number, raw: string, line: number): void {
    const c = this.columns[col]
    const text = raw.trim()
    if (isMissingToken(text)) {
      c.values[row] = NaN
      c.missing++
      return
    }
    const v = parseStrictNumber(this.decimalComma && text.indexOf(',') === text.lastIndexOf(',') ? text.replace(',', '.') : text)
    if (v === null) {
      if (text.includes('\0')) throw new DatasetError('a NUL character — this is a binary file, not CSV text', { file: this.file, line, column: c.name })
      c.addText(row, text, line)
    } else if (!Number.isFinite(v)) {
      throw new DatasetError(`"${text}" is too large for a 64-bit number (it would be ${v})`, { file: this.file, line, column: c.name })
    } else {
      c.values[row] = v
    }
  }

  /** Stores a whole record (the general path). Refuses a ragged record with its line. */
  addRecord(fields: string[], line: number): void {
    if (fields.length !== this.width) throw raggedError(this.file, line, fields.length, this.width, this.widthFrom)
    const row = this.rows
    this.ensureRow(row)
    for (let j = 0; j < fields.length; j++) this.addCell(row, j, fields[j], line)
    this.lines[row] = line
    this.rows = row + 1
  }
}

/** A row whose field count differs from the table's. */
export function raggedError(file: string | undefined, line: number, got: number, want: number, widthFrom: string): DatasetError {
  return new DatasetError(
    `this row has ${got} field${got === 1 ? '' : 's'} but ${widthFrom} has ${want} — ` +
      (got > want ? 'is there an unquoted delimiter inside a value, or a trailing delimiter?' : 'are values missing their separators?'),
    { file, line },
  )
}
