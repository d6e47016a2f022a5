import os from 'node:os'
import type { ExperimentConfig, Task } from '../../shared/config'
import { threadsPerRun } from '../engine/kernels/wasm/best-kernels'
import type { BackendChoice, EpochMessage, FromWorker, MetricRecord, ProgressMessage, SplitData, StartMessage, WireParams } from './protocol'
import { planGroup, type GroupVary } from './run-group'
import { startWorkerRun, toSharedSplit, type RunOutcome, type WorkerRun, type WorkerRunOptions } from './worker-client'

/**
 * Owns the app's training runs: a FIFO queue, at most `concurrency` worker threads at once, each run's status
 * and epoch history in memory, and events for the IPC layer. Pure Node (no electron).
 */

export type RunStatus = 'queued' | 'running' | 'paused' | 'completed' | 'early-stopped' | 'stopped' | 'failed' | 'diverged'

/** Training-ready data. `id` names it: its splits are copied into shared memory once per id, then shared by every run. */
export interface RunDataset {
  id: string
  task: Task
  inputs: number
  outputs: number
  train: SplitData
  validation: SplitData | null
  test: SplitData | null
}

export interface RunRequest {
  dataset: RunDataset
  config: ExperimentConfig
  /** Start from these weights instead of the config's init. */
  initialParams?: WireParams | null
  batchSeed?: number | null
  backend?: BackendChoice
  label?: string
}

export interface GroupRequest {
  dataset: RunDataset
  base: ExperimentConfig
  vary: GroupVary
  /** Repeat each config over this many seeds (base seed, base seed + 1, ...). Default 1. */
  seeds?: number
  backend?: BackendChoice
}

export interface RunResult {
  reason: 'completed' | 'early-stopped' | 'stopped'
  epochsRun: number
  params: WireParams
  testMetrics: MetricRecord | null
  confusion: number[][] | null
  seconds: number
}

/** What the manager knows about one run: the manager's live record (it keeps changing while the run runs); read, do not mutate. */
export interface RunInfo {
  id: string
  label: string
  groupId: string | null
  datasetId: string
  config: ExperimentConfig
  status: RunStatus
  /** Why it failed / diverged / was stopped early, or null. */
  message: string | null
  backendRequested: BackendChoice
  /** The backend the worker actually used (null until started). */
  backend: string | null
  threads: number | null
  parameterCount: number | null
  warnings: string[]
  /** Date.now() timestamps. */
  queuedAt: number
  startedAt: number | null
  endedAt: number | null
  /** One entry per finished epoch, in order. */
  epochs: EpochMessage[]
  lastProgress: ProgressMessage | null
  result: RunResult | null
}

export type RunEvent =
  | { type: 'status'; runId: string; status: RunStatus; message: string | null }
  | { type: 'progress'; runId: string; progress: ProgressMessage }
  | { type: 'epoch'; runId: string; epoch: EpochMessage }
  | { type: 'finished'; runId: string; result: RunResult }
  | { type: 'failed'; runId: string; status: 'failed' | 'diverged'; message: string }

export interface RunManagerOptions {
  /** The worker file (or a bootstrap that loads it). */
  workerEntry: URL
  /** Runs at once; default os.availableParallelism(). */
  concurrency?: number
  /** Cores divided between running runs; default os.availableParallelism(). */
  cores?: number
  onEvent: (event: RunEvent) => void
  workerOptions?: WorkerRunOptions
}

export interface RunManager {
  /** Queues a run; it starts when a slot is free. Returns its id. */
  start(request: RunRequest): string
  /**
   * Queues a paired comparison (see run-group.ts): runs seed-major, every run of a seed sharing initial weights
   * (per layer shape) and batchSeed. Returns the group id and its runs' ids in start order. Throws RangeError
   * (nothing queued) for an empty value list, seeds < 1 or an unknown setting.
   */
  startGroup(request: GroupRequest): { groupId: string; runIds: string[] }
  /** Pause/resume a running run (false if the run is not in a state that allows it). */
  pause(runId: string): boolean
  resume(runId: string): boolean
  /** A running/paused run stops after its batch and finishes with its weights; a queued one leaves the queue as 'stopped'. */
  stop(runId: string): boolean
  /** Forgets a run: a queued one leaves the queue, a running one's thread is ended first. */
  delete(runId: string): Promise<boolean>
  get(runId: string): RunInfo | null
  list(): RunInfo[]
  /** The start message sent (or to be sent) to the run's worker: config, initial weights, batchSeed, threads. */
  startMessage(runId: string): StartMessage | null
  /** Resolves when the run has ended (immediately if it already has or is unknown). */
  whenDone(runId: string): Promise<void>
  /** Drops the shared copy of a dataset (runs already started keep theirs). */
  releaseDataset(datasetId: string): void
  /** Ends every worker thread; queued runs are dropped. */
  dispose(): Promise<void>
}

interface Entry {
  info: RunInfo
  start: StartMessage
  worker: WorkerRun | null
  deleted: boolean
  done: Promise<void>
  markDone: () => void
}

interface SharedData {
  source: RunDataset
  train: SplitData
  validation: SplitData | null
  test: SplitData | null
}

const PROGRESS_PER_SECOND = 10

export function createRunManager(options: RunManagerOptions): RunManager {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? os.availableParallelism()))
  const cores = Math.max(1, Math.floor(options.cores ?? os.availableParallelism()))
  const runs = new Map<string, Entry>()
  const queue: string[] = []
  const running = new Set<string>()
  const shared = new Map<string, SharedData>()
  let nextRun = 1
  let nextGroup = 1

  const emit = (event: RunEvent): void => {
    try {
      options.onEvent(event)
    } catch (err) {
      // A listener's bug must not break the queue, but it must not vanish either.
      console.error('run manager: onEvent threw', err)
    }
  }

  const setStatus = (entry: Entry, status: RunStatus, message: string | null = entry.info.message): void => {
    entry.info.status = status
    entry.info.message = message
    if (!entry.deleted) emit({ type: 'status', runId: entry.info.id, status, message })
  }

  /** The dataset's splits in shared memory, converted once per id (again only if the caller passes new arrays). */
  const sharedFor = (d: RunDataset): SharedData => {
    const hit = shared.get(d.id)
    if (hit && hit.source.train.X === d.train.X && hit.source.validation?.X === d.validation?.X && hit.source.test?.X === d.test?.X) return hit
    const made: SharedData = {
      source: d,
      train: toSharedSplit(d.train),
      validation: d.validation ? toSharedSplit(d.validation) : null,
      test: d.test ? toSharedSplit(d.test) : null,
    }
    shared.set(d.id, made)
    return made
  }

  const enqueue = (request: RunRequest, groupId: string | null): string => {
    const id = `run-${nextRun++}`
    const data = sharedFor(request.dataset)
    const backend = request.backend ?? 'auto'
    // The caller may go on editing its config object; the run keeps the settings it was started with.
    const config = structuredClone(request.config)
    const start: StartMessage = {
      type: 'start',
      runId: id,
      config,
      task: request.dataset.task,
      inputs: request.dataset.inputs,
      outputs: request.dataset.outputs,
      train: data.train,
      validation: data.validation,
      test: data.test,
      initialParams: request.initialParams ?? null,
      batchSeed: request.batchSeed ?? null,
      backend,
      threads: 1, // set when the run starts
      trainingMetrics: 'full-pass',
      progressPerSecond: PROGRESS_PER_SECOND,
    }
    let markDone!: () => void
    const done = new Promise<void>((resolve) => (markDone = resolve))
    const entry: Entry = {
      info: {
        id,
        label: request.label ?? id,
        groupId,
        datasetId: request.dataset.id,
        config,
        status: 'queued',
        message: null,
        backendRequested: backend,
        backend: null,
        threads: null,
        parameterCount: null,
        warnings: [],
        queuedAt: Date.now(),
        startedAt: null,
        endedAt: null,
        epochs: [],
        lastProgress: null,
        result: null,
      },
      start,
      worker: null,
      deleted: false,
      done,
      markDone,
    }
    runs.set(id, entry)
    queue.push(id)
    emit({ type: 'status', runId: id, status: 'queued', message: null })
    return id
  }

  const pump = (): void => {
    while (running.size < concurrency && queue.length > 0) {
      const entry = runs.get(queue.shift()!)
      if (entry) launch(entry)
    }
  }

  const launch = (entry: Entry): void => {
    const id = entry.info.id
    running.add(id)
    entry.start.threads = threadsPerRun(cores, running.size)
    entry.info.threads = entry.start.threads
    entry.info.startedAt = Date.now()
    setStatus(entry, 'running', null)
    try {
      entry.worker = startWorkerRun(options.workerEntry, entry.start, (m) => onMessage(entry, m), options.workerOptions)
    } catch (err) {
      finish(entry, { type: 'failed', kind: 'crashed', message: `Could not start the run's worker: ${err instanceof Error ? err.message : String(err)}` })
      return
    }
    void entry.worker.done.then((outcome) => finish(entry, outcome))
  }

  const onMessage = (entry: Entry, m: FromWorker): void => {
    if (entry.deleted) return
    const id = entry.info.id
    switch (m.type) {
      case 'started':
        entry.info.backend = m.backend
        entry.info.threads = m.threads
        entry.info.parameterCount = m.parameterCount
        entry.info.warnings = m.warnings
        break
      case 'progress':
        entry.info.lastProgress = m
        emit({ type: 'progress', runId: id, progress: m })
        break
      case 'epoch':
        entry.info.epochs.push(m)
        emit({ type: 'epoch', runId: id, epoch: m })
        break
      case 'paused':
        if (entry.info.status === 'running') setStatus(entry, 'paused')
        break
      case 'resumed':
        if (entry.info.status === 'paused') setStatus(entry, 'running')
        break
      default:
        break // finished / failed arrive through `done`
    }
  }

  const finish = (entry: Entry, outcome: RunOutcome): void => {
    const id = entry.info.id
    if (!running.delete(id)) return
    entry.info.endedAt = Date.now()
    if (!entry.deleted) {
      if (outcome.type === 'finished') {
        const result: RunResult = {
          reason: outcome.reason,
          epochsRun: outcome.epochsRun,
          params: outcome.params,
          testMetrics: outcome.testMetrics,
          confusion: outcome.confusion,
          seconds: outcome.seconds,
        }
        entry.info.result = result
        setStatus(entry, outcome.reason, null)
        emit({ type: 'finished', runId: id, result })
      } else {
        const status = outcome.kind === 'diverged' ? 'diverged' : 'failed'
        setStatus(entry, status, outcome.message)
        emit({ type: 'failed', runId: id, status, message: outcome.message })
      }
    }
    entry.worker = null
    entry.markDone()
    pump()
  }

  const removeFromQueue = (id: string): boolean => {
    const i = queue.indexOf(id)
    if (i < 0) return false
    queue.splice(i, 1)
    return true
  }

  return {
    start(request) {
      const id = enqueue(request, null)
      pump()
      return id
    },

    startGroup(request) {
      const groupId = `group-${nextGroup++}`
      const plan = planGroup(request.base, request.vary, request.seeds ?? 1, request.dataset.inputs, request.dataset.outputs)
      const runIds = plan.map((p) =>
        enqueue({ dataset: request.dataset, config: p.config, initialParams: p.initialParams, batchSeed: p.batchSeed, backend: request.backend, label: p.label }, groupId),
      )
      pump()
      return { groupId, runIds }
    },

    pause(runId) {
      const entry = runs.get(runId)
      if (!entry?.worker || entry.info.status !== 'running') return false
      entry.worker.pause()
      return true
    },

    resume(runId) {
      const entry = runs.get(runId)
      if (!entry?.worker || entry.info.status !== 'paused') return false
      entry.worker.resume()
      return true
    },

    stop(runId) {
      const entry = runs.get(runId)
      if (!entry) return false
      if (removeFromQueue(runId)) {
        entry.info.endedAt = Date.now()
        setStatus(entry, 'stopped', 'Stopped before it started.')
        entry.markDone()
        return true
      }
      if (!entry.worker) return false
      entry.worker.stop()
      return true
    },

    async delete(runId) {
      const entry = runs.get(runId)
      if (!entry) return false
      entry.deleted = true
      runs.delete(runId)
      if (removeFromQueue(runId)) {
        entry.markDone()
        return true
      }
      // A deleted run's weights are unwanted: end the thread at once rather than wait for its batch.
      if (entry.worker) await entry.worker.terminate()
      await entry.done
      return true
    },

    get: (runId) => runs.get(runId)?.info ?? null,
    list: () => [...runs.values()].map((e) => e.info),
    startMessage: (runId) => runs.get(runId)?.start ?? null,
    whenDone: async (runId) => {
      await runs.get(runId)?.done
    },
    releaseDataset: (datasetId) => void shared.delete(datasetId),

    async dispose() {
      for (const id of queue.splice(0)) runs.get(id)?.markDone()
      await Promise.all([...running].map(async (id) => {
        const entry = runs.get(id)
        if (entry) entry.deleted = true
        await entry?.worker?.terminate()
      }))
    },
  }
}
