/**
 * The general path of the CSV reader: any text, quoted fields included, parsed by PapaParse. Text arrives in
 * pieces; a small state machine walks it once to (1) refuse malformed quoting with the line where it happens
 * (a quote inside an unquoted field, text after a closing quote, a quote never closed) and (2) find the last
 * record boundary outside quotes, so that PapaParse only ever sees whole records. Line numbers are tracked
 * across records that span several lines.
 */
import Papa from 'papaparse'
import type { Newline } from './csv-dialect'
import { DatasetError } from './errors'
import type { TableBuilder } from './table-builder'

/** A single record longer than this (in characters) is refused: it is almost always a quote left open. */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024

/** Scanner states: at a field's start, in an unquoted value, in a quoted one, just after a quote inside a
 * quoted value (closing or escaping), after a closing quote (only blanks until the delimiter). */
const S = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3, Closed: 4 } as const

export class GeneralPath {
  private pending = ''
  private state: number = S.FieldStart
  /** Line of pending[0], and of the character the scanner reads next. */
  private pendingLine: number
  private scanLine: number
  private quoteLine = 0
  private lineAfterLastTerm = 0
  private readonly term: number
  private readonly delim: number
  private readonly cr: number

  constructor(
    private readonly table: TableBuilder,
    private readonly delimiter: string,
    private readonly newline: Newline,
    startLine: number,
  ) {
    this.pendingLine = startLine
    this.scanLine = startLine
    this.term = newline === '\r' ? 0x0d : 0x0a
    this.delim = delimiter.charCodeAt(0)
    this.cr = newline === '\r' ? -1 : 0x0d
  }

  /** Current line (for messages from the caller, e.g. a decoding error). */
  get line(): number {
    return this.scanLine
  }

  pushText(text: string): void {
    if (text === '') return
    const from = this.pending.length
    this.pending += text
    const lastTerm = this.scan(from)
    if (lastTerm >= 0) {
      // A CR before the LF belongs to the terminator (PapaParse trips over a quote followed by a lone CR at the end).
      const segment = this.pending.slice(0, this.cr >= 0 && this.pending.charCodeAt(lastTerm - 1) === this.cr ? lastTerm - 1 : lastTerm)
      const segLine = this.pendingLine
      this.pending = this.pending.slice(lastTerm + 1)
      this.pendingLine = this.lineAfterLastTerm
      this.parseSegment(segment, segLine)
    }
    if (this.pending.length > MAX_RECORD_CHARS) {
      throw new DatasetError(
        this.state === S.Quoted
          ? `a quoted field opened at line ${this.quoteLine} is still open after ${MAX_RECORD_CHARS / 1048576} MB of text — is a closing quote missing?`
          : `a single record is longer than ${MAX_RECORD_CHARS / 1048576} MB of text`,
        { file: this.table.file, line: this.pendingLine },
      )
    }
  }

  finish(): void {
    if (this.state === S.Quoted) {
      throw new DatasetError('a quoted field is never closed (unterminated quote): the file ends inside it', {
        file: this.table.file,
        line: this.quoteLine,
      })
    }
    const rest = this.cr >= 0 && this.pending.endsWith('\r') ? this.pending.slice(0, -1) : this.pending
    if (rest.trim() !== '') this.parseSegment(rest, this.pendingLine)
    this.pending = ''
  }

  /** Walks pending[from..]; returns the index of the last record terminator outside quotes, or -1. */
  private scan(from: number): number {
    const s = this.pending
    const { term, delim, cr } = this
    let st: number = this.state
    let line = this.scanLine
    let lastTerm = -1
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (c === 0) throw new DatasetError('a NUL character — this is a binary file, not CSV text', { file: this.table.file, line })
      switch (st) {
        case S.FieldStart:
        case S.Unquoted:
          if (c === 0x22) {
            if (st === S.FieldStart) {
              st = S.Quoted
              this.quoteLine = line
            } else {
              throw new DatasetError(
                'a double quote inside an unquoted value (a stray quote; a quoted value must start with the quote, ' +
                  'with no space before it, and a quote inside it is written "")',
                { file: this.table.file, line },
              )
            }
          } else if (c === delim) st = S.FieldStart
          else if (c === term) st = S.FieldStart
          else st = S.Unquoted
          break
        case S.Quoted:
          if (c === 0x22) st = S.QuoteInQuoted
          break
        case S.QuoteInQuoted:
          if (c === 0x22) st = S.Quoted
          else if (c === delim || c === term) st = S.FieldStart
          else if (c === 0x20 || c === 0x09 || c === cr) st = S.Closed
          else throw afterQuote(this.table.file, line, s[i])
          break
        case S.Closed:
          if (c === delim || c === term) st = S.FieldStart
          else if (c !== 0x20 && c !== 0x09 && c !== cr) throw afterQuote(this.table.file, line, s[i])
          break
      }
      if (c === term) {
        line++
        if (st === S.FieldStart) {
          lastTerm = i
          this.lineAfterLastTerm = line
        }
      }
    }
    this.state = st
    this.scanLine = line
    return lastTerm
  }

  /** Whole records (no terminator at the end) → table rows, blank lines skipped, lines counted. */
  private parseSegment(segment: string, firstLine: number): void {
    const res = Papa.parse<string[]>(segment, { delimiter: this.delimiter, newline: this.newline === '\r' ? '\r' : '\n', quoteChar: '"', escapeChar: '"' })
    const termChar = this.newline === '\r' ? '\r' : '\n'
    let line = firstLine
    const rows = res.data
    if (res.errors.length) {
      const e = res.errors[0]
      let l = firstLine
      for (let r = 0; r < (e.row ?? 0) && r < rows.length; r++) l += 1 + countChar(rows[r], termChar)
      throw new DatasetError(e.message, { file: this.table.file, line: l })
    }
    for (const row of rows) {
      if (!(row.length === 1 && row[0].trim() === '')) this.table.addRecord(row, line)
      line += 1 + countChar(row, termChar)
    }
  }
}

function afterQuote(file: string | undefined, line: number, ch: string): DatasetError {
  return new DatasetError(`text (${JSON.stringify(ch)}) right after a closing quote; a quoted value must end at a delimiter or the end of the line`, { file, line })
}

function countChar(fields: string[], ch: string): number {
  let n = 0
  for (const f of fields) for (let k = f.indexOf(ch); k >= 0; k = f.indexOf(ch, k + 1)) n++
  return n
}
