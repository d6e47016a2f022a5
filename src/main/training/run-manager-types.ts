import type { ExperimentConfig, Task } from '../../shared/config'
import type { BackendChoice, EpochMessage, FinishedMessage, ProgressMessage, SplitData, StartMessage, WireParams } from './protocol'
import type { GroupVary, RunStatus } from '../../shared/runs'

export type { GroupVary, RunStatus } from '../../shared/runs'
import type { WorkerRunOptions } from './worker-client'

/** The run manager's public shapes: requests, per-run records, events and the manager's interface. */


/** Training-ready data. `id` names it: its splits are copied into shared memory once per id, then shared by every run. */
export interface RunDataset {
  id: string
  task: Task
  inputs: number
  outputs: number
  train: SplitData
  validation: SplitData | null
  test: SplitData | null
  /** Regression: the target's scale (metrics are reported in the target's own units). */
  targetScale?: number
}

export interface RunRequest {
  dataset: RunDataset
  config: ExperimentConfig
  /** Start from these weights instead of the config's init. */
  initialParams?: WireParams | null
  batchSeed?: number | null
  backend?: BackendChoice
  label?: string
  /** Which epochs carry the weights (the `epoch` event's `epoch.params`); default 'none'. See StartMessage.epochParams. */
  epochParams?: EpochParams
}

export type EpochParams = NonNullable<StartMessage['epochParams']>

export interface GroupRequest {
  dataset: RunDataset
  base: ExperimentConfig
  vary: GroupVary
  /** Repeat each config over this many seeds (base seed, base seed + 1, ...). Default 1. */
  seeds?: number
  backend?: BackendChoice
  /** As RunRequest.epochParams, for every run of the group. */
  epochParams?: EpochParams
}

/** How a finished run ended: the worker's `finished` message without its tag. */
export type RunResult = Omit<FinishedMessage, 'type'>

/** What the manager knows about one run: the manager's live record (it keeps changing while the run runs); read, do not mutate. */
export interface RunInfo {
  id: string
  label: string
  groupId: string | null
  datasetId: string
  config: ExperimentConfig
  status: RunStatus
  /** Why it failed / diverged / was stopped early, or null. */
  message: string | null
  backendRequested: BackendChoice
  /** The backend the worker actually used (null until started). */
  backend: string | null
  threads: number | null
  parameterCount: number | null
  warnings: string[]
  /** Date.now() timestamps. */
  queuedAt: number
  startedAt: number | null
  endedAt: number | null
  /** One entry per finished epoch, in order (without `params`: weights are only in the event, never kept here). */
  epochs: EpochMessage[]
  lastProgress: ProgressMessage | null
  result: RunResult | null
}

export type RunEvent =
  | { type: 'status'; runId: string; status: RunStatus; message: string | null }
  | { type: 'progress'; runId: string; progress: ProgressMessage }
  /** `epoch.params` is set when the run's epochParams asks for this epoch's weights. */
  | { type: 'epoch'; runId: string; epoch: EpochMessage }
  | { type: 'finished'; runId: string; result: RunResult }
  | { type: 'failed'; runId: string; status: 'failed' | 'diverged'; message: string }

export interface RunManagerOptions {
  /**
   * Prefix of run and group ids (`<prefix>-run-N`, `<prefix>-group-N`). Default: this session's start time in
   * base 36 plus a random suffix, so ids stay unique across sessions in the run history on disk.
   */
  idPrefix?: string
  /** The worker file (or a bootstrap that loads it). */
  workerEntry: URL
  /** Runs at once; default os.availableParallelism(). */
  concurrency?: number
  /** Cores divided between running runs; default os.availableParallelism(). */
  cores?: number
  onEvent: (event: RunEvent) => void
  workerOptions?: WorkerRunOptions
}

export interface RunManager {
  /** Queues a run; it starts when a slot is free. Returns its id. */
  start(request: RunRequest): string
  /**
   * Queues a paired comparison (see run-group.ts): runs seed-major, every run of a seed sharing initial weights
   * (per layer shape) and batchSeed. Returns the group id and its runs' ids in start order. Throws RangeError
   * (nothing queued) for an empty value list, seeds < 1 or an unknown setting.
   */
  startGroup(request: GroupRequest): { groupId: string; runIds: string[] }
  /** Pause/resume a running run (false if the run is not in a state that allows it). */
  pause(runId: string): boolean
  resume(runId: string): boolean
  /** A running/paused run stops after its batch and finishes with its weights; a queued one leaves the queue as 'stopped'. */
  stop(runId: string): boolean
  /** Forgets a run: a queued one leaves the queue, a running one's thread is ended first. */
  delete(runId: string): Promise<boolean>
  get(runId: string): RunInfo | null
  list(): RunInfo[]
  /** The start message sent (or to be sent) to the run's worker: config, initial weights, batchSeed, threads. */
  startMessage(runId: string): StartMessage | null
  /** Resolves when the run has ended (immediately if it already has or is unknown). */
  whenDone(runId: string): Promise<void>
  /** Drops the shared copy of a dataset (runs already started keep theirs). */
  releaseDataset(datasetId: string): void
  /** Ends every worker thread; queued runs are dropped. */
  dispose(): Promise<void>
}
