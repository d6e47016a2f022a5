/** A loaded dataset, whatever its file type, and the one entry point that prepares it for training. */
import type { ImageSet } from './images'
import { prepareImages } from './prepare-images'
import type { PrepareOptions } from './prepare-options'
import type { PreparedDataset } from './prepared'
import { prepareTabular } from './prepare-tabular'
import type { Table } from './table'

export type LoadedDataset =
  | { kind: 'tabular'; source: string; table: Table }
  /** `test` is the separate test set (MNIST's t10k files) when there is one. */
  | { kind: 'image'; source: string; train: ImageSet; test: ImageSet | null; warnings: string[] }

/**
 * Training-ready arrays for `ds`. Tabular data uses every option; image data uses only `split` and `seed`
 * (inputs are pixel / 255, the task is classification).
 */
export function prepareDataset(ds: LoadedDataset, options: PrepareOptions = {}): PreparedDataset {
  if (ds.kind === 'tabular') return prepareTabular(ds.table, options)
  const p = prepareImages(ds.train, ds.test, options)
  p.warnings.unshift(...ds.warnings)
  return p
}
