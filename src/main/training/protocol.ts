import type { ExperimentConfig, Task } from '../../shared/config'

/**
 * Messages between a run's caller (the run manager or the CLI) and its worker thread: two unions told apart by
 * `type`. Heavy arrays travel as ArrayBuffers in the transfer list, never copied per message.
 */

/** One split of training-ready data: X rows x inputs, T rows x outputs (one-hot for classification). */
export interface SplitData {
  X: Float32Array
  T: Float32Array
  rows: number
}

/** Network parameters as they cross threads (weights [out][in] row-major, float32). */
export interface WireParams {
  sizes: number[]
  activations: string[]
  W: Float32Array[]
  b: Float32Array[]
}

export type BackendChoice = 'auto' | 'ts' | 'wasm' | 'wasm-threads'

export interface StartMessage {
  type: 'start'
  runId: string
  config: ExperimentConfig
  task: Task
  inputs: number
  outputs: number
  train: SplitData
  validation: SplitData | null
  test: SplitData | null
  /** Start from these weights (a model file's, or a paired group's shared initialisation). */
  initialParams: WireParams | null
  /** Seeds the mini-batch order apart from the config's seed, so a paired group shares one batch order. */
  batchSeed: number | null
  backend: BackendChoice
  /** Threads this run may use for its kernels (the run manager divides the cores between concurrent runs). */
  threads: number
  /**
   * How per-epoch training metrics are measured: 'full-pass' re-runs the training split after the epoch
   * (comparable with validation); 'running' accumulates them from the mini-batches (free).
   */
  trainingMetrics: 'full-pass' | 'running'
  /** At most this many progress messages per second. */
  progressPerSecond: number
  /**
   * Which epochs carry a copy of the weights (EpochMessage.params): 'best' for checkpoints, 'every' for live
   * decision boundaries of small networks. Absent means 'none'.
   */
  epochParams?: 'none' | 'best' | 'every'
  /** Regression: the target's scale, so RMSE and MAE are reported in the target's own units (absent: 1). */
  targetScale?: number
}

export type ToWorker = StartMessage | { type: 'pause' } | { type: 'resume' } | { type: 'stop' }

/** Metrics by name, e.g. loss, val_loss, accuracy, val_accuracy, val_cross_entropy, val_rmse. */
export type MetricRecord = Record<string, number>

export interface EpochMessage {
  type: 'epoch'
  epoch: number
  metrics: MetricRecord
  samplesPerSecond: number
  elapsedSeconds: number
  etaSeconds: number
  /** True when this epoch has the best validation loss so far (checkpoint candidate). */
  best: boolean
  /** The weights after this epoch, when StartMessage.epochParams asks for them (transferred, not copied). */
  params?: WireParams
}

export interface ProgressMessage {
  type: 'progress'
  epoch: number
  epochs: number
  batch: number
  batches: number
  samplesSeen: number
  samplesPerSecond: number
  elapsedSeconds: number
  etaSeconds: number
}

export interface FinishedMessage {
  type: 'finished'
  /** 'completed' after all epochs, 'early-stopped' by patience, 'stopped' on request. */
  reason: 'completed' | 'early-stopped' | 'stopped'
  epochsRun: number
  params: WireParams
  testMetrics: MetricRecord | null
  /** Classification on the test split: confusion[true][predicted] counts. */
  confusion: number[][] | null
  seconds: number
}

export type FromWorker =
  | { type: 'started'; runId: string; backend: string; threads: number; parameterCount: number; warnings: string[] }
  | ProgressMessage
  | EpochMessage
  | { type: 'paused' }
  | { type: 'resumed' }
  | FinishedMessage
  | { type: 'failed'; kind: 'diverged' | 'invalid-config' | 'error'; message: string }
