import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import LayerEditor from '../../../src/renderer/src/components/LayerEditor.vue'
import type { HiddenLayer } from '../../../src/shared/config'

function setup(layers: HiddenLayer[]) {
  const wrapper = mount(LayerEditor, { props: { modelValue: layers, 'onUpdate:modelValue': (v: HiddenLayer[]) => wrapper.setProps({ modelValue: v }) } })
  const last = (): HiddenLayer[] => {
    const events = wrapper.emitted('update:modelValue') as HiddenLayer[][][] | undefined
    if (!events) throw new Error('no update emitted')
    return events[events.length - 1][0]
  }
  return { wrapper, last }
}

describe('LayerEditor', () => {
  it('adds a layer copying the last one', async () => {
    const { wrapper, last } = setup([{ units: 8, activation: 'tanh' }])
    await wrapper.get('[data-test=add]').trigger('click')
    expect(last()).toEqual([{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }])
    expect(wrapper.findAll('[data-test=layer]')).toHaveLength(2)
  })
  it('removes and reorders layers', async () => {
    const { wrapper, last } = setup([{ units: 1, activation: 'relu' }, { units: 2, activation: 'tanh' }, { units: 3, activation: 'elu' }])
    await wrapper.findAll('[data-test=down]')[0].trigger('click')
    expect(last().map((l) => l.units)).toEqual([2, 1, 3])
    await wrapper.findAll('[data-test=up]')[2].trigger('click')
    expect(last().map((l) => l.units)).toEqual([2, 3, 1])
    await wrapper.findAll('[data-test=remove]')[1].trigger('click')
    expect(last().map((l) => l.units)).toEqual([2, 1])
    expect(wrapper.findAll('[data-test=up]')[0].attributes('disabled')).toBeDefined()
  })
  it('emits valid widths and activations, and refuses invalid widths with a message', async () => {
    const { wrapper, last } = setup([{ units: 8, activation: 'relu' }])
    await wrapper.get('[data-test=units]').setValue('32')
    expect(last()).toEqual([{ units: 32, activation: 'relu' }])
    await wrapper.get('[data-test=activation]').setValue('sigmoid')
    expect(last()).toEqual([{ units: 32, activation: 'sigmoid' }])
    const before = wrapper.emitted('update:modelValue')!.length
    await wrapper.get('[data-test=units]').setValue('0')
    expect(wrapper.text()).toContain('Units must be between 1 and 100,000')
    await wrapper.get('[data-test=units]').setValue('2.5')
    expect(wrapper.text()).toContain('whole number')
    expect(wrapper.emitted('update:modelValue')!.length).toBe(before)
    expect(wrapper.get('[data-test=units]').attributes('aria-invalid')).toBe('true')
  })
  it('labels every control', () => {
    const { wrapper } = setup([{ units: 8, activation: 'relu' }])
    for (const input of wrapper.findAll('input, select')) {
      const id = input.attributes('id')
      expect(wrapper.find(`label[for="${id}"]`).exists()).toBe(true)
    }
    for (const b of wrapper.findAll('button')) expect(b.attributes('aria-label') ?? b.text()).not.toBe('')
  })
})
