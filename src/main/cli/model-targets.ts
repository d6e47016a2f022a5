import type { TargetEncoding } from '../../shared/preprocessing'
import { oneHot } from '../data/prepared'
import type { ModelInputs } from '../data/encode-for-model'
import { UsageError } from './args'

/**
 * The targets of rows encoded with a model file's preprocessing, in the network's own encoding: one-hot rows for
 * classification, (y − offset) / scale for regression. Refuses data without the target or of the other task.
 */
export function modelTargets(target: TargetEncoding, inputs: ModelInputs, outputs: number): Float32Array | Float64Array {
  if (!inputs.targets) throw new UsageError(`the data has no usable "${target.name}" column to compare the model against`)
  if ('labels' in inputs.targets) {
    if (target.task !== 'classification') throw new UsageError('the model predicts values, but the data holds class labels')
    return oneHot(inputs.targets.labels, outputs)
  }
  if (target.task !== 'regression') throw new UsageError('the model predicts classes, but the data holds values')
  return inputs.targets.values.map((v) => (v - target.offset) / target.scale)
}
