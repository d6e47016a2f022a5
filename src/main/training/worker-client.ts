import { pathToFileURL } from 'node:url'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import type { FinishedMessage, FromWorker, SplitData, StartMessage } from './protocol'

/**
 * The caller's side of one run in a worker thread. Whatever the worker does — finishes, fails, throws, exits,
 * runs out of memory — `done` resolves (never rejects) with how the run ended, and only this run is affected.
 */
export type RunOutcome = FinishedMessage | { type: 'failed'; kind: 'diverged' | 'invalid-config' | 'error' | 'crashed'; message: string }

export interface WorkerRun {
  readonly worker: Worker
  pause(): void
  resume(): void
  /** Asks the worker to stop after the current batch; it still reports `finished` with the weights so far. */
  stop(): void
  /** Ends the thread at once (no result). */
  terminate(): Promise<void>
  readonly done: Promise<RunOutcome>
}

export interface WorkerRunOptions {
  /** Heap cap for the run's thread, so one runaway run cannot take the app down. */
  resourceLimits?: ResourceLimits
  /** Extra `execArgv` (tests use it to load TypeScript through tsx). */
  execArgv?: string[]
}

/**
 * Starts `entry` (the built worker file, or a bootstrap that loads it) and sends it `start`.
 * Data arrays backed by SharedArrayBuffer are shared with the thread; others are copied once, at start.
 */
export function startWorkerRun(
  entry: URL | string,
  start: StartMessage,
  onMessage: (message: FromWorker) => void,
  options: WorkerRunOptions = {},
): WorkerRun {
  const worker = spawnWorker(entry, { ...options, resourceLimits: options.resourceLimits ?? TRAINING_WORKER_LIMITS })
  let settled = false
  let resolveDone!: (outcome: RunOutcome) => void
  const done = new Promise<RunOutcome>((resolve) => (resolveDone = resolve))
  const settle = (outcome: RunOutcome): void => {
    if (settled) return
    settled = true
    resolveDone(outcome)
    void worker.terminate()
  }

  worker.on('message', (message: FromWorker) => {
    if (settled) return
    onMessage(message)
    if (message.type === 'finished' || message.type === 'failed') settle(message)
  })
  worker.on('error', (err: Error & { code?: string }) => {
    const message =
      err.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? 'The run ran out of memory (its worker thread hit its heap limit). Try a smaller network, batch or dataset.'
        : `The run's worker crashed: ${err.message}`
    settle({ type: 'failed', kind: 'crashed', message })
  })
  worker.on('exit', (code) => {
    settle({ type: 'failed', kind: 'crashed', message: `The run's worker exited unexpectedly (code ${code}) before finishing.` })
  })
  worker.postMessage(start)

  return {
    worker,
    pause: () => !settled && worker.postMessage({ type: 'pause' }),
    resume: () => !settled && worker.postMessage({ type: 'resume' }),
    stop: () => !settled && worker.postMessage({ type: 'stop' }),
    terminate: async () => {
      settle({ type: 'failed', kind: 'error', message: 'The run was terminated.' })
      await worker.terminate()
    },
    done,
  }
}

/**
 * The heap a training worker may use unless told otherwise: weights, data and buffers are typed arrays outside
 * it, so a run that fills it is leaking; it then ends alone, with a message, instead of taking the machine.
 */
export const TRAINING_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 2048 }

/**
 * A worker for `entry`. A TypeScript entry (running from source: `npm run cli`, `npm run bench`) is started
 * through a two-line bootstrap that registers tsx inside the thread, since workers do not inherit tsx's loader.
 */
export function spawnWorker(entry: URL | string, options: WorkerRunOptions = {}): Worker {
  const common = { resourceLimits: options.resourceLimits, execArgv: options.execArgv, stdout: false, stderr: false }
  const href = entry instanceof URL ? entry.href : pathToFileURL(entry).href
  if (!href.endsWith('.ts')) return new Worker(entry, common)
  const tsx = import.meta.resolve('tsx/esm/api')
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(href)}) })`
  return new Worker(bootstrap, { ...common, eval: true })
}

/** A copy of a split whose arrays live in SharedArrayBuffers, so every run's thread reads the same memory. */
export function toSharedSplit(split: SplitData): SplitData {
  return { X: toShared(split.X), T: toShared(split.T), rows: split.rows }
}

function toShared(a: Float32Array): Float32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a
  const s = new Float32Array(new SharedArrayBuffer(a.byteLength))
  s.set(a)
  return s
}
