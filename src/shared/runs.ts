/** Run states and comparison settings: shared by the run manager (main) and the window (renderer). */
import type { HiddenActivation, HiddenLayer, LossName, OptimizerConfig, OptimizerName } from './config'

export const RUN_STATUSES = ['queued', 'running', 'paused', 'completed', 'early-stopped', 'stopped', 'failed', 'diverged'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

/** The settings a comparison group can vary. */
export const GROUP_SETTINGS = ['loss', 'activation', 'lambda', 'learningRate', 'optimizer', 'layers'] as const
export type GroupSetting = (typeof GROUP_SETTINGS)[number]

/** The one setting a group varies, with the values to try. */
export type GroupVary =
  | { setting: 'loss'; values: LossName[] }
  /** Applied to every hidden layer. */
  | { setting: 'activation'; values: HiddenActivation[] }
  | { setting: 'lambda'; values: number[] }
  | { setting: 'learningRate'; values: number[] }
  /** A name keeps the base learning rate and uses the usual defaults (momentum 0.9, Adam 0.9/0.999/1e-8). */
  | { setting: 'optimizer'; values: Array<OptimizerName | OptimizerConfig> }
  /** Each value is a whole list of hidden layers. */
  | { setting: 'layers'; values: HiddenLayer[][] }
