import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import EvaluateView from '../../../src/renderer/src/views/EvaluateView.vue'
import type { Evaluation, ModelView } from '../../../src/shared/views'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import { createFakeApi } from '../helpers/fake-api'
import { datasetView, runView } from '../helpers/fixtures'
import { mountWithStudio } from '../helpers/mount-studio'

const evaluation: Evaluation = {
  task: 'classification', split: 'test', rows: 60, metrics: { test_accuracy: 0.9, test_cross_entropy: 0.25 },
  classification: { labels: ['a', 'b'], confusion: [[27, 3], [3, 27]], perClass: [] },
  misclassified: [{ pixels: new Array(4).fill(200), width: 2, height: 2, trueLabel: 'a', predictedLabel: 'b' }],
  firstLayer: null, regression: null,
}
const model: ModelView = { id: 'm1', name: 'model.json', config: DEFAULT_EXPERIMENT, inputs: 2, outputs: 2, task: 'classification', featureNames: ['x1', 'x2'], classLabels: ['a', 'b'], parameterCount: 82 }

describe('EvaluateView', () => {
  it('evaluates the followed finished run at once: metrics, confusion matrix, misclassified images; exports its model', async () => {
    const fake = createFakeApi({
      'dataset:open-example': () => datasetView(),
      'run:list': () => [runView('r1', { status: 'completed', hasModel: true })],
      'run:boundary': () => null,
      'run:evaluate': () => evaluation,
      'export:model': () => '/tmp/r1.json',
    })
    const { wrapper, studio } = mountWithStudio(EvaluateView, fake)
    await studio.datasets.openExample('spirals')
    await studio.runs.refresh()
    await flushPromises()
    expect((wrapper.get('[data-test=eval-source]').element as HTMLSelectElement).value).toBe('run:r1')
    // A finished run is evaluated without a click.
    expect(fake.callsOf('run:evaluate')).toEqual([['r1', 'ds1']])
    expect(wrapper.get('[data-test=eval-metrics]').text()).toContain('0.9')
    expect(wrapper.findAll('[data-test=cell]').map((c) => c.text())).toEqual(['27', '3', '3', '27'])
    expect(wrapper.findAll('[data-test=tile]')).toHaveLength(1)
    await wrapper.get('[data-test=export-model-eval]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test=exported]').text()).toBe('Model saved to /tmp/r1.json')
    wrapper.unmount()
  })

  it('imports a model, checks it against the dataset, evaluates it and trains from its weights', async () => {
    const fake = createFakeApi({
      'dataset:open-example': () => datasetView(),
      'model:import': () => model,
      'model:compatibility': () => ({ ok: true, message: null }),
      'model:evaluate': () => evaluation,
      'run:start': (req) => runView('r9', { config: req.config }),
    })
    const { wrapper, studio } = mountWithStudio(EvaluateView, fake)
    await studio.datasets.openExample('spirals')
    await wrapper.get('[data-test=import-model]').trigger('click')
    await flushPromises()
    expect((wrapper.get('[data-test=eval-source]').element as HTMLSelectElement).value).toBe('model:m1')
    expect(wrapper.get('[data-test=compatibility]').text()).toBe('Fits spirals.')
    await wrapper.get('[data-test=evaluate]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('model:evaluate')).toEqual([['m1', 'ds1']])
    expect(wrapper.findAll('[data-test=cell]')).toHaveLength(4)
    await wrapper.get('[data-test=train-from-model]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('run:start')[0][0]).toMatchObject({ datasetId: 'ds1', initialModelId: 'm1' })
    expect(wrapper.findComponent(EvaluateView).emitted('navigate')).toEqual([['Runs']])
    wrapper.unmount()
  })

  it('shows a model that does not fit with the reason, and draws the live decision boundary', async () => {
    const fake = createFakeApi({
      'dataset:open-example': () => datasetView(),
      'model:import': () => model,
      'model:compatibility': () => ({ ok: false, message: 'The model expects 784 inputs; spirals has 2.' }),
      'run:list': () => [runView('r1')],
      'run:boundary': () => null,
    })
    const { wrapper, studio } = mountWithStudio(EvaluateView, fake)
    await studio.datasets.openExample('spirals')
    await studio.runs.refresh()
    await flushPromises()
    fake.emit('run:boundary', { runId: 'r1', epoch: 4, xs: [0, 1], ys: [0, 1], cls: [0, 1, 1, 0], confidence: [0.9, 0.8, 0.7, 0.6], points: [{ x: 0.2, y: 0.3, cls: 0 }], xName: 'x1', yName: 'x2', classLabels: ['a', 'b'] })
    studio.runs.flush()
    await flushPromises()
    expect(wrapper.get('figure.boundary').attributes('data-epoch')).toBe('4')
    expect(wrapper.get('figure.boundary').text()).toContain('after epoch 4')
    await wrapper.get('[data-test=import-model]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test=compatibility]').text()).toBe('The model expects 784 inputs; spirals has 2.')
    expect(wrapper.get('[data-test=train-from-model]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })
})
