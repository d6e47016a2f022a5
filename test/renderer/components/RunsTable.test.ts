import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import RunsTable from '../../../src/renderer/src/components/RunsTable.vue'
import type { RunRow } from '../../../src/renderer/src/components/run-row'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import type { LossName } from '../../../src/shared/config'

function row(id: string, loss: LossName, valLoss: number | null, seconds: number | null): RunRow {
  const config = structuredClone(DEFAULT_EXPERIMENT)
  config.model.loss = loss
  if (loss !== 'cross-entropy') config.model.output = 'sigmoid'
  return {
    id, name: `run ${id}`, colorIndex: Number(id), status: valLoss === null ? 'running' : 'completed', config,
    bestEpoch: valLoss === null ? null : 4, bestMetrics: valLoss === null ? null : { val_loss: valLoss, val_accuracy: 0.9 },
    finalMetrics: valLoss === null ? null : { val_loss: valLoss + 0.01, val_accuracy: 0.89 }, testMetrics: null, seconds, samplesPerSecond: 12_345,
  }
}
const runs = [row('0', 'cross-entropy', 0.3, 75), row('1', 'mse', 0.1, 30), row('2', 'mae', null, null)]
const names = (w: ReturnType<typeof mount>): string[] => w.findAll('[data-test=row]').map((r) => r.findAll('td')[1].text())
const headers = (w: ReturnType<typeof mount>): string[] => w.findAll('th').map((h) => h.text())

describe('RunsTable', () => {
  it('shows only the settings that differ between the selected runs', async () => {
    const wrapper = mount(RunsTable, { props: { runs, selected: [] } })
    // all three compared: loss and output differ; nothing else
    expect(headers(wrapper).filter((h) => ['loss', 'output', 'batchSize', 'seed'].includes(h))).toEqual(['output', 'loss'])
    await wrapper.setProps({ selected: ['1', '2'] })
    expect(headers(wrapper)).toContain('loss')
    expect(headers(wrapper)).not.toContain('output')
    expect(wrapper.findAll('[data-test=row]')[1].text()).toContain('mse')
  })
  it('formats values for people and shows a status badge', () => {
    const wrapper = mount(RunsTable, { props: { runs, selected: [] } })
    const first = wrapper.findAll('[data-test=row]')[0].text()
    expect(first).toContain('1 min 15 s')
    expect(first).toContain('12.3k/s')
    expect(wrapper.findAll('[data-test=status]').map((s) => s.text())).toEqual(['completed', 'completed', 'running'])
  })
  it('sorts by a column, toggling direction, missing values last', async () => {
    const wrapper = mount(RunsTable, { props: { runs, selected: [] } })
    await wrapper.get('[data-test="sort-best:val_loss"]').trigger('click')
    expect(names(wrapper)).toEqual(['run 1', 'run 0', 'run 2'])
    await wrapper.get('[data-test="sort-best:val_loss"]').trigger('click')
    expect(names(wrapper)).toEqual(['run 0', 'run 1', 'run 2'])
    expect(wrapper.get('th[aria-sort=descending]').text()).toContain('best val_loss')
  })
  it('emits selection and deletion', async () => {
    const wrapper = mount(RunsTable, { props: { runs, selected: ['0'] } })
    const boxes = wrapper.findAll('[data-test=select]')
    await boxes[1].setValue(true)
    expect(wrapper.emitted('update:selected')![0]).toEqual([['0', '1']])
    await boxes[0].setValue(false)
    expect(wrapper.emitted('update:selected')![1]).toEqual([[]])
    await wrapper.findAll('[data-test=delete]')[2].trigger('click')
    expect(wrapper.emitted('delete')).toEqual([['2']])
    expect(boxes[0].attributes('aria-label')).toBe('Select run 0')
  })
})
