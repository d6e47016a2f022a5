import { vi } from 'vitest'

/**
 * A stand-in for chart.js in happy-dom (which has no canvas): `vi.mock('chart.js', () => import('../helpers/fake-chart'))`.
 * Every chart created is kept in `instances`, recording what the component asked of it.
 */
export class Chart {
  static register = vi.fn()
  data: { datasets: Array<{ label: string; data: Array<{ x: number; y: number }>; hidden?: boolean; borderColor?: string }> }
  options: { scales: Record<string, { type?: string; title?: { text: string } }> }
  update = vi.fn()
  destroy = vi.fn()
  toBase64Image = vi.fn(() => 'data:image/png;base64,AAAA')
  constructor(_canvas: unknown, config: { data: Chart['data']; options: Chart['options'] }) {
    this.data = config.data
    this.options = config.options
    instances.push(this)
  }
}
export const instances: Chart[] = []
export const Filler = {}
export const LinearScale = {}
export const LineController = {}
export const LineElement = {}
export const LogarithmicScale = {}
export const PointElement = {}
export const Tooltip = {}

/** Animation frames under the test's control: stub before each test, `flush()` runs the pending ones. */
export function stubFrames(): { flush: () => void } {
  let frames: FrameRequestCallback[] = []
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    frames.push(cb)
    return frames.length
  })
  vi.stubGlobal('cancelAnimationFrame', vi.fn())
  return {
    flush() {
      const f = frames
      frames = []
      f.forEach((cb) => cb(0))
    },
  }
}

/** Lets charts that wait for a task of their own (several mounted at once) be built. */
export async function settleCharts(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0))
  await new Promise((resolve) => setTimeout(resolve, 0))
}
