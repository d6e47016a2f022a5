import type { Task } from '../../../shared/config'
import type { Evaluation, MetricRecord } from '../../../shared/views'
import { classReport, confusionMatrix, rowClass, yardsticks } from '../../engine/metrics'
import type { NetworkParams } from '../../engine/params'
import { predict } from '../../engine/predict'
import { oneHot } from '../../data/prepared'

/**
 * What the Evaluation view shows, computed from a network and encoded rows: the common yardsticks, the
 * confusion matrix with per-class precision/recall/F1, misclassified images, the first layer's weights as
 * images, and (regression) actual vs predicted in the target's own units. Pure math, no files.
 */

export const MAX_MISCLASSIFIED = 36
export const MAX_FIRST_LAYER_UNITS = 64
export const MAX_REGRESSION_PAIRS = 2000

/** Rows in the network's input space with their truth. */
export interface EvaluationData {
  task: Task
  split: Evaluation['split']
  /** rows x inputs. */
  X: Float32Array
  rows: number
  /** Classification: the true class index of each row (< the model's outputs). */
  labels?: Uint32Array
  /** Regression: the true target of each row in original units (one output). */
  values?: Float64Array
  /** Classification: label of each output unit. */
  classLabels?: string[] | null
  /** Regression: y = ŷ·scale + offset maps the network's output to original units. */
  target?: { name: string; offset: number; scale: number }
  /** Image data: X rows are width x height pixels in [0, 1]. */
  image?: { width: number; height: number } | null
}

/** Evaluates `params` on `data`. Throws a RangeError naming the problem when the data does not fit the network. */
export function evaluateNetwork(params: NetworkParams, data: EvaluationData): Evaluation {
  const inputs = params.sizes[0]
  const K = params.sizes[params.sizes.length - 1]
  const { rows } = data
  if (rows < 1) throw new RangeError('there are no rows to evaluate on')
  if (data.X.length !== rows * inputs) throw new RangeError(`the data has ${data.X.length / rows} inputs per row but the network reads ${inputs}`)
  const Y = predict(params, data.X, rows)
  const firstLayer = data.image ? firstLayerImages(params, data.image) : null

  if (data.task === 'classification') {
    const labels = data.labels
    if (!labels || labels.length !== rows) throw new RangeError('classification needs the true class of every row')
    const classes = K === 1 ? 2 : K
    for (let r = 0; r < rows; r++) {
      if (labels[r] >= classes) throw new RangeError(`row ${r + 1} is of class ${labels[r]}, but the network has only ${classes} classes`)
    }
    const T = K === 1 ? Float32Array.from(labels) : oneHot(labels, K)
    const y = yardsticks('classification', Y, T, rows, K)
    const metrics: MetricRecord = y.task === 'classification' ? { accuracy: y.accuracy, cross_entropy: y.crossEntropy } : {}
    const confusion = confusionMatrix(Y, T, rows, K)
    const names = Array.from({ length: classes }, (_, k) => data.classLabels?.[k] ?? String(k))
    const report = classReport(confusion)
    const misclassified: Evaluation['misclassified'] = []
    if (data.image) {
      const { width, height } = data.image
      for (let r = 0; r < rows && misclassified.length < MAX_MISCLASSIFIED; r++) {
        const predicted = rowClass(Y, r, K)
        if (predicted === labels[r]) continue
        const px = Array.from(data.X.subarray(r * inputs, (r + 1) * inputs), (v) => Math.round(Math.min(1, Math.max(0, v)) * 255))
        misclassified.push({ pixels: px, width, height, trueLabel: names[labels[r]], predictedLabel: names[predicted] })
      }
    }
    return {
      task: 'classification',
      split: data.split,
      rows,
      metrics,
      classification: { labels: names, confusion, perClass: report.map((s, k) => ({ label: names[k], ...s })) },
      misclassified,
      firstLayer,
      regression: null,
    }
  }

  const values = data.values
  const target = data.target ?? { name: 'target', offset: 0, scale: 1 }
  if (!values || values.length !== rows) throw new RangeError('regression needs the true value of every row')
  // The yardsticks in the target's own units: map predictions back rather than targets forward.
  const P = new Float64Array(rows)
  for (let r = 0; r < rows; r++) P[r] = Y[r * K] * target.scale + target.offset
  const y = yardsticks('regression', P, values, rows, 1)
  const metrics: MetricRecord = y.task === 'regression' ? { rmse: y.rmse, mae: y.mae, r2: y.r2 } : {}
  const step = Math.max(1, Math.ceil(rows / MAX_REGRESSION_PAIRS))
  const actual: number[] = []
  const predicted: number[] = []
  for (let r = 0; r < rows && actual.length < MAX_REGRESSION_PAIRS; r += step) {
    actual.push(values[r])
    predicted.push(P[r])
  }
  return { task: 'regression', split: data.split, rows, metrics, classification: null, misclassified: [], firstLayer, regression: { actual, predicted, target: target.name } }
}

/** The first layer's weights of up to 64 units, each as a width x height picture (null if the shapes differ). */
export function firstLayerImages(params: NetworkParams, image: { width: number; height: number }): Evaluation['firstLayer'] {
  const inputs = params.sizes[0]
  if (inputs !== image.width * image.height || params.sizes.length < 2) return null
  const units = Math.min(params.sizes[1], MAX_FIRST_LAYER_UNITS)
  const W = params.W[0]
  return { width: image.width, height: image.height, units: Array.from({ length: units }, (_, u) => Array.from(W.subarray(u * inputs, (u + 1) * inputs))) }
}
