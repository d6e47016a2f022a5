/**
 * `npm run bench -- --workload <name> [options]`: benchmarks that print one JSON line each.
 * Performance is measured here, never in timed tests; compare against a peer run in the same minute.
 *
 * Workloads live in files of their own (bench/<name>.ts) and are loaded on demand, so one workload's
 * dependencies never slow another down.
 */
import { parseArgs } from 'node:util'

const WORKLOADS: Record<string, { file: string; run: string; about: string }> = {
  csv: { file: './csv', run: 'benchCsv', about: 'parse a CSV (default: generated 1,000,000 x 10 numeric) to a training-ready Float32Array' },
  parquet: { file: './formats', run: 'benchParquet', about: 'the csv workload\'s table as a snappy Parquet file, loaded and prepared in a fresh process, with the CSV read beside it' },
  xlsx: { file: './formats', run: 'benchXlsx', about: 'the csv workload\'s table as an .xlsx workbook, loaded and prepared in a fresh process, with the CSV read beside it' },
  'mnist-mlp': { file: './mnist-mlp', run: 'benchMnistMlp', about: 'the standard training workload: 784-128-10 relu/softmax, SGD 0.1, batch 64' },
  stream: { file: './stream', run: 'benchStream', about: 'the standard workload through the run manager: samples/s with a listener that serialises every event vs a no-op one' },
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workload: { type: 'string' },
      data: { type: 'string' },
      epochs: { type: 'string' },
      backend: { type: 'string' },
      seed: { type: 'string' },
      rounds: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  const name = values.workload
  if (values.help || !name) {
    const list = Object.entries(WORKLOADS).map(([k, w]) => `  ${k.padEnd(10)} ${w.about}`)
    process.stdout.write(`Usage: npm run bench -- --workload <name> [--data path] [--epochs N] [--backend ts|wasm|wasm-threads] [--seed N] [--rounds N]\n\n${list.join('\n')}\n`)
    process.exit(name || values.help ? 0 : 2)
  }
  const workload = Object.hasOwn(WORKLOADS, name) ? WORKLOADS[name] : undefined
  if (!workload) {
    process.stderr.write(`Unknown workload "${name}"; valid: ${Object.keys(WORKLOADS).join(', ')}\n`)
    process.exit(2)
  }
  const mod = (await import(workload.file)) as Record<string, (opts: Record<string, unknown>) => Promise<unknown>>
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < 0) {
      process.stderr.write(`--${name} must be a whole number ≥ 0, got "${v}"\n`)
      process.exit(2)
    }
    return n
  }
  const result = await mod[workload.run]!({
    data: values.data,
    epochs: num('epochs', values.epochs),
    backend: values.backend,
    seed: num('seed', values.seed),
    rounds: num('rounds', values.rounds),
  })
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
