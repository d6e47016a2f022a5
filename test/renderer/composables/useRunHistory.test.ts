import { describe, expect, it } from 'vitest'
import { computed } from 'vue'
import { chartRunsFor, useRunHistory } from '../../../src/renderer/src/composables/useRunHistory'

describe('useRunHistory', () => {
  it('collects epochs into aligned columns and feeds chart runs', () => {
    const store = useRunHistory()
    const looks = [{ id: 'a', label: 'A', colorIndex: 0 }, { id: 'b', label: 'B', colorIndex: 1, group: 'g' }]
    const loss = computed(() => chartRunsFor(store.histories.value, 'val_loss', looks))
    expect(loss.value).toEqual([])
    store.addEpoch('a', { epoch: 1, metrics: { loss: 2 } }, 100)
    store.addEpoch('a', { epoch: 2, metrics: { loss: 1, val_loss: 1.5 } }, 100)
    store.addEpoch('b', { epoch: 1, metrics: { val_loss: 3 } }, 50)
    expect(loss.value).toHaveLength(2)
    expect(loss.value[0].points.map((p) => p.value)).toEqual([NaN, 1.5])
    expect(loss.value[0].points.map((p) => p.samples)).toEqual([100, 200])
    expect(loss.value[1]).toMatchObject({ id: 'b', group: 'g', points: [{ epoch: 1, samples: 50, value: 3 }] })
    // loss is missing from the second run and from no epoch of the first
    expect(store.histories.value.get('a')!.metrics.loss).toEqual([2, 1])
    store.remove('a')
    expect(loss.value.map((r) => r.id)).toEqual(['b'])
    store.clear()
    expect(loss.value).toEqual([])
  })
  it('pads a metric that disappears with NaN', () => {
    const store = useRunHistory()
    store.addEpoch('a', { epoch: 1, metrics: { loss: 2, val_loss: 3 } }, 10)
    store.addEpoch('a', { epoch: 2, metrics: { loss: 1 } }, 10)
    expect(store.histories.value.get('a')!.metrics.val_loss).toEqual([3, NaN])
  })
})
