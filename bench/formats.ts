/**
 * Excel and Parquet loading benchmarks on the same 1,000,000 x 10 table as the CSV benchmark (bench/csv.ts):
 * the table is read once from that CSV and written as .xlsx (exceljs's streaming writer) and .parquet
 * (hyparquet-writer, snappy), cached in the temp folder. Each file is then loaded and prepared in a fresh
 * process (so that peak memory is its own), right after the CSV, and the ratio to the CSV read is printed.
 *
 *   npm run bench -- --workload parquet        npm run bench -- --workload xlsx
 */
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { benchCsv, benchFile, type CsvBenchResult } from './csv'
import { loadDatasetFromPath } from '../src/main/data/node-io'
import type { NumericColumn } from '../src/main/data/table'

type Format = 'xlsx' | 'parquet'

/** The benchmark table's columns, read from the CSV benchmark file. */
async function columns(): Promise<NumericColumn[]> {
  const ds = await loadDatasetFromPath(await benchFile())
  if (ds.kind !== 'tabular') throw new Error('the benchmark file is not a table')
  return ds.table.columns as NumericColumn[]
}

/** The table as a file of `format`, written once (then reused) beside the CSV. */
export async function formatFile(format: Format): Promise<string> {
  const csv = await benchFile()
  const file = join(dirname(csv), csv.split('/').pop()!.replace(/\.csv$/, `.${format}`))
  if (existsSync(file)) return file
  const cols = await columns()
  const partial = `${file}.${process.pid}.partial`
  if (format === 'parquet') {
    const buffer = parquetWriteBuffer({ columnData: cols.map((c) => ({ name: c.name, data: c.values, type: 'DOUBLE' as const })) })
    writeFileSync(partial, new Uint8Array(buffer))
  } else {
    const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs')
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useSharedStrings: false, useStyles: false })
    const ws = wb.addWorksheet('data')
    ws.addRow(cols.map((c) => c.name)).commit()
    const n = cols[0].values.length
    for (let r = 0; r < n; r++) ws.addRow(cols.map((c) => c.values[r])).commit()
    ws.commit()
    await wb.commit()
  }
  renameSync(partial, file)
  return file
}

/**
 * Runs this file with `args` in a fresh process and returns its last output line. Everything heavy (writing the
 * files too) happens in children: Linux carries a process's peak RSS over into the children it starts, so the
 * parent stays small for each child's peak to be its own.
 */
function child(args: string[]): string {
  const self = fileURLToPath(import.meta.url)
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 })
  if (r.status !== 0) throw new Error(`bench/formats.ts ${args.join(' ')} failed: ${r.stderr}`)
  return r.stdout.trim().split('\n').at(-1)!
}

/** Loads and prepares `file` in a fresh process; its own time and peak memory. */
function measure(file: string): CsvBenchResult {
  return JSON.parse(child(['--measure', file])) as CsvBenchResult
}

async function benchFormat(format: Format): Promise<Record<string, unknown>> {
  const file = child(['--write', format])
  const csv = child(['--write', 'csv'])
  const csvResult = measure(csv)
  const result = measure(file)
  return {
    bench: format,
    file,
    bytes: statSync(file).size,
    ...result,
    csv_seconds: csvResult.seconds,
    csv_peak_rss_mb: csvResult.peak_rss_mb,
    ratio_to_csv: Math.round((result.seconds / csvResult.seconds) * 100) / 100,
  }
}

export const benchParquet = (): Promise<Record<string, unknown>> => benchFormat('parquet')
export const benchXlsx = (): Promise<Record<string, unknown>> => benchFormat('xlsx')

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--measure')
  const w = process.argv.indexOf('--write')
  if (i >= 0) console.log(JSON.stringify(await benchCsv({ data: process.argv[i + 1] })))
  else if (w >= 0) console.log(process.argv[w + 1] === 'csv' ? await benchFile() : await formatFile(process.argv[w + 1] as Format))
  else console.log(JSON.stringify(await benchFormat(process.argv.includes('--xlsx') ? 'xlsx' : 'parquet')))
}
