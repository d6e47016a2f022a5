import { computed, onScopeDispose, ref, shallowRef, triggerRef } from 'vue'
import type { ComputedRef, Ref, ShallowRef } from 'vue'
import type { Api, DamagedRunView, DatasetView, DecisionBoundary, EpochMessage, GroupVary, ProgressMessage, RunView } from '../../../shared/ipc'
import type { ExperimentConfig } from '../../../shared/config'
import { useRunHistory } from '../composables/useRunHistory'
import type { RunHistoryStore } from '../composables/useRunHistory'
import { callApi } from './api-call'
import { createFrameBatch } from './frame-batch'
import { runLabel } from '../runs/run-label'
import type { Notices } from './notices'

export interface RunsState {
  /** Every run (this session's and past ones from disk), in the order first seen. */
  list: Readonly<ShallowRef<readonly RunView[]>>
  /** Run folders on disk whose run.json cannot be read, with what they still hold (read by refresh). */
  damaged: Readonly<ShallowRef<readonly DamagedRunView[]>>
  byId: ComputedRef<ReadonlyMap<string, RunView>>
  /** Stable palette index per run id (first seen first), the same in every chart and table. */
  colorIndex: (runId: string) => number
  /** Epoch series per run for the charts (flushed once per animation frame). */
  history: RunHistoryStore
  /** Latest batch progress per run (flushed once per animation frame). */
  progress: Readonly<ShallowRef<ReadonlyMap<string, ProgressMessage>>>
  /** Latest decision boundary per run. */
  boundaries: Readonly<ShallowRef<ReadonlyMap<string, DecisionBoundary>>>
  /** Runs the user ticked in a runs table (overlaid in the charts, exported together). */
  selected: Ref<string[]>
  /** The run the Runs and Evaluate views follow (the last one started, or picked). */
  focusId: Ref<string | null>
  start: (datasetId: string, config: ExperimentConfig, initialModelId?: string | null) => Promise<RunView | null>
  compare: (datasetId: string, base: ExperimentConfig, vary: GroupVary, seeds: number) => Promise<{ groupId: string; runs: RunView[] } | null>
  pause: (runId: string) => Promise<void>
  resume: (runId: string) => Promise<void>
  stop: (runId: string) => Promise<void>
  remove: (runId: string) => Promise<void>
  /** Reads main's run list (live runs and runs from disk) and the damaged run folders. */
  refresh: () => Promise<void>
  /** Loads the epochs of runs whose curves are not here yet (history runs, runs started before a reload). */
  ensureEpochs: (runIds: readonly string[]) => Promise<void>
  /**
   * The run's record with what the epoch stream has brought since its last status change: epochs done and the
   * last epoch's metrics (main sends a new record on status changes, epochs in between).
   */
  current: (run: RunView) => RunView
  /** Keeps a boundary fetched with run:boundary unless the stream already brought a newer one. */
  setBoundary: (boundary: DecisionBoundary) => void
  /** Applies pending streamed events now. */
  flush: () => void
}

/** A run has stopped changing. */
export function isFinished(run: RunView): boolean {
  return !['queued', 'running', 'paused'].includes(run.status)
}

/**
 * Runs and their live data. Subscribes to run:status / run:progress / run:epoch / run:boundary / run:deleted;
 * streamed events are buffered and applied at most once per animation frame (never one chart update per batch
 * or per epoch). Epoch series live in shallow refs, mutated in place. `datasets` gives training rows for the
 * samples-seen axis.
 */
export function useRuns(api: Api, notices: Notices, datasets: () => readonly DatasetView[]): RunsState {
  const list = shallowRef<readonly RunView[]>([])
  const damaged = shallowRef<readonly DamagedRunView[]>([])
  const byId = computed(() => new Map(list.value.map((r) => [r.id, r])))
  const colors = new Map<string, number>()
  const history = useRunHistory()
  const progress = shallowRef(new Map<string, ProgressMessage>())
  const boundaries = shallowRef(new Map<string, DecisionBoundary>())
  const selected = ref<string[]>([])
  const focusId = ref<string | null>(null)
  /** Runs whose epochs were loaded (or are streaming since their start), so ensureEpochs skips them. */
  const epochsKnown = new Set<string>()

  function colorIndex(runId: string): number {
    let i = colors.get(runId)
    if (i === undefined) {
      i = colors.size
      colors.set(runId, i)
    }
    return i
  }

  /**
   * One epoch's training samples: main's exact count for the run (RunView.trainRows), else its loaded dataset's,
   * else estimated from the batch progress (runs stored before trainRows was recorded).
   */
  function samplesPerEpoch(runId: string): number {
    const run = byId.value.get(runId)
    if (run?.trainRows) return run.trainRows
    const ds = run?.datasetId ? datasets().find((d) => d.id === run.datasetId) : undefined
    if (ds) return ds.prepared.rows.train
    const p = progress.value.get(runId) ?? run?.lastProgress
    return p && p.epoch > 0 && p.batches > 0 ? p.samplesSeen / (p.epoch - 1 + p.batch / p.batches) : NaN
  }

  function upsert(views: readonly RunView[]): void {
    if (views.length === 0) return
    const next = [...list.value]
    for (const v of views) {
      colorIndex(v.id)
      const i = next.findIndex((r) => r.id === v.id)
      if (i === -1) next.push(v)
      else next[i] = v
    }
    list.value = next
  }

  function forget(runId: string): void {
    list.value = list.value.filter((r) => r.id !== runId)
    if (damaged.value.some((d) => d.id === runId)) damaged.value = damaged.value.filter((d) => d.id !== runId)
    history.remove(runId)
    epochsKnown.delete(runId)
    selected.value = selected.value.filter((id) => id !== runId)
    if (focusId.value === runId) focusId.value = list.value.at(-1)?.id ?? null
    if (progress.value.delete(runId)) triggerRef(progress)
    if (boundaries.value.delete(runId)) triggerRef(boundaries)
  }

  type Streamed =
    | { kind: 'status'; run: RunView }
    | { kind: 'progress'; runId: string; progress: ProgressMessage }
    | { kind: 'epoch'; runId: string; epoch: EpochMessage }
    | { kind: 'boundary'; boundary: DecisionBoundary }

  const batch = createFrameBatch<Streamed>((items) => {
    const statuses: RunView[] = []
    let progressChanged = false
    let boundaryChanged = false
    const epochs: Array<{ runId: string; epoch: EpochMessage; samplesPerEpoch: number }> = []
    for (const item of items) {
      if (item.kind === 'status') statuses.push(item.run)
      else if (item.kind === 'progress') {
        progress.value.set(item.runId, item.progress)
        progressChanged = true
      } else if (item.kind === 'boundary') {
        boundaries.value.set(item.boundary.runId, item.boundary)
        boundaryChanged = true
      }
    }
    upsert(statuses)
    for (const item of items) {
      if (item.kind !== 'epoch') continue
      const h = history.histories.value.get(item.runId)
      // An epoch already present (loaded by run:epochs while events were in flight) is not added twice.
      if (h && h.epochs.length > 0 && h.epochs[h.epochs.length - 1] >= item.epoch.epoch) continue
      epochs.push({ runId: item.runId, epoch: item.epoch, samplesPerEpoch: samplesPerEpoch(item.runId) })
    }
    history.addEpochs(epochs)
    if (progressChanged) triggerRef(progress)
    if (boundaryChanged) triggerRef(boundaries)
  })

  const offs = [
    api.on('run:status', (run) => batch.push({ kind: 'status', run })),
    api.on('run:progress', (p) => batch.push({ kind: 'progress', runId: p.runId, progress: p.progress })),
    api.on('run:epoch', (e) => {
      // A run that streams from its first epoch needs no reload of its epochs.
      if (e.epoch.epoch === 1) epochsKnown.add(e.runId)
      batch.push({ kind: 'epoch', runId: e.runId, epoch: e.epoch })
    }),
    api.on('run:boundary', (b) => batch.push({ kind: 'boundary', boundary: b })),
    api.on('run:deleted', ({ runId }) => {
      batch.flush()
      forget(runId)
    }),
  ]
  onScopeDispose(() => {
    for (const off of offs) off()
    batch.dispose()
  })

  function started(views: RunView[]): void {
    for (const v of views) epochsKnown.add(v.id)
    upsert(views)
  }

  async function control(channel: 'run:pause' | 'run:resume' | 'run:stop', verb: string, runId: string): Promise<void> {
    await callApi(api, notices, `Could not ${verb} the run`, channel, runId)
  }

  return {
    list,
    damaged,
    byId,
    colorIndex,
    history,
    progress,
    boundaries,
    selected,
    focusId,
    async start(datasetId, config, initialModelId = null) {
      const label = runLabel(list.value.filter((r) => !r.fromHistory).length + 1, config) + (initialModelId ? ' · from model' : '')
      const run = await callApi(api, notices, 'Could not start the run', 'run:start', { datasetId, config, initialModelId, label })
      if (!run) return null
      started([run])
      focusId.value = run.id
      return run
    },
    async compare(datasetId, base, vary, seeds) {
      const group = await callApi(api, notices, 'Could not start the comparison', 'run:compare', { datasetId, base, vary, seeds })
      if (!group) return null
      started(group.runs)
      selected.value = group.runs.map((r) => r.id)
      focusId.value = group.runs[0]?.id ?? focusId.value
      return group
    },
    pause: (id) => control('run:pause', 'pause', id),
    resume: (id) => control('run:resume', 'resume', id),
    stop: (id) => control('run:stop', 'stop', id),
    async remove(runId) {
      const ok = await callApi(api, notices, 'Could not delete the run', 'run:delete', runId)
      if (ok !== null) forget(runId)
    },
    async refresh() {
      const [runs, broken] = await Promise.all([
        callApi(api, notices, 'Could not list the runs', 'run:list'),
        callApi(api, notices, 'Could not list the damaged runs', 'run:damaged'),
      ])
      if (broken) damaged.value = broken
      if (!runs) return
      upsert(runs)
      if (focusId.value === null) focusId.value = runs.at(-1)?.id ?? null
    },
    async ensureEpochs(runIds) {
      const wanted = runIds.filter((id) => !epochsKnown.has(id) && (byId.value.get(id)?.epochCount ?? 0) > 0)
      for (const id of wanted) epochsKnown.add(id)
      await Promise.all(
        wanted.map(async (id) => {
          const result = await callApi(api, notices, 'Could not load the run’s epochs', 'run:epochs', id)
          if (!result) {
            epochsKnown.delete(id)
            return
          }
          batch.flush()
          history.replace(id, result.epochs, samplesPerEpoch(id))
        }),
      )
    },
    current(run) {
      const h = history.histories.value.get(run.id)
      const last = h ? h.epochs.length - 1 : -1
      if (!h || last < 0 || h.epochs[last] <= run.epochCount) return run
      const metrics: Record<string, number> = {}
      for (const [name, column] of Object.entries(h.metrics)) if (Number.isFinite(column[last])) metrics[name] = column[last]
      return { ...run, epochCount: h.epochs[last], lastMetrics: metrics }
    },
    setBoundary(b) {
      const have = boundaries.value.get(b.runId)
      if (have && have.epoch >= b.epoch) return
      boundaries.value.set(b.runId, b)
      triggerRef(boundaries)
    },
    flush: batch.flush,
  }
}
