import type { DecisionBoundary } from '../../../shared/views'
import type { Emit } from '../context'
import type { RunEvent, RunInfo } from '../../training/run-manager'
import type { RunStore, WriteFailure } from '../../training/run-store'
import type { WireParams } from '../../training/protocol'
import { decisionBoundary } from './decision-boundary'
import { runModelText } from './model-text'
import { liveRecord, liveView, wireToParams, type LiveExtras } from './run-record'

/**
 * Turns the run manager's events into the window's events and the run history on disk: run:status with a
 * RunView on every status change (and run.json rewritten), run:progress as it comes (the manager throttles
 * it), run:epoch without weights (and a metrics.jsonl line), best.json when an epoch is marked best (at most
 * once a second per run, the latest wins), model.json when a run ends with weights, run:status again when an
 * epoch is a new best (so best epoch and best metrics are current between status changes; at most 4 a second
 * per run, the latest view wins), and run:boundary for
 * 2-input classification runs (at most a few a second). Checkpoints and boundaries are spaced by at least 20x
 * their own cost, so a big network's model file never takes more than ~5% of main's time.
 */

export interface LiveRuns {
  /** Registers what the feature knows about a run before its first event is handled. */
  register(runId: string, extras: LiveExtras): void
  extras(runId: string): LiveExtras | null
  handle(event: RunEvent): void
  /** The latest boundary of a run (null when it has none yet or its data is not 2-input classification). */
  boundary(runId: string): DecisionBoundary | null
  /** Forgets a run's timers and pending writes (before it is deleted). */
  forget(runId: string): void
  /** Writes what is pending (checkpoints) and waits for the store. */
  flush(): Promise<void>
  /**
   * A file of a run could not be written (the store's onWriteError): the run's message says which files, where
   * and why, its view stops claiming a model file that is not on disk (the model stays exportable from memory),
   * run.json is rewritten to say so if it can be, and the first failure of a run sends an app:notice.
   */
  writeFailed(failure: WriteFailure): void
}

export interface LiveRunsOptions {
  store: RunStore
  emit: Emit
  info: (runId: string) => RunInfo | null
  appVersion: string
  /** Minimum time between two checkpoints of a run (default 1000 ms). */
  checkpointEveryMs?: number
  /** Minimum time between two boundaries of a run (default 250 ms). */
  boundaryEveryMs?: number
  /** Minimum time between two run:status events sent for new best epochs of a run (default 250 ms). */
  bestStatusEveryMs?: number
}

interface Pending {
  epoch: number
  params: WireParams
}

/** The latest work waiting for its turn, and when the last one ran and how long it took. */
interface Throttle {
  pending: Pending | null
  timer: NodeJS.Timeout | null
  lastAt: number
  costMs: number
}

const throttle = (): Throttle => ({ pending: null, timer: null, lastAt: -Infinity, costMs: 0 })

/** When a run's last best-epoch status went out, and the trailing one waiting for its turn. */
interface StatusThrottle {
  timer: NodeJS.Timeout | null
  lastAt: number
}

/**
 * Runs `run` now or when `t`'s turn comes: at least `everyMs` after the last run, and at least 20x the last
 * run's duration, so work on main's thread (a model file of a big network, a boundary) stays under ~5% of it.
 */
function schedule(t: Throttle, everyMs: number, run: () => void): void {
  if (t.timer) return
  const wait = t.lastAt + Math.max(everyMs, 20 * t.costMs) - performance.now()
  if (wait <= 0) run()
  else t.timer = setTimeout(run, wait)
}

export function createLiveRuns(o: LiveRunsOptions): LiveRuns {
  const extras = new Map<string, LiveExtras>()
  const boundaries = new Map<string, DecisionBoundary>()
  const checkpoints = new Map<string, Throttle>()
  const boundaryThrottles = new Map<string, Throttle>()
  const modelWritten = new Set<string>()
  const checkpointEveryMs = o.checkpointEveryMs ?? 1000
  const boundaryEveryMs = o.boundaryEveryMs ?? 250
  const bestStatusEveryMs = o.bestStatusEveryMs ?? 250
  const bestStatuses = new Map<string, StatusThrottle>()
  /** Runs with a best.json on disk (a failed checkpoint write leaves the previous one in place). */
  const checkpointOnDisk = new Set<string>()
  /** model.json text while its write is pending: kept in memory if the write fails. */
  const pendingModels = new Map<string, string>()
  /** Per run, the files that could not be written. */
  const failedFiles = new Map<string, Set<string>>()

  /**
   * A new best epoch changes the RunView's bestEpoch / bestMetrics: send it now, or once the run's turn comes.
   * The view is built when it is sent, so a trailing send carries every best epoch that came while it waited.
   */
  const onBestEpoch = (runId: string): void => {
    const t = bestStatuses.get(runId) ?? { timer: null, lastAt: -Infinity }
    bestStatuses.set(runId, t)
    if (t.timer) return
    const send = (): void => {
      t.timer = null
      t.lastAt = performance.now()
      const info = o.info(runId)
      const x = extras.get(runId)
      if (info && x) o.emit('run:status', liveView(info, x))
    }
    const wait = t.lastAt + bestStatusEveryMs - performance.now()
    if (wait <= 0) send()
    else t.timer = setTimeout(send, wait)
  }
  /** A status change sends the whole view anyway: a best-epoch status still waiting would only repeat it. */
  const cancelBestStatus = (runId: string): void => {
    const t = bestStatuses.get(runId)
    if (t?.timer) clearTimeout(t.timer)
    if (t) t.timer = null
  }

  const saveRecord = (info: RunInfo, x: LiveExtras): void => void o.store.saveRecord(liveRecord(info, x))

  const writeCheckpoint = (runId: string, t: Throttle): void => {
    const p = t.pending
    const info = o.info(runId)
    const x = extras.get(runId)
    t.pending = null
    t.timer = null
    if (!p || !info || !x) return
    const epoch = info.epochs.find((e) => e.epoch === p.epoch)
    const t0 = performance.now()
    try {
      const text = runModelText(wireToParams(p.params), info.config, x, { epochs: p.epoch, metrics: epoch?.metrics ?? null, backend: info.backend, seconds: epoch?.elapsedSeconds ?? null, appVersion: o.appVersion })
      x.hasCheckpoint = true
      void o.store.saveCheckpoint(runId, text).then((ok) => {
        if (ok) checkpointOnDisk.add(runId)
        else x.hasCheckpoint = checkpointOnDisk.has(runId)
      })
    } catch (err) {
      console.warn(`run ${runId}: no checkpoint for epoch ${p.epoch}: ${err instanceof Error ? err.message : String(err)}`)
    }
    t.lastAt = performance.now()
    t.costMs = t.lastAt - t0
  }

  const onBestParams = (runId: string, p: Pending): void => {
    const t = checkpoints.get(runId) ?? throttle()
    checkpoints.set(runId, t)
    t.pending = p
    schedule(t, checkpointEveryMs, () => writeCheckpoint(runId, t))
  }

  const computeBoundary = (runId: string, t: Throttle): void => {
    const p = t.pending
    const x = extras.get(runId)
    t.pending = null
    t.timer = null
    if (!p || !x?.boundaryGeometry) return
    const t0 = performance.now()
    try {
      const b = decisionBoundary(runId, p.epoch, wireToParams(p.params), x.boundaryGeometry)
      boundaries.set(runId, b)
      o.emit('run:boundary', b)
    } catch {
      // Outputs that overflow (a diverging run): no boundary for these weights; the run's status says why.
    }
    t.lastAt = performance.now()
    t.costMs = t.lastAt - t0
  }

  const onBoundaryParams = (runId: string, p: Pending, now = false): void => {
    const t = boundaryThrottles.get(runId) ?? throttle()
    boundaryThrottles.set(runId, t)
    t.pending = p
    if (now) {
      if (t.timer) clearTimeout(t.timer)
      computeBoundary(runId, t)
      return
    }
    schedule(t, boundaryEveryMs, () => computeBoundary(runId, t))
  }

  /** The run ended: its last checkpoint, then its model file, then its record (the store keeps this order). */
  const onEnded = (info: RunInfo, x: LiveExtras): void => {
    const t = checkpoints.get(info.id)
    if (t?.timer) clearTimeout(t.timer)
    if (t?.pending) writeCheckpoint(info.id, t)
    const result = info.result
    if (result && !modelWritten.has(info.id)) {
      modelWritten.add(info.id)
      try {
        const text = runModelText(wireToParams(result.params), info.config, x, {
          epochs: result.epochsRun,
          metrics: info.epochs.at(-1)?.metrics ?? null,
          testMetrics: result.testMetrics,
          backend: info.backend,
          seconds: result.seconds,
          appVersion: o.appVersion,
        })
        x.hasModel = true
        pendingModels.set(info.id, text)
        void o.store.saveModel(info.id, text).then((ok) => {
          if (!ok) x.hasModel = false
          pendingModels.delete(info.id)
        })
      } catch (err) {
        x.modelProblem = `No model file: ${err instanceof Error ? err.message : String(err)}`
      }
      if (x.boundaryGeometry) onBoundaryParams(info.id, { epoch: result.epochsRun, params: result.params }, true)
    }
  }

  return {
    register: (runId, x) => void extras.set(runId, x),
    extras: (runId) => extras.get(runId) ?? null,
    boundary: (runId) => boundaries.get(runId) ?? null,

    handle(event) {
      const info = o.info(event.runId)
      const x = extras.get(event.runId)
      if (!info || !x) return
      switch (event.type) {
        case 'status':
          if (info.status !== 'queued' && info.status !== 'running' && info.status !== 'paused') onEnded(info, x)
          saveRecord(info, x)
          cancelBestStatus(event.runId)
          o.emit('run:status', liveView(info, x))
          return
        case 'progress':
          o.emit('run:progress', { runId: event.runId, progress: event.progress })
          return
        case 'epoch': {
          const { params, ...epoch } = event.epoch
          o.store.appendEpoch(event.runId, epoch)
          o.emit('run:epoch', { runId: event.runId, epoch })
          if (epoch.best) onBestEpoch(event.runId)
          if (params && epoch.best) onBestParams(event.runId, { epoch: epoch.epoch, params })
          if (params && x.boundaryGeometry) onBoundaryParams(event.runId, { epoch: epoch.epoch, params })
          return
        }
        default:
          return // finished / failed: their status event carried the change
      }
    },

    writeFailed(f) {
      const info = o.info(f.runId)
      const x = extras.get(f.runId)
      if (!info || !x) return // not a run of this session (the store has warned)
      if (f.file === 'model.json') {
        x.hasModel = false
        x.unsavedModel = pendingModels.get(f.runId) ?? x.unsavedModel ?? null
      }
      if (f.file === 'best.json') x.hasCheckpoint = checkpointOnDisk.has(f.runId)
      const files = failedFiles.get(f.runId) ?? new Set<string>()
      const first = files.size === 0
      const grew = !files.has(f.file)
      files.add(f.file)
      failedFiles.set(f.runId, files)
      if (!grew) return // the same file failing again (metrics appends): already said
      const listed = [...files]
      const names = listed.length === 1 ? listed[0] : `${listed.slice(0, -1).join(', ')} and ${listed.at(-1)}`
      const rescue = x.unsavedModel ? ' Export the model now: it is kept in memory only until the app quits.' : ''
      x.saveProblem = `Not saved to disk: could not write ${names} in ${f.folder} (${f.reason}).${rescue}`
      if (first) {
        o.emit('app:notice', {
          level: 'error',
          message: `Run "${info.label}" could not be saved: writing ${f.file} in ${f.folder} failed (${f.reason}). It will be missing from the run history after the app quits.${rescue}`,
        })
      }
      // run.json written before the failure may claim a model file; rewrite it unless run.json itself failed.
      if (f.file !== 'run.json') saveRecord(info, x)
      cancelBestStatus(f.runId)
      o.emit('run:status', liveView(info, x))
    },

    forget(runId) {
      checkpointOnDisk.delete(runId)
      pendingModels.delete(runId)
      failedFiles.delete(runId)
      for (const t of [checkpoints.get(runId), boundaryThrottles.get(runId)]) if (t?.timer) clearTimeout(t.timer)
      cancelBestStatus(runId)
      bestStatuses.delete(runId)
      checkpoints.delete(runId)
      boundaryThrottles.delete(runId)
      boundaries.delete(runId)
      extras.delete(runId)
    },

    async flush() {
      for (const [runId, t] of checkpoints) {
        if (t.timer) clearTimeout(t.timer)
        if (t.pending) writeCheckpoint(runId, t)
      }
      for (const t of boundaryThrottles.values()) if (t.timer) clearTimeout(t.timer)
      for (const runId of bestStatuses.keys()) cancelBestStatus(runId)
      await o.store.flush()
    },
  }
}
