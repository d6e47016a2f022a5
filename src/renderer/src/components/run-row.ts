import type { ExperimentConfig } from '../../../shared/config'
import type { RunStatus as ManagerStatus } from '../../../shared/runs'
import type { RunView } from '../../../shared/views'
import type { MetricRecord } from '../../../main/training/protocol'

/** Metrics by name (val_loss, val_accuracy, ...), as the worker reports them. */
export type { MetricRecord }

/** Where a run stands: the run manager's states, or 'interrupted' for a run found on disk without an ending. */
export type RunStatus = ManagerStatus | 'interrupted'

/** One row of the runs table: everything it shows about a run. Plain data, no IPC. */
export interface RunRow {
  id: string
  name: string
  /** Index into the run palette (same colour as in the charts). */
  colorIndex: number
  status: RunStatus
  config: ExperimentConfig
  /** Epoch with the best validation loss, null until known. */
  bestEpoch: number | null
  /** Validation metrics of the last epoch, e.g. { val_loss, val_accuracy }. */
  finalMetrics: MetricRecord | null
  /** Validation metrics of the best epoch. */
  bestMetrics: MetricRecord | null
  /** Metrics on the test split after training. */
  testMetrics: MetricRecord | null
  /** Wall time of the run in seconds. */
  seconds: number | null
  samplesPerSecond: number | null
}

/** A sortable column: how to read its value for sorting and how to show it. */
export interface RunColumn {
  key: string
  label: string
  value: (row: RunRow) => number | string | null
  text: (row: RunRow) => string
  numeric: boolean
}

/** Rows sorted by a column: numbers numerically, text alphabetically, missing values always last. */
export function sortRows(rows: readonly RunRow[], column: RunColumn | undefined, direction: 'asc' | 'desc'): RunRow[] {
  if (!column) return [...rows]
  const sign = direction === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const va = column.value(a)
    const vb = column.value(b)
    const missA = va === null || (typeof va === 'number' && !Number.isFinite(va))
    const missB = vb === null || (typeof vb === 'number' && !Number.isFinite(vb))
    if (missA || missB) return missA === missB ? 0 : missA ? 1 : -1
    if (typeof va === 'number' && typeof vb === 'number') return sign * (va - vb)
    return sign * String(va).localeCompare(String(vb), 'en', { numeric: true })
  })
}

/** The row of a run as main describes it; `colorIndex` is the run's palette index. */
export function runRow(run: RunView, colorIndex: number): RunRow {
  return {
    id: run.id,
    name: run.fromHistory ? `${run.label} (past)` : run.label,
    colorIndex,
    status: run.status,
    config: run.config,
    bestEpoch: run.bestEpoch,
    finalMetrics: run.lastMetrics,
    bestMetrics: run.bestMetrics,
    testMetrics: run.testMetrics,
    seconds: run.seconds,
    samplesPerSecond: run.samplesPerSecond,
  }
}
