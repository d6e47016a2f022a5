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

  delimiter ??= guessDelimiter(records)
  const rows = records.map((r) => parseRecord(r, delimiter, newline))
  const width = rows[0].length
  if (width < 2) {
    throw new DatasetError(
      `only one column found${opts.delimiter && opts.delimiter !== 'auto' ? '' : ' (no comma, semicolon, tab or pipe separates the values)'}; ` +
        'a dataset needs at least one input column and a target column',
      { file, line: records[0].line },
    )
  }

  const header = opts.header === undefined || opts.header === 'auto' ? looksLikeHeader(rows) : opts.header
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
    warnings,
  }
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
function guessDelimiter(records: SampleRecord[]): string {
  const order: Delimiter[] = ['\t', ';', '|', ',']
  let best: { d: Delimiter; share: number; mode: number } | null = null
  for (const d of order) {
    const counts = records.map((r) => countFields(r.text, d))
    const mode = modeOf(counts)
    if (mode < 2) continue
    const share = counts.filter((c) => c === mode).length / counts.length
    if (share === 1) return d
    if (!best || share > best.share || (share === best.share && mode > best.mode)) best = { d, share, mode }
  }
  return best ? best.d : ',' // no candidate splits anything: one column, reported by the caller
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
function looksLikeHeader(rows: string[][]): boolean {
  const head = rows[0]
  const named = head.map((c, j) => [c, j] as const).filter(([c]) => c !== '')
  if (named.length === 0) return false
  if (named.some(([c]) => isMissingToken(c) || parseStrictNumber(c) !== null)) return false
  const data = rows.slice(1)
  if (data.length === 0) return true
  for (const [, j] of named) {
    const cells = data.map((r) => r[j] ?? '').filter((c) => !isMissingToken(c))
    const numeric = cells.filter((c) => parseStrictNumber(c) !== null).length
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
