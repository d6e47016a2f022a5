import { describe, expect, it } from 'vitest'
import { createDatasetStore } from '../../../src/main/api/datasets/registry'
import { prepareDataset, type LoadedDataset } from '../../../src/main/data/dataset'
import { generateExample } from '../../../src/main/data/examples'
import { summarizeDataset } from '../../../src/main/data/summary'

const loaded: LoadedDataset = { kind: 'tabular', source: 'xor-noisy', table: generateExample('xor-noisy', 1) }
const parts = (seed: number) => ({ prepared: prepareDataset(loaded, { seed }), summary: summarizeDataset(loaded), options: { seed } })

describe('the dataset store', () => {
  it('retires a preparation when it is replaced or its dataset closed (the run manager drops its shared copy)', () => {
    const store = createDatasetStore()
    const retired: string[] = []
    store.onRetire((id) => retired.push(id))
    const id = store.nextId()
    const first = store.add(id, { name: 'xor-noisy', origin: { kind: 'example', name: 'xor-noisy' }, loaded, fingerprint: { bytes: 0, sha256: 'x' }, ...parts(1) }).runData.id
    expect(retired).toEqual([])
    const second = store.update(id, parts(2)).runData.id
    expect(second).not.toBe(first)
    expect(retired).toEqual([first])
    expect(store.remove(id)).toBe(true)
    expect(retired).toEqual([first, second])
    expect(store.remove(id)).toBe(false)
    expect(retired).toEqual([first, second])
  })
})
