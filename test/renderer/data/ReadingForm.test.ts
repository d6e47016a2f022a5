import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DataView from '../../../src/renderer/src/views/DataView.vue'
import type { DatasetView } from '../../../src/shared/views'
import { createFakeApi, fail } from '../helpers/fake-api'
import { datasetView } from '../helpers/fixtures'
import { mountWithStudio } from '../helpers/mount-studio'

/** A file dataset as main describes it, read with `format`. */
function fileView(id: string, format: NonNullable<DatasetView['summary']['format']>): DatasetView {
  const base = datasetView(id, 'export.csv')
  return { ...base, origin: { kind: 'file', paths: ['/data/export.csv'] }, summary: { ...base.summary, format } }
}

const FOUND = { delimiter: ';', header: true, encoding: 'windows-1252', bom: false, decimal: ',', skippedRows: 1, kind: 'csv' } as const

describe('reading options in the Data view', () => {
  it('shows what the reader found, sends the choices with the next open, and reads the current file again with them', async () => {
    const fake = createFakeApi({
      'dataset:open-dialog': () => fileView('f1', FOUND),
      'dataset:reopen': (id) => fileView(id, { ...FOUND, skippedRows: 2, header: false }),
    })
    const { wrapper } = mountWithStudio(DataView, fake)
    await wrapper.get('[data-test=open-csv]').trigger('click')
    await flushPromises()
    // Nothing chosen yet: the open went out without reading choices.
    expect(fake.callsOf('dataset:open-dialog')).toEqual([['csv']])
    const box = wrapper.get('[data-test=reading]')
    expect(box.text()).toContain('found: Windows-1252 (Latin-1)')
    expect(box.text()).toContain('found: semicolon')
    expect(box.text()).toContain('found: comma')

    await wrapper.get('[data-test=read-encoding]').setValue('utf-8')
    await wrapper.get('[data-test=read-skip]').setValue('2')
    await wrapper.get('[data-test=read-header]').setValue('no')
    expect(wrapper.get('[data-test=reading-box]').text()).toContain('Reading options (changed)')
    await wrapper.get('[data-test=read-again]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('dataset:reopen')).toEqual([['f1', { encoding: 'utf-8', skipRows: 2, header: false }]])
    expect(wrapper.get('[data-test=reading]').text()).toContain('found: 2')

    await wrapper.get('[data-test=open-csv]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('dataset:open-dialog')[1]).toEqual(['csv', { encoding: 'utf-8', skipRows: 2, header: false }])
    wrapper.unmount()
  })

  it('a bad row count is explained and never sent; a refused read leaves the dataset and says why', async () => {
    const fake = createFakeApi({
      'dataset:open-dialog': () => fileView('f1', FOUND),
      'dataset:reopen': () => fail('export.csv, line 3: invalid UTF-8 at byte 44 (0xe9)'),
    })
    const { wrapper, studio } = mountWithStudio(DataView, fake)
    await wrapper.get('[data-test=open-csv]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-test=read-skip]').setValue('two')
    expect(wrapper.get('[data-test=reading]').text()).toContain('a whole number of rows, or empty for automatic')
    expect(wrapper.get<HTMLButtonElement>('[data-test=read-again]').element.disabled).toBe(true)
    expect(studio.datasets.reading.value).toEqual({})
    await wrapper.get('[data-test=read-skip]').setValue('')
    await wrapper.get('[data-test=read-encoding]').setValue('utf-8')
    await wrapper.get('[data-test=read-again]').trigger('click')
    await flushPromises()
    expect(studio.notices.list.value.map((n) => n.message)).toEqual([expect.stringMatching(/line 3: invalid UTF-8/)])
    expect(studio.datasets.current.value?.id).toBe('f1')
    wrapper.unmount()
  })

  it('an example cannot be read again; the Sheet control lists a workbook’s sheets', async () => {
    const fake = createFakeApi({
      'dataset:open-example': (name) => datasetView('e1', name),
      'dataset:open-dialog': () => fileView('f2', { delimiter: ',', header: true, encoding: 'utf-8', bom: false, kind: 'xlsx', sheet: 'Notes', sheets: ['Notes', 'Data'] }),
    })
    const { wrapper } = mountWithStudio(DataView, fake)
    await wrapper.get('[data-test=load-example]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test=read-again]').exists()).toBe(false)
    await wrapper.get('[data-test=open-csv]').trigger('click')
    await flushPromises()
    const sheet = wrapper.get<HTMLSelectElement>('select[data-test=read-sheet]')
    expect(Array.from(sheet.element.options, (o) => o.text)).toEqual(['First sheet', 'Notes', 'Data'])
    expect(wrapper.get('[data-test=reading]').text()).toContain('read: Notes')
    expect(wrapper.get('[data-test=reading]').text()).not.toContain('found: comma')
    wrapper.unmount()
  })

  it('Open folder… asks main for a folder dialog (MNIST folders pair train-* and t10k-* files)', async () => {
    const fake = createFakeApi({ 'dataset:open-dialog': () => null })
    const { wrapper } = mountWithStudio(DataView, fake)
    await wrapper.get('[data-test=open-folder]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('dataset:open-dialog')).toEqual([['folder']])
    wrapper.unmount()
  })

  it('Close closes the current dataset in main and shows the one loaded before it', async () => {
    let n = 0
    const fake = createFakeApi({ 'dataset:open-example': (name) => datasetView(`e${++n}`, name), 'dataset:close': () => true })
    const { wrapper, studio } = mountWithStudio(DataView, fake)
    await wrapper.get('[data-test=load-example]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-test=load-example]').trigger('click')
    await flushPromises()
    expect(studio.datasets.current.value?.id).toBe('e2')
    await wrapper.get('[data-test=close-dataset]').trigger('click')
    await flushPromises()
    expect(fake.callsOf('dataset:close')).toEqual([['e2']])
    expect(studio.datasets.all.value.map((d) => d.id)).toEqual(['e1'])
    expect(studio.datasets.current.value?.id).toBe('e1')
    wrapper.unmount()
  })
})
