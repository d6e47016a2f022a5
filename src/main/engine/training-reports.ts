import type { Yardsticks } from './metrics'

/** What the trainer reports after each step and each epoch (see trainer.ts). */

/** One mini-batch step. epoch and batch are 1-based (batch within its epoch). */
export interface BatchReport {
  epoch: number
  batch: number
  batchesPerEpoch: number
  /** Rows in this batch (the last batch of an epoch may be smaller). */
  rows: number
  /** J = data loss + λ/(2m)·Σ‖W‖² on this batch, before the update. */
  cost: number
  /** Euclidean norm of the whole gradient (all dW and db) of this batch. */
  gradientNorm: number
}

/** Measurements at the end of an epoch. Losses are data losses of the loss being trained; L2 term only in trainCost. */
export interface EpochReport {
  epoch: number
  /** Row-weighted mean of the mini-batch costs J (data loss + L2 penalty) during the epoch: what the optimizer saw. */
  trainCost: number
  /** Data loss on the training set (no L2 term), measured as TrainerOptions.trainingMetrics says. */
  trainLoss: number
  /** Data loss on the validation set (no L2 term) after the epoch; null without validation data. */
  validationLoss: number | null
  /** The common yardsticks on the training set (see metrics.ts). */
  train: Yardsticks
  validation: Yardsticks | null
  /** Epoch with the lowest validation loss so far (null without validation data). */
  bestEpoch: number | null
}

/** Why training ended: all epochs ran, early stopping fired, or the caller called stop(). */
export type StopReason = 'epochs' | 'early-stopping' | 'stopped'

export interface StepResult {
  batch: BatchReport
  /** Present when this step finished an epoch. */
  epoch: EpochReport | null
  /** True when training is over (no more steps). */
  done: boolean
  stopReason: StopReason | null
  /** When training ended with restoreBest: the epoch whose weights were put back. */
  restoredEpoch: number | null
}
