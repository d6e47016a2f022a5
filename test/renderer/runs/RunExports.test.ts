import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import EvaluateView from '../../../src/renderer/src/views/EvaluateView.vue'
import CompareView from '../../../src/renderer/src/views/CompareView.vue'
import type { Evaluation, ModelView } from '../../../src/shared/views'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import { createFakeApi, fail, type FakeHandlers } from '../helpers/fake-api'
import { datasetView, runView } from '../helpers/fixtures'
import { mountWithStudio } from '../helpers/mount-studio'

const evaluation: Evaluation = {
  task: 'classification', split: 'test', rows: 60, metrics: { test_accuracy: 0.9 },
  classification: { labels: ['a', 'b'], confusion: [[27, 3], [3, 27]], perClass: [] },
  misclassified: [], firstLayer: null, regression: null,
}

/** EvaluateView following finished run r1 (trained on ds1 "spirals"), with `handlers` for the exports. */
async function evaluateRun(handlers: FakeHandlers, run = runView('r1', { status: 'completed', hasModel: true })) {
  const fake = createFakeApi({
    'dataset:open-example': () => datasetView(),
    'run:list': () => [run],
    'run:boundary': () => null,
    'run:evaluate': () => evaluation,
    ...handlers,
  })
  const { wrapper, studio } = mountWithStudio(EvaluateView, fake)
  await studio.datasets.openExample('spirals')
  await studio.runs.refresh()
  await flushPromises()
  return { fake, wrapper, studio }
}

describe('a run’s export menu (Evaluate)', () => {
  it('is a labelled group of buttons, each calling its channel with the run (and the dataset for predictions) and saying where it saved', async () => {
    const { fake, wrapper } = await evaluateRun({
      'export:model': () => '/out/r1.json',
      'export:onnx': () => '/out/r1.onnx',
      'export:tfjs': () => '/out/r1-tfjs',
      'export:predictions': () => '/out/r1-predictions.csv',
    })
    const group = wrapper.get('[data-test=run-exports]')
    expect(group.attributes('role')).toBe('group')
    expect(group.attributes('aria-label')).toBe('Export this run')
    expect(group.findAll('button').map((b) => b.text())).toEqual(['Export model…', 'Export ONNX…', 'Export TF.js…', 'Export predictions CSV…'])
    // Plain <button>s: reachable with Tab, pressed with Enter or Space.
    for (const b of group.findAll('button')) expect(b.attributes('type')).toBe('button')

    const click = async (test: string) => {
      await wrapper.get(`[data-test=${test}]`).trigger('click')
      await flushPromises()
      return wrapper.get('[data-test=exported]').text()
    }
    expect(await click('export-onnx')).toBe('ONNX model saved to /out/r1.onnx')
    expect(fake.callsOf('export:onnx')).toEqual([['r1']])
    expect(await click('export-tfjs')).toBe('TF.js model saved in the folder /out/r1-tfjs')
    expect(fake.callsOf('export:tfjs')).toEqual([['r1']])
    expect(await click('export-predictions')).toBe('Predictions saved to /out/r1-predictions.csv')
    expect(fake.callsOf('export:predictions')).toEqual([['r1', 'ds1']])
    expect(await click('export-model-eval')).toBe('Model saved to /out/r1.json')
    expect(fake.callsOf('export:model')).toEqual([['r1']])
    wrapper.unmount()
  })

  it('shows an error Result’s message as a notice and claims no saved file; a cancelled dialog says nothing', async () => {
    const { fake, wrapper, studio } = await evaluateRun({
      'export:onnx': () => fail('Run "r1" has no model file yet'),
      'export:tfjs': () => null,
    })
    await wrapper.get('[data-test=export-onnx]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('export:onnx')).toEqual([['r1']])
    expect(studio.notices.list.value.map((n) => [n.title, n.message])).toEqual([['Could not export the model as ONNX', 'Run "r1" has no model file yet']])
    expect(wrapper.find('[data-test=exported]').exists()).toBe(false)
    await wrapper.get('[data-test=export-tfjs]').trigger('click')
    await flushPromises()
    expect(studio.notices.list.value).toHaveLength(1)
    expect(wrapper.find('[data-test=exported]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('is disabled for a run without a model', async () => {
    const { wrapper } = await evaluateRun({}, runView('r1', { status: 'running', hasModel: false }))
    const buttons = wrapper.get('[data-test=run-exports]').findAll('button')
    expect(buttons).toHaveLength(4)
    for (const b of buttons) expect(b.attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('imports a TF.js model through model:import-tfjs and shows it; a refusal shows its message', async () => {
    const tfjs: ModelView = { id: 'm2', name: 'model.json', config: DEFAULT_EXPERIMENT, inputs: 2, outputs: 2, task: 'classification', featureNames: ['x1', 'x2'], classLabels: null, parameterCount: 82 }
    let answer: ModelView | ReturnType<typeof fail> = fail('model.json: layer 2 is a Conv2D; only Dense layers can be imported')
    const { fake, wrapper, studio } = await evaluateRun({
      'model:import-tfjs': () => answer,
      'model:compatibility': () => ({ ok: true, message: null }),
    })
    const button = wrapper.get('[data-test=import-tfjs]')
    expect(button.text()).toBe('Import TF.js model…')
    await button.trigger('click')
    await flushPromises()
    expect(fake.callsOf('model:import-tfjs')).toEqual([[]])
    expect(studio.notices.list.value.map((n) => n.message)).toEqual(['model.json: layer 2 is a Conv2D; only Dense layers can be imported'])
    expect(wrapper.find('[data-test=model-info]').exists()).toBe(false)
    answer = tfjs
    await button.trigger('click')
    await flushPromises()
    expect(fake.callsOf('model:import')).toEqual([]) // the model-file import is a different channel
    expect((wrapper.get('[data-test=eval-source]').element as HTMLSelectElement).value).toBe('model:m2')
    expect(wrapper.get('[data-test=model-info]').text()).toContain('2 inputs → 2 outputs')
    expect(wrapper.get('[data-test=compatibility]').text()).toBe('Fits spirals.')
    wrapper.unmount()
  })
})

describe('metrics for TensorBoard (Compare)', () => {
  it('exports the selected runs with format "tensorboard" and says where; an error shows its message', async () => {
    let answer: string | ReturnType<typeof fail> = '/out/metrics-tb.csv'
    const fake = createFakeApi({
      'run:list': () => [runView('a', { status: 'completed' }), runView('b', { status: 'completed' })],
      'export:metrics': () => answer,
    })
    const { wrapper, studio } = mountWithStudio(CompareView, fake)
    await studio.runs.refresh()
    await flushPromises()
    const button = wrapper.get('[data-test=export-tensorboard]')
    expect(button.text()).toBe('Export for TensorBoard…')
    expect(button.attributes('disabled')).toBeDefined()
    studio.runs.selected.value = ['b']
    await flushPromises()
    await button.trigger('click')
    await flushPromises()
    expect(fake.callsOf('export:metrics')).toEqual([[['b'], 'tensorboard']])
    expect(wrapper.text()).toContain('Saved /out/metrics-tb.csv')
    answer = fail('Run "b" has no epochs to export')
    await button.trigger('click')
    await flushPromises()
    expect(studio.notices.list.value.map((n) => n.message)).toEqual(['Run "b" has no epochs to export'])
    wrapper.unmount()
  })
})
