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

/** One run's epochs for the long form: its id and group (null when it is in none). */
export interface RunMetrics {
  run: string
  group: string | null
  epochs: ReadonlyArray<{ epoch: number; metrics: MetricRecord }>
}

/** One long-form row: a metric of one epoch of one run. Non-finite values stay visible ("NaN", "Infinity"). */
export interface LongMetricRow {
  run: string
  group: string | null
  epoch: number
  metric: string
  value: number
}

/** The long form: one row per (run, epoch, metric), runs in the given order, metrics in each epoch's order. */
export function longMetricRows(runs: ReadonlyArray<RunMetrics>): LongMetricRow[] {
  const rows: LongMetricRow[] = []
  for (const r of runs) for (const e of r.epochs) for (const [metric, value] of Object.entries(e.metrics)) rows.push({ run: r.run, group: r.group, epoch: e.epoch, metric, value })
  return rows
}

/** CSV cell: quoted when it holds a comma, quote or line break. */
function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * Long-form CSV with the header `run,group,epoch,metric,value`: numbers at full precision, an empty group for
 * a run in none, a non-finite value written as NaN / Infinity / -Infinity (never silently dropped).
 */
export function metricsToLongCsv(runs: ReadonlyArray<RunMetrics>): string {
  const lines = ['run,group,epoch,metric,value']
  for (const r of longMetricRows(runs)) lines.push([csvCell(r.run), csvCell(r.group ?? ''), String(r.epoch), csvCell(r.metric), String(r.value)].join(','))
  return `${lines.join('\n')}\n`
}
