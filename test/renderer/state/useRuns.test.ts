import { describe, expect, it } from 'vitest'
import { effectScope, watch } from 'vue'
import { useRuns } from '../../../src/renderer/src/state/useRuns'
import { createNotices } from '../../../src/renderer/src/state/notices'
import { createFakeApi, fail } from '../helpers/fake-api'
import { datasetView, epoch, runView } from '../helpers/fixtures'

function setup(handlers: Parameters<typeof createFakeApi>[0] = {}) {
  const fake = createFakeApi(handlers)
  const notices = createNotices()
  const scope = effectScope()
  const runs = scope.run(() => useRuns(fake.api, notices, () => [datasetView()]))!
  return { fake, notices, scope, runs }
}

describe('useRuns', () => {
  it('applies streamed epochs in one batch per frame, with samples seen from the dataset', async () => {
    const { fake, scope, runs } = setup({ 'run:start': () => runView('r1') })
    await runs.start('ds1', runView('r1').config)
    // Every trigger of the histories ref is one chart update: count them.
    let triggers = 0
    scope.run(() => watch(runs.history.histories, () => triggers++, { flush: 'sync' }))
    const before = runs.history.histories.value
    for (let e = 1; e <= 50; e++) fake.emit('run:epoch', { runId: 'r1', epoch: epoch(e, { loss: 1 / e, val_loss: 2 / e }) })
    // Nothing applied until the frame comes.
    expect(runs.history.histories.value.get('r1')).toBeUndefined()
    runs.flush()
    const h = runs.history.histories.value.get('r1')!
    expect(h.epochs).toHaveLength(50)
    expect(h.samples[1]).toBe(2 * 280)
    expect(h.metrics.val_loss[49]).toBeCloseTo(2 / 50)
    expect(runs.history.histories.value).toBe(before) // mutated in place
    expect(triggers).toBe(1)
    scope.stop()
  })

  it('upserts runs from status events, keeps colours stable, and forgets deleted runs', async () => {
    const { fake, scope, runs } = setup({ 'run:list': () => [runView('old', { fromHistory: true, status: 'completed', epochCount: 3 })] })
    await runs.refresh()
    fake.emit('run:status', runView('r2'))
    fake.emit('run:status', runView('r2', { status: 'completed' }))
    runs.flush()
    expect(runs.list.value.map((r) => [r.id, r.status])).toEqual([['old', 'completed'], ['r2', 'completed']])
    expect(runs.colorIndex('old')).toBe(0)
    expect(runs.colorIndex('r2')).toBe(1)
    runs.selected.value = ['old', 'r2']
    fake.emit('run:deleted', { runId: 'old' })
    expect(runs.list.value.map((r) => r.id)).toEqual(['r2'])
    expect(runs.selected.value).toEqual(['r2'])
    expect(runs.colorIndex('r2')).toBe(1)
    scope.stop()
  })

  it('loads the epochs of past runs once, and reports failures', async () => {
    const { fake, notices, scope, runs } = setup({
      'run:list': () => [runView('old', { fromHistory: true, status: 'completed', epochCount: 2, datasetId: null, trainRows: null, lastProgress: { type: 'progress', epoch: 2, epochs: 2, batch: 10, batches: 10, samplesSeen: 200, samplesPerSecond: 1, elapsedSeconds: 1, etaSeconds: 0 } })],
      'run:epochs': (id) => ({ runId: id, epochs: [epoch(1, { loss: 0.9 }), epoch(2, { loss: 0.5 })] }),
      'run:delete': () => fail('the run folder is in use'),
    })
    await runs.refresh()
    await runs.ensureEpochs(['old'])
    await runs.ensureEpochs(['old'])
    expect(fake.callsOf('run:epochs')).toEqual([['old']])
    const h = runs.history.histories.value.get('old')!
    expect(h.metrics.loss).toEqual([0.9, 0.5])
    expect(h.samples).toEqual([100, 200]) // no dataset loaded, no trainRows (an old run.json): estimated from the last progress
    await runs.remove('old')
    expect(runs.list.value).toHaveLength(1)
    expect(notices.list.value[0].message).toBe('the run folder is in use')
    scope.stop()
  })

  it('puts a past run’s epochs on the samples axis with its recorded trainRows, not an estimate', async () => {
    // The last progress was sent mid-epoch with a partial last batch: the estimate would be 1000 / 1.9 ≈ 526.
    const lastProgress = { type: 'progress' as const, epoch: 2, epochs: 2, batch: 9, batches: 10, samplesSeen: 1000, samplesPerSecond: 1, elapsedSeconds: 1, etaSeconds: 0 }
    const { scope, runs } = setup({
      'run:list': () => [runView('old', { fromHistory: true, status: 'completed', epochCount: 2, datasetId: null, trainRows: 537, lastProgress })],
      'run:epochs': (id) => ({ runId: id, epochs: [epoch(1, { loss: 0.9 }), epoch(2, { loss: 0.5 })] }),
    })
    await runs.refresh()
    await runs.ensureEpochs(['old'])
    expect(runs.history.histories.value.get('old')!.samples).toEqual([537, 1074])
    scope.stop()
  })

  it('does not add an epoch twice when a reload and the stream overlap, and unsubscribes on dispose', async () => {
    const { fake, scope, runs } = setup({
      'run:list': () => [runView('r', { epochCount: 2 })],
      'run:epochs': (id) => ({ runId: id, epochs: [epoch(1, { loss: 3 }), epoch(2, { loss: 2 })] }),
    })
    await runs.refresh()
    fake.emit('run:epoch', { runId: 'r', epoch: epoch(2, { loss: 2 }) })
    await runs.ensureEpochs(['r'])
    fake.emit('run:epoch', { runId: 'r', epoch: epoch(3, { loss: 1 }) })
    runs.flush()
    expect(runs.history.histories.value.get('r')!.epochs).toEqual([1, 2, 3])
    expect(fake.listenerCount('run:epoch')).toBe(1)
    scope.stop()
    for (const c of ['run:status', 'run:progress', 'run:epoch', 'run:boundary', 'run:deleted'] as const) expect(fake.listenerCount(c)).toBe(0)
  })

  it('brings a run record up to date with the epochs streamed since its last status', async () => {
    const { fake, scope, runs } = setup({ 'run:start': () => runView('r1', { epochCount: 0 }) })
    const run = (await runs.start('ds1', runView('r1').config))!
    expect(runs.current(run)).toBe(run)
    fake.emit('run:epoch', { runId: 'r1', epoch: epoch(1, { loss: 0.9 }) })
    fake.emit('run:epoch', { runId: 'r1', epoch: epoch(2, { loss: 0.7, val_loss: 0.8 }) })
    runs.flush()
    const now = runs.current(runs.byId.value.get('r1')!)
    expect(now.epochCount).toBe(2)
    expect(now.lastMetrics).toEqual({ loss: 0.7, val_loss: 0.8 })
    scope.stop()
  })

  it('takes best epoch and best metrics from a mid-run status (sent on a new best), keeping the epochs streamed after it', async () => {
    const { fake, scope, runs } = setup({ 'run:start': () => runView('r1', { epochCount: 0 }) })
    await runs.start('ds1', runView('r1').config)
    fake.emit('run:epoch', { runId: 'r1', epoch: { ...epoch(1, { loss: 0.9 }), best: true } })
    fake.emit('run:status', runView('r1', { epochCount: 1, bestEpoch: 1, bestMetrics: { loss: 0.9 }, lastMetrics: { loss: 0.9 } }))
    fake.emit('run:epoch', { runId: 'r1', epoch: epoch(2, { loss: 0.95 }) })
    runs.flush()
    const now = runs.current(runs.byId.value.get('r1')!)
    expect([now.bestEpoch, now.bestMetrics]).toEqual([1, { loss: 0.9 }])
    expect([now.epochCount, now.lastMetrics]).toEqual([2, { loss: 0.95 }])
    scope.stop()
  })
})
