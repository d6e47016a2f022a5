import type { Preprocessing } from '../../shared/preprocessing'
import type { LoadedDataset } from './dataset'
import { encodeRecords } from './encode-records'

/** New raw data in a model's input space, with the true classes/values when the data holds them. */
export interface ModelInputs {
  X: Float32Array
  rows: number
  /** 1-based row (CSV data row) or image number of each encoded row, for the predictions file. */
  rowNumbers: Uint32Array
  targets: { labels: Uint32Array } | { values: Float64Array } | null
  problems: string[]
}

/**
 * Applies a model file's preprocessing to a loaded dataset: the tabular encodings (imputation, scaling,
 * one-hot) to a CSV, or pixel/255 to images (the test images when the folder has them).
 */
export function encodeForModel(pre: Preprocessing, ds: LoadedDataset): ModelInputs {
  if (pre.kind === 'tabular') {
    if (ds.kind !== 'tabular') throw new Error('the model was trained on a table (CSV), but this data is images')
    const enc = encodeRecords(pre, ds.table)
    return { X: enc.X, rows: enc.rows, rowNumbers: enc.sourceIndex.map((i) => i + 1), targets: enc.targets ?? null, problems: enc.problems }
  }
  if (ds.kind !== 'image') throw new Error('the model was trained on images, but this data is a table (CSV)')
  const set = ds.test ?? ds.train
  if (set.width !== pre.width || set.height !== pre.height) {
    throw new Error(`the model reads ${pre.width}x${pre.height} images, but ${set.source} holds ${set.width}x${set.height} images`)
  }
  const X = new Float32Array(set.pixels.length)
  for (let i = 0; i < X.length; i++) X[i] = set.pixels[i] / 255
  const rowNumbers = new Uint32Array(set.count).map((_, i) => i + 1)
  return { X, rows: set.count, rowNumbers, targets: { labels: Uint32Array.from(set.labels) }, problems: [] }
}
