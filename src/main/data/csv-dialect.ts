/**
 * Guessing how a CSV file is written, from a sample of its first records: an Excel `sep=` line, the line ending,
 * the delimiter (comma, semicolon, tab, pipe), whether the first record is a header, and the column names.
 */
import Papa from 'papaparse'
import { DatasetError } from './errors'
import { isMissingToken } from './missing'
import { parseStrictNumber } from './strict-number'
import { DELIMITERS, type Delimiter } from './table'

export type Newline = '\n' | '\r\n' | '\r'

export interface DialectOptions {
  file?: string
  /** 'auto' (default) guesses from the sample; true/false force it. */
  header?: 'auto' | boolean
  delimiter?: 'auto' | Delimiter
  /** Records to skip before the header (a preamble). Undefined: a first record that disagrees with the rest is skipped, with a note. */
  skipRows?: number
  /** Decimal mark of numbers: 'auto' (default) reads 5,1 as 5.1 in a semicolon (or tab, pipe) file that writes every decimal that way. */
  decimal?: 'auto' | ',' | '.'
  /** Set by the reader once runs of spaces have been turned into single tabs (whitespace-delimited files). */
  whitespaceCollapsed?: boolean
}

export interface CsvDialect {
  delimiter: string
  newline: Newline
  header: boolean
  /** Column names: the header's (made unique, blanks filled) or column_1, column_2, ... */
  names: string[]
  /** Index in the sample text where the first data record starts, and that record's line. */
  dataStart: number
  dataStartLine: number
  /** Data records seen in the sample and the characters they span (to estimate a big file's row count). */
  sampleRecords: number
  sampleChars: number
  /** '.' or ',' (a decimal comma, only when the delimiter is not a comma). */
  decimal: ',' | '.'
  /** True when values are separated by runs of spaces or tabs: the reader collapses each run into one tab and reads again. */
  whitespace: boolean
  /** Records skipped before the header. */
  skipped: number
  warnings: string[]
}

interface SampleRecord {
  text: string
  line: number
  /** Index just past the record's terminator, and the line that starts there. */
  end: number
  endLine: number
}

/** At most this many records are looked at to guess the delimiter and the header. */
const SAMPLE_RECORDS = 200

/**
 * Reads the dialect from `sample`, the beginning of the decoded text. Only whole records are used: when
 * `complete` is false the text after the last line break may be cut and is ignored.
 */
export function detectDialect(sample: string, complete: boolean, opts: DialectOptions = {}): CsvDialect {
  const file = opts.file
  const warnings: string[] = []
  let pos = 0
  let line = 1
  let delimiter: string | null = opts.delimiter && opts.delimiter !== 'auto' ? opts.delimiter : null

  const sep = /^sep=([^\r\n"])[ \t]*(\r\n|\n|\r|$)/i.exec(sample)
  if (sep) {
    delimiter ??= sep[1]
    pos = sep[0].length
    line = 2
  }
  const newline = detectNewline(sample)
  const records = splitRecords(sample, pos, line, newline, complete)
  if (records.length === 0) {
    throw new DatasetError(sample.trim() === '' || sep ? 'the file is empty (no text, only blank lines or whitespace)' : 'no complete line in the first part of the file', { file })
  }

  const explicitDelimiter = delimiter !== null
  const guess = delimiter ? null : guessDelimiter(records)
  if (guess && guess.share < 1 && !opts.whitespaceCollapsed && whitespaceShare(records) > guess.share) {
    return { delimiter: '\t', newline, header: false, names: [], dataStart: 0, dataStartLine: 1, sampleRecords: 0, sampleChars: 0, decimal: '.', whitespace: true, skipped: 0, warnings }
  }
  delimiter ??= guess!.d
  let rows = records.map((r) => parseRecord(r, delimiter, newline))

  const decimal = chooseDecimal(rows, delimiter, opts, file)
  const isNumber = (c: string): boolean => parseStrictNumber(decimal === ',' ? c.replace(',', '.') : c) !== null
  if (decimal === ',' && opts.decimal !== ',') warnings.push('Numbers are written with a decimal comma (5,1 means 5.1); they are read that way (choose the decimal mark "." to keep them as text).')

  const skipped = opts.skipRows !== undefined ? Math.max(0, Math.floor(opts.skipRows)) : countPreamble(rows, isNumber)
  if (skipped > 0) {
    if (skipped >= records.length) throw new DatasetError(`skipping ${skipped} rows leaves no row in the first part of the file`, { file })
    const shown = records.slice(0, Math.min(skipped, 3)).map((r) => `"${r.text.length > 60 ? r.text.slice(0, 60) + '…' : r.text}"`).join(', ')
    const lines = records[0].line === records[skipped - 1].line ? `line ${records[0].line}` : `lines ${records[0].line}–${records[skipped - 1].line}`
    warnings.push(
      opts.skipRows !== undefined
        ? `Skipped ${lines} as asked (${shown}).`
        : `Skipped ${lines} (${shown}): ${skipped > 1 ? 'they do' : 'it does'} not match the rows below (a title or metadata row, as in scikit-learn's CSV files). Set "Rows to skip" to 0 in the Reading options (--skip-rows 0) to read ${skipped > 1 ? 'them' : 'it'}.`,
    )
    pos = records[skipped - 1].end
    line = records[skipped - 1].endLine
    records.splice(0, skipped)
    rows = rows.slice(skipped)
  }

  const width = rows[0].length
  if (width < 2) {
    throw new DatasetError(
      `only one column found${explicitDelimiter ? '' : ' (no comma, semicolon, tab, pipe or run of spaces separates the values)'}; ` +
        'a dataset needs at least one input column and a target column',
      { file, line: records[0].line },
    )
  }

  const header = opts.header === undefined || opts.header === 'auto' ? looksLikeHeader(rows, isNumber) : opts.header
  const names = header ? uniqueNames(rows[0], warnings) : rows[0].map((_, i) => `column_${i + 1}`)
  if (!header) warnings.push(`No header row found: the columns are named column_1 … column_${width}.`)
  return {
    delimiter,
    newline,
    header,
    names,
    // Without a header the data starts right away: leading blank lines are skipped by the row parsers too.
    dataStart: header ? records[0].end : pos,
    dataStartLine: header ? records[0].endLine : line,
    sampleRecords: records.length - (header ? 1 : 0),
    sampleChars: records[records.length - 1].end - (header ? records[0].end : pos),
    decimal,
    whitespace: false,
    skipped,
    warnings,
  }
}

const COMMA_DECIMAL = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/
const POINT_DECIMAL = /^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$/

/** The decimal mark: ',' only for a non-comma delimiter whose sample writes decimals with commas and never with points. */
function chooseDecimal(rows: string[][], delimiter: string, opts: DialectOptions, file: string | undefined): ',' | '.' {
  if (opts.decimal === '.') return '.'
  if (opts.decimal === ',') {
    if (delimiter === ',') {
      throw new DatasetError('a decimal comma cannot be used in a comma-separated file (5,1 would be two values); choose the decimal mark "." or another delimiter', { file })
    }
    return ','
  }
  if (delimiter === ',') return '.'
  let commas = 0
  let points = 0
  for (let r = 1; r < rows.length; r++) {
    for (const c of rows[r]) {
      if (COMMA_DECIMAL.test(c)) commas++
      else if (POINT_DECIMAL.test(c)) points++
    }
  }
  return commas > 0 && points === 0 ? ',' : '.'
}

/**
 * Leading records that disagree with the table below them (at most 5): a different field count than nearly
 * all later records, or numbers beside a text cell that sits above a column of numbers (scikit-learn's
 * `150,4,setosa,versicolor,virginica`). A header (all text) is not a preamble.
 */
function countPreamble(rows: string[][], isNumber: (c: string) => boolean): number {
  let k = 0
  while (k < 5 && rows.length - k >= 3) {
    const first = rows[k]
    const rest = rows.slice(k + 1)
    const mode = modeOf(rest.map((r) => r.length))
    const share = rest.filter((r) => r.length === mode).length / rest.length
    if (mode >= 2 && first.length !== mode && share >= 0.9) {
      k++
      continue
    }
    const hasNumber = first.some((c) => isNumber(c))
    const textOverNumbers = first.some((c, j) => {
      if (c === '' || isMissingToken(c) || isNumber(c)) return false
      const below = rest.map((r) => r[j] ?? '').filter((x) => !isMissingToken(x))
      return below.length >= 2 && below.every((x) => isNumber(x))
    })
    if (hasNumber && textOverNumbers) {
      k++
      continue
    }
    break
  }
  return k
}

/** Share of records holding the most common number (≥ 2) of space/tab-separated fields; 0 when that is 1. */
function whitespaceShare(records: SampleRecord[]): number {
  const counts = records.map((r) => r.text.trim().split(/[ \t]+/).length)
  const mode = modeOf(counts)
  if (mode < 2) return 0
  return counts.filter((c) => c === mode).length / counts.length
}

function detectNewline(s: string): Newline {
  const n = s.indexOf('\n')
  const r = s.indexOf('\r')
  if (r >= 0 && (n < 0 || r < n - 1)) return '\r'
  return r >= 0 && r === n - 1 ? '\r\n' : '\n'
}

/** Whole non-blank records (quote-aware: a line break inside quotes does not end a record). */
function splitRecords(s: string, pos: number, line: number, newline: Newline, complete: boolean): SampleRecord[] {
  const term = newline === '\r' ? '\r' : '\n'
  const out: SampleRecord[] = []
  let inQuotes = false
  let start = pos
  let startLine = line
  for (let i = pos; i <= s.length && out.length < SAMPLE_RECORDS; i++) {
    const atEnd = i === s.length
    const c = s[i]
    if (c === '"') inQuotes = !inQuotes
    if (atEnd ? complete && !inQuotes : c === term && !inQuotes) {
      let text = s.slice(start, i)
      if (term === '\n' && text.endsWith('\r')) text = text.slice(0, -1)
      if (text.trim() !== '') out.push({ text, line: startLine, end: atEnd ? i : i + 1, endLine: line + 1 })
      start = i + 1
      startLine = line + 1
    }
    if (c === term) line++
  }
  // A record cut short by the end of the sample is left out (it is read again from the stream).
  return out
}

/** Field counts per record for each candidate; the consistent one wins (tab, semicolon, pipe, then comma). */
function guessDelimiter(records: SampleRecord[]): { d: Delimiter; share: number } {
  const order: Delimiter[] = ['\t', ';', '|', ',']
  let best: { d: Delimiter; share: number; mode: number } | null = null
  for (const d of order) {
    const counts = records.map((r) => countFields(r.text, d))
    const mode = modeOf(counts)
    if (mode < 2) continue
    const share = counts.filter((c) => c === mode).length / counts.length
    if (share === 1) return { d, share }
    if (!best || share > best.share || (share === best.share && mode > best.mode)) best = { d, share, mode }
  }
  return best ?? { d: ',', share: 0 } // no candidate splits anything: one column, reported by the caller (or whitespace)
}

function countFields(text: string, d: string): number {
  let n = 1
  let inQuotes = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') inQuotes = !inQuotes
    else if (c === d && !inQuotes) n++
  }
  return n
}

function modeOf(xs: number[]): number {
  const counts = new Map<number, number>()
  let best = xs[0]
  for (const x of xs) {
    const k = (counts.get(x) ?? 0) + 1
    counts.set(x, k)
    if (k > (counts.get(best) ?? 0)) best = x
  }
  return best
}

/** A sample record's fields. Malformed quoting is not judged here: the row parsers refuse it with its line. */
function parseRecord(r: SampleRecord, delimiter: string, newline: Newline): string[] {
  const res = Papa.parse<string[]>(r.text, { delimiter, newline, quoteChar: '"', escapeChar: '"' })
  return (res.data[0] ?? ['']).map((f) => f.trim())
}

/**
 * A first record is a header when none of its named cells is a number or a missing-value token (blank names
 * are allowed: they get generated names), and either a column below a name holds mostly numbers, or none of
 * its names shows up again in its column (as a data value would).
 */
function looksLikeHeader(rows: string[][], isNumber: (c: string) => boolean): boolean {
  const head = rows[0]
  const named = head.map((c, j) => [c, j] as const).filter(([c]) => c !== '')
  if (named.length === 0) return false
  if (named.some(([c]) => isMissingToken(c) || isNumber(c))) return false
  const data = rows.slice(1)
  if (data.length === 0) return true
  for (const [, j] of named) {
    const cells = data.map((r) => r[j] ?? '').filter((c) => !isMissingToken(c))
    const numeric = cells.filter((c) => isNumber(c)).length
    if (cells.length > 0 && numeric * 2 >= cells.length) return true
  }
  return named.every(([h, j]) => data.every((r) => r[j] !== h))
}

/** Blank names become column_<n>; repeated names get _2, _3 ... Each change is reported. */
function uniqueNames(head: string[], warnings: string[]): string[] {
  const used = new Set<string>()
  return head.map((raw, i) => {
    let name = raw
    if (name === '') {
      name = `column_${i + 1}`
      warnings.push(`Column ${i + 1} has no name in the header; it is called "${name}".`)
    }
    if (used.has(name)) {
      let k = 2
      while (used.has(`${name}_${k}`)) k++
      warnings.push(`The header names "${name}" more than once; column ${i + 1} is called "${name}_${k}".`)
      name = `${name}_${k}`
    }
    used.add(name)
    return name
  })
}
