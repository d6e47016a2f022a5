import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, h, nextTick } from 'vue'

vi.mock('chart.js', () => import('../helpers/fake-chart'))
const { instances, settleCharts, stubFrames } = await import('../helpers/fake-chart')

const { default: LineChart } = await import('../../../src/renderer/src/charts/LineChart.vue')
const { default: ChartControls } = await import('../../../src/renderer/src/charts/ChartControls.vue')
const { createChartView } = await import('../../../src/renderer/src/charts/chart-view')

let flushFrames: () => void
beforeEach(() => {
  instances.length = 0
  flushFrames = stubFrames().flush
})
afterEach(() => vi.unstubAllGlobals())

describe('one ChartControls drives every chart of a section', () => {
  it('log scale and x axis apply to both charts; the charts show only their Export button', async () => {
    const view = createChartView()
    const runs = [{ id: 'a', label: 'A', colorIndex: 0, points: [{ epoch: 1, samples: 50, value: 2 }, { epoch: 2, samples: 100, value: 1 }] }]
    const Host = defineComponent({
      setup: () => () => h('div', [h(ChartControls, { view }), h(LineChart, { runs, metric: 'loss', view }), h(LineChart, { runs, metric: 'accuracy', view })]),
    })
    const wrapper = mount(Host)
    // Two charts mounted together: the second is built in a task of its own (short tasks).
    expect(instances).toHaveLength(1)
    await settleCharts()
    expect(instances).toHaveLength(2)
    expect(wrapper.findAll('[data-test=log]')).toHaveLength(1)
    expect(wrapper.findAll('[data-test=export]')).toHaveLength(2)
    await wrapper.get('[data-test=log]').setValue(true)
    await wrapper.get('[data-test=x-axis]').setValue('samples')
    await nextTick()
    flushFrames()
    expect(instances).toHaveLength(2)
    for (const chart of instances) {
      expect(chart.options.scales.y.type).toBe('logarithmic')
      expect(chart.options.scales.x.title?.text).toBe('samples seen')
      expect(chart.data.datasets[0].data.map((p) => p.x)).toEqual([50, 100])
    }
    expect(wrapper.findAll('figure').map((f) => f.attributes('data-points'))).toEqual(['2', '2'])
  })
})
