/**
 * Reading a CSV file into a typed Table, from bytes given in chunks as the caller reads them. Memory stays at
 * about the size of the resulting columns: the raw text is never held whole (only a sniffing buffer at the
 * start and the unfinished last line of each chunk).
 *
 *   const reader = createCsvReader({ file: 'data.csv', totalBytes, onProgress })
 *   for await (const chunk of stream) reader.push(chunk)
 *   const table = reader.finish()
 *
 * Sequence: the first SNIFF_BYTES are buffered and examined (gzip, BOM, UTF-16, binary, Excel's `sep=` line,
 * delimiter, header). UTF-8 data then goes through the byte-level fast path (csv-fast-path.ts) until a line
 * holds a double quote; from that line on, and for UTF-16 files from the start, text is decoded and parsed
 * by PapaParse (csv-general-path.ts). Columns are typed at the end (column-typing.ts).
 */
import { assertNoNul, assertUtf8Text, detectBom, ENCODING_HINT, firstInvalidUtf8, isGzip, normalizeEncoding, type TextEncoding } from './byte-sniff'
import { detectDialect, type CsvDialect, type DialectOptions } from './csv-dialect'
import { readLinesFast, type FastPathState } from './csv-fast-path'
import { GeneralPath, MAX_RECORD_CHARS } from './csv-general-path'
import { typeColumn } from './column-typing'
import { DatasetError } from './errors'
import type { Table } from './table'
import { TableBuilder } from './table-builder'

/** Bytes examined before reading starts (the dialect is guessed from the whole records in it). */
export const SNIFF_BYTES = 256 * 1024

export interface CsvProgress {
  bytesDone: number
  /** Total size when the caller knows it (a file's size), else undefined. */
  totalBytes: number | undefined
}

export interface CsvReadOptions extends DialectOptions {
  /** File name used in messages. */
  file?: string
  totalBytes?: number
  /**
   * Expected size of the decoded text when it is not `totalBytes` (a .gz file: its trailer's ISIZE), used only
   * to size the column arrays once instead of growing (and copying) them while reading.
   */
  expectedBytes?: number
  /** 'auto' (default): a byte-order mark, else UTF-8 when the start is valid UTF-8, else Windows-1252 (with a note). */
  encoding?: string
  /** Called as bytes are consumed, at most about every 1% (and at the end). */
  onProgress?: (p: CsvProgress) => void
}

export interface CsvReader {
  push(chunk: Uint8Array): void
  /** Ends the input and returns the typed table; throws DatasetError for anything refused. */
  finish(): Table
}

export function createCsvReader(opts: CsvReadOptions = {}): CsvReader {
  return new StreamingCsvReader(opts)
}

/** Reads a whole CSV given as a string or bytes (tests, examples, small files). */
export function parseCsv(input: string | Uint8Array, opts: CsvReadOptions = {}): Table {
  const r = createCsvReader(opts)
  r.push(typeof input === 'string' ? new TextEncoder().encode(input) : input)
  return r.finish()
}

class StreamingCsvReader implements CsvReader {
  private readonly file: string | undefined
  private sniffChunks: Uint8Array[] = []
  private sniffLength = 0
  private sniffHasLineEnd = false
  private mode: 'sniff' | 'fast' | 'general' = 'sniff'
  private dialect: CsvDialect | null = null
  private encoding: TextEncoding = 'utf-8'
  private bom = false
  private table: TableBuilder | null = null
  private fast: FastPathState | null = null
  private carry: Uint8Array = new Uint8Array(0)
  private general: GeneralPath | null = null
  private decoder: InstanceType<typeof TextDecoder> | null = null
  private bytesDone = 0
  private lastReported = 0
  private collapser: WhitespaceCollapser | null = null
  private readonly notes: string[] = []

  constructor(private readonly opts: CsvReadOptions) {
    this.file = opts.file
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.bytesDone += chunk.length
    if (this.collapser) chunk = this.collapser.push(chunk)
    if (this.mode === 'sniff') {
      this.sniffChunks.push(chunk)
      this.sniffLength += chunk.length
      this.sniffHasLineEnd ||= chunk.includes(0x0a) || chunk.includes(0x0d)
      // Sniff once there is enough text and at least one whole line (a very wide header may exceed SNIFF_BYTES).
      if (this.sniffLength >= SNIFF_BYTES && this.sniffHasLineEnd) this.startFromSniff(false)
      else if (this.sniffLength > MAX_RECORD_CHARS) {
        throw new DatasetError(`no line break in the first ${MAX_RECORD_CHARS / 1048576} MB: this is not a CSV file (or a single enormous line)`, { file: this.file })
      }
    } else if (this.mode === 'fast') this.pushFast(chunk)
    else this.pushGeneral(chunk)
    this.report(false)
  }

  finish(): Table {
    if (this.mode === 'sniff') this.startFromSniff(true)
    if (this.mode === 'fast' && this.carry.length > 0) {
      const last = new Uint8Array(this.carry.length + 1)
      last.set(this.carry)
      last[this.carry.length] = this.fast!.newline
      this.carry = new Uint8Array(0)
      this.pushFast(last)
    }
    if (this.mode === 'general') {
      this.general!.pushText(this.decode(new Uint8Array(0), false))
      this.general!.finish()
    }
    this.report(true)
    return this.build()
  }

  private report(final: boolean): void {
    const cb = this.opts.onProgress
    if (!cb) return
    const total = this.opts.totalBytes
    const step = total ? Math.max(total / 100, 65536) : 4 * 1048576
    if (final || this.bytesDone - this.lastReported >= step) {
      this.lastReported = this.bytesDone
      cb({ bytesDone: this.bytesDone, totalBytes: total })
    }
  }

  /** Examines the buffered start of the file, sets up the table and replays the buffer through a parser. */
  private startFromSniff(complete: boolean): void {
    const bytes = concat(this.sniffChunks, this.sniffLength)
    this.sniffChunks = []
    if (bytes.length === 0) throw new DatasetError('the file is empty (0 bytes)', { file: this.file })
    if (isGzip(bytes)) {
      throw new DatasetError('this is a gzip-compressed file (it starts with 1f 8b); decompress it first, or open it through the app, which does', { file: this.file })
    }
    const bomInfo = detectBom(bytes)
    const chosen = this.opts.encoding && this.opts.encoding !== 'auto' ? normalizeEncoding(this.opts.encoding, this.file) : null
    const bomLength = !chosen || chosen === bomInfo.encoding ? bomInfo.bomLength : 0
    let encoding: TextEncoding = chosen ?? bomInfo.encoding
    let sampleBytes = bytes.subarray(bomLength)
    if (encoding === 'utf-8' || encoding === 'windows-1252') assertNoNul(sampleBytes, this.file)
    if (!chosen && bomLength === 0) {
      // No BOM: UTF-8 when the whole lines of the start are valid UTF-8, otherwise the Windows-1252 that Excel writes.
      const end = complete ? sampleBytes.length : lastLineEnd(sampleBytes)
      const bad = firstInvalidUtf8(sampleBytes, 0, end)
      if (bad >= 0) {
        encoding = 'windows-1252'
        this.notes.push(`The file is not UTF-8 (byte 0x${sampleBytes[bad].toString(16)} at byte ${bad}); it is read as Windows-1252 (Latin-1), as Excel on Windows writes it. Choose another encoding if the text looks wrong.`)
      }
    }
    this.encoding = encoding
    this.bom = bomLength > 0
    const decodeSample = (b: Uint8Array): { sample: string; rest: Uint8Array } => {
      if (encoding === 'utf-8') {
        // Only whole lines are sniffed: a multi-byte character may be cut at the buffer's end.
        const end = complete ? b.length : lastLineEnd(b)
        assertUtf8Text(b.subarray(0, end), this.file)
        return { sample: new TextDecoder('utf-8').decode(b.subarray(0, end)), rest: b }
      }
      this.decoder = new TextDecoder(encoding, { fatal: encoding !== 'windows-1252' })
      return { sample: this.decode(b, true), rest: new Uint8Array(0) }
    }
    let { sample, rest } = decodeSample(sampleBytes)
    let d = detectDialect(sample, complete, { ...this.opts, file: this.file })
    if (d.whitespace) {
      if (encoding === 'utf-16le' || encoding === 'utf-16be') {
        throw new DatasetError('values separated by runs of spaces are only read from UTF-8 or Windows-1252 files; save the file as UTF-8', { file: this.file })
      }
      this.collapser = new WhitespaceCollapser()
      sampleBytes = this.collapser.push(sampleBytes)
      ;({ sample, rest } = decodeSample(sampleBytes))
      d = detectDialect(sample, complete, { ...this.opts, file: this.file, delimiter: '\t', whitespaceCollapsed: true })
      d.whitespace = true
      d.warnings.unshift('Values are separated by runs of spaces (or tabs); each run is read as one separator.')
    }
    sampleBytes = rest
    d.warnings.unshift(...this.notes)
    this.dialect = d
    const perRow = d.sampleRecords > 0 ? d.sampleChars / d.sampleRecords : 64
    const expected = this.opts.expectedBytes ?? this.opts.totalBytes
    const estimate = expected && !complete ? (expected / Math.max(8, perRow)) * 1.05 + 16 : d.sampleRecords + 16
    this.table = new TableBuilder(d.names, estimate, this.file, d.header ? 'the header' : 'the first row')
    this.table.decimalComma = d.decimal === ','

    if (encoding !== 'utf-8') {
      this.mode = 'general'
      this.general = new GeneralPath(this.table, d.delimiter, d.newline, d.dataStartLine)
      this.general.pushText(sample.slice(d.dataStart))
      return
    }
    const start = new TextEncoder().encode(sample.slice(0, d.dataStart)).length
    this.mode = 'fast'
    this.fast = { table: this.table, delimiter: d.delimiter.charCodeAt(0), newline: d.newline === '\r' ? 0x0d : 0x0a, line: d.dataStartLine, decimal: d.decimal === ',' ? 0x2c : 0x2e }
    this.pushFast(sampleBytes.subarray(start))
  }

  private pushFast(chunk: Uint8Array): void {
    const s = this.fast!
    const nl = s.newline
    const buf = chunk
    let from = 0
    if (this.carry.length > 0) {
      const firstEnd = chunk.indexOf(nl)
      if (firstEnd < 0) {
        this.carry = concat([this.carry, chunk], this.carry.length + chunk.length)
        this.checkCarry()
        return
      }
      // Finish the carried line with the head of this chunk, then continue in the chunk itself (no big copy).
      const head = concat([this.carry, chunk.subarray(0, firstEnd + 1)], this.carry.length + firstEnd + 1)
      this.carry = new Uint8Array(0)
      const stop = readLinesFast(s, head, 0, head.length)
      if (stop < head.length) return this.switchToGeneral(head.subarray(stop), chunk.subarray(firstEnd + 1))
      from = firstEnd + 1
    }
    const end = lastIndexOf(buf, nl, from) + 1
    if (end === 0) {
      this.carry = buf.slice(from)
      this.checkCarry()
      return
    }
    const stop = readLinesFast(s, buf, from, end)
    if (stop < end) return this.switchToGeneral(buf.subarray(stop))
    this.carry = buf.slice(end)
  }

  private checkCarry(): void {
    if (this.carry.length > MAX_RECORD_CHARS) {
      throw new DatasetError(`a single line is longer than ${MAX_RECORD_CHARS / 1048576} MB`, { file: this.file, line: this.fast!.line })
    }
  }

  private switchToGeneral(...rest: Uint8Array[]): void {
    const d = this.dialect!
    this.mode = 'general'
    this.decoder = new TextDecoder('utf-8', { fatal: true })
    this.general = new GeneralPath(this.table!, d.delimiter, d.newline, this.fast!.line)
    for (const r of rest) this.pushGeneral(r)
  }

  private pushGeneral(chunk: Uint8Array): void {
    this.general!.pushText(this.decode(chunk, true))
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return this.decoder!.decode(bytes, { stream })
    } catch {
      const what =
        this.encoding === 'utf-8' ? `invalid UTF-8 — the file is not UTF-8 text (if it is Latin-1 / Windows-1252, choose that encoding: ${ENCODING_HINT})` : `invalid ${this.encoding.toUpperCase()} text`
      throw new DatasetError(`${what}, at or after this line`, { file: this.file, line: this.general?.line ?? 1 })
    }
  }

  private build(): Table {
    const t = this.table!
    const d = this.dialect!
    if (t.rows === 0) {
      throw new DatasetError(d.header ? 'the file has a header row but no data rows' : 'the file has no data rows', { file: this.file })
    }
    const columns = t.columns.map((c) => typeColumn(c, t.rows, this.file))
    return {
      source: this.file ?? 'data',
      rows: t.rows,
      columns,
      lines: t.lines.length > t.rows * 1.25 + 64 ? t.lines.slice(0, t.rows) : t.lines.subarray(0, t.rows),
      warnings: d.warnings.slice(),
      format: { delimiter: d.whitespace ? ' ' : d.delimiter, header: d.header, encoding: this.encoding, bom: this.bom, decimal: d.decimal, whitespace: d.whitespace, skippedRows: d.skipped, kind: 'csv' },
    }
  }
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]
  const out = new Uint8Array(length)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

function lastIndexOf(b: Uint8Array, byte: number, from: number): number {
  const i = b.lastIndexOf(byte)
  return i >= from ? i : -1
}

/** Index just past the last LF or CR (0 when there is none). */
function lastLineEnd(b: Uint8Array): number {
  return Math.max(b.lastIndexOf(0x0a), b.lastIndexOf(0x0d)) + 1
}

/**
 * Turns whitespace-delimited text into tab-separated text, byte by byte as chunks arrive: leading and trailing
 * spaces/tabs of a line are dropped and each run between values becomes one tab; quoted text is kept as is.
 * Works on any ASCII-compatible encoding (UTF-8, Windows-1252). The output is never longer than the input.
 */
export class WhitespaceCollapser {
  private inQuotes = false
  private lineStart = true
  private pendingSep = false

  push(b: Uint8Array): Uint8Array {
    const out = new Uint8Array(b.length + 1)
    let o = 0
    for (let i = 0; i < b.length; i++) {
      const c = b[i]
      if (this.inQuotes) {
        out[o++] = c
        if (c === 0x22) this.inQuotes = false
        continue
      }
      if (c === 0x20 || c === 0x09) {
        if (!this.lineStart) this.pendingSep = true
        continue
      }
      if (c === 0x0a || c === 0x0d) {
        this.pendingSep = false
        this.lineStart = true
        out[o++] = c
        continue
      }
      if (this.pendingSep) out[o++] = 0x09
      this.pendingSep = false
      this.lineStart = false
      if (c === 0x22) this.inQuotes = true
      out[o++] = c
    }
    return out.subarray(0, o)
  }
}
