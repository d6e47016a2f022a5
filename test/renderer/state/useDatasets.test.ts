import { describe, expect, it } from 'vitest'
import { effectScope } from 'vue'
import { useDatasets, LAUNCHED_KEY } from '../../../src/renderer/src/state/useDatasets'
import { createNotices } from '../../../src/renderer/src/state/notices'
import { createFakeApi, fail } from '../helpers/fake-api'
import { datasetView } from '../helpers/fixtures'

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) }
}

describe('useDatasets', () => {
  it('loads the first example on first launch only', async () => {
    const fake = createFakeApi({ 'dataset:list': () => [], 'dataset:open-example': (name) => datasetView('e1', name) })
    const notices = createNotices()
    const storage = memoryStorage()
    const scope = effectScope()
    const ds = scope.run(() => useDatasets(fake.api, notices))!
    await ds.init(storage)
    expect(fake.callsOf('dataset:open-example')).toEqual([['spirals']])
    expect(ds.current.value?.name).toBe('spirals')
    expect(storage.data.get(LAUNCHED_KEY)).toBe('1')
    const again = scope.run(() => useDatasets(fake.api, notices))!
    await again.init(storage)
    expect(fake.callsOf('dataset:open-example')).toHaveLength(1)
    expect(again.current.value).toBeNull()
    scope.stop()
  })

  it('keeps the previous dataset when a file is refused, and reports why', async () => {
    const fake = createFakeApi({
      'dataset:open-example': () => datasetView('e1', 'xor'),
      'dataset:open-dialog': () => fail('bad.csv line 3, column 2: "abc" is not a number'),
    })
    const notices = createNotices()
    const scope = effectScope()
    const ds = scope.run(() => useDatasets(fake.api, notices))!
    await ds.openExample('xor')
    expect(await ds.openDialog('csv')).toBeNull()
    expect(ds.current.value?.id).toBe('e1')
    expect(notices.list.value).toHaveLength(1)
    expect(notices.list.value[0].message).toContain('line 3, column 2')
    // A refused drop too, with the file's name in the title.
    expect(await ds.openDropped(new File(['x'], 'dropped.csv'))).toBeNull()
    expect(notices.list.value[1].title).toContain('dropped.csv')
    expect(ds.current.value?.id).toBe('e1')
    scope.stop()
  })

  it('re-prepares the current dataset and follows load progress; unsubscribes when disposed', async () => {
    const fake = createFakeApi({
      'dataset:open-example': () => datasetView('e1', 'iris'),
      'dataset:prepare': (id, options) => datasetView(id, 'iris', { options }),
    })
    const scope = effectScope()
    const ds = scope.run(() => useDatasets(fake.api, createNotices()))!
    await ds.openExample('iris')
    fake.emit('dataset:progress', { loadId: 'x', name: 'big.csv', fraction: 0.5, bytesRead: 10, rows: 3 })
    expect(ds.progress.value?.fraction).toBe(0.5)
    await ds.prepare({ scaling: 'min-max' })
    expect(fake.callsOf('dataset:prepare')).toEqual([['e1', { scaling: 'min-max' }]])
    expect(ds.current.value?.options).toEqual({ scaling: 'min-max' })
    expect(ds.all.value).toHaveLength(1)
    expect(fake.listenerCount('dataset:progress')).toBe(1)
    scope.stop()
    expect(fake.listenerCount('dataset:progress')).toBe(0)
  })
})
