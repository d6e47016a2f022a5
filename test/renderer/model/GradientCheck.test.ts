import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import GradientCheck from '../../../src/renderer/src/model/GradientCheck.vue'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import type { GradientCheckResult } from '../../../src/main/engine/gradcheck'
import { createFakeApi } from '../helpers/fake-api'
import { mountWithStudio } from '../helpers/mount-studio'

function result(errors: number[], pass: boolean): GradientCheckResult {
  const worst = { index: 0, analytic: 1, numeric: 1, relError: 0 }
  return {
    layers: errors.map((e, layer) => ({ layer, maxRelErrorW: e, maxRelErrorB: e / 10, worstW: worst, worstB: worst, checkedW: 20, checkedB: 4 })),
    maxRelError: Math.max(...errors), pass, cost: 0.693, epsilon: 1e-5, tolerance: 1e-5, floor: 1e-4,
  }
}

describe('GradientCheck', () => {
  it('shows per-layer errors and a passing verdict with what it means', async () => {
    const fake = createFakeApi({ 'gradcheck:run': () => result([3e-9, 1.2e-8], true) })
    const { wrapper } = mountWithStudio(GradientCheck, fake, { datasetId: 'ds1', config: DEFAULT_EXPERIMENT, valid: true })
    await wrapper.get('[data-test=gradcheck]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('gradcheck:run')[0][0]).toMatchObject({ datasetId: 'ds1', rows: 8 })
    const rows = wrapper.findAll('[data-test=gradcheck-table] tbody tr')
    expect(rows.map((r) => r.findAll('td')[0].text())).toEqual(['3.00e-9', '1.20e-8'])
    expect(rows[1].text()).toContain('(output)')
    const verdict = wrapper.get('[data-test=gradcheck-verdict]').text()
    expect(verdict).toMatch(/^Pass — Backpropagation's gradients match/)
    wrapper.unmount()
  })
  it('fails with the worst layer named', async () => {
    const fake = createFakeApi({ 'gradcheck:run': () => result([2e-3, 1e-9], false) })
    const { wrapper } = mountWithStudio(GradientCheck, fake, { datasetId: 'ds1', config: DEFAULT_EXPERIMENT, valid: true })
    await wrapper.get('[data-test=gradcheck]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test=gradcheck-verdict]').text()).toContain('Fail')
    expect(wrapper.get('[data-test=gradcheck-verdict]').text()).toContain('worst: layer 1')
    expect(wrapper.findAll('tr.bad')).toHaveLength(1)
    wrapper.unmount()
  })
  it('is disabled without a dataset or with invalid settings', () => {
    const { wrapper } = mountWithStudio(GradientCheck, createFakeApi(), { datasetId: null, config: DEFAULT_EXPERIMENT, valid: true })
    expect(wrapper.get('[data-test=gradcheck]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })
})
