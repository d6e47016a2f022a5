/** The training-ready form of a dataset: what the worker and the CLI hand to the engine. */
import type { Task } from '../../shared/config'
import type { Preprocessing } from '../../shared/preprocessing'

/** One split, row-major. */
export interface PreparedSplit {
  /** rows x inputs */
  X: Float32Array
  /** rows x outputs: one-hot for classification, the scaled value for regression */
  T: Float32Array
  /** Class index of each row (classification only). */
  labels?: Uint32Array
  rows: number
  /** Index of each row in the source (table row or image number), for messages and per-row reports. */
  sourceIndex: Uint32Array
}

export interface PreparedDataset {
  task: Task
  inputs: number
  outputs: number
  /** Names of the encoded inputs (numeric column name, `column=label` for a one-hot unit, `pixel r,c`). */
  featureNames: string[]
  /** Output unit labels (classification only). */
  classLabels?: string[]
  train: PreparedSplit
  /** May have 0 rows only when its share was set to 0. */
  validation: PreparedSplit
  test: PreparedSplit
  /** Goes into the model file; `encodeRecords` applies it to new data. */
  preprocessing: Preprocessing
  /** For the user: dropped rows, unseen labels in validation/test, suspicious targets ... */
  warnings: string[]
}

/** Sets rows of one-hot targets: T[k, labels[k]] = 1. */
export function oneHot(labels: Uint32Array, classes: number): Float32Array {
  const T = new Float32Array(labels.length * classes)
  for (let k = 0; k < labels.length; k++) T[k * classes + labels[k]] = 1
  return T
}
