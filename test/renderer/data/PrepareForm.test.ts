import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import PrepareForm from '../../../src/renderer/src/data/PrepareForm.vue'

describe('the preparation form', () => {
  it('with a separate test file (MNIST t10k-*), asks only for the validation share of the training images; 0 trains on all of them', async () => {
    const w = mount(PrepareForm, { props: { options: {}, task: 'classification', separateTest: true } })
    expect(w.find('[data-test=split-test]').exists()).toBe(false)
    const held = w.get<HTMLInputElement>('[data-test=split-held-out]')
    expect(held.element.value).toBe('18') // the default 15 / 85 of the training file
    await held.setValue('0')
    await w.get('form').trigger('submit')
    expect(w.emitted('apply')![0][0]).toMatchObject({ split: { train: 1, validation: 0, test: 0 } })
    await held.setValue('95')
    expect(w.text()).toContain('The validation share must be a number from 0 to 90 %.')
    expect(w.get<HTMLButtonElement>('[data-test=apply]').element.disabled).toBe(true)
    w.unmount()
  })

  it('without one, keeps the train / validation / test split', async () => {
    const w = mount(PrepareForm, { props: { options: {}, task: 'classification' } })
    expect(w.find('[data-test=split-held-out]').exists()).toBe(false)
    await w.get('[data-test=split-validation]').setValue('20')
    await w.get('[data-test=split-train]').setValue('65')
    await w.get('form').trigger('submit')
    expect(w.emitted('apply')![0][0]).toMatchObject({ split: { train: 0.65, validation: 0.2, test: 0.15 } })
    w.unmount()
  })
})
