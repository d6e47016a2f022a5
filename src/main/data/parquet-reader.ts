/**
 * Parquet files (as pandas, Spark, DuckDB and Polars write them; snappy, zstd, gzip, brotli, lz4 or
 * uncompressed), read with hyparquet column chunk by column chunk straight into the table's column storage:
 * no text in between. Numbers stay numbers (64-bit integers beyond 2^53 are rounded, with a note), booleans
 * become the labels true/false, dates and timestamps days since 1970-01-01 (with a note), nulls missing; text
 * cells go through the same missing-value tokens and typing as CSV cells. Nested columns (lists, structs,
 * maps) are refused by name. Rows are named by their 1-based number in the file.
 */
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
import { typeColumn } from './column-typing'
import { DatasetError, inRows } from './errors'
import type { Table } from './table'
import { ColumnBuilder, MAX_TABLE_CELLS } from './table-builder'
import { isMissingToken } from './missing'
import { parseStrictNumber } from './strict-number'

/** "PAR1", at the start and the end of every Parquet file. */
export function isParquet(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31
}

const DAY_MS = 86_400_000

export async function readParquet(file: AsyncBuffer, name: string): Promise<Table> {
  let meta
  try {
    meta = await parquetMetadataAsync(file)
  } catch (e) {
    throw new DatasetError(`starts like a Parquet file but its footer cannot be read (${(e as Error).message}); the file may be truncated — export it again`, { file: name })
  }
  const rows = Number(meta.num_rows)
  const schema = parquetSchema(meta)
  const nested = schema.children.filter((c) => c.children.length > 0).map((c) => `"${c.element.name}"`)
  if (nested.length) {
    throw new DatasetError(`${nested.join(', ')} ${nested.length > 1 ? 'hold' : 'holds'} nested values (lists, structs or maps); a table needs one value per cell — flatten or drop ${nested.length > 1 ? 'them' : 'it'} first`, { file: name })
  }
  const names = schema.children.map((c) => c.element.name)
  if (names.length === 0) throw new DatasetError('the file has no columns', { file: name })
  if (rows === 0) throw new DatasetError('the file has no data rows', { file: name })
  if (rows * names.length > MAX_TABLE_CELLS) {
    throw new DatasetError(
      `${rows.toLocaleString('en-US')} rows × ${names.length} columns is more than the ${MAX_TABLE_CELLS.toLocaleString('en-US')} cells the app can hold in memory — use a sample of the file`,
      { file: name },
    )
  }
  const builders = names.map((n) => new ColumnBuilder(n, rows))
  const index = new Map(names.map((n, j) => [n, j]))
  const notes = new Notes()
  try {
    await parquetRead({
      file,
      metadata: meta,
      compressors,
      onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
        const j = index.get(columnName)
        if (j === undefined) return
        const b = builders[j]
        const end = Math.min(rowEnd, rows)
        for (let r = Math.max(rowStart, 0); r < end; r++) store(b, r, columnData[r - rowStart], name, notes)
      },
    })
  } catch (e) {
    if (e instanceof DatasetError) throw e
    throw new DatasetError(`could not be decoded (${(e as Error).message}); export it again, or as CSV`, { file: name })
  }
  let columns
  try {
    columns = builders.map((b) => typeColumn(b, rows, name))
  } catch (e) {
    throw e instanceof DatasetError ? inRows(e) : e
  }
  return {
    source: name,
    rows,
    columns,
    lines: Uint32Array.from({ length: rows }, (_, r) => r + 1),
    warnings: notes.list(),
    format: { kind: 'parquet', delimiter: '', header: true, encoding: 'utf-8', bom: false },
  }
}

/** Things worth a note, by column, first row kept. */
class Notes {
  readonly dates = new Map<string, number>()
  readonly rounded = new Map<string, number>()
  list(): string[] {
    const out: string[] = []
    if (this.dates.size) out.push(`Dates and times in ${[...this.dates.keys()].map((n) => `"${n}"`).join(', ')} are read as numbers: days since 1970-01-01.`)
    for (const [n, r] of this.rounded) out.push(`Column "${n}" holds integers beyond 2^53 (the first at row ${r}); they are rounded to the nearest 64-bit float.`)
    return out
  }
}

function store(b: ColumnBuilder, r: number, v: unknown, file: string, notes: Notes): void {
  const line = r + 1
  if (v === null || v === undefined) {
    b.values[r] = NaN
    b.missing++
  } else if (typeof v === 'number') {
    if (Number.isNaN(v)) {
      b.values[r] = NaN
      b.missing++
    } else if (!Number.isFinite(v)) {
      throw new DatasetError(`${v} is not a finite number; replace it, or mark it as missing (null)`, { file, line, column: b.name, unit: 'row' })
    } else b.values[r] = v
  } else if (typeof v === 'bigint') {
    const n = Number(v)
    if (!Number.isSafeInteger(n) && !notes.rounded.has(b.name)) notes.rounded.set(b.name, line)
    b.values[r] = n
  } else if (typeof v === 'boolean') {
    b.addText(r, v ? 'true' : 'false', line)
  } else if (v instanceof Date) {
    const t = v.getTime()
    if (Number.isNaN(t)) {
      b.values[r] = NaN
      b.missing++
    } else {
      if (!notes.dates.has(b.name)) notes.dates.set(b.name, line)
      b.values[r] = t / DAY_MS
    }
  } else if (typeof v === 'string') {
    storeText(b, r, v, line)
  } else if (v instanceof Uint8Array) {
    storeText(b, r, new TextDecoder().decode(v), line)
  } else {
    throw new DatasetError(`holds a value of an unsupported kind (${Array.isArray(v) ? 'a list' : typeof v}); a table needs one number or text per cell`, { file, line, column: b.name, unit: 'row' })
  }
}

/** A text cell, as the CSV reader stores one: trimmed, a missing token is missing, a plain number is a number. */
function storeText(b: ColumnBuilder, r: number, raw: string, line: number): void {
  const text = raw.trim()
  if (isMissingToken(text)) {
    b.values[r] = NaN
    b.missing++
    return
  }
  const n = parseStrictNumber(text)
  if (n !== null && Number.isFinite(n)) b.values[r] = n
  else b.addText(r, text, line)
}
