import type { ChartDataset } from 'chart.js'
import { runColor, withAlpha } from './palette'
import { rescaleToFirst, seedBand, smoothPoints } from './smoothing'
import type { Point } from './smoothing'

/** One metric value of a run at the end of an epoch. */
export interface MetricPoint {
  epoch: number
  /** Training samples seen so far (x when the axis is "samples seen"). */
  samples: number
  value: number
}

/** A run as the chart draws it. */
export interface ChartRun {
  id: string
  label: string
  /** Index into the run palette (the run's index in the session, so its colour is stable everywhere). */
  colorIndex: number
  points: readonly MetricPoint[]
  /** Runs sharing a group (seed repeats of one config) can be drawn as a mean line with a min–max band. */
  group?: string
}

export interface ChartViewOptions {
  xAxis: 'epoch' | 'samples'
  /** Debiased EMA weight in [0, 1). */
  smoothing: number
  /** Divide each run by its first value so runs on different loss scales compare by relative progress. */
  rescale: boolean
  /** Draw groups of ≥ 2 runs as mean + min–max band instead of one line per run. */
  bands: boolean
  /** Ids (run ids or group names) the user switched off in the legend. */
  hidden: ReadonlySet<string>
}

/** A legend entry: a run, or a group drawn as a band. */
export interface LegendEntry {
  key: string
  label: string
  color: string
}

type LineDataset = ChartDataset<'line', Point[]>

function seriesOf(run: ChartRun, o: ChartViewOptions): Point[] {
  const raw = run.points.map((p) => ({ x: o.xAxis === 'epoch' ? p.epoch : p.samples, y: p.value }))
  const scaled = o.rescale ? rescaleToFirst(raw) : raw
  return o.smoothing > 0 ? smoothPoints(scaled, o.smoothing) : scaled
}

/** Groups with at least two runs (when bands are on), keyed by group name, in first-appearance order. */
function bandGroups(runs: readonly ChartRun[], o: ChartViewOptions): Map<string, ChartRun[]> {
  const groups = new Map<string, ChartRun[]>()
  if (!o.bands) return groups
  for (const run of runs) if (run.group !== undefined) groups.set(run.group, [...(groups.get(run.group) ?? []), run])
  for (const [name, members] of groups) if (members.length < 2) groups.delete(name)
  return groups
}

/** The legend: one entry per drawn line (a run, or a band group coloured by its first run). */
export function legendEntries(runs: readonly ChartRun[], o: ChartViewOptions): LegendEntry[] {
  const groups = bandGroups(runs, o)
  const entries: LegendEntry[] = []
  const done = new Set<string>()
  for (const run of runs) {
    if (run.group !== undefined && groups.has(run.group)) {
      if (done.has(run.group)) continue
      done.add(run.group)
      entries.push({ key: `group:${run.group}`, label: `${run.group} (mean of ${groups.get(run.group)!.length})`, color: runColor(run.colorIndex) })
    } else {
      entries.push({ key: run.id, label: run.label, color: runColor(run.colorIndex) })
    }
  }
  return entries
}

/**
 * Chart.js datasets for the runs: smoothing and rescaling applied per run (before the band, so the band shows
 * the spread of what the user sees); a band group becomes three datasets: min (invisible line), max (filled
 * down to min) and the mean line. Hidden legend keys produce hidden datasets (kept, so colours stay put).
 */
export function buildDatasets(runs: readonly ChartRun[], o: ChartViewOptions): LineDataset[] {
  const groups = bandGroups(runs, o)
  const out: LineDataset[] = []
  const done = new Set<string>()
  const line = { pointRadius: 0, borderWidth: 2, tension: 0, fill: false } as const
  for (const run of runs) {
    const color = runColor(run.colorIndex)
    if (run.group !== undefined && groups.has(run.group)) {
      if (done.has(run.group)) continue
      done.add(run.group)
      const key = `group:${run.group}`
      const hidden = o.hidden.has(key)
      const band = seedBand(groups.get(run.group)!.map((r) => seriesOf(r, o)))
      out.push({ ...line, label: `${run.group} min`, data: band.map((b) => ({ x: b.x, y: b.min })), borderWidth: 0, borderColor: 'transparent', hidden })
      out.push({ ...line, label: `${run.group} max`, data: band.map((b) => ({ x: b.x, y: b.max })), borderWidth: 0, borderColor: 'transparent', backgroundColor: withAlpha(color, 0.2), fill: '-1', hidden })
      out.push({ ...line, label: `${run.group} mean`, data: band.map((b) => ({ x: b.x, y: b.mean })), borderColor: color, backgroundColor: color, hidden })
    } else {
      out.push({ ...line, label: run.label, data: seriesOf(run, o), borderColor: color, backgroundColor: color, hidden: o.hidden.has(run.id) })
    }
  }
  return out
}
