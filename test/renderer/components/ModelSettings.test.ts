import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ModelSettings from '../../../src/renderer/src/components/ModelSettings.vue'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import type { ExperimentConfig } from '../../../src/shared/config'
import { parameterCount, secondsPerEpoch } from '../../../src/renderer/src/components/model-summary'

function setup(config: ExperimentConfig = structuredClone(DEFAULT_EXPERIMENT), extra: Record<string, unknown> = {}) {
  const wrapper = mount(ModelSettings, {
    props: { modelValue: config, ...extra, 'onUpdate:modelValue': (v: ExperimentConfig) => wrapper.setProps({ modelValue: v }) },
  })
  const current = (): ExperimentConfig => wrapper.props('modelValue') as ExperimentConfig
  return { wrapper, current }
}

describe('model summary', () => {
  it('counts parameters of a 784-16-10 network', () => {
    expect(parameterCount(784, [{ units: 16, activation: 'relu' }], 10)).toBe(784 * 16 + 16 + 16 * 10 + 10)
    expect(parameterCount(2, [], 1)).toBe(3)
    expect(parameterCount(0, [], 1)).toBeNull()
  })
  it('estimates seconds per epoch', () => {
    expect(secondsPerEpoch(60000, 20000)).toBe(3)
    expect(secondsPerEpoch(60000, 0)).toBeNull()
    expect(secondsPerEpoch(undefined, 5)).toBeNull()
  })
})

describe('ModelSettings', () => {
  it('offers only losses that pair with the output, the others disabled with the reason', async () => {
    const { wrapper, current } = setup()
    await wrapper.get('[data-test=output]').setValue('identity')
    // cross-entropy does not pair with identity: the loss moved to the first valid one
    expect(current().model.output).toBe('identity')
    expect(current().model.loss).toBe('mse')
    expect(wrapper.get('[data-test=loss-note]').text()).toBe('Loss changed from cross-entropy to mse: cross-entropy cannot train identity outputs.')
    const options = wrapper.get('[data-test=loss]').findAll('option')
    const ce = options.find((o) => o.attributes('value') === 'cross-entropy')!
    expect(ce.attributes('disabled')).toBeDefined()
    expect(ce.attributes('title')).toMatch(/needs softmax/)
    expect(options.find((o) => o.attributes('value') === 'mse')!.attributes('disabled')).toBeUndefined()
    expect(wrapper.get('[data-test=reasons]').text()).toMatch(/binary-cross-entropy.*needs outputs in \(0, 1\)/s)
  })
  it('shows Huber δ only for huber and the zeros warning only for zeros', async () => {
    const { wrapper, current } = setup()
    expect(wrapper.find('[data-test=huber]').exists()).toBe(false)
    await wrapper.get('[data-test=loss]').setValue('huber')
    expect(current().model.loss).toBe('huber')
    await wrapper.get('[data-test=huber]').setValue('0.5')
    expect(current().model.huberDelta).toBe(0.5)
    expect(wrapper.find('[data-test=zeros-warning]').exists()).toBe(false)
    await wrapper.get('[data-test=init]').setValue('zeros')
    expect(wrapper.get('[data-test=zeros-warning]').text()).toMatch(/symmetry/)
    await wrapper.get('[data-test=init]').setValue('uniform')
    await wrapper.get('[data-test=epsilon]').setValue('0.3')
    expect(current().model.initEpsilon).toBe(0.3)
  })
  it('switches optimizer settings and keeps the learning rate', async () => {
    const { wrapper, current } = setup()
    await wrapper.get('[data-test=lr]').setValue('0.01')
    await wrapper.get('[data-test=optimizer]').setValue('adam')
    expect(current().optimizer).toEqual({ kind: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 })
    expect(wrapper.find('[data-test=adam-settings]').exists()).toBe(true)
    await wrapper.get('[data-test=optimizer]').setValue('momentum')
    expect(wrapper.find('[data-test=momentum-settings]').exists()).toBe(true)
    expect(current().optimizer).toMatchObject({ kind: 'momentum', nesterov: false })
  })
  it('toggles early stopping and edits patience', async () => {
    const { wrapper, current } = setup()
    await wrapper.get('[data-test=early]').setValue(true)
    expect(current().training.earlyStopping).toEqual({ patience: 5, restoreBest: true })
    await wrapper.get('[data-test=patience]').setValue('12')
    expect(current().training.earlyStopping?.patience).toBe(12)
    await wrapper.get('[data-test=early]').setValue(false)
    expect(current().training.earlyStopping).toBeNull()
  })
  it('lists checkExperimentConfig problems next to the form and emits validity', async () => {
    const { wrapper } = setup()
    expect(wrapper.emitted('validity')![0]).toEqual([true])
    expect(wrapper.find('[data-test=problems]').exists()).toBe(false)
    await wrapper.get('[data-test=batch]').setValue('0')
    await wrapper.get('[data-test=lambda]').setValue('')
    const text = wrapper.get('[data-test=problems]').text()
    expect(text).toContain('training.batchSize: must be ≥ 1, got 0')
    expect(text).toContain('model.lambda')
    expect(wrapper.emitted('validity')!.at(-1)).toEqual([false])
  })
  it('shows the parameter count and time per epoch', () => {
    const { wrapper } = setup(structuredClone(DEFAULT_EXPERIMENT), { inputs: 784, outputs: 10, trainRows: 60000, samplesPerSecond: 20000 })
    expect(wrapper.get('[data-test=summary]').text()).toBe('Parameters: 12.7k · about 3.0 s per epoch')
  })
})
