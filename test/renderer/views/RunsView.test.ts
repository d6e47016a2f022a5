import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import RunsView from '../../../src/renderer/src/views/RunsView.vue'
import { createFakeApi } from '../helpers/fake-api'
import { datasetView, epoch, runView } from '../helpers/fixtures'
import { mountWithStudio } from '../helpers/mount-studio'

describe('RunsView', () => {
  it('starts a run with the current settings, follows its progress and draws every epoch', async () => {
    const fake = createFakeApi({
      'dataset:open-example': () => datasetView(),
      'run:start': (req) => runView('r1', { config: req.config }),
      'run:pause': () => true,
    })
    const { wrapper, studio } = mountWithStudio(RunsView, fake)
    await studio.datasets.openExample('spirals')
    await flushPromises()
    await wrapper.get('[data-test=start]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('run:start')[0][0]).toMatchObject({ datasetId: 'ds1', config: studio.settings.config.value, label: 'run 1 · 16 relu · cross-entropy · sgd 0.1' })
    expect(wrapper.get('[data-test=focus-status]').text()).toBe('running')

    fake.emit('run:progress', { runId: 'r1', progress: { type: 'progress', epoch: 3, epochs: 20, batch: 5, batches: 9, samplesSeen: 700, samplesPerSecond: 12_345, elapsedSeconds: 2, etaSeconds: 75 } })
    for (let e = 1; e <= 3; e++) fake.emit('run:epoch', { runId: 'r1', epoch: epoch(e, { loss: 1 / e, val_loss: 1.2 / e, accuracy: 0.5 + e / 10, val_accuracy: 0.5 + e / 20 }) })
    fake.emit('run:status', runView('r1', { epochCount: 1, lastMetrics: { val_accuracy: 0.65 } })) // the record lags; the stream counts
    studio.runs.flush()
    await flushPromises()
    // epoch 3 finished after that progress message: the bar moves on to epoch 4
    expect(wrapper.get('[data-test=epoch]').text()).toBe('epoch 4 / 20')
    expect(wrapper.get('[data-test=details]').text()).toContain('1 min 15 s left')
    expect(wrapper.get('[data-test=details]').text()).toContain('12.3k/s')
    expect(wrapper.get('[data-test=epochs-done]').text()).toBe('3 / 20 epochs')
    const charts = wrapper.findAll('.run-chart')
    expect(charts.map((c) => c.attributes('data-metric'))).toEqual(['loss', 'val_loss', 'val_accuracy'])
    expect(charts.map((c) => c.get('figure').attributes('data-points'))).toEqual(['3', '3', '3'])

    await wrapper.get('[data-test=pause]').trigger('click')
    expect(fake.callsOf('run:pause')).toEqual([['r1']])
    wrapper.unmount()
  })

  it('falls back to training metrics when the data has no validation split', async () => {
    const fake = createFakeApi({ 'run:list': () => [runView('x', { status: 'completed', epochCount: 2 })], 'run:epochs': (id) => ({ runId: id, epochs: [epoch(1, { loss: 0.7, accuracy: 0.5 }), epoch(2, { loss: 0.3, accuracy: 1 })] }) })
    const { wrapper, studio } = mountWithStudio(RunsView, fake)
    await studio.runs.refresh()
    await flushPromises()
    expect(fake.callsOf('run:epochs')).toEqual([['x']])
    const metrics = wrapper.findAll('.run-chart').map((c) => c.attributes('data-metric'))
    expect(metrics).toEqual(['loss', 'val_loss', 'accuracy'])
    expect(wrapper.get('[data-metric=val_loss] [data-test=no-points]').text()).toContain('No validation loss yet')
    wrapper.unmount()
  })
})
