import type { EpochReport } from '../engine/trainer'
import type { Yardsticks } from '../engine/metrics'
import type { MetricRecord } from './protocol'

/**
 * Flat metric names used everywhere a metric leaves the engine (worker messages, metrics files, charts, CSV):
 *   cost                  J on the mini-batches (data loss + L2), what the optimizer saw
 *   loss / val_loss       the data loss being trained, on the training / validation split
 *   accuracy, cross_entropy            classification yardsticks (val_ / test_ prefixed for other splits)
 *   rmse, mae, r2                      regression yardsticks
 */
export function yardstickRecord(y: Yardsticks, prefix = ''): MetricRecord {
  return y.task === 'classification'
    ? { [`${prefix}accuracy`]: y.accuracy, [`${prefix}cross_entropy`]: y.crossEntropy }
    : { [`${prefix}rmse`]: y.rmse, [`${prefix}mae`]: y.mae, [`${prefix}r2`]: y.r2 }
}

/** An epoch report as flat metrics. */
export function epochRecord(r: EpochReport): MetricRecord {
  const out: MetricRecord = { cost: r.trainCost, loss: r.trainLoss, ...yardstickRecord(r.train) }
  if (r.validationLoss !== null) out['val_loss'] = r.validationLoss
  if (r.validation) Object.assign(out, yardstickRecord(r.validation, 'val_'))
  return out
}
