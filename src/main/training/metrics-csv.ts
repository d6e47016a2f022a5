import type { MetricRecord } from './protocol'

/**
 * Per-epoch metrics as a wide CSV: one row per epoch, one column per metric name (in first-seen order).
 * Numbers are written with full precision; a metric missing from an epoch is an empty cell.
 */
export function metricsToCsv(epochs: ReadonlyArray<{ epoch: number; metrics: MetricRecord }>): string {
  const names: string[] = []
  for (const e of epochs) for (const k of Object.keys(e.metrics)) if (!names.includes(k)) names.push(k)
  const lines = [['epoch', ...names].join(',')]
  for (const e of epochs) lines.push([String(e.epoch), ...names.map((n) => (n in e.metrics ? String(e.metrics[n]) : ''))].join(','))
  return `${lines.join('\n')}\n`
}
