import type { DatasetOrigin, DatasetView, PreparedView } from '../../../shared/views'
import type { LoadedDataset } from '../../data/dataset'
import { DEFAULT_SPLIT, type PrepareOptions } from '../../data/prepare-options'
import type { PreparedDataset, PreparedSplit } from '../../data/prepared'
import type { DatasetSummary } from '../../data/summary'
import type { SplitData } from '../../training/protocol'
import type { DatasetEntry, DatasetRegistry } from '../dataset-registry'
import type { Fingerprint } from './worker-protocol'

/** The session's loaded datasets: ids, views, and the run manager's form of the prepared splits. */
export interface DatasetStore extends DatasetRegistry {
  /** A new id for a dataset about to be loaded (progress events name it before it exists). */
  nextId(): string
  /** Adds a dataset, or replaces the one with this id (read again with other choices): its old splits are retired. */
  add(id: string, parts: { name: string; origin: DatasetOrigin; loaded: LoadedDataset; prepared: PreparedDataset; summary: DatasetSummary; options: PrepareOptions; fingerprint: Fingerprint }): DatasetEntry
  /** Replaces the prepared form (after the user changed roles, scaling, split ...). */
  update(id: string, parts: { prepared: PreparedDataset; summary: DatasetSummary; options: PrepareOptions }): DatasetEntry
  remove(id: string): boolean
  /**
   * Calls `listener` with a preparation's RunDataset id once it is replaced (re-prepare) or its dataset closed,
   * so whoever shares copies of its splits (the run manager) can drop them.
   */
  onRetire(listener: (runDataId: string) => void): void
}

export function createDatasetStore(): DatasetStore {
  const entries = new Map<string, DatasetEntry>()
  const retireListeners: Array<(runDataId: string) => void> = []
  let next = 1
  let version = 1
  const retire = (entry: DatasetEntry | undefined): void => {
    if (entry) for (const l of retireListeners) l(entry.runData.id)
  }

  const build = (id: string, view: Omit<DatasetView, 'prepared' | 'summary' | 'options'>, loaded: LoadedDataset, prepared: PreparedDataset, summary: DatasetSummary, options: PrepareOptions): DatasetEntry => {
    const full: DatasetView = {
      ...view,
      summary,
      options,
      prepared: preparedView(prepared),
      fingerprint: {
        ...view.fingerprint,
        target: summary.target,
        roles: Object.fromEntries(summary.columnInfo.map((c) => [c.name, c.role])),
        splitSeed: options.seed ?? 1,
        split: options.split ?? DEFAULT_SPLIT,
        types: options.types ?? {},
      },
    }
    const entry: DatasetEntry = {
      view: full,
      loaded,
      prepared,
      runData: {
        // A new id per preparation: the run manager shares each id's splits once, so stale splits are never reused.
        id: `${id}#${version++}`,
        task: prepared.task,
        inputs: prepared.inputs,
        outputs: prepared.outputs,
        train: split(prepared.train),
        validation: prepared.validation.rows > 0 ? split(prepared.validation) : null,
        test: prepared.test.rows > 0 ? split(prepared.test) : null,
        ...(prepared.preprocessing.target.task === 'regression' ? { targetScale: prepared.preprocessing.target.scale } : {}),
      },
    }
    retire(entries.get(id))
    entries.set(id, entry)
    return entry
  }

  return {
    nextId: () => `ds-${next++}`,
    get(id) {
      const e = entries.get(id)
      if (!e) throw new Error(`No dataset "${id}" is loaded${entries.size ? ` (loaded: ${[...entries.keys()].join(', ')})` : ''}; open one first`)
      return e
    },
    list: () => [...entries.values()],
    add(id, p) {
      const view = { id, name: p.name, origin: p.origin, fingerprint: { name: p.name, bytes: p.fingerprint.bytes, sha256: p.fingerprint.sha256, target: '', roles: {}, splitSeed: 1 } }
      return build(id, view, p.loaded, p.prepared, p.summary, p.options)
    },
    update(id, p) {
      const old = this.get(id)
      return build(id, old.view, old.loaded, p.prepared, p.summary, p.options)
    },
    remove(id) {
      retire(entries.get(id))
      return entries.delete(id)
    },
    onRetire: (listener) => void retireListeners.push(listener),
  }
}

function split(s: PreparedSplit): SplitData {
  return { X: s.X, T: s.T, rows: s.rows }
}

export function preparedView(p: PreparedDataset): PreparedView {
  return {
    task: p.task,
    inputs: p.inputs,
    outputs: p.outputs,
    classLabels: p.classLabels ?? null,
    featureNames: p.featureNames,
    rows: { train: p.train.rows, validation: p.validation.rows, test: p.test.rows },
    warnings: p.warnings,
  }
}
