import os from 'node:os'
import { threadsPerRun } from '../engine/kernels/wasm/best-kernels'
import type { FromWorker, SplitData, StartMessage } from './protocol'
import { planGroup } from './run-group'
import { startWorkerRun, toSharedSplit, type RunOutcome, type WorkerRun } from './worker-client'
import type { RunDataset, RunEvent, RunInfo, RunManager, RunManagerOptions, RunRequest, RunStatus } from './run-manager-types'

export type * from './run-manager-types'

/**
 * Owns the app's training runs: a FIFO queue, at most `concurrency` worker threads at once, each run's status
 * and epoch history in memory, and events for the IPC layer. Pure Node (no electron).
 */

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

/**
 * A run manager. Each run gets `threadsPerRun(cores, runs running at its start)` kernel threads, the dataset's
 * splits in SharedArrayBuffers (converted once per dataset id) and progress throttled to 10 messages a second.
 * A run that fails, diverges or whose worker crashes ends only itself; the queue moves on.
 */
export function createRunManager(options: RunManagerOptions): RunManager {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? os.availableParallelism()))
  const cores = Math.max(1, Math.floor(options.cores ?? os.availableParallelism()))
  const runs = new Map<string, Entry>()
  const queue: string[] = []
  const running = new Set<string>()
  const shared = new Map<string, SharedData>()
  let nextRun = 1
  let nextGroup = 1
  const prefix = options.idPrefix ?? sessionPrefix()

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
    const id = `${prefix}-run-${nextRun++}`
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
      epochParams: request.epochParams ?? 'none',
      ...(request.dataset.targetScale !== undefined ? { targetScale: request.dataset.targetScale } : {}),
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
      case 'epoch': {
        // Weights go to the listener only: keeping every epoch's copy would grow without bound.
        const { params: _params, ...kept } = m
        entry.info.epochs.push(kept)
        emit({ type: 'epoch', runId: id, epoch: m })
        break
      }
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
        const { type: _finished, ...result } = outcome
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
      const groupId = `${prefix}-group-${nextGroup++}`
      const plan = planGroup(request.base, request.vary, request.seeds ?? 1, request.dataset.inputs, request.dataset.outputs)
      const runIds = plan.map((p) =>
        enqueue({ dataset: request.dataset, config: p.config, initialParams: p.initialParams, batchSeed: p.batchSeed, backend: request.backend, label: p.label, epochParams: request.epochParams }, groupId),
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

/** Unique per session: start time (base 36) and a random suffix, e.g. `mhx3k2a1-7f3`. */
function sessionPrefix(): string {
  return `${Date.now().toString(36)}-${Math.floor(Math.random() * 36 ** 3).toString(36).padStart(3, '0')}`
}
