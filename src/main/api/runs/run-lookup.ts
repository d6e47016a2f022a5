import type { ExperimentConfig } from '../../../shared/config'
import type { DamagedRunView, EpochMessage, RunView } from '../../../shared/views'
import { join } from 'node:path'
import { loadModelFile, type LoadedModel } from '../../engine/model-file-io'
import type { NetworkParams } from '../../engine/params'
import type { Preprocessing } from '../../../shared/preprocessing'
import type { RunManager } from '../../training/run-manager'
import type { HistoryRun, RunStore } from '../../training/run-store'
import type { DatasetEntry, DatasetRegistry } from '../dataset-registry'
import type { LiveRuns } from './live-runs'
import { historyView, liveView, sameData, wireToParams } from './run-record'

/**
 * Finding a run wherever it lives — this session's run manager or the history read from disk — with its
 * view, epochs, model and dataset. Every "not found" is an Error for people naming the run.
 */

export interface RunModel {
  params: NetworkParams
  preprocessing: Preprocessing | null
  config: ExperimentConfig | null
  /** Epochs the weights were trained for. */
  epochs: number
}

/** A run's model file text and where it came from (a path, or the in-memory copy of an unsaved model). */
export interface ModelSource {
  text: string
  file: string
}

export interface CheckedModel extends ModelSource {
  model: LoadedModel
}

export interface RunLookup {
  isKnown(runId: string): boolean
  view(runId: string): RunView
  /** The run's label as a file name's stem: its view's label, or "<id> (damaged)" for a damaged run. */
  label(runId: string): string
  list(): RunView[]
  epochs(runId: string): Promise<EpochMessage[]>
  /** The run's final weights (live, or model.json from disk, else its best checkpoint); throws when it has none. */
  model(runId: string): Promise<RunModel>
  /** The text of the run's model.json, or its best.json when it ended without one; throws when it has neither. */
  modelText(runId: string): Promise<string>
  /**
   * modelText read with the model-file reader (fields, shapes, finite weights, reference rows reproduced): a
   * damaged file is refused with a message naming it and what is wrong. What every export starts from.
   */
  checkedModel(runId: string): Promise<CheckedModel>
  /** `datasetId` if given, else the run's own dataset if still loaded, else a loaded one with the same fingerprint. */
  dataset(runId: string, datasetId?: string | null): DatasetEntry
  /** The history's record of a past run (null for a run of this session). */
  past(runId: string): HistoryRun | null
}

export function createRunLookup(d: {
  manager: RunManager
  live: LiveRuns
  history: Map<string, HistoryRun>
  /** Run folders whose run.json cannot be read (their metrics and model file can still be read). */
  damaged?: Map<string, DamagedRunView>
  store: RunStore
  datasets: DatasetRegistry
}): RunLookup {
  const damagedOf = (runId: string): DamagedRunView | null => (liveOf(runId) || d.history.has(runId) ? null : (d.damaged?.get(runId) ?? null))
  const liveOf = (runId: string) => {
    const info = d.manager.get(runId)
    const x = info ? d.live.extras(runId) : null
    return info && x ? { info, x } : null
  }
  const unknown = (runId: string): Error => new Error(`No run "${runId}" (it may have been deleted)`)
  const matching = (fp: RunView['dataset']): DatasetEntry | null => d.datasets.list().find((e) => sameData(e.view.fingerprint, fp)) ?? null

  const view = (runId: string): RunView => {
    const l = liveOf(runId)
    if (l) return liveView(l.info, l.x)
    const h = d.history.get(runId)
    if (!h) throw unknown(runId)
    return historyView(h, matching(h.record.dataset)?.view.id ?? null)
  }

  /**
   * model.json; for a run that ended without one (failed, diverged, interrupted) its best.json, the best weights
   * it reached. A live run's pending writes land first.
   */
  const modelSource = async (runId: string): Promise<ModelSource> => {
    const fileOf = (name: string): string => join(d.store.root, runId, name)
    const broken = damagedOf(runId)
    if (broken) {
      // Only a file the model-file reader accepted when the history was read (index.ts damagedView).
      const text = broken.modelFile === 'model.json' ? await d.store.readModel(runId) : broken.modelFile === 'best.json' ? await d.store.readCheckpoint(runId) : null
      if (text !== null && broken.modelFile) return { text, file: fileOf(broken.modelFile) }
      throw new Error(`Run ${runId} is damaged (${broken.problem}) and has no usable model file${broken.modelProblem ? `: ${broken.modelProblem}` : ''}`)
    }
    const l = liveOf(runId)
    const h = l ? null : d.history.get(runId)
    if (!l && !h) throw unknown(runId)
    if (l) await d.store.flush(runId)
    const ended = l ? !['queued', 'running', 'paused'].includes(l.info.status) : true
    const hasModel = l ? l.x.hasModel : h!.record.hasModel
    const hasCheckpoint = ended && (l ? l.x.hasCheckpoint : h!.hasCheckpoint)
    // A model whose file could not be written is kept in memory (live-runs.ts writeFailed): nothing is lost.
    const unsaved = l?.x.unsavedModel ?? null
    if (hasModel) {
      const text = await d.store.readModel(runId)
      if (text !== null) return { text, file: fileOf('model.json') }
    } else if (unsaved !== null) return { text: unsaved, file: `the model of run "${l!.info.label}" kept in memory` }
    else if (hasCheckpoint) {
      const text = await d.store.readCheckpoint(runId)
      if (text !== null) return { text, file: fileOf('best.json') }
    }
    const label = l ? l.info.label : h!.record.label
    const status = l ? l.info.status : h!.record.status
    if (l?.x.modelProblem) throw new Error(`Run "${label}": ${l.x.modelProblem}`)
    if (!ended) throw new Error(`Run "${label}" has no model file yet (it is ${status})`)
    throw new Error(`Run "${label}" has no model file${status === 'failed' || status === 'diverged' || status === 'interrupted' ? `: it ${status} before a best epoch was saved` : ''}`)
  }

  const checkedModel = async (runId: string): Promise<CheckedModel> => {
    const source = await modelSource(runId)
    try {
      return { ...source, model: loadModelFile(source.text, source.file) }
    } catch (err) {
      // The reader's message names the file, the field and what is wrong.
      throw new Error(`Cannot use the model of run "${label(runId)}": ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  const label = (runId: string): string => (damagedOf(runId) ? `${runId} (damaged)` : view(runId).label)

  return {
    isKnown: (runId) => liveOf(runId) !== null || d.history.has(runId),
    view,
    label,
    modelText: async (runId) => (await modelSource(runId)).text,
    checkedModel,
    list() {
      const past = [...d.history.keys()].map(view)
      const now = d.manager.list().flatMap((info) => {
        const x = d.live.extras(info.id)
        return x ? [liveView(info, x)] : []
      })
      return [...past, ...now]
    },
    async epochs(runId) {
      const l = liveOf(runId)
      if (l) return [...l.info.epochs]
      if (!d.history.has(runId) && !damagedOf(runId)) throw unknown(runId)
      return d.store.readEpochs(runId)
    },
    async model(runId) {
      const l = liveOf(runId)
      const r = l?.info.result
      if (l && r) return { params: wireToParams(r.params), preprocessing: l.x.preprocessing, config: l.info.config, epochs: r.epochsRun }
      // No final weights in memory: the model file on disk, or the best checkpoint of a run cut short.
      const m = (await checkedModel(runId)).model
      return { params: m.params, preprocessing: m.preprocessing, config: m.config, epochs: m.summary.epochs }
    },
    dataset(runId, datasetId) {
      if (datasetId) return d.datasets.get(datasetId)
      const l = liveOf(runId)
      const fp = l ? l.x.fingerprint : d.history.get(runId)?.record.dataset
      if (fp === undefined) throw unknown(runId)
      if (l) {
        const own = d.datasets.list().find((e) => e.view.id === l.x.datasetId)
        if (own) return own
      }
      const found = matching(fp)
      if (!found) throw new Error(`The data run "${view(runId).label}" trained on${fp ? ` (${fp.name})` : ''} is not loaded; open it, or choose a loaded dataset to evaluate on`)
      return found
    },
    past: (runId) => (liveOf(runId) ? null : (d.history.get(runId) ?? null)),
  }
}
