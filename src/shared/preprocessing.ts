import type { Task } from './config'

/**
 * What turns a raw record (a CSV row, or an image's bytes) into the network's input vector, and the network's
 * output back into a label or a value. Fitted on the training split only; stored in the model file so a model
 * can be used on new raw data. Pure data: JSON-serialisable.
 */
export type Preprocessing = TabularPreprocessing | ImagePreprocessing

export type Scaling = 'standardize' | 'min-max' | 'none'

/** A numeric column: x' = (x − offset) / scale. Missing values are replaced by `impute` (null: rows were dropped). */
export interface NumericEncoding {
  kind: 'numeric'
  name: string
  offset: number
  /** Never 0: a constant column gets 1, so it cannot divide by zero. */
  scale: number
  impute: number | null
}

/** A categorical (or boolean) column, one-hot encoded over `categories` in this order; unseen values → all zeros. */
export interface CategoricalEncoding {
  kind: 'categorical'
  name: string
  categories: string[]
  impute: string | null
}

export type ColumnEncoding = NumericEncoding | CategoricalEncoding

export interface TabularPreprocessing {
  kind: 'tabular'
  scaling: Scaling
  missing: 'drop' | 'impute'
  /** Raw input columns in the order the model reads them; each yields 1 (numeric) or categories.length inputs. */
  columns: ColumnEncoding[]
  target: TargetEncoding
}

/** Images (MNIST IDX): row-major pixels, input = pixel / 255. */
export interface ImagePreprocessing {
  kind: 'image'
  width: number
  height: number
  target: TargetEncoding
}

export type TargetEncoding =
  | {
      task: Extract<Task, 'classification'>
      name: string
      /** Class label of each output unit, in output order (one unit per class, one-hot targets). */
      classes: string[]
    }
  | {
      task: Extract<Task, 'regression'>
      name: string
      /** The network predicts (y − offset) / scale; predictions are mapped back with y = ŷ·scale + offset. */
      offset: number
      scale: number
    }

/** Number of network inputs a preprocessing yields. */
export function inputWidth(p: Preprocessing): number {
  if (p.kind === 'image') return p.width * p.height
  let n = 0
  for (const c of p.columns) n += c.kind === 'numeric' ? 1 : c.categories.length
  return n
}

/** Number of network outputs the target needs. */
export function outputWidth(t: TargetEncoding): number {
  return t.task === 'classification' ? t.classes.length : 1
}

/**
 * The one list of cell texts that mean "no value", used by the data reader (CSV, Excel, Parquet text cells)
 * and so by a model file's preprocessing of new records; docs/model-format.md states the same list. Compared
 * after trimming surrounding whitespace, case-insensitively.
 */
export const MISSING_VALUE_TOKENS: readonly string[] = ['', 'na', 'n/a', '#n/a', 'nan', 'null', 'none', '-', '--', '?']
