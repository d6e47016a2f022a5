/**
 * Does the metrics stream slow training? The standard workload (bench/mnist-mlp.ts) trained through the run
 * manager (`createRunManager`, real worker threads), alternately with two listeners in the same minute:
 *  - `noop`: ignores every event;
 *  - `serialise`: does what the IPC layer does per event — JSON.stringify it (structured clone costs about the
 *    same) — and keeps a running byte count so the work cannot be optimised away.
 * Runs alternate noop, serialise, noop, ... for `rounds` pairs, one run at a time. Prints one JSON line: the
 * best and median samples/s of each listener (best epoch of each run, the worker's training clock), their
 * ratio, and the events and bytes one run streams.
 */
import os from 'node:os'
import { createRunManager, type RunEvent } from '../src/main/training/run-manager'
import type { RunDataset } from '../src/main/training/run-manager-types'
import { trainingWorkerUrl } from '../src/main/training/worker-entry'
import type { BackendChoice } from '../src/main/training/protocol'
import { generated, loadMnist, round, standardConfig } from './mnist-mlp'

export interface StreamOptions {
  data?: string
  /** Epochs per run (default 2). */
  epochs?: number
  backend?: string
  /** Pairs of runs (default 3). */
  rounds?: number
  seed?: number
}

type Listener = 'noop' | 'serialise'

interface RunMeasure {
  samplesPerSecond: number
  events: number
  bytes: number
}

export async function benchStream(opts: StreamOptions): Promise<Record<string, unknown>> {
  const epochs = Math.max(1, opts.epochs ?? 2)
  const rounds = Math.max(1, opts.rounds ?? 3)
  const data = opts.data ? await loadMnist(opts.data) : { train: generated(60000, 1), test: null, real: false }
  const dataset: RunDataset = { id: 'bench', task: 'classification', inputs: 784, outputs: 10, train: data.train, validation: null, test: data.test }
  const config = standardConfig(epochs, opts.seed ?? 0)
  const backend = (opts.backend ?? 'auto') as BackendChoice

  let listener: Listener = 'noop'
  let events = 0
  let bytes = 0
  let done: ((e: RunEvent) => void) | null = null
  const manager = createRunManager({
    idPrefix: 'bench',
    workerEntry: trainingWorkerUrl(),
    concurrency: 1,
    cores: os.availableParallelism(),
    onEvent(e) {
      events++
      if (listener === 'serialise') bytes += JSON.stringify(e).length
      if (e.type === 'finished' || e.type === 'failed') done?.(e)
    },
  })

  const runOnce = async (which: Listener): Promise<RunMeasure> => {
    listener = which
    events = 0
    bytes = 0
    const ended = new Promise<RunEvent>((resolve) => (done = resolve))
    const id = manager.start({ dataset, config, backend })
    const end = await ended
    if (end.type === 'failed') throw new Error(`the ${which} run failed: ${end.message}`)
    const info = manager.get(id)
    if (!info) throw new Error('the run manager lost the run')
    // Best epoch by the worker's own training clock (excludes thread start-up and the main thread's delays).
    let best = Infinity
    let prev = 0
    for (const ep of info.epochs) {
      best = Math.min(best, ep.elapsedSeconds - prev)
      prev = ep.elapsedSeconds
    }
    await manager.delete(id)
    return { samplesPerSecond: data.train.rows / best, events, bytes }
  }

  const measured: Record<Listener, RunMeasure[]> = { noop: [], serialise: [] }
  for (let r = 0; r < rounds; r++) {
    // Alternate which listener goes first, so a drift in machine load does not favour one.
    const order: Listener[] = r % 2 === 0 ? ['noop', 'serialise'] : ['serialise', 'noop']
    for (const which of order) measured[which].push(await runOnce(which))
  }
  await manager.dispose()
  const stats = (xs: RunMeasure[]) => {
    const v = xs.map((x) => x.samplesPerSecond).sort((a, b) => a - b)
    return { best: Math.round(v[v.length - 1]), median: Math.round(v[Math.floor(v.length / 2)]) }
  }
  const noop = stats(measured.noop)
  const ser = stats(measured.serialise)
  const last = measured.serialise[measured.serialise.length - 1]
  return {
    workload: 'stream',
    data: data.real ? opts.data : 'generated',
    epochs,
    rounds,
    noop_samples_per_s: noop,
    serialise_samples_per_s: ser,
    ratio_best: round(ser.best / noop.best),
    ratio_median: round(ser.median / noop.median),
    events_per_run: last.events,
    bytes_per_run: last.bytes,
  }
}
