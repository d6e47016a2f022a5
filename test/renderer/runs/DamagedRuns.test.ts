import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import CompareView from '../../../src/renderer/src/views/CompareView.vue'
import type { DamagedRunView } from '../../../src/shared/views'
import { createFakeApi } from '../helpers/fake-api'
import { runView } from '../helpers/fixtures'
import { mountWithStudio } from '../helpers/mount-studio'

vi.mock('chart.js', () => import('../helpers/fake-chart'))
const mounted: Array<{ unmount(): void }> = []
afterEach(() => {
  for (const w of mounted.splice(0)) w.unmount()
})

const cut: DamagedRunView = {
  id: 'm1-run-3', folder: '/data/runs/m1-run-3', problem: 'run.json is not valid JSON (200 characters; it may be cut short)',
  epochCount: 12, lastMetrics: { loss: 0.25, val_loss: 0.5 }, bestMetrics: { loss: 0.3 }, modelFile: 'best.json', modelProblem: 'm1-run-3/model.json: is empty',
}
const bare: DamagedRunView = { id: 'm1-run-4', folder: '/data/runs/m1-run-4', problem: 'run.json is missing', epochCount: 0, lastMetrics: null, bestMetrics: null, modelFile: null, modelProblem: null }

describe('damaged runs in the Compare section', () => {
  it('lists each with its problem and what can be recovered, exports its model and deletes it', async () => {
    const fake = createFakeApi({
      'run:list': () => [runView('ok-run')],
      'run:damaged': () => [cut, bare],
      'export:model': () => '/tmp/saved.model.json',
      'run:delete': () => true,
    })
    const { wrapper, studio } = mountWithStudio(CompareView, fake)
    mounted.push(wrapper)
    await studio.runs.refresh()
    await flushPromises()
    const items = wrapper.findAll('[data-test=damaged-run]')
    expect(items).toHaveLength(2)
    expect(items[0].text()).toContain('m1-run-3')
    expect(items[0].get('[data-test=damaged-problem]').text()).toBe(cut.problem)
    expect(items[0].get('[data-test=damaged-recoverable]').text()).toMatch(/12 epochs of metrics \(last: loss 0\.25.*best checkpoint \(best\.json\).*model\.json: is empty/s)
    expect(items[1].get('[data-test=damaged-recoverable]').text()).toMatch(/no metrics.*no model file/s)
    expect(items[1].find('[data-test=damaged-export]').exists()).toBe(false)
    // The readable run is in the table, the damaged ones are not.
    expect(wrapper.findAll('[data-test=row]')).toHaveLength(1)

    await items[0].get('[data-test=damaged-export]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('export:model')).toEqual([['m1-run-3']])
    expect(wrapper.text()).toContain('Saved /tmp/saved.model.json')

    await items[1].get('[data-test=damaged-delete]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('run:delete')).toEqual([['m1-run-4']])
    expect(wrapper.findAll('[data-test=damaged-run]').map((w) => w.text())).toEqual([expect.stringContaining('m1-run-3')])
  })
})
