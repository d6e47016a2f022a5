/**
 * CSV loading benchmark: a 1,000,000-row x 10-column numeric CSV (about 89 MB of "0.123456"-style numbers)
 * read through the real path — node-io's streaming reader, column typing, preparation — to the training-ready
 * Float32Array. Prints one JSON line when run directly; with pandas installed it also times
 * pandas.read_csv on the same file, right after, for comparison.
 *
 *   npx tsx bench/csv.ts [--data file.csv]
 */
import { spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { prepareDataset } from '../src/main/data/dataset'
import { loadDatasetFromPath } from '../src/main/data/node-io'
import { createRng } from '../src/main/engine/rng'

export interface CsvBenchResult {
  seconds: number
  mb_per_s: number
  peak_rss_mb: number
  rows: number
  cols: number
}

const ROWS = 1_000_000
const COLS = 10

/** The generated benchmark file, cached in the temp folder (written once, then reused). */
export async function benchFile(): Promise<string> {
  const dir = join(tmpdir(), 'backprop-studio-bench')
  const file = join(dir, `numeric-${ROWS}x${COLS}.csv`)
  if (existsSync(file)) return file
  mkdirSync(dir, { recursive: true })
  const partial = `${file}.${process.pid}.partial`
  const out = createWriteStream(partial)
  const rng = createRng(12345)
  out.write(Array.from({ length: COLS }, (_, j) => `x${j + 1}`).join(',') + '\n')
  let buf = ''
  for (let r = 0; r < ROWS; r++) {
    for (let j = 0; j < COLS; j++) buf += (j ? ',' : '') + rng.nextFloat().toFixed(6)
    buf += '\n'
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((res) => out.once('drain', () => res()))
      buf = ''
    }
  }
  await new Promise<void>((res, rej) => out.end(buf, () => res()).on('error', rej))
  renameSync(partial, file) // never leave a half-written file under the cached name
  return file
}

/** Loads `data` (or the generated file) and prepares it for training; returns time, throughput and memory. */
export async function benchCsv(opts: { data?: string } = {}): Promise<CsvBenchResult> {
  const file = opts.data ?? (await benchFile())
  const bytes = statSync(file).size
  const t0 = performance.now()
  const ds = await loadDatasetFromPath(file)
  const prepared = prepareDataset(ds, { seed: 1 })
  const seconds = (performance.now() - t0) / 1000
  if (ds.kind !== 'tabular') throw new Error(`${file} is not a table`)
  const rows = prepared.train.rows + prepared.validation.rows + prepared.test.rows
  if (prepared.train.X.length !== prepared.train.rows * prepared.inputs) throw new Error('prepared arrays have the wrong size')
  return {
    seconds: round(seconds, 3),
    mb_per_s: round(bytes / 1e6 / seconds, 1),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    rows,
    cols: ds.table.columns.length,
  }
}

/** pandas.read_csv on the same file with Debian's python3, or null when pandas is not installed. */
function pandasSeconds(file: string): number | null {
  const py = 'import pandas,sys,time; t=time.time(); pandas.read_csv(sys.argv[1]); print(time.time()-t)'
  const r = spawnSync('/usr/bin/python3', ['-c', py, file], { encoding: 'utf8' })
  return r.status === 0 ? round(Number(r.stdout.trim()), 3) : null
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--data')
  const data = i >= 0 ? process.argv[i + 1] : undefined
  const file = data ?? (await benchFile())
  const result = await benchCsv({ data: file })
  const pandas = pandasSeconds(file)
  console.log(JSON.stringify({ bench: 'csv', file, ...result, pandas_seconds: pandas, ratio_to_pandas: pandas ? round(result.seconds / pandas, 2) : null }))
}
