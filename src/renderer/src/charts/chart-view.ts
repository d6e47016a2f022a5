import { reactive } from 'vue'

/**
 * How a set of charts is viewed, shared by every chart of a section (TensorBoard's one settings panel):
 * smoothing, log scale, x axis, rescaling to the first epoch, seed repeats as bands. Hidden legend entries stay
 * per chart.
 */
export interface ChartView {
  /** Debiased EMA weight in [0, 1). */
  smoothing: number
  logScale: boolean
  xAxis: 'epoch' | 'samples'
  rescale: boolean
  bands: boolean
}

export function createChartView(initial: Partial<ChartView> = {}): ChartView {
  return reactive({ smoothing: 0, logScale: false, xAxis: 'epoch', rescale: false, bands: true, ...initial })
}
