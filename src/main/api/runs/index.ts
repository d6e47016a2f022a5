import { join } from 'node:path'
import { parameterCount, type ExperimentConfig } from '../../../shared/config'
import type { GroupVary } from '../../../shared/runs'
import type { DamagedRunView, RunView } from '../../../shared/views'
import { createRunManager, type EpochParams, type RunEvent } from '../../training/run-manager'
import { createRunStore, type DamagedRun, type HistoryRun, type HistoryScan, type RunStore, type WriteFailure } from '../../training/run-store'
import { loadModelFile } from '../../engine/model-file-io'
import type { WireParams } from '../../training/protocol'
import type { HandlerTable } from '../commands'
import type { AppEnvironment } from '../context'
import type { DatasetEntry, DatasetRegistry } from '../dataset-registry'
import { boundaryGeometry, decisionBoundary, type BoundaryGeometry } from './decision-boundary'
import { evaluateNetwork } from './evaluation'
import { createExportHandlers, type ExportChannels } from './export-handlers'
import { createLiveRuns } from './live-runs'
import { compatibility, evaluationData } from './model-inputs'
import { createModelRegistry, type ImportedModel, type ModelRegistry } from './models'
import { createRunLookup, type RunLookup } from './run-lookup'
import type { LiveExtras } from './run-record'
import * as s from './schemas'

/**
 * Runs over IPC: start, compare, pause/resume/stop, delete, list (this session's and past ones from disk),
 * epochs, evaluation and decision boundaries; export of model files, metrics and chart images; import of model
 * files (list, compatibility, evaluation, initial weights of a new run).
 */

export type RunChannels =
  | 'run:start'
  | 'run:compare'
  | 'run:pause'
  | 'run:resume'
  | 'run:stop'
  | 'run:delete'
  | 'run:list'
  | 'run:damaged'
  | 'run:epochs'
  | 'run:evaluate'
  | 'run:boundary'
  | ExportChannels

export interface RunFeatureOptions {
  /** Written into model files (default 'unknown'; main passes app.getVersion()). */
  appVersion?: string
  /** Minimum time between two best.json writes of a run (default 1000 ms). */
  checkpointEveryMs?: number
}

/** Networks up to this many parameters send every epoch's weights (for live decision boundaries). */
export const LIVE_BOUNDARY_MAX_PARAMETERS = 50_000

/** What the run feature gives the app. */
export interface RunFeature {
  handlers: HandlerTable<RunChannels>
  /** Writes what is pending (checkpoints, metrics), then ends the training threads. */
  dispose(): Promise<void>
  /** Runs of this session and past ones: views, epochs, model files (for other features, e.g. exporters). */
  runs: RunLookup
  /** Imported models (for other importers, e.g. TensorFlow.js: `models.add(name, loadedModel)`). */
  models: ModelRegistry
  /** Drops the run manager's shared copy of a dataset's splits (by RunDataset id); runs already started keep theirs. */
  releaseDataset(runDataId: string): void
}

/**
 * The run feature: reads the run history under `<userDataDir>/runs` (unfinished runs become 'interrupted'),
 * then answers the run, export and model channels. `dispose` writes what is pending and ends the workers.
 */
export async function createRunFeature(
  env: AppEnvironment,
  datasets: DatasetRegistry,
  options: RunFeatureOptions = {},
): Promise<RunFeature> {
  // A write that fails (disk full, folder not writable) is told to the run's view and the window once live
  // runs exist; before that (rewriting interrupted runs at start) the store's warning is all there is.
  let writeFailed: (f: WriteFailure) => void = () => {}
  const store = createRunStore(join(env.userDataDir, 'runs'), { onWriteError: (f) => writeFailed(f) })
  const scanned = await loadHistory(store)
  const history = new Map<string, HistoryRun>(scanned.runs.map((h) => [h.record.id, h]))
  const damaged = new Map<string, DamagedRunView>((await Promise.all(scanned.damaged.map((d) => damagedView(store, d)))).map((v) => [v.id, v]))
  const models = createModelRegistry()
  // Set while the manager is queueing runs: its first events for them arrive before start() returns.
  let starting: LiveExtras | null = null
  const onEvent = (e: RunEvent): void => {
    if (starting && !live.extras(e.runId)) live.register(e.runId, { ...starting })
    live.handle(e)
  }
  const manager = createRunManager({ workerEntry: env.trainingWorker, concurrency: env.concurrency, onEvent })
  const live = createLiveRuns({ store, emit: env.emit, info: (id) => manager.get(id), appVersion: options.appVersion ?? 'unknown', checkpointEveryMs: options.checkpointEveryMs })
  const runs = createRunLookup({ manager, live, history, damaged, store, datasets })
  writeFailed = (f) => live.writeFailed(f)

  const geometries = new WeakMap<object, BoundaryGeometry | null>()
  const extrasFor = (entry: DatasetEntry): LiveExtras => {
    const p = entry.prepared
    if (!geometries.has(p)) geometries.set(p, p.task === 'classification' && p.inputs === 2 ? boundaryGeometry(p.preprocessing, p.train, p.classLabels ?? []) : null)
    const ref = p.validation.rows > 0 ? p.validation : p.train
    const rows = Math.min(5, ref.rows)
    return {
      datasetId: entry.view.id,
      fingerprint: entry.view.fingerprint,
      task: p.task,
      inputs: p.inputs,
      outputs: p.outputs,
      featureNames: p.featureNames,
      classLabels: p.classLabels ?? null,
      preprocessing: p.preprocessing,
      reference: { X: ref.X.slice(0, rows * p.inputs), rows },
      trainRows: p.train.rows,
      boundaryGeometry: geometries.get(p) ?? null,
      hasModel: false,
      hasCheckpoint: false,
      modelProblem: null,
    }
  }

  /** 'every' epoch's weights for small networks on boundary data; else only the best ones (checkpoints). */
  const epochParamsFor = (x: LiveExtras, configs: ExperimentConfig[]): EpochParams => {
    const largest = Math.max(...configs.map((c) => parameterCount([x.inputs, ...c.model.hidden.map((h) => h.units), x.outputs])))
    return x.boundaryGeometry && largest <= LIVE_BOUNDARY_MAX_PARAMETERS ? 'every' : 'best'
  }

  const queue = <T>(x: LiveExtras, start: () => T): T => {
    starting = x
    try {
      return start()
    } finally {
      starting = null
    }
  }

  const initialWeights = (m: ImportedModel, entry: DatasetEntry, config: ExperimentConfig): WireParams => {
    const fit = compatibility(m.model, entry)
    if (!fit.ok) throw new Error(`Cannot start from "${m.view.name}": ${fit.message}`)
    const { sizes, activations, W, b } = m.model.params
    const want = [entry.prepared.inputs, ...config.model.hidden.map((h) => h.units), entry.prepared.outputs]
    const acts = [...config.model.hidden.map((h) => h.activation), config.model.output]
    if (sizes.join('-') !== want.join('-')) throw new Error(`Cannot start from "${m.view.name}": it is a ${sizes.join('-')} network, but the config and data make ${want.join('-')}; use the model's layers (${sizes.slice(1, -1).join(', ') || 'none'})`)
    if (activations.join(',') !== acts.join(',')) throw new Error(`Cannot start from "${m.view.name}": its activations are ${activations.join(', ')}, but the config says ${acts.join(', ')}`)
    return { sizes: [...sizes], activations: [...activations], W: W.map((w) => w.slice()), b: b.map((v) => v.slice()) }
  }

  /** The configs of a group that can differ in size (only 'layers' changes the parameter count). */
  const groupConfigs = (base: ExperimentConfig, vary: GroupVary): ExperimentConfig[] =>
    vary.setting === 'layers' ? vary.values.map((hidden) => ({ ...base, model: { ...base.model, hidden } })) : [base]

  const handlers: HandlerTable<RunChannels> = {
    'run:start': {
      schema: s.startArgs,
      run: ({ datasetId, config, initialModelId, label }) => {
        const entry = datasets.get(datasetId)
        const initialParams = initialModelId ? initialWeights(models.get(initialModelId), entry, config) : null
        const x = extrasFor(entry)
        const name = label?.trim() || undefined // an empty label means "none": the run is named by its id
        const id = queue(x, () => manager.start({ dataset: entry.runData, config, initialParams, label: name, epochParams: epochParamsFor(x, [config]) }))
        return runs.view(id)
      },
    },
    'run:compare': {
      schema: s.compareArgs,
      run: ({ datasetId, base, vary, seeds }) => {
        const entry = datasets.get(datasetId)
        const x = extrasFor(entry)
        const group = queue(x, () => manager.startGroup({ dataset: entry.runData, base, vary, seeds, epochParams: epochParamsFor(x, groupConfigs(base, vary)) }))
        return { groupId: group.groupId, runs: group.runIds.map((id) => runs.view(id)) }
      },
    },
    'run:pause': { schema: s.runIdArgs, run: (id) => manager.pause(id) },
    'run:resume': { schema: s.runIdArgs, run: (id) => manager.resume(id) },
    'run:stop': { schema: s.runIdArgs, run: (id) => manager.stop(id) },
    'run:delete': {
      schema: s.runIdArgs,
      run: async (id) => {
        if (damaged.has(id)) {
          await store.remove(id)
          damaged.delete(id)
          env.emit('run:deleted', { runId: id })
          return true
        }
        if (!runs.isKnown(id)) return false
        live.forget(id)
        await manager.delete(id)
        history.delete(id)
        await store.remove(id)
        env.emit('run:deleted', { runId: id })
        return true
      },
    },
    'run:list': { schema: s.noArgs, run: (): RunView[] => runs.list() },
    'run:damaged': { schema: s.noArgs, run: (): DamagedRunView[] => [...damaged.values()] },
    'run:epochs': { schema: s.runIdArgs, run: async (id) => ({ runId: id, epochs: await runs.epochs(id) }) },
    'run:evaluate': {
      schema: s.evaluateArgs,
      run: async (id, datasetId) => {
        const model = await runs.model(id)
        return evaluateNetwork(model.params, evaluationData(model, runs.dataset(id, datasetId)))
      },
    },
    'run:boundary': {
      schema: s.runIdArgs,
      run: async (id) => {
        const latest = live.boundary(id)
        if (latest) return latest
        // A past run: draw it from its model file when its data is loaded again.
        const past = runs.past(id)
        if (!(past?.record.hasModel || past?.hasCheckpoint) || past.record.task !== 'classification' || past.record.inputs !== 2) return null
        let entry: DatasetEntry
        try {
          entry = runs.dataset(id)
        } catch {
          return null
        }
        const p = entry.prepared
        const model = await runs.model(id)
        const g = boundaryGeometry(p.preprocessing, p.train, p.classLabels ?? [], model.preprocessing)
        if (!g) return null
        return decisionBoundary(id, model.epochs, model.params, g)
      },
    },
    ...createExportHandlers({ env, datasets, runs, models }),
  }

  return {
    handlers,
    runs,
    models,
    releaseDataset: (runDataId) => manager.releaseDataset(runDataId),
    async dispose() {
      await live.flush()
      await manager.dispose()
      await store.flush()
    },
  }
}

/** The history, or none when the runs folder cannot be read at all (the app starts anyway, and says why). */
async function loadHistory(store: RunStore): Promise<HistoryScan> {
  try {
    return await store.scan()
  } catch (err) {
    console.warn(`run history: cannot read ${store.root} (${err instanceof Error ? err.message : String(err)}); starting without past runs`)
    return { runs: [], damaged: [] }
  }
}

/**
 * A damaged run as the window sees it: its model.json, else its best.json, is read with the model-file reader
 * (weights reproduce their reference rows) before it is offered for export; a file that fails says why.
 */
async function damagedView(store: RunStore, d: DamagedRun): Promise<DamagedRunView> {
  let modelFile: DamagedRunView['modelFile'] = null
  const problems: string[] = []
  for (const [file, read] of [['model.json', store.readModel], ['best.json', store.readCheckpoint]] as const) {
    if (!(file === 'model.json' ? d.hasModel : d.hasCheckpoint)) continue
    try {
      const text = await read(d.id)
      if (text === null) continue
      loadModelFile(text, `${d.id}/${file}`)
      modelFile = file
      break
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err))
    }
  }
  return {
    id: d.id,
    folder: d.folder,
    problem: d.problem,
    epochCount: d.epochCount,
    lastMetrics: d.last?.metrics ?? null,
    bestMetrics: d.best?.metrics ?? null,
    modelFile,
    modelProblem: problems.length ? problems.join('; ') : null,
  }
}
