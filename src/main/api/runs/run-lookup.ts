import type { ExperimentConfig } from '../../../shared/config'
import type { EpochMessage, RunView } from '../../../shared/views'
import { loadModelFile } from '../../engine/model-file-io'
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

export interface RunLookup {
  isKnown(runId: string): boolean
  view(runId: string): RunView
  list(): RunView[]
  epochs(runId: string): Promise<EpochMessage[]>
  /** The run's final weights (live, or model.json from disk); throws when it has none. */
  model(runId: string): Promise<RunModel>
  /** The text of the run's model.json (after its pending writes); throws when it has none. */
  modelText(runId: string): Promise<string>
  /** `datasetId` if given, else the run's own dataset if still loaded, else a loaded one with the same fingerprint. */
  dataset(runId: string, datasetId?: string | null): DatasetEntry
  /** The history's record of a past run (null for a run of this session). */
  past(runId: string): HistoryRun | null
}

export function createRunLookup(d: { manager: RunManager; live: LiveRuns; history: Map<string, HistoryRun>; store: RunStore; datasets: DatasetRegistry }): RunLookup {
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

  return {
    isKnown: (runId) => liveOf(runId) !== null || d.history.has(runId),
    view,
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
      if (!d.history.has(runId)) throw unknown(runId)
      return d.store.readEpochs(runId)
    },
    async model(runId) {
      const l = liveOf(runId)
      if (l) {
        const r = l.info.result
        if (!r) throw new Error(`Run "${l.info.label}" has no trained model${l.info.status === 'failed' || l.info.status === 'diverged' ? `: it ${l.info.status}` : ` yet (it is ${l.info.status})`}`)
        return { params: wireToParams(r.params), preprocessing: l.x.preprocessing, config: l.info.config, epochs: r.epochsRun }
      }
      const h = d.history.get(runId)
      if (!h) throw unknown(runId)
      const text = h.record.hasModel ? await d.store.readModel(runId) : null
      if (text === null) throw new Error(`Run "${h.record.label}" has no model file on disk (it ended ${h.record.status})`)
      const m = loadModelFile(text, `${runId}/model.json`)
      return { params: m.params, preprocessing: m.preprocessing, config: m.config, epochs: m.summary.epochs }
    },
    async modelText(runId) {
      const l = liveOf(runId)
      if (l) {
        await d.store.flush(runId)
        const text = l.x.hasModel ? await d.store.readModel(runId) : null
        if (text !== null) return text
        if (l.x.modelProblem) throw new Error(`Run "${l.info.label}": ${l.x.modelProblem}`)
        throw new Error(`Run "${l.info.label}" has no model file${l.info.status === 'failed' || l.info.status === 'diverged' ? `: it ${l.info.status}` : ` yet (it is ${l.info.status})`}`)
      }
      const h = d.history.get(runId)
      if (!h) throw unknown(runId)
      const text = h.record.hasModel ? await d.store.readModel(runId) : null
      if (text === null) throw new Error(`Run "${h.record.label}" has no model file on disk (it ended ${h.record.status})`)
      return text
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
