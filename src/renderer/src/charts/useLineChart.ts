import { markRaw, onBeforeUnmount, onMounted, shallowRef, watch } from 'vue'
import type { Ref, ShallowRef } from 'vue'
import { Chart, Filler, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js'
import type { ChartDataset } from 'chart.js'
import type { Point } from './smoothing'

// Only what a line chart with a filled band needs: keeps the bundle small and the tree-shaking honest.
Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Tooltip)

/** Everything the chart shows; rebuilt from reactive state by the caller's `spec` getter. */
export interface LineChartSpec {
  datasets: ChartDataset<'line', Point[]>[]
  xTitle: string
  yTitle: string
  logY: boolean
}

/**
 * Axis text and grid colours from the page's CSS variables (--muted, --border), so the canvas follows the light
 * or dark theme; Chart.js's defaults are grey on transparent and fade out on a dark background.
 */
function themeColors(el: HTMLElement): { text: string; grid: string } {
  const style = getComputedStyle(el)
  return { text: style.getPropertyValue('--muted').trim() || '#666', grid: style.getPropertyValue('--border').trim() || 'rgba(0, 0, 0, 0.1)' }
}

/**
 * Least time between two redraws of one chart. Streaming a fast run, a redraw every frame (three charts, each
 * re-laying out its axes) costs long tasks; five a second still looks live.
 */
export const MIN_REDRAW_MS = 200

/** Whether a chart was already built in the current task (reset once the task is over). */
let builtThisTask = false

/** True for the first chart built in a task; later ones in the same task should wait for a task of their own. */
function claimCreationSlot(): boolean {
  if (builtThisTask) return false
  builtThisTask = true
  setTimeout(() => {
    builtThisTask = false
  }, 0)
  return true
}

export interface LineChartHandle {
  /** The Chart.js instance (markRaw: never deep-reactive), null before mount and after unmount. */
  chart: Readonly<ShallowRef<Chart<'line', Point[]> | null>>
  /** The chart as a PNG data URL, or null when there is no chart. */
  toPng: () => string | null
}

/**
 * A Chart.js line chart on `canvas`, fed by `spec`. Changes to whatever `spec` reads are collected and
 * applied in an animation frame with `chart.update('none')` (no animation), at most once per MIN_REDRAW_MS, so a
 * stream of epoch points never costs one redraw per point. The chart is destroyed on unmount.
 */
export function useLineChart(canvas: Ref<HTMLCanvasElement | null>, spec: () => LineChartSpec): LineChartHandle {
  const chart = shallowRef<Chart<'line', Point[]> | null>(null)
  let pending: LineChartSpec | null = null
  let frame = 0

  function apply(s: LineChartSpec): void {
    const c = chart.value
    if (!c) return
    c.data.datasets = s.datasets
    // Mutate in place: replacing the title objects would drop their theme colours.
    const scales = c.options.scales as Record<string, { type?: string; title?: { text?: string } }>
    if (scales.x.title) scales.x.title.text = s.xTitle
    scales.y.type = s.logY ? 'logarithmic' : 'linear'
    if (scales.y.title) scales.y.title.text = s.yTitle
    c.update('none')
  }

  /** When the chart last redrew; redraws are at least MIN_REDRAW_MS apart (a fast run streams many epochs a frame). */
  let lastDraw = -Infinity
  let timer: ReturnType<typeof setTimeout> | 0 = 0

  function draw(): void {
    frame = 0
    lastDraw = performance.now()
    if (pending) apply(pending)
    pending = null
  }

  function schedule(s: LineChartSpec): void {
    pending = s
    if (frame || timer) return
    const wait = lastDraw + MIN_REDRAW_MS - performance.now()
    if (wait <= 0) {
      frame = requestAnimationFrame(draw)
      return
    }
    timer = setTimeout(() => {
      timer = 0
      frame = requestAnimationFrame(draw)
    }, wait)
  }

  let createTimer: ReturnType<typeof setTimeout> | 0 = 0

  function create(): void {
    createTimer = 0
    // A deferred creation may find its canvas already taken out of the page (the view closed in between).
    if (!canvas.value || !canvas.value.parentNode) return
    const s = spec()
    const theme = themeColors(canvas.value)
    chart.value = markRaw(
      new Chart<'line', Point[]>(canvas.value, {
        type: 'line',
        data: { datasets: s.datasets },
        options: {
          animation: false,
          parsing: false,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: 'nearest', intersect: false },
          color: theme.text,
          plugins: { legend: { display: false } },
          scales: {
            x: { type: 'linear', title: { display: true, text: s.xTitle, color: theme.text }, ticks: { color: theme.text }, grid: { color: theme.grid } },
            y: { type: s.logY ? 'logarithmic' : 'linear', title: { display: true, text: s.yTitle, color: theme.text }, ticks: { color: theme.text }, grid: { color: theme.grid } },
          },
        },
      }),
    )
  }

  // A section opening with several charts would build them all in one task (each measures fonts and lays out
  // its axes): the first is built at once, the others each in a task of their own, keeping tasks short.
  onMounted(() => {
    if (claimCreationSlot()) create()
    else createTimer = setTimeout(create, 0)
  })

  watch(spec, schedule)

  /** The system theme changed (light ↔ dark): axis text and grid take the new CSS colours. */
  function retheme(): void {
    const c = chart.value
    if (!c || !canvas.value) return
    const theme = themeColors(canvas.value)
    c.options.color = theme.text
    const scales = c.options.scales as Record<string, { ticks?: { color?: string }; grid?: { color?: string }; title?: { color?: string } }>
    for (const axis of Object.values(scales)) {
      if (axis.ticks) axis.ticks.color = theme.text
      if (axis.grid) axis.grid.color = theme.grid
      if (axis.title) axis.title.color = theme.text
    }
    c.update('none')
  }
  const scheme = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null
  onMounted(() => scheme?.addEventListener?.('change', retheme))

  onBeforeUnmount(() => {
    scheme?.removeEventListener?.('change', retheme)
    if (createTimer) clearTimeout(createTimer)
    createTimer = 0
    if (frame) cancelAnimationFrame(frame)
    if (timer) clearTimeout(timer)
    frame = 0
    timer = 0
    chart.value?.destroy()
    chart.value = null
  })

  return { chart, toPng: () => chart.value?.toBase64Image('image/png', 1) ?? null }
}
