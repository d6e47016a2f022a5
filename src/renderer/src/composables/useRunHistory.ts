import { shallowRef, triggerRef } from 'vue'
import type { ShallowRef } from 'vue'
import type { ChartRun } from '../charts/chart-data'

/** One run's epoch metrics as columns: epochs[i], samples[i] and metrics[name][i] belong together. */
export interface RunHistory {
  epochs: number[]
  samples: number[]
  metrics: Record<string, number[]>
}

/** The fields of the worker's EpochMessage this history reads (an EpochMessage fits as is). */
export interface EpochInfo {
  epoch: number
  metrics: Record<string, number>
}

/** How a run is drawn (its id must match the history's key). */
export interface RunLook {
  id: string
  label: string
  colorIndex: number
  group?: string
}

/**
 * The chart runs of one metric: every run in `looks` that has that metric, in `looks` order. A metric missing
 * at some epoch (e.g. validation turned off) is NaN there, which the chart leaves as a gap.
 */
export function chartRunsFor(histories: ReadonlyMap<string, RunHistory>, metric: string, looks: readonly RunLook[]): ChartRun[] {
  return looks.flatMap((look) => {
    const h = histories.get(look.id)
    const values = h?.metrics[metric]
    if (!h || !values) return []
    return [{ ...look, points: h.epochs.map((epoch, i) => ({ epoch, samples: h.samples[i], value: values[i] ?? NaN })) }]
  })
}

export interface RunHistoryStore {
  /** Histories by run id. Shallow: the arrays are mutated in place and the ref triggered once per epoch. */
  histories: Readonly<ShallowRef<ReadonlyMap<string, RunHistory>>>
  /** Appends an epoch's metrics; `samplesPerEpoch` (training rows) gives the samples-seen axis. */
  addEpoch: (runId: string, epoch: EpochInfo, samplesPerEpoch: number) => void
  /** Appends several epochs (of any runs) and triggers the charts once: how a stream of events is applied. */
  addEpochs: (batch: ReadonlyArray<{ runId: string; epoch: EpochInfo; samplesPerEpoch: number }>) => void
  /** Replaces a run's history with `epochs` (a run reloaded from disk, or one whose events were missed). */
  replace: (runId: string, epochs: readonly EpochInfo[], samplesPerEpoch: number) => void
  remove: (runId: string) => void
  clear: () => void
}

/**
 * Collects the epoch metrics of every run for the charts. Arrays stay out of deep reactivity (a long MNIST run
 * would otherwise wrap thousands of numbers in proxies); consumers re-read on each trigger and the chart
 * batches its redraws per animation frame.
 */
export function useRunHistory(): RunHistoryStore {
  const histories = shallowRef(new Map<string, RunHistory>())

  function addEpoch(runId: string, e: EpochInfo, samplesPerEpoch: number): void {
    append(runId, e, samplesPerEpoch)
    triggerRef(histories)
  }

  function addEpochs(batch: ReadonlyArray<{ runId: string; epoch: EpochInfo; samplesPerEpoch: number }>): void {
    if (batch.length === 0) return
    for (const item of batch) append(item.runId, item.epoch, item.samplesPerEpoch)
    triggerRef(histories)
  }

  function replace(runId: string, epochs: readonly EpochInfo[], samplesPerEpoch: number): void {
    histories.value.delete(runId)
    for (const e of epochs) append(runId, e, samplesPerEpoch)
    if (epochs.length === 0) histories.value.set(runId, { epochs: [], samples: [], metrics: {} })
    triggerRef(histories)
  }

  function append(runId: string, e: EpochInfo, samplesPerEpoch: number): void {
    let h = histories.value.get(runId)
    if (!h) {
      h = { epochs: [], samples: [], metrics: {} }
      histories.value.set(runId, h)
    }
    const index = h.epochs.length
    h.epochs.push(e.epoch)
    h.samples.push(e.epoch * samplesPerEpoch)
    for (const [name, value] of Object.entries(e.metrics)) {
      // A metric first seen late gets NaN for the epochs before it, so columns stay aligned.
      const column = (h.metrics[name] ??= new Array<number>(index).fill(NaN))
      column.push(value)
    }
    for (const column of Object.values(h.metrics)) if (column.length < index + 1) column.push(NaN)
  }

  function remove(runId: string): void {
    if (histories.value.delete(runId)) triggerRef(histories)
  }

  function clear(): void {
    histories.value = new Map()
  }

  return { histories, addEpoch, addEpochs, replace, remove, clear }
}
