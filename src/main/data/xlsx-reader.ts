/**
 * Excel workbooks (.xlsx): one worksheet, streamed row by row with exceljs and handed to the CSV reader as
 * comma-separated text, so that a sheet goes through exactly the header, preamble, missing-value and typing
 * rules of a CSV file (docs/datasets.md). Numbers are written in full precision, booleans as true/false,
 * dates as Excel's serial day numbers (with a note), formulas as their cached result, errors (#N/A …) as
 * missing. Each sheet row becomes one text line, so a message's "line N" is the sheet's row N; the messages
 * are reworded to say "row".
 *
 * Legacy .xls files and password-protected workbooks are both OLE compound files (D0 CF 11 E0 …), not ZIP
 * archives; they are refused with a message saying what to do.
 */
import { createCsvReader } from './csv-reader'
import { DatasetError, inRows, rowWording } from './errors'
import type { Table } from './table'

/** exceljs (CommonJS), loaded on first use so that reading a CSV never pays for it. */
type ExcelJs = typeof import('exceljs')
async function exceljs(): Promise<ExcelJs> {
  const m = (await import('exceljs')) as ExcelJs & { default?: ExcelJs }
  return m.default ?? m
}

export interface XlsxReadOptions {
  /** File name for messages. */
  file: string
  /** Worksheet name; default the first sheet of the workbook. */
  sheet?: string
  header?: 'auto' | boolean
  skipRows?: number
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

/** A ZIP archive (an .xlsx is one): PK\x03\x04. */
export function isZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04
}

/** An OLE compound file: a legacy .xls, or an encrypted (password-protected) .xlsx. */
export function isOleCompound(head: Uint8Array): boolean {
  return head.length >= 8 && OLE_MAGIC.every((b, i) => head[i] === b)
}

/** The refusal for an OLE compound file; `bytes` is the whole file (an encrypted workbook names its "EncryptedPackage" stream). */
export function oleRefusal(bytes: Uint8Array, file: string): DatasetError {
  const encrypted = indexOfUtf16(bytes, 'EncryptedPackage') >= 0
  return new DatasetError(
    encrypted
      ? 'this Excel workbook is password-protected (encrypted), so it cannot be read; open it in Excel, remove the password (File › Info › Protect Workbook), save, and open it again'
      : 'this is a legacy Excel 97–2003 workbook (.xls), which cannot be read; open it in Excel or LibreOffice and save it as .xlsx or CSV',
    { file },
  )
}

/**
 * The chosen sheet of the workbook `open()` streams (opened only once the reader is ready to take its bytes), its
 * rows as text lines fed to the CSV reader.
 */
export async function readXlsx(open: () => NodeJS.ReadableStream, opts: XlsxReadOptions): Promise<Table> {
  const { stream } = await exceljs()
  const reader = new stream.xlsx.WorkbookReader(open() as never, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' })
  let csv: ReturnType<typeof createCsvReader> | null = null
  let chosen: string | null = null
  let sheetNames: string[] = []
  let dates = 0
  let firstDate = ''
  const enc = new TextEncoder()
  try {
    for await (const ws of reader as AsyncIterable<WorksheetReader>) {
      sheetNames = ((reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? []).map((s) => s.name)
      const wanted = opts.sheet ?? sheetNames[0] ?? ws.name
      if (ws.name !== wanted || chosen !== null) {
        for await (const _ of ws) void _ // another sheet: drained, not read
        continue
      }
      chosen = ws.name
      csv = createCsvReader({ file: where(opts.file, chosen), delimiter: ',', decimal: '.', encoding: 'utf-8', header: opts.header, skipRows: opts.skipRows })
      let line = 1
      let parts: string[] = []
      let size = 0
      for await (const row of ws) {
        const number = row.number
        if (number > line) {
          // Empty rows between: blank lines, so that line N stays row N.
          parts.push('\n'.repeat(number - line))
          line = number
        }
        const cells = (row.values as unknown[]).slice(1)
        const texts = cells.map((v, j) => {
          const t = cellText(v)
          if (t.date) {
            if (dates++ === 0) firstDate = `${columnLetter(j)}${number}`
          }
          return quote(t.text)
        })
        const s = texts.join(',') + '\n'
        parts.push(s)
        size += s.length
        line = number + 1
        if (size > 1 << 20) {
          csv.push(enc.encode(parts.join('')))
          parts = []
          size = 0
        }
      }
      if (parts.length) csv.push(enc.encode(parts.join('')))
    }
  } catch (e) {
    if (e instanceof DatasetError) throw inRows(e)
    throw new DatasetError(`could not be read as an Excel workbook (${(e as Error).message}); save it again from Excel as .xlsx, or as CSV`, { file: opts.file })
  }
  if (chosen === null || !csv) {
    if (opts.sheet !== undefined) {
      throw new DatasetError(`there is no sheet "${opts.sheet}" (the sheets are ${sheetNames.map((n) => `"${n}"`).join(', ') || 'none'})`, { file: opts.file })
    }
    if (sheetNames.length === 0) {
      throw new DatasetError('a ZIP archive, but not an Excel workbook (.xlsx): it holds no worksheet; if it holds a CSV file, unzip it first', { file: opts.file })
    }
    throw new DatasetError('the workbook has no worksheet', { file: opts.file })
  }
  let table: Table
  try {
    table = csv.finish()
  } catch (e) {
    throw e instanceof DatasetError ? inRows(e) : e
  }
  const notes: string[] = []
  if (sheetNames.length > 1 && opts.sheet === undefined) {
    notes.push(`Read the sheet "${chosen}", the first of ${sheetNames.length} (${sheetNames.map((n) => `"${n}"`).join(', ')}); choose another with the Sheet control or --sheet.`)
  }
  if (dates) notes.push(`${dates} date cell${dates > 1 ? 's' : ''} (the first at ${firstDate}) ${dates > 1 ? 'are' : 'is'} read as numbers: Excel's serial day numbers, days since 1899-12-30.`)
  return {
    ...table,
    source: opts.file,
    warnings: [...notes, ...table.warnings.map(rowWording)],
    format: { ...table.format!, kind: 'xlsx', sheet: chosen, sheets: sheetNames.length ? sheetNames : [chosen], delimiter: ',', bom: false },
  }
}

/** The minimal shape of exceljs's streaming worksheet reader that is used here. */
interface WorksheetReader extends AsyncIterable<{ number: number; values: unknown }> {
  name: string
}

function where(file: string, sheet: string): string {
  return `${file}, sheet "${sheet}"`
}

/** Text of one cell value as exceljs gives it; `date` when it was a date. */
export function cellText(v: unknown): { text: string; date?: boolean } {
  if (v === null || v === undefined) return { text: '' }
  if (typeof v === 'number') return { text: Number.isFinite(v) ? String(v) : '' }
  if (typeof v === 'string') return { text: v }
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false' }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { text: '' } : { text: String(v.getTime() / 86_400_000 + 25_569), date: true }
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string; formula?: string; sharedFormula?: string }
    if ('error' in o) return { text: '' } // #N/A, #DIV/0! …: no value
    if ('formula' in o || 'sharedFormula' in o || 'result' in o) return cellText(o.result)
    if (Array.isArray(o.richText)) return { text: o.richText.map((r) => r.text).join('') }
    if ('text' in o) return cellText(o.text)
  }
  return { text: String(v) }
}

/** A CSV field: quoted when it holds a comma, quote or leading/trailing space; line breaks become spaces (one row, one line). */
function quote(s: string): string {
  const t = s.replace(/\r\n|[\r\n]/g, ' ')
  return /[",]|^\s|\s$/.test(t) ? `"${t.replace(/"/g, '""')}"` : t
}

function columnLetter(j: number): string {
  let s = ''
  for (let n = j + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

function indexOfUtf16(bytes: Uint8Array, text: string): number {
  const pattern = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) pattern[2 * i] = text.charCodeAt(i)
  outer: for (let i = bytes.indexOf(pattern[0]); i >= 0 && i <= bytes.length - pattern.length; i = bytes.indexOf(pattern[0], i + 1)) {
    for (let k = 1; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) continue outer
    return i
  }
  return -1
}
