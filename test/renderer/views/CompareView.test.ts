import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import CompareView from '../../../src/renderer/src/views/CompareView.vue'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import { createFakeApi } from '../helpers/fake-api'
import { datasetView, epoch, runView } from '../helpers/fixtures'
import { mountWithStudio } from '../helpers/mount-studio'

// happy-dom has no canvas: real Chart.js instances would outlive the test and throw measuring a torn-down page.
vi.mock('chart.js', () => import('../helpers/fake-chart'))
const mounted: Array<{ unmount(): void }> = []
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
})

describe('CompareView', () => {
  it('starts a loss comparison, charts the common yardsticks and lists both runs with the differing setting', async () => {
    const mse = structuredClone(DEFAULT_EXPERIMENT)
    mse.model.loss = 'mse'
    const fake = createFakeApi({
      'dataset:open-example': () => datasetView(),
      'run:compare': (req) => ({
        groupId: 'g1',
        runs: [runView('a', { groupId: 'g1', label: 'loss=cross-entropy', config: req.base }), runView('b', { groupId: 'g1', label: 'loss=mse', config: mse })],
      }),
      'run:delete': () => true,
      'export:metrics': () => '/tmp/m.csv',
    })
    const { wrapper, studio } = mountWithStudio(CompareView, fake)
    mounted.push(wrapper)
    await studio.datasets.openExample('spirals')
    await flushPromises()
    await wrapper.get('form.compare-form').trigger('submit')
    await flushPromises()
    expect(fake.callsOf('run:compare')[0][0]).toMatchObject({ datasetId: 'ds1', vary: { setting: 'loss', values: ['cross-entropy', 'mse'] }, seeds: 1 })
    for (const id of ['a', 'b']) for (let e = 1; e <= 4; e++) fake.emit('run:epoch', { runId: id, epoch: epoch(e, { loss: 1, val_loss: 1, val_accuracy: e / 4, val_cross_entropy: 1 / e }) })
    studio.runs.flush()
    await flushPromises()
    expect(wrapper.findAll('.run-chart').map((c) => c.attributes('data-metric'))).toEqual(['val_accuracy', 'val_cross_entropy'])
    expect(wrapper.get('[data-metric=val_accuracy] figure').attributes('data-series')).toBe('2')
    expect(wrapper.find('[data-test=rescale]').exists()).toBe(false)
    await wrapper.get('[data-test=own-loss]').setValue(true)
    expect(wrapper.findAll('.run-chart').map((c) => c.attributes('data-metric'))).toContain('val_loss')
    // Rescaling is offered with the raw losses and changes only their chart's axis.
    await wrapper.get('[data-test=rescale]').setValue(true)
    expect(wrapper.get('[data-metric=val_loss] canvas').attributes('aria-label')).toBe('validation loss (÷ first epoch) by epoch')
    expect(wrapper.get('[data-metric=val_accuracy] canvas').attributes('aria-label')).toBe('validation accuracy by epoch')

    const rows = wrapper.findAll('[data-test=row]')
    expect(rows.map((r) => r.text())).toEqual([expect.stringContaining('loss=cross-entropy'), expect.stringContaining('loss=mse')])
    expect(wrapper.findAll('th').map((h) => h.text())).toContain('loss')
    await wrapper.get('[data-test=export-csv]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('export:metrics')).toEqual([[['a', 'b'], 'csv']])
    expect(wrapper.text()).toContain('Saved /tmp/m.csv')
    await rows[0].get('[data-test=delete]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-test=row]')).toHaveLength(1)
    wrapper.unmount()
  })

  it('draws seed repeats of one setting as a mean line with a band (one legend entry per setting)', async () => {
    const seeded = (seed: number, loss: 'cross-entropy' | 'mse') => {
      const config = structuredClone(DEFAULT_EXPERIMENT)
      config.model.loss = loss
      config.training.seed = seed
      return config
    }
    const fake = createFakeApi({
      'dataset:open-example': () => datasetView(),
      'run:compare': () => ({
        groupId: 'g',
        runs: [
          runView('a1', { groupId: 'g', label: 'loss = cross-entropy, seed 1', config: seeded(1, 'cross-entropy') }),
          runView('a2', { groupId: 'g', label: 'loss = cross-entropy, seed 2', config: seeded(2, 'cross-entropy') }),
          runView('b1', { groupId: 'g', label: 'loss = mse, seed 1', config: seeded(1, 'mse') }),
          runView('b2', { groupId: 'g', label: 'loss = mse, seed 2', config: seeded(2, 'mse') }),
        ],
      }),
    })
    const { wrapper, studio } = mountWithStudio(CompareView, fake)
    mounted.push(wrapper)
    await studio.datasets.openExample('spirals')
    await flushPromises()
    await wrapper.get('[data-test=seeds]').setValue(2)
    await wrapper.get('form.compare-form').trigger('submit')
    await flushPromises()
    expect(fake.callsOf('run:compare')[0][0]).toMatchObject({ seeds: 2 })
    for (const id of ['a1', 'a2', 'b1', 'b2']) for (let e = 1; e <= 3; e++) fake.emit('run:epoch', { runId: id, epoch: epoch(e, { val_accuracy: e / 4, val_cross_entropy: 1 / e }) })
    studio.runs.flush()
    await flushPromises()
    const legend = wrapper.get('[data-metric=val_accuracy]').findAll('[data-test=legend]').map((b) => b.text())
    expect(legend).toEqual(['loss = cross-entropy (mean of 2)', 'loss = mse (mean of 2)'])
    await wrapper.get('[data-test=bands]').setValue(false)
    expect(wrapper.get('[data-metric=val_accuracy]').findAll('[data-test=legend]')).toHaveLength(4)
    wrapper.unmount()
  })
})
