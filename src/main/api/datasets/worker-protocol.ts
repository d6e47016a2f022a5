import type { ExperimentConfig } from '../../../shared/config'
import type { DatasetOrigin } from '../../../shared/views'
import type { LoadedDataset } from '../../data/dataset'
import type { PrepareOptions } from '../../data/prepare-options'
import type { PreparedDataset } from '../../data/prepared'
import type { DatasetSummary } from '../../data/summary'
import type { GradientCheckResult } from '../../engine/gradcheck'

/**
 * Messages between main and a dataset worker: a short-lived thread that does one heavy task off the main
 * thread (read + parse + prepare + summarise a file, re-prepare with new choices, or a gradient check) and exits.
 */

export type DatasetTask =
  | {
      type: 'load'
      origin: DatasetOrigin
      /** Built-in examples live under `<resourcesDir>/examples`. */
      resourcesDir: string
      options: PrepareOptions
    }
  | { type: 'prepare'; loaded: LoadedDataset; options: PrepareOptions }
  | { type: 'gradcheck'; config: ExperimentConfig; inputs: number; outputs: number; X: Float32Array; T: Float32Array; rows: number; maxEntriesPerTensor: number }

export interface Fingerprint {
  /** Bytes of the file(s) on disk (0 for a generated example). */
  bytes: number
  /** sha256 hex of the parsed data (column values, or pixels and labels), independent of the file's format. */
  sha256: string
}

export type DatasetWorkerMessage =
  | { type: 'progress'; bytesRead: number; totalBytes: number | null }
  | { type: 'loaded'; loaded: LoadedDataset; prepared: PreparedDataset; summary: DatasetSummary; fingerprint: Fingerprint }
  | { type: 'prepared'; prepared: PreparedDataset; summary: DatasetSummary }
  | { type: 'gradcheck'; result: GradientCheckResult }
  | { type: 'error'; message: string }
