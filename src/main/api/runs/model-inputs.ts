import type { Preprocessing } from '../../../shared/preprocessing'
import { inputWidth, outputWidth } from '../../../shared/preprocessing'
import type { Compatibility, Evaluation } from '../../../shared/views'
import type { NetworkParams } from '../../engine/params'
import { encodeForModel } from '../../data/encode-for-model'
import type { DatasetEntry } from '../dataset-registry'
import type { EvaluationData } from './evaluation'

/**
 * A model (a run's or an imported file's) meets a loaded dataset: does it fit, and its rows of the dataset's
 * test split encoded the model's own way (its scaling, its one-hot categories), with the truth. The encoding is
 * `encodeForModel` (src/main/data): the same code evaluates a model file from the command line and in the app.
 */

/** What evaluation needs from a model. */
export interface UsableModel {
  params: NetworkParams
  preprocessing: Preprocessing | null
}

/**
 * Whether `model` can read `entry`: the raw columns its preprocessing needs exist in the table (the missing ones
 * named), images of its size, the same task and target; a model without preprocessing needs the same input and
 * output widths.
 */
export function compatibility(model: UsableModel, entry: DatasetEntry): Compatibility {
  const problem = incompatibility(model, entry)
  return { ok: problem === null, message: problem }
}

function incompatibility(model: UsableModel, entry: DatasetEntry): string | null {
  const pre = model.preprocessing
  const inputs = model.params.sizes[0]
  const outputs = model.params.sizes[model.params.sizes.length - 1]
  const prepared = entry.prepared
  if (!pre) {
    if (inputs !== prepared.inputs || outputs !== prepared.outputs) {
      return `The model maps ${inputs} inputs to ${outputs} outputs, but "${entry.view.name}" is prepared as ${prepared.inputs} inputs and ${prepared.outputs} outputs.`
    }
    return null
  }
  if (pre.target.task !== prepared.task) return `The model does ${pre.target.task}, but "${entry.view.name}" is prepared for ${prepared.task}.`
  const loaded = entry.loaded
  if (pre.kind === 'image') {
    if (loaded.kind !== 'image') return `The model reads ${pre.width}x${pre.height} images, but "${entry.view.name}" is a table.`
    if (loaded.train.width !== pre.width || loaded.train.height !== pre.height) {
      return `The model reads ${pre.width}x${pre.height} images, but "${entry.view.name}" holds ${loaded.train.width}x${loaded.train.height} images.`
    }
    return null
  }
  if (loaded.kind !== 'tabular') return `The model reads a table (columns ${pre.columns.map((c) => `"${c.name}"`).join(', ')}), but "${entry.view.name}" holds images.`
  const have = new Set(loaded.table.columns.map((c) => c.name))
  const missing = pre.columns.filter((c) => !have.has(c.name)).map((c) => `"${c.name}"`)
  if (!have.has(pre.target.name)) missing.push(`"${pre.target.name}" (the target)`)
  if (missing.length) return `"${entry.view.name}" lacks the column${missing.length > 1 ? 's' : ''} the model needs: ${missing.join(', ')}.`
  return null
}

/**
 * The dataset's test split (validation, then train, when it has no test rows) encoded for the model, with
 * the true classes or values. Throws an Error for people when the model does not fit the data.
 */
export function evaluationData(model: UsableModel, entry: DatasetEntry): EvaluationData {
  const problem = incompatibility(model, entry)
  if (problem) throw new Error(problem)
  const prepared = entry.prepared
  const splitName: Evaluation['split'] = prepared.test.rows > 0 ? 'test' : prepared.validation.rows > 0 ? 'validation' : 'train'
  const split = prepared[splitName]
  const pre = model.preprocessing
  if (!pre) {
    // No preprocessing: the dataset's own encoding is all there is.
    return prepared.task === 'classification'
      ? { task: 'classification', split: splitName, X: split.X, rows: split.rows, labels: split.labels ?? argmaxRows(split.T, split.rows, prepared.outputs), classLabels: prepared.classLabels ?? null }
      : { task: 'regression', split: splitName, X: split.X, rows: split.rows, values: Float64Array.from(split.T.subarray(0, split.rows)) }
  }
  if (inputWidth(pre) !== model.params.sizes[0] || outputWidth(pre.target) !== model.params.sizes.at(-1)) {
    throw new Error('The model file is inconsistent: its preprocessing does not match its input or output width')
  }
  if (pre.kind === 'image' && split.labels && pre.target.task === 'classification') {
    // Images are encoded one way only (pixel / 255, label = class index): the prepared split already is the
    // model's encoding, so no second copy of tens of thousands of images is made.
    return { task: 'classification', split: splitName, X: split.X, rows: split.rows, labels: split.labels, classLabels: pre.target.classes, image: { width: pre.width, height: pre.height } }
  }
  const enc = encodeForModel(pre, entry.loaded)
  if (!enc.targets) throw new Error(`"${entry.view.name}" has no usable "${pre.target.name}" column to evaluate against${enc.problems.length ? `: ${enc.problems.join(' ')}` : ''}`)
  // Keep the encoded rows that belong to the chosen split (rowNumbers are 1-based source rows).
  const wanted = new Set(split.sourceIndex)
  const keep: number[] = []
  for (let k = 0; k < enc.rows; k++) if (wanted.has(enc.rowNumbers[k] - 1)) keep.push(k)
  if (keep.length === 0) throw new Error(`None of the ${splitName} rows of "${entry.view.name}" could be encoded for the model${enc.problems.length ? `: ${enc.problems.join(' ')}` : ''}`)
  const width = model.params.sizes[0]
  const X = new Float32Array(keep.length * width)
  keep.forEach((k, i) => X.set(enc.X.subarray(k * width, (k + 1) * width), i * width))
  const image = pre.kind === 'image' ? { width: pre.width, height: pre.height } : null
  const t = pre.target
  if (t.task === 'classification') {
    if (!('labels' in enc.targets)) throw new Error('The model predicts classes, but the data holds values')
    const labels = enc.targets.labels
    return { task: 'classification', split: splitName, X, rows: keep.length, labels: Uint32Array.from(keep, (k) => labels[k]), classLabels: t.classes, image }
  }
  if (!('values' in enc.targets)) throw new Error('The model predicts values, but the data holds class labels')
  const values = enc.targets.values
  return { task: 'regression', split: splitName, X, rows: keep.length, values: Float64Array.from(keep, (k) => values[k]), target: { name: t.name, offset: t.offset, scale: t.scale }, image }
}

function argmaxRows(T: Float32Array, rows: number, K: number): Uint32Array {
  const out = new Uint32Array(rows)
  for (let r = 0; r < rows; r++) {
    let best = 0
    for (let k = 1; k < K; k++) if (T[r * K + k] > T[r * K + best]) best = k
    out[r] = best
  }
  return out
}
