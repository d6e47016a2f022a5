import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import { isReactive } from 'vue'

vi.mock('chart.js', () => import('../helpers/fake-chart'))
const { instances, settleCharts, stubFrames } = await import('../helpers/fake-chart')

const { default: LineChart } = await import('../../../src/renderer/src/charts/LineChart.vue')
const { buildDatasets } = await import('../../../src/renderer/src/charts/chart-data')
const { RUN_PALETTE } = await import('../../../src/renderer/src/charts/palette')
import type { ChartRun } from '../../../src/renderer/src/charts/chart-data'

const run = (id: string, colorIndex: number, values: number[], group?: string): ChartRun => ({
  id, label: `run ${id}`, colorIndex, group,
  points: values.map((value, i) => ({ epoch: i + 1, samples: (i + 1) * 100, value })),
})

let flushFrames: () => void
beforeEach(() => {
  instances.length = 0
  flushFrames = stubFrames().flush
})
afterEach(() => vi.unstubAllGlobals())

describe('buildDatasets', () => {
  const base = { xAxis: 'epoch' as const, smoothing: 0, rescale: false, bands: true, hidden: new Set<string>() }
  it('colours runs by index and uses samples on request', () => {
    const ds = buildDatasets([run('a', 0, [1, 2]), run('b', 3, [4, 2])], { ...base, xAxis: 'samples' })
    expect(ds.map((d) => d.borderColor)).toEqual([RUN_PALETTE[0], RUN_PALETTE[3]])
    expect(ds[1].data).toEqual([{ x: 100, y: 4 }, { x: 200, y: 2 }])
  })
  it('draws seed repeats as min, max (filled to min) and mean', () => {
    const ds = buildDatasets([run('a', 0, [1, 3], 'g'), run('b', 1, [3, 5], 'g'), run('c', 2, [9])], base)
    expect(ds.map((d) => d.label)).toEqual(['g min', 'g max', 'g mean', 'run c'])
    expect(ds[2].data).toEqual([{ x: 1, y: 2 }, { x: 2, y: 4 }])
    expect(ds[1].fill).toBe('-1')
    expect(buildDatasets([run('a', 0, [1], 'g'), run('b', 1, [3], 'g')], { ...base, bands: false })).toHaveLength(2)
  })
  it('rescales to the first epoch and hides toggled runs', () => {
    const ds = buildDatasets([run('a', 0, [4, 2, 1])], { ...base, rescale: true, hidden: new Set(['a']) })
    expect(ds[0].data.map((p) => p.y)).toEqual([1, 0.5, 0.25])
    expect(ds[0].hidden).toBe(true)
  })
})

describe('LineChart', () => {
  it('creates one non-reactive chart and batches many changes into one update("none") per frame', async () => {
    const wrapper = mount(LineChart, { props: { runs: [run('a', 0, [1])], metric: 'loss' } })
    await settleCharts()
    expect(instances).toHaveLength(1)
    const chart = instances[0]
    expect(isReactive(chart)).toBe(false)
    for (let n = 2; n <= 6; n++) {
      await wrapper.setProps({ runs: [run('a', 0, Array.from({ length: n }, (_, i) => 1 / (i + 1)))] })
    }
    expect(chart.update).not.toHaveBeenCalled()
    flushFrames()
    expect(chart.update).toHaveBeenCalledTimes(1)
    expect(chart.update).toHaveBeenCalledWith('none')
    expect(chart.data.datasets[0].data).toHaveLength(6)
  })
  it('applies log scale, x axis and smoothing from the controls', async () => {
    const wrapper = mount(LineChart, { props: { runs: [run('a', 0, [10, 0, 5])], metric: 'loss' } })
    await settleCharts()
    const chart = instances[0]
    await wrapper.get('[data-test=log]').setValue(true)
    await wrapper.get('[data-test=x-axis]').setValue('samples')
    await wrapper.get('[data-test=smoothing]').setValue('0.6')
    flushFrames()
    expect(chart.options.scales.y.type).toBe('logarithmic')
    expect(chart.options.scales.x.title?.text).toBe('samples seen')
    expect(chart.data.datasets[0].data[1].x).toBe(200)
    expect(chart.data.datasets[0].data[1].y).toBeCloseTo(2.4 / 0.64)
  })
  it('toggles a run from the legend (keyboard-reachable buttons with aria-pressed)', async () => {
    const wrapper = mount(LineChart, { props: { runs: [run('a', 0, [1]), run('b', 1, [2])], metric: 'loss' } })
    await settleCharts()
    const entries = wrapper.findAll('[data-test=legend]')
    expect(entries.map((e) => e.text())).toEqual(['run a', 'run b'])
    await entries[1].trigger('click')
    flushFrames()
    expect(entries[1].attributes('aria-pressed')).toBe('false')
    expect(instances[0].data.datasets.map((d) => d.hidden)).toEqual([false, true])
  })
  it('emits the PNG data URL and destroys the chart on unmount', async () => {
    const wrapper = mount(LineChart, { props: { runs: [run('a', 0, [1])], metric: 'loss' } })
    await settleCharts()
    await wrapper.get('[data-test=export]').trigger('click')
    expect(wrapper.emitted('export')).toEqual([['data:image/png;base64,AAAA']])
    const chart = instances[0]
    wrapper.unmount()
    expect(chart.destroy).toHaveBeenCalledTimes(1)
  })
})
