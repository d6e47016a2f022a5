/**
 * The IPC contract: every channel between the renderer and main, declared once. Main's typed handlers, the
 * preload's bridge and the type of `window.api` all derive from these declarations; nothing is typed twice.
 *
 * Commands are `invoke` (renderer asks, main answers with a Result); events stream from main to the renderer.
 * Channel names read `domain:verb`.
 */

/** What every command resolves to: a value, or an error message for people (never a thrown exception). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string }

import type { ExperimentConfig } from './config'
import type { ReadOptions } from './read-options'
import type {
  Compatibility,
  DamagedRunView,
  DatasetProgress,
  DatasetView,
  DecisionBoundary,
  EpochMessage,
  Evaluation,
  ExampleName,
  GradientCheckResult,
  GroupVary,
  ModelView,
  PrepareOptions,
  ProgressMessage,
  RunEpochs,
  RunView,
} from './views'

export type * from './views'

export interface AppInfo {
  name: string
  version: string
  electron: string
  chrome: string
  node: string
  platform: string
  cores: number
}

/** Command channels: argument tuple and result value. */
export interface Commands {
  'app:info': { args: []; result: AppInfo }

  /** Open dialog for a CSV (or .csv.gz), MNIST IDX files (images, or images + labels) or a folder of them; null when cancelled. */
  'dataset:open-dialog': { args: [kind: 'csv' | 'mnist' | 'folder', read?: ReadOptions]; result: DatasetView | null }
  /**
   * A file the user dropped on the window. Only the preload sends this (it turns the dropped File into its path
   * with webUtils); the renderer calls `api.openDroppedFile(file)`.
   */
  'dataset:open-dropped': { args: [path: string, read?: ReadOptions]; result: DatasetView }
  /** Reads a dataset's file(s) again with other reading choices (encoding, rows to skip, sheet …); same id, preparation reset. */
  'dataset:reopen': { args: [datasetId: string, read: ReadOptions]; result: DatasetView }
  'dataset:open-example': { args: [name: ExampleName]; result: DatasetView }
  /** Re-prepares with new roles / target / task / missing policy / scaling / split, and re-summarises. */
  'dataset:prepare': { args: [datasetId: string, options: PrepareOptions]; result: DatasetView }
  'dataset:list': { args: []; result: DatasetView[] }
  'dataset:close': { args: [datasetId: string]; result: boolean }

  'run:start': { args: [request: { datasetId: string; config: ExperimentConfig; initialModelId?: string | null; label?: string }]; result: RunView }
  /** A paired comparison: one base config, one setting over chosen values, optionally repeated over seeds. */
  'run:compare': { args: [request: { datasetId: string; base: ExperimentConfig; vary: GroupVary; seeds?: number }]; result: { groupId: string; runs: RunView[] } }
  'run:pause': { args: [runId: string]; result: boolean }
  'run:resume': { args: [runId: string]; result: boolean }
  'run:stop': { args: [runId: string]; result: boolean }
  /** Forgets a run and deletes its folder on disk. */
  'run:delete': { args: [runId: string]; result: boolean }
  /** Live runs of this session and past runs from disk. */
  'run:list': { args: []; result: RunView[] }
  /** Run folders on disk whose run.json cannot be read, with what they still hold (see DamagedRunView). */
  'run:damaged': { args: []; result: DamagedRunView[] }
  /** Every finished epoch of a run (live or from history). */
  'run:epochs': { args: [runId: string]; result: RunEpochs }
  /** A finished run's model evaluated on a loaded dataset (its own by default). */
  'run:evaluate': { args: [runId: string, datasetId?: string | null]; result: Evaluation }
  /** The latest decision boundary of a run on a 2-input classification dataset (null otherwise). */
  'run:boundary': { args: [runId: string]; result: DecisionBoundary | null }

  /** The engine's gradient check on a small batch of the dataset, per layer. */
  'gradcheck:run': { args: [request: { datasetId: string; config: ExperimentConfig; rows?: number }]; result: GradientCheckResult }

  /** Save dialog, then the run's model file (written atomically); null when the user cancels. */
  'export:model': { args: [runId: string]; result: string | null }
  /** Save dialog, then the selected runs' metrics in long form: csv/json (run, group, epoch, metric, value) or tensorboard (run, step, tag, value). */
  'export:metrics': { args: [runIds: string[], format: 'csv' | 'json' | 'tensorboard']; result: string | null }
  /** Save dialog, then the run's network as ONNX (opset 13; preprocessing documented beside it, see docs/export.md). */
  'export:onnx': { args: [runId: string]; result: string | null }
  /** Save dialog for a folder name, then TensorFlow.js layers files in it: model.json + weights.bin. */
  'export:tfjs': { args: [runId: string]; result: string | null }
  /** Save dialog, then the run's predictions on a loaded dataset's rows as CSV. */
  'export:predictions': { args: [runId: string, datasetId: string]; result: string | null }
  /** Save dialog, then a chart image (a PNG data URL from the canvas). */
  'export:png': { args: [dataUrl: string, suggestedName: string]; result: string | null }

  /** Open dialog, then validation of a model file; null when the user cancels. */
  'model:import': { args: []; result: ModelView | null }
  /** Open dialog for a TensorFlow.js layers model.json (weights beside it); Dense layers only, else a message naming the layer. */
  'model:import-tfjs': { args: []; result: ModelView | null }
  'model:list': { args: []; result: ModelView[] }
  'model:compatibility': { args: [modelId: string, datasetId: string]; result: Compatibility }
  'model:evaluate': { args: [modelId: string, datasetId: string]; result: Evaluation }
}

/** Event channels: the payload main sends. */
export interface Events {
  'app:notice': { level: 'info' | 'warning' | 'error'; message: string }
  'dataset:progress': DatasetProgress
  /** A run's record changed (queued, started, paused, finished, failed ...). */
  'run:status': RunView
  /** Batch progress, at most ~10 a second per run. */
  'run:progress': { runId: string; progress: ProgressMessage }
  /** A finished epoch's metrics. */
  'run:epoch': { runId: string; epoch: EpochMessage }
  /** A new decision boundary (2-input classification runs, after each epoch, throttled). */
  'run:boundary': DecisionBoundary
  'run:deleted': { runId: string }
}

export type CommandChannel = keyof Commands
export type EventChannel = keyof Events

/** Channels only the preload may send (the generic invoke refuses them). */
export const PRELOAD_ONLY_CHANNELS = ['dataset:open-dropped'] as const satisfies readonly CommandChannel[]

/** Every command channel at run time (the preload builds one function per entry). */
export const COMMAND_CHANNELS = [
  'app:info',
  'dataset:open-dialog',
  'dataset:open-dropped',
  'dataset:open-example',
  'dataset:prepare',
  'dataset:reopen',
  'dataset:list',
  'dataset:close',
  'run:start',
  'run:compare',
  'run:pause',
  'run:resume',
  'run:stop',
  'run:delete',
  'run:list',
  'run:damaged',
  'run:epochs',
  'run:evaluate',
  'run:boundary',
  'gradcheck:run',
  'export:model',
  'export:metrics',
  'export:onnx',
  'export:tfjs',
  'export:predictions',
  'export:png',
  'model:import',
  'model:import-tfjs',
  'model:list',
  'model:compatibility',
  'model:evaluate',
] as const satisfies readonly CommandChannel[]
/** Every event channel at run time (the preload only lets the renderer subscribe to these). */
export const EVENT_CHANNELS = ['app:notice', 'dataset:progress', 'run:status', 'run:progress', 'run:epoch', 'run:boundary', 'run:deleted'] as const satisfies readonly EventChannel[]

// A channel added to the interfaces but not to the arrays (or the reverse) fails to compile here.
type Missing<All, Listed> = Exclude<All, Listed>
const _commandsComplete: Missing<CommandChannel, (typeof COMMAND_CHANNELS)[number]> extends never ? true : never = true
const _eventsComplete: Missing<EventChannel, (typeof EVENT_CHANNELS)[number]> extends never ? true : never = true
void _commandsComplete
void _eventsComplete

/** The renderer's `window.api`: `invoke(channel, ...args)` for commands, `on(event, listener)` for events. */
export interface Api {
  invoke<C extends CommandChannel>(channel: C, ...args: Commands[C]['args']): Promise<Result<Commands[C]['result']>>
  /** Opens a file the user dropped (or picked in an <input type=file>): the preload sends its path, never the renderer. */
  openDroppedFile(file: File, read?: ReadOptions): Promise<Result<DatasetView>>
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void
}
