import type { ActivationName, Task } from '../../../shared/config'
import type { NetworkParams } from '../../engine/params'
import type { WireParams } from '../../training/protocol'
import type { Preprocessing } from '../../../shared/preprocessing'
import type { DatasetFingerprint, EpochMessage, MetricRecord, RunView } from '../../../shared/views'
import type { RunInfo } from '../../training/run-manager'
import type { HistoryRun, RunRecord } from '../../training/run-store'
import type { BoundaryGeometry } from './decision-boundary'

/**
 * What the run feature keeps about a run of this session beside the run manager's record (the dataset it
 * trained on and how that was encoded), and the two views of a run: RunView for the window and RunRecord for
 * run.json.
 */

export interface LiveExtras {
  datasetId: string
  fingerprint: DatasetFingerprint
  task: Task
  inputs: number
  outputs: number
  featureNames: string[]
  classLabels: string[] | null
  preprocessing: Preprocessing
  /** Up to 5 validation (else training) rows in the network's input space: the model file's reference pairs. */
  reference: { X: Float32Array; rows: number }
  /** Non-null for 2-input classification data. */
  boundaryGeometry: BoundaryGeometry | null
  /** model.json has been written. */
  hasModel: boolean
  /** best.json has been written (the fallback model of a run that ended without weights). */
  hasCheckpoint: boolean
  /** Set when writing the model file failed (shown as the run's message if it has none). */
  modelProblem: string | null
  /**
   * Set when a file of the run could not be written to disk (disk full, folder not writable): says which files,
   * where and why. Added to the run's message; the window also gets an app:notice.
   */
  saveProblem?: string | null
  /** The model file's text when model.json could not be written: exported from memory until the app quits. */
  unsavedModel?: string | null
  /** Training rows of the prepared data (one epoch's samples); unset when the creator of the extras did not say. */
  trainRows?: number
}

function bestOf(epochs: readonly EpochMessage[]): EpochMessage | null {
  for (let i = epochs.length - 1; i >= 0; i--) if (epochs[i].best) return epochs[i]
  return null
}

const ENDED: readonly string[] = ['completed', 'early-stopped', 'stopped', 'failed', 'diverged']

/** What RunView and run.json both say about a run of this session. */
function shared(info: RunInfo, x: LiveExtras) {
  return {
    id: info.id,
    label: info.label,
    groupId: info.groupId,
    datasetId: x.datasetId,
    dataset: x.fingerprint,
    config: info.config,
    status: info.status,
    message: [info.message ?? x.modelProblem, x.saveProblem].filter((m) => m).join('\n') || null,
    backend: info.backend,
    threads: info.threads,
    parameterCount: info.parameterCount,
    warnings: info.warnings,
    queuedAt: info.queuedAt,
    startedAt: info.startedAt,
    endedAt: info.endedAt,
  }
}

/** The window's view of a run of this session. */
export function liveView(info: RunInfo, x: LiveExtras): RunView {
  const last = info.epochs.at(-1) ?? null
  const best = bestOf(info.epochs)
  return {
    ...shared(info, x),
    epochCount: info.epochs.length,
    bestEpoch: best?.epoch ?? null,
    lastMetrics: last?.metrics ?? null,
    bestMetrics: best?.metrics ?? null,
    testMetrics: info.result?.testMetrics ?? null,
    lastProgress: info.lastProgress,
    seconds: info.result?.seconds ?? null,
    samplesPerSecond: last?.samplesPerSecond ?? info.lastProgress?.samplesPerSecond ?? null,
    fromHistory: false,
    // A model whose file could not be written is still exported from memory (RunLookup.modelText).
    hasModel: x.hasModel || !!x.unsavedModel || (ENDED.includes(info.status) && x.hasCheckpoint),
    trainRows: x.trainRows ?? null,
  }
}

/** run.json for a run of this session. */
export function liveRecord(info: RunInfo, x: LiveExtras): RunRecord {
  return {
    version: 1,
    ...shared(info, x),
    task: x.task,
    inputs: x.inputs,
    outputs: x.outputs,
    featureNames: x.featureNames,
    classLabels: x.classLabels,
    testMetrics: info.result?.testMetrics ?? null,
    confusion: info.result?.confusion ?? null,
    seconds: info.result?.seconds ?? null,
    hasModel: x.hasModel,
    trainRows: x.trainRows ?? null,
  }
}

/** The window's view of a past run; `datasetId` is a loaded dataset with the same fingerprint, if any. */
export function historyView(h: HistoryRun, datasetId: string | null): RunView {
  const r = h.record
  return {
    id: r.id,
    label: r.label,
    groupId: r.groupId,
    datasetId,
    dataset: r.dataset,
    config: r.config,
    status: r.status,
    message: r.message,
    backend: r.backend,
    threads: r.threads,
    parameterCount: r.parameterCount,
    warnings: r.warnings,
    queuedAt: r.queuedAt,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    epochCount: h.epochCount,
    bestEpoch: h.bestEpoch,
    lastMetrics: h.last?.metrics ?? null,
    bestMetrics: h.best?.metrics ?? null,
    testMetrics: r.testMetrics,
    lastProgress: null,
    seconds: r.seconds,
    samplesPerSecond: h.last?.samplesPerSecond ?? null,
    fromHistory: true,
    hasModel: r.hasModel || h.hasCheckpoint,
    trainRows: r.trainRows ?? null,
  }
}

/** Same data: file, bytes, hash, target, roles and split seed all agree. */
export function sameData(a: DatasetFingerprint | null, b: DatasetFingerprint | null): boolean {
  if (!a || !b) return false
  return (
    a.sha256 === b.sha256 &&
    a.bytes === b.bytes &&
    a.target === b.target &&
    a.splitSeed === b.splitSeed &&
    JSON.stringify(sortKeys(a.roles)) === JSON.stringify(sortKeys(b.roles)) &&
    // The same shares and seed pick the same test rows; older records without them match on the rest.
    (a.split === undefined || b.split === undefined || JSON.stringify(a.split) === JSON.stringify(b.split)) &&
    JSON.stringify(sortKeys(a.types ?? {})) === JSON.stringify(sortKeys(b.types ?? {}))
  )
}

function sortKeys(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Finite metrics only (a model file's summary refuses NaN), at most 64. */
export function finiteMetrics(...records: (MetricRecord | null | undefined)[]): MetricRecord {
  const out: MetricRecord = {}
  for (const r of records) for (const [k, v] of Object.entries(r ?? {})) if (Number.isFinite(v) && Object.keys(out).length < 64) out[k] = v
  return out
}

/** Wire parameters as the engine's type; their activation names come from the trainer, which checked them. */
export function wireToParams(p: WireParams): NetworkParams<Float32Array> {
  return { sizes: p.sizes, activations: p.activations as ActivationName[], W: p.W, b: p.b }
}
