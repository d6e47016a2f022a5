/**
 * What crosses IPC from main to the renderer: summaries, run records and evaluation results. Plain JSON (no typed
 * arrays, no functions); heavy data (dataset rows, weights) stays in main and the worker.
 */
import type { ReadOptions } from './read-options'
import type { ExperimentConfig, Task } from './config'
import type { DatasetSummary } from '../main/data/summary'
import type { PrepareOptions } from '../main/data/prepare-options'
import type { ExampleName } from '../main/data/examples'
import type { GradientCheckResult } from '../main/engine/gradcheck'
import type { EpochMessage, MetricRecord, ProgressMessage } from '../main/training/protocol'
import type { GroupVary, RunStatus } from './runs'

export type { DatasetSummary, PrepareOptions, ExampleName, GradientCheckResult, EpochMessage, MetricRecord, ProgressMessage, GroupVary, RunStatus }

/** Where a dataset came from. */
export type DatasetOrigin =
  | { kind: 'file'; paths: string[]; read?: ReadOptions }
  | { kind: 'example'; name: ExampleName }

/** What identifies the data a run trained on (stored with every run). */
export interface DatasetFingerprint {
  /** File name(s) without folders, or `example:<name>`. */
  name: string
  /** Total bytes of the file(s) (0 for a generated example). */
  bytes: number
  /** sha256 hex of the file bytes (of the generated table for an example). */
  sha256: string
  /** Column roles and target as prepared. */
  target: string
  roles: Record<string, 'input' | 'target' | 'ignored'>
  splitSeed: number
  /** Shares of the split (with the seed they decide which rows are test rows); missing in older run records. */
  split?: { train: number; validation: number; test: number }
  /** Column type overrides the data was prepared with; missing in older run records. */
  types?: Record<string, 'numeric' | 'categorical'>
}

/** The shape of the prepared (training-ready) data. */
export interface PreparedView {
  task: Task
  inputs: number
  outputs: number
  /** Output labels (classification). */
  classLabels: string[] | null
  featureNames: string[]
  rows: { train: number; validation: number; test: number }
  warnings: string[]
}

/** A loaded dataset as the renderer sees it. */
export interface DatasetView {
  id: string
  /** File name or example name, for people. */
  name: string
  origin: DatasetOrigin
  summary: DatasetSummary
  /** The options it is prepared with now. */
  options: PrepareOptions
  prepared: PreparedView
  fingerprint: DatasetFingerprint
}

/** Loading progress of a dataset (bytes read, rows parsed). */
export interface DatasetProgress {
  /** Ticket of the load (the dataset id it will get). */
  loadId: string
  name: string
  /** 0..1, or null when the size is unknown. */
  fraction: number | null
  bytesRead: number
  rows: number
}

/** One run, live or from history. */
export interface RunView {
  id: string
  label: string
  groupId: string | null
  datasetId: string | null
  /** The data it trained on (also for runs from history whose dataset is not loaded). */
  dataset: DatasetFingerprint | null
  config: ExperimentConfig
  /** 'interrupted': found on disk without an ending (the app was closed or killed mid-run). */
  status: RunStatus | 'interrupted'
  message: string | null
  backend: string | null
  threads: number | null
  parameterCount: number | null
  warnings: string[]
  /** Date.now() timestamps. */
  queuedAt: number
  startedAt: number | null
  endedAt: number | null
  /** Finished epochs so far (the count; `run:epochs` returns them). */
  epochCount: number
  bestEpoch: number | null
  /** Metrics of the last and of the best epoch. */
  lastMetrics: MetricRecord | null
  bestMetrics: MetricRecord | null
  testMetrics: MetricRecord | null
  lastProgress: ProgressMessage | null
  seconds: number | null
  samplesPerSecond: number | null
  /** From disk (past session) rather than this session. */
  fromHistory: boolean
  /** A model file can be exported (finished with weights). */
  hasModel: boolean
  /**
   * Training rows of the data it trained on (one epoch's samples), for the "samples seen" axis; null for runs
   * stored before this was recorded.
   */
  trainRows: number | null
}

/**
 * A run folder whose run.json cannot be read (cut short by a kill, garbage, missing): listed as damaged with what
 * can still be recovered, never dropped. `run:epochs` reads its metrics, `export:model` saves its model file,
 * `run:delete` removes the folder.
 */
export interface DamagedRunView {
  id: string
  /** The run's folder on disk. */
  folder: string
  /** What is wrong with run.json, e.g. "run.json is not valid JSON (200 characters; it may be cut short)". */
  problem: string
  /** Epochs recovered from metrics.jsonl, and the metrics of the last and of the best one. */
  epochCount: number
  lastMetrics: MetricRecord | null
  bestMetrics: MetricRecord | null
  /** The file a model can be exported from (model.json, else best.json: the best epoch's weights), or null. */
  modelFile: 'model.json' | 'best.json' | null
  /** Why a model file that is there cannot be used (it is damaged too), or null. */
  modelProblem: string | null
}

export interface RunEpochs {
  runId: string
  epochs: EpochMessage[]
}

/** What evaluating a model (a run's or an imported one) on a dataset's test split shows. */
export interface Evaluation {
  task: Task
  split: 'test' | 'validation' | 'train'
  rows: number
  metrics: MetricRecord
  /** Classification: confusion[true][predicted] counts, labels, per-class precision / recall / F1. */
  classification: {
    labels: string[]
    confusion: number[][]
    perClass: { label: string; precision: number; recall: number; f1: number; support: number }[]
  } | null
  /** Images: up to 36 misclassified test images (grey 0..255) with true and predicted labels. */
  misclassified: { pixels: number[]; width: number; height: number; trueLabel: string; predictedLabel: string }[]
  /** Images: the first layer's weights of up to 64 hidden units, each width x height, as numbers (any sign). */
  firstLayer: { width: number; height: number; units: number[][] } | null
  /** Regression: up to 2000 (actual, predicted) pairs of the first output in original units. */
  regression: { actual: number[]; predicted: number[]; target: string } | null
}

/** A decision boundary for a 2-input classification dataset: the predicted class (and confidence) on a grid. */
export interface DecisionBoundary {
  runId: string
  epoch: number
  /** Grid over the inputs' range in original units: xs.length x ys.length cells. */
  xs: number[]
  ys: number[]
  /** Row-major [y][x]: predicted class index and its probability. */
  cls: number[]
  confidence: number[]
  /** Up to 1000 training points in original units with their class index. */
  points: { x: number; y: number; cls: number }[]
  xName: string
  yName: string
  classLabels: string[]
}

/** An imported model file, kept in main. */
export interface ModelView {
  id: string
  name: string
  config: ExperimentConfig
  inputs: number
  outputs: number
  task: Task
  featureNames: string[]
  classLabels: string[] | null
  parameterCount: number
}

/** Whether a model fits a dataset (same encoded inputs and outputs); names what is missing if not. */
export interface Compatibility {
  ok: boolean
  message: string | null
}
