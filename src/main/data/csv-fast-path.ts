/**
 * The fast path of the CSV reader: a byte-level loop for unquoted rows, which is how nearly every numeric CSV
 * is written. Numbers are parsed straight from the bytes into the column arrays, with the same strict
 * grammar as `parseStrictNumber` (sign, digits, one point, exponent; nothing else). A cell that is not a clean
 * number (a word, a missing-value token, non-ASCII text) is decoded and handed to `TableBuilder.addCell`. The
 * first line holding a double quote ends the fast path: from there PapaParse reads the rest.
 */
import { ENCODING_HINT } from './byte-sniff'
import { DatasetError } from './errors'
import { raggedError, type TableBuilder } from './table-builder'

const QUOTE = 0x22
const SPACE = 0x20
const TAB = 0x09
const CR = 0x0d

/** Powers of ten that a double holds exactly (10^22 is the largest). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)

export interface FastPathState {
  table: TableBuilder
  delimiter: number
  /** Line terminator byte: LF (also for CRLF files, the CR being trimmed) or CR for old Mac files. */
  newline: number
  /** Line number of the next line to read. */
  line: number
  /** Decimal mark byte: '.' (0x2e), or ',' (0x2c) in a semicolon file with decimal commas. */
  decimal?: number
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads the whole lines in b[start, end) (`end` just past a terminator) into the table. Returns where it
 * stopped: `end`, or the start of the first line that holds a double quote (the caller hands the rest to the
 * general parser). Throws DatasetError naming the line (and column) of a ragged row or a bad cell.
 */
export function readLinesFast(s: FastPathState, b: Uint8Array, start: number, end: number): number {
  const t = s.table
  const width = t.width
  const delim = s.delimiter
  const nl = s.newline
  const cr = nl === CR ? -1 : CR // in CR-terminated files a CR ends the line instead of being trimmed
  const tab = delim === TAB ? -1 : TAB // in tab-separated files a tab separates instead of being trimmed
  const dec = s.decimal ?? 0x2e
  let stop = end
  const q = b.indexOf(QUOTE, start)
  if (q >= 0 && q < end) {
    stop = q
    while (stop > start && b[stop - 1] !== nl) stop--
  }

  let vals = t.columns.map((c) => c.values)
  let row = t.rows
  let line = s.line
  let i = start
  while (i < stop) {
    if (t.ensureRow(row)) vals = t.columns.map((c) => c.values)
    const lineStart = i
    let col = 0
    let c = 0
    for (;;) {
      c = b[i]
      while (c === SPACE || c === tab || c === cr) c = b[++i]
      const cellStart = i
      let neg = false
      if (c === 0x2d) {
        neg = true
        c = b[++i]
      } else if (c === 0x2b) c = b[++i]
      let mant = 0
      let sig = 0 // significant digits kept in mant
      let exp = 0
      let digits = 0
      let exact = true
      while (c >= 0x30 && c <= 0x39) {
        if (sig < 15) {
          mant = mant * 10 + (c - 0x30)
          if (mant !== 0) sig++
        } else {
          exp++
          if (c !== 0x30) exact = false
        }
        digits++
        c = b[++i]
      }
      if (c === dec) {
        c = b[++i]
        while (c >= 0x30 && c <= 0x39) {
          if (sig < 15) {
            mant = mant * 10 + (c - 0x30)
            exp--
            if (mant !== 0) sig++
          } else if (c !== 0x30) exact = false
          digits++
          c = b[++i]
        }
      }
      let ok = digits > 0
      if (ok && (c === 0x65 || c === 0x45)) {
        c = b[++i]
        let eneg = false
        if (c === 0x2d) {
          eneg = true
          c = b[++i]
        } else if (c === 0x2b) c = b[++i]
        let e = 0
        let ed = 0
        while (c >= 0x30 && c <= 0x39) {
          if (e < 100000) e = e * 10 + (c - 0x30)
          ed++
          c = b[++i]
        }
        if (ed === 0) ok = false
        exp += eneg ? -e : e
      }
      const numEnd = i
      while (c === SPACE || c === tab || c === cr) c = b[++i]
      if (ok && (c === delim || c === nl)) {
        if (col >= width) throw raggedError(t.file, line, countFields(b, lineStart, nl, delim), width, t.widthFrom)
        let v: number
        if (exact && exp >= -22 && exp <= 22) {
          v = exp < 0 ? mant / POW10[-exp] : mant * POW10[exp]
          if (neg) v = -v
        } else {
          // Many digits or a big exponent: the grammar is already checked, so Number() agrees with it.
          v = Number(ascii(b, cellStart, numEnd).replace(',', '.'))
          if (!Number.isFinite(v)) {
            throw new DatasetError(`"${ascii(b, cellStart, numEnd)}" is too large for a 64-bit number`, { file: t.file, line, column: t.names[col] })
          }
        }
        vals[col][row] = v
      } else {
        // Not a clean number: find the cell's end and let the general cell rules decide.
        while (c !== delim && c !== nl) c = b[++i]
        if (col === 0 && c === nl && isBlank(b, lineStart, i, cr, tab)) break // blank line
        if (col >= width) throw raggedError(t.file, line, countFields(b, lineStart, nl, delim), width, t.widthFrom)
        t.addCell(row, col, decodeCell(b, cellStart, i, t.file, line, t.names[col]), line)
      }
      if (c === nl) break
      col++
      i++
    }
    if (!(col === 0 && isBlank(b, lineStart, i, cr, tab))) {
      if (col + 1 !== width) throw raggedError(t.file, line, col + 1, width, t.widthFrom)
      t.lines[row] = line
      row++
      t.rows = row
    }
    line++
    i++
  }
  s.line = line
  return stop
}

function isBlank(b: Uint8Array, from: number, to: number, cr: number, tab: number): boolean {
  for (let k = from; k < to; k++) {
    const c = b[k]
    if (c !== SPACE && c !== tab && c !== cr) return false
  }
  return true
}

function countFields(b: Uint8Array, from: number, nl: number, delim: number): number {
  let n = 1
  for (let k = from; b[k] !== nl && k < b.length; k++) if (b[k] === delim) n++
  return n
}

function ascii(b: Uint8Array, from: number, to: number): string {
  let s = ''
  for (let k = from; k < to; k++) s += String.fromCharCode(b[k])
  return s
}

/** The cell's text: short ASCII cells by hand, the rest through a strict UTF-8 decoder. */
function decodeCell(b: Uint8Array, from: number, to: number, file: string | undefined, line: number, column: string): string {
  if (to - from <= 32) {
    let s = ''
    let k = from
    for (; k < to; k++) {
      const c = b[k]
      if (c >= 0x80) break
      s += String.fromCharCode(c)
    }
    if (k === to) return s
  }
  try {
    return utf8.decode(b.subarray(from, to))
  } catch {
    throw new DatasetError(
      `invalid UTF-8 — the file is not UTF-8 text (if it is Latin-1 / Windows-1252, choose that encoding: ${ENCODING_HINT})`,
      { file, line, column },
    )
  }
}
