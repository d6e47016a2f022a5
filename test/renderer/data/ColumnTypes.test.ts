import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ColumnTable from '../../../src/renderer/src/data/ColumnTable.vue'
import DataView from '../../../src/renderer/src/views/DataView.vue'
import type { ColumnSummary } from '../../../src/main/data/summary'
import type { PrepareOptions } from '../../../src/main/data/prepare-options'
import type { DatasetView } from '../../../src/shared/views'
import { createFakeApi, fail } from '../helpers/fake-api'
import { datasetView } from '../helpers/fixtures'
import { mountWithStudio } from '../helpers/mount-studio'

/** The fixture dataset as main would describe it after `options` (x1 retyped when options.types says so). */
function viewAfter(id: string, options: PrepareOptions): DatasetView {
  const base = datasetView(id, 'shops')
  const x1AsLabels = options.types?.x1 === 'categorical'
  const columnInfo: ColumnSummary[] = base.summary.columnInfo.map((c) =>
    c.name === 'x1' && x1AsLabels ? { ...c, type: 'categorical', storage: 'categorical', min: null, max: null, mean: null, top: [{ label: '3', count: 300 }] } : c,
  )
  return { ...base, options, summary: { ...base.summary, columnInfo }, prepared: { ...base.prepared, inputs: x1AsLabels ? 5 : 2 } }
}

const typeSelect = (w: ReturnType<typeof mount>, row: number) => w.findAll('[data-test=column]')[row].get<HTMLSelectElement>('select[data-test=type]')

describe('column types in the Data view', () => {
  it('each column has a labelled numeric / categorical select showing its current type', () => {
    const v = datasetView()
    const w = mount(ColumnTable, { props: { columns: v.summary.columnInfo, target: 'label', roles: {}, types: {} }, attachTo: document.body })
    const selects = w.findAll<HTMLSelectElement>('select[data-test=type]')
    expect(selects.map((s) => s.element.value)).toEqual(['numeric', 'numeric', 'categorical'])
    for (const [i, name] of ['x1', 'x2', 'label'].entries()) {
      const el = selects[i].element
      // Reachable and named for keyboard and screen-reader users: a native, enabled select with its own label.
      expect(el.tabIndex).toBe(0)
      expect(el.disabled).toBe(false)
      expect(document.querySelector(`label[for="${el.id}"]`)?.textContent).toBe(`Type of ${name}`)
      expect(Array.from(el.options, (o) => o.value)).toEqual(['numeric', 'categorical'])
    }
    w.unmount()
  })

  it('keeps the other overrides when one column changes, and disables the selects while busy', async () => {
    const v = datasetView()
    const w = mount(ColumnTable, { props: { columns: v.summary.columnInfo, target: 'label', roles: {}, types: { label: 'categorical' } } })
    await typeSelect(w, 1).setValue('categorical')
    expect(w.emitted('retype')).toEqual([[{ label: 'categorical', x2: 'categorical' }]])
    // Picking the type it already has sends nothing.
    await typeSelect(w, 0).setValue('numeric')
    expect(w.emitted('retype')).toHaveLength(1)
    await w.setProps({ disabled: true })
    expect(typeSelect(w, 0).element.disabled).toBe(true)
    w.unmount()
  })

  it('columns called "constructor" and "__proto__" show their own role and send it by name', async () => {
    const col = (name: string, role: ColumnSummary['role']): ColumnSummary => ({ ...datasetView().summary.columnInfo[0], name, role })
    const columns = [col('constructor', 'input'), col('__proto__', 'input'), col('toString', 'ignored'), col('label', 'target')]
    const w = mount(ColumnTable, { props: { columns, target: 'label', roles: {}, types: {} } })
    const roleSelects = () => w.findAll<HTMLSelectElement>('[data-test=column] select[data-test=role]')
    expect(roleSelects().map((s) => s.element.value)).toEqual(['input', 'input', 'ignored', 'target'])
    await roleSelects()[1].setValue('ignored')
    const [update] = w.emitted('change')![0] as [{ target: string; roles: Record<string, string> }]
    expect(Object.hasOwn(update.roles, '__proto__')).toBe(true)
    expect(Object.entries(update.roles)).toEqual([['constructor', 'input'], ['__proto__', 'ignored'], ['toString', 'ignored'], ['label', 'target']])
    await typeSelect(w, 0).setValue('categorical')
    expect(Object.entries(w.emitted('retype')![0][0] as object)).toEqual([['constructor', 'categorical']])
    w.unmount()
  })

  it('sends dataset:prepare with the types and shows the new type; a refusal is a notice and the previous preparation stays', async () => {
    let refuse = false
    const fake = createFakeApi({
      'dataset:open-example': (name) => datasetView('e1', name),
      'dataset:prepare': (id, options) =>
        refuse ? fail('shops.csv, line 7, column "label": "many" is not a number, so this column cannot be numeric; keep it categorical, or fix the cell(s)') : viewAfter(id, options),
    })
    const { wrapper, studio } = mountWithStudio(DataView, fake)
    await wrapper.get('[data-test=load-example]').trigger('click')
    await flushPromises()
    expect(typeSelect(wrapper, 0).element.value).toBe('numeric')

    await typeSelect(wrapper, 0).setValue('categorical')
    await flushPromises()
    expect(fake.callsOf('dataset:prepare')).toEqual([['e1', { types: { x1: 'categorical' } }]])
    expect(typeSelect(wrapper, 0).element.value).toBe('categorical')
    expect(wrapper.get('[data-test=dataset-summary]').text()).toContain('5 inputs')
    expect(wrapper.findAll('[data-test=column]')[0].text()).toContain('3 (300)')

    // A role change keeps the chosen types.
    await wrapper.findAll('[data-test=column]')[1].get('[data-test=role]').setValue('ignored')
    await flushPromises()
    expect(fake.callsOf('dataset:prepare')[1][1]).toMatchObject({ types: { x1: 'categorical' }, roles: { x2: 'ignored' } })

    refuse = true
    await typeSelect(wrapper, 2).setValue('numeric')
    await flushPromises()
    expect(fake.callsOf('dataset:prepare')[2][1]).toMatchObject({ types: { x1: 'categorical', label: 'numeric' } })
    expect(studio.notices.list.value.map((n) => n.message)).toEqual([expect.stringMatching(/line 7, column "label": "many" is not a number/)])
    // The previous preparation stays, and the select shows the type that is in force.
    expect(studio.datasets.current.value?.options.types).toEqual({ x1: 'categorical' })
    expect(wrapper.get('[data-test=dataset-summary]').text()).toContain('5 inputs')
    expect(typeSelect(wrapper, 2).element.value).toBe('categorical')
    expect(typeSelect(wrapper, 0).element.value).toBe('categorical')
    wrapper.unmount()
  })
})
