import type { MetricRecord } from '../training/protocol'

/**
 * Per-epoch metrics of several runs in the long form TensorBoard users know: one row per (run, tag, step) with
 * its value — the columns of `tensorboard.data.experimental.ExperimentFromDev(...).get_scalars()` and of the
 * scalars you get from a Keras TensorBoard callback. As Keras logs them, the training and validation numbers of
 * a run are two TensorBoard runs, "<run>/train" and "<run>/validation" (and "<run>/test"), sharing tags
 * "epoch_<metric>", so TensorBoard-style tools overlay train and validation curves of the same metric:
 *   loss → <run>/train, epoch_loss;  val_loss → <run>/validation, epoch_loss;  test_accuracy → <run>/test, epoch_accuracy
 * step is the epoch number as the run reported it (1-based).
 */

/** One run's metrics as the run manager keeps them. */
export interface RunMetrics {
  /** The run's name as people see it (made unique by the caller if two runs share one). */
  run: string
  epochs: ReadonlyArray<{ epoch: number; metrics: MetricRecord }>
}

/** One scalar. value is null when the run produced a non-finite number (a diverged loss), never NaN. */
export interface ScalarRow {
  run: string
  tag: string
  step: number
  value: number | null
}

/** Column order of the CSV: run, step, tag, value (as the issue asks; TensorBoard's get_scalars() has the same columns, tag before step). */
export const SCALAR_COLUMNS = ['run', 'step', 'tag', 'value'] as const

/** The TensorBoard run suffix and tag of one of our flat metric names. */
export function tensorboardTag(metric: string): { split: 'train' | 'validation' | 'test'; tag: string } {
  if (metric.startsWith('val_')) return { split: 'validation', tag: `epoch_${metric.slice(4)}` }
  if (metric.startsWith('test_')) return { split: 'test', tag: `epoch_${metric.slice(5)}` }
  return { split: 'train', tag: `epoch_${metric}` }
}

/** Every scalar of every run, in run order, then epoch order, then the metric's order within the epoch. */
export function tensorboardScalars(runs: readonly RunMetrics[]): ScalarRow[] {
  const rows: ScalarRow[] = []
  for (const r of runs) {
    for (const e of r.epochs) {
      for (const [metric, value] of Object.entries(e.metrics)) {
        const { split, tag } = tensorboardTag(metric)
        rows.push({ run: `${r.run}/${split}`, step: e.epoch, tag, value: Number.isFinite(value) ? value : null })
      }
    }
  }
  return rows
}

function cell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * The scalars as CSV: header `run,step,tag,value`, numbers in full precision, an empty value for a
 * non-finite number (pandas reads it as NaN). Run names are quoted when they hold a comma, quote or newline.
 */
export function tensorboardScalarsCsv(runs: readonly RunMetrics[]): string {
  const lines = [SCALAR_COLUMNS.join(',')]
  for (const s of tensorboardScalars(runs)) lines.push([cell(s.run), String(s.step), cell(s.tag), s.value === null ? '' : String(s.value)].join(','))
  return `${lines.join('\n')}\n`
}

/** The scalars as JSON text: an array of {run, step, tag, value} objects (value null when non-finite). */
export function tensorboardScalarsJson(runs: readonly RunMetrics[]): string {
  return `${JSON.stringify(tensorboardScalars(runs), null, 1)}\n`
}
