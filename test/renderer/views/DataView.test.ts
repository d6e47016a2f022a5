import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DataView from '../../../src/renderer/src/views/DataView.vue'
import { createFakeApi } from '../helpers/fake-api'
import { datasetView } from '../helpers/fixtures'
import { mountWithStudio } from '../helpers/mount-studio'

describe('DataView', () => {
  it('shows the columns, class counts and preview, and re-prepares when a role or the split changes', async () => {
    const fake = createFakeApi({
      'dataset:open-example': (name) => datasetView('e1', name),
      'dataset:prepare': (id, options) => datasetView(id, 'spirals', { options }),
    })
    const { wrapper, studio } = mountWithStudio(DataView, fake)
    expect(wrapper.get('[data-test=no-dataset]').text()).toContain('No dataset')
    await wrapper.get('[data-test=example]').setValue('circles')
    await wrapper.get('[data-test=load-example]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('dataset:open-example')).toEqual([['circles']])
    expect(wrapper.get('[data-test=dataset-summary]').text()).toContain('400 rows')
    expect(wrapper.get('[data-test=dataset-summary]').text()).toContain('280 / 60 / 60')
    const columns = wrapper.findAll('[data-test=column]')
    expect(columns.map((c) => c.find('th').text())).toEqual(['x1', 'x2', 'label'])
    expect(columns[1].text()).toContain('-0.9 … 1.3')
    expect(wrapper.findAll('[data-test=class-count]').map((c) => c.text())).toEqual(['0200 · 57 %', '1150 · 43 %']) // label, then count · share
    // x2 becomes the target: label turns into an input.
    await columns[1].get('[data-test=role]').setValue('target')
    await flushPromises()
    expect(fake.callsOf('dataset:prepare')[0]).toEqual(['e1', { target: 'x2', roles: { x1: 'input', x2: 'target', label: 'input' } }])
    // Split and scaling are applied with the Apply button.
    await wrapper.get('[data-test=split-train]').setValue(80)
    await wrapper.get('[data-test=split-validation]').setValue(10)
    await wrapper.get('[data-test=split-test]').setValue(10)
    await wrapper.get('[data-test=scaling]').setValue('min-max')
    await wrapper.get('form.prepare').trigger('submit')
    await flushPromises()
    const last = fake.callsOf('dataset:prepare').at(-1)!
    expect(last[1]).toMatchObject({ scaling: 'min-max', split: { train: 0.8, validation: 0.1, test: 0.1 } })
    expect(studio.notices.list.value).toEqual([])
    wrapper.unmount()
  })

  it('refuses a split without training rows before asking main', async () => {
    const fake = createFakeApi({ 'dataset:open-example': (name) => datasetView('e1', name) })
    const { wrapper } = mountWithStudio(DataView, fake)
    await wrapper.get('[data-test=load-example]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-test=split-train]').setValue(0)
    expect(wrapper.get('form.prepare').text()).toContain('The training share must be above 0')
    expect(wrapper.get('[data-test=apply]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })
})
