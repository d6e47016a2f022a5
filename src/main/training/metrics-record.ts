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
export function yardstickRecord(y: Yardsticks, prefix = '', targetScale = 1): MetricRecord {
  return y.task === 'classification'
    ? { [`${prefix}accuracy`]: y.accuracy, [`${prefix}cross_entropy`]: y.crossEntropy }
    : { [`${prefix}rmse`]: y.rmse * targetScale, [`${prefix}mae`]: y.mae * targetScale, [`${prefix}r2`]: y.r2 }
}

/**
 * An epoch report as flat metrics. `targetScale` is the regression target's scale (its standard deviation when
 * standardised): the network sees (y − offset) / scale, so RMSE and MAE are multiplied back into the target's own
 * units, as `evaluate` reports them; R² has no unit. cost and loss stay what the optimizer minimised.
 */
export function epochRecord(r: EpochReport, targetScale = 1): MetricRecord {
  const out: MetricRecord = { cost: r.trainCost, loss: r.trainLoss, ...yardstickRecord(r.train, '', targetScale) }
  if (r.validationLoss !== null) out['val_loss'] = r.validationLoss
  if (r.validation) Object.assign(out, yardstickRecord(r.validation, 'val_', targetScale))
  return out
}
