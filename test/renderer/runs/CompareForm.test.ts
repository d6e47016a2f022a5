import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import CompareForm from '../../../src/renderer/src/runs/CompareForm.vue'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'

describe('CompareForm', () => {
  it('emits the chosen losses with seed repeats, and disables losses the output cannot train', async () => {
    const base = structuredClone(DEFAULT_EXPERIMENT)
    base.model.output = 'identity'
    base.model.loss = 'mse'
    const wrapper = mount(CompareForm, { props: { base } })
    expect(wrapper.get('[data-test="value-cross-entropy"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-test="value-mae"]').attributes('disabled')).toBeUndefined()
    await wrapper.get('[data-test="value-mae"]').setValue(true)
    await wrapper.get('[data-test=seeds]').setValue(3)
    // cross-entropy stays ticked from the default but is refused: only mse and mae count
    expect(wrapper.get('[data-test=start-compare]').text()).toBe('Start 6 runs')
    await wrapper.get('form').trigger('submit')
    const [vary, seeds] = wrapper.emitted('compare')![0] as [{ setting: string; values: string[] }, number]
    expect(vary.setting).toBe('loss')
    expect(vary.values).toEqual(['mse', 'mae'])
    expect(seeds).toBe(3)
  })
  it('types values for λ and explains a problem instead of starting', async () => {
    const wrapper = mount(CompareForm, { props: { base: DEFAULT_EXPERIMENT } })
    await wrapper.get('[data-test=vary-setting]').setValue('lambda')
    expect((wrapper.get('[data-test=vary-values]').element as HTMLInputElement).value).toBe('0, 0.001, 0.01')
    expect(wrapper.get('[data-test=start-compare]').text()).toBe('Start 3 runs')
    await wrapper.get('[data-test=vary-values]').setValue('0.1, x')
    expect(wrapper.get('[data-test=compare-problem]').text()).toBe('L2 strength λ: "x" is not a number ≥ 0')
    expect(wrapper.get('[data-test=start-compare]').attributes('disabled')).toBeDefined()
  })
})
