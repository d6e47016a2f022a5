import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DecisionBoundary, RunEpochs, RunView } from '../../../../src/shared/views'
import { loadModelFile } from '../../../../src/main/engine/model-file-io'
import { endless, example, harness, small, untilEnded, waitFor, type Harness } from './fixtures'

const CRASH_ON_SEED_666 = new URL('../../../helpers/crash-on-seed-worker.mjs', import.meta.url)

let h: Harness | null = null
afterEach(async () => {
  await h?.dispose()
  h = null
})

describe('run channels: validation', () => {
  it('answers a wrong shape with an error naming the argument, and never throws', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    const bad = await h.call('run:start', { datasetId: d.view.id, config: { ...small, model: { ...small.model, loss: 'hinge' } } })
    expect(bad.ok).toBe(false)
    expect(!bad.ok && bad.error).toMatch(/Invalid request "run:start" at argument 1 \(config\.model\.loss\): unknown value "hinge"/)
    const noDataset = await h.call('run:start', { datasetId: 'ds-99', config: small })
    expect(!noDataset.ok && noDataset.error).toMatch(/No dataset "ds-99"/)
    const wrongId = await h.call('run:pause', 42)
    expect(!wrongId.ok && wrongId.error).toMatch(/at argument 1/)
    const pathId = await h.call('run:delete', '../../etc')
    expect(!pathId.ok && pathId.error).toMatch(/at argument 1: is not an id/)
    const vary = await h.call('run:compare', { datasetId: d.view.id, base: small, vary: { setting: 'momentum', values: [0.9] } })
    expect(!vary.ok && vary.error).toMatch(/argument 1 \(vary/)
    const empty = await h.call('run:compare', { datasetId: d.view.id, base: small, vary: { setting: 'lambda', values: [] } })
    expect(!empty.ok && empty.error).toMatch(/argument 1 \(vary\.values\): must list at least one value/)
    const extra = await h.call('run:list', 'x')
    expect(extra.ok).toBe(false)
    const png = await h.call('export:png', 'data:image/png;base64,aGVsbG8=', 'chart')
    expect(!png.ok && png.error).toMatch(/argument 1: is not a PNG image/)
    const notPng = await h.call('export:png', 'data:text/html;base64,PGgxPg==', 'chart')
    expect(!notPng.ok && notPng.error).toMatch(/must be a PNG data URL/)
    const metrics = await h.call('export:metrics', [], 'csv')
    expect(!metrics.ok && metrics.error).toMatch(/argument 1: select at least one run/)
    const fmt = await h.call('export:metrics', ['a'], 'xlsx')
    expect(!fmt.ok && fmt.error).toMatch(/argument 2/)
    expect((await h.call('run:epochs', 'no-such-run')).ok).toBe(false)
    expect(await h.ok('run:pause', 'no-such-run')).toBe(false)
    expect(await h.ok('run:delete', 'no-such-run')).toBe(false)
  })
})

describe('an unreadable history folder', () => {
  it('starts the feature without past runs instead of failing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runs-file-'))
    await writeFile(join(dir, 'runs'), 'not a folder')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      h = await harness({ dir })
      expect(await h.ok('run:list')).toEqual([])
      expect(warn.mock.calls.some((c) => /cannot read .*runs/.test(String(c[0])))).toBe(true)
    } finally {
      warn.mockRestore()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('run channels with real workers and a real folder', () => {
  it('start → epochs stream → finished → files on disk → a new session lists it as history with its epochs', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    const view = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small, label: 'first' })
    expect(view.label).toBe('first')
    expect(view.dataset).toEqual(d.view.fingerprint)
    await untilEnded(h, view.id)

    const statuses = h.eventsOf('run:status').filter((v) => v.id === view.id).map((v) => v.status)
    expect(statuses[0]).toBe('queued')
    expect(statuses).toContain('running')
    expect(statuses.at(-1)).toBe('completed')
    const epochs = h.eventsOf('run:epoch').filter((e) => e.runId === view.id)
    expect(epochs.map((e) => e.epoch.epoch)).toEqual([1, 2, 3, 4, 5])
    for (const e of epochs) expect(e.epoch).not.toHaveProperty('params') // weights never go to the window
    // 2-input classification: live decision boundaries, throttled, the last from the final weights.
    const boundaries = h.eventsOf('run:boundary').filter((b) => b.runId === view.id)
    expect(boundaries.length).toBeGreaterThanOrEqual(1)
    expect(boundaries.length).toBeLessThanOrEqual(6)
    const b = boundaries.at(-1)!
    expect(b.epoch).toBe(5)
    expect(b.xs).toHaveLength(60)
    expect(b.cls).toHaveLength(3600)
    expect(b.classLabels).toEqual(d.prepared.classLabels)
    expect(await h.ok<DecisionBoundary>('run:boundary', view.id)).toEqual(b)

    const done = await h.ok<RunView[]>('run:list')
    const live = done.find((v) => v.id === view.id)!
    expect(live.hasModel).toBe(true)
    expect(live.epochCount).toBe(5)
    expect(live.testMetrics!['test_accuracy']).toBeGreaterThan(0.5)

    await h.restart()
    const folder = join(h.dir, 'runs', view.id)
    const record = JSON.parse(await readFile(join(folder, 'run.json'), 'utf8'))
    expect(record.status).toBe('completed')
    expect(record.dataset.sha256).toBe(d.view.fingerprint.sha256)
    expect((await readFile(join(folder, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(5)
    const model = loadModelFile(await readFile(join(folder, 'model.json'), 'utf8'))
    expect(model.summary.epochs).toBe(5)
    expect(model.preprocessing?.kind).toBe('tabular')
    expect(loadModelFile(await readFile(join(folder, 'best.json'), 'utf8')).summary.epochs).toBeLessThanOrEqual(5)

    const listed = (await h.ok<RunView[]>('run:list')).find((v) => v.id === view.id)!
    expect(listed.fromHistory).toBe(true)
    expect(listed.status).toBe('completed')
    expect(listed.epochCount).toBe(5)
    expect(listed.datasetId).toBe(d.view.id) // the same data is loaded, so the past run points at it
    expect(listed.lastMetrics).toEqual(live.lastMetrics)
    expect(listed.testMetrics).toEqual(live.testMetrics)
    const again = await h.ok<RunEpochs>('run:epochs', view.id)
    expect(again.epochs.map((e) => e.metrics)).toEqual(epochs.map((e) => e.epoch.metrics))
    // The past run's model still evaluates and draws its boundary on the loaded data.
    const evaluation = await h.ok<{ metrics: Record<string, number>; rows: number }>('run:evaluate', view.id)
    expect(evaluation.metrics['accuracy']).toBeCloseTo(live.testMetrics!['test_accuracy'], 10)
    expect((await h.ok<DecisionBoundary>('run:boundary', view.id)).cls).toEqual(b.cls)
  })

  it('marks a run interrupted when the session ends mid-run, keeping its last checkpoint readable', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    const view = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: { ...endless, training: { ...endless.training, batchSize: 64 } } })
    await waitFor(() => h!.eventsOf('run:epoch').filter((e) => e.runId === view.id).length >= 3)
    await h.restart() // dispose ends the worker the way a closed app would
    const listed = (await h.ok<RunView[]>('run:list')).find((v) => v.id === view.id)!
    expect(listed.status).toBe('interrupted')
    expect(listed.message).toMatch(/closed or stopped/)
    expect(listed.epochCount).toBeGreaterThanOrEqual(3)
    const bestText = await readFile(join(h.dir, 'runs', view.id, 'best.json'), 'utf8')
    const best = loadModelFile(bestText)
    expect(best.summary.epochs).toBeGreaterThanOrEqual(1)
    await expect(stat(join(h.dir, 'runs', view.id, 'model.json'))).rejects.toThrow(/ENOENT/)
    // Cut short, it still has a model: its best weights so far, exported and evaluated from best.json.
    expect(listed.hasModel).toBe(true)
    const path = join(h.dir, 'interrupted.model.json')
    h.saveAnswers.push(path)
    expect(await h.ok('export:model', view.id)).toBe(path)
    expect(await readFile(path, 'utf8')).toBe(bestText)
    const ev = await h.ok<{ rows: number }>('run:evaluate', view.id)
    expect(ev.rows).toBe(d.prepared.test.rows)
  })

  it('pauses, resumes and stops a run; a stopped run keeps its weights', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    const view = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: endless })
    await waitFor(() => h!.eventsOf('run:progress').some((p) => p.runId === view.id))
    expect(await h.ok('run:pause', view.id)).toBe(true)
    await waitFor(() => h!.eventsOf('run:status').some((v) => v.id === view.id && v.status === 'paused'))
    expect(await h.ok('run:resume', view.id)).toBe(true)
    await waitFor(() => h!.eventsOf('run:status').filter((v) => v.id === view.id && v.status === 'running').length >= 2)
    expect(await h.ok('run:stop', view.id)).toBe(true)
    await untilEnded(h, view.id)
    const last = h.eventsOf('run:status').filter((v) => v.id === view.id).at(-1)!
    expect(last.status).toBe('stopped')
    expect(last.hasModel).toBe(true)
  })

  it('a diverging run is marked diverged with its message and leaves no model; others carry on', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    const wild = { ...small, optimizer: { kind: 'sgd' as const, learningRate: 1e6 }, model: { ...small.model, output: 'identity' as const, loss: 'mse' as const, hidden: [{ units: 6, activation: 'relu' as const }] }, training: { ...small.training, epochs: 50 } }
    const bad = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: wild })
    const good = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small })
    await untilEnded(h, bad.id)
    await untilEnded(h, good.id)
    const views = await h.ok<RunView[]>('run:list')
    const b = views.find((v) => v.id === bad.id)!
    expect(b.status).toBe('diverged')
    expect(b.message).toMatch(/diverge|non-finite|NaN|Infinity/i)
    expect(b.epochCount).toBe(0) // it diverged within its first epoch: no best epoch, no checkpoint
    expect(b.hasModel).toBe(false)
    expect(views.find((v) => v.id === good.id)!.status).toBe('completed')
    const r = await h.call('export:model', bad.id)
    expect(!r.ok && r.error).toMatch(/has no model file: it diverged before a best epoch was saved/)
    await h.feature.dispose()
    const record = JSON.parse(await readFile(join(h.dir, 'runs', bad.id, 'run.json'), 'utf8'))
    expect(record.status).toBe('diverged')
  })

  it('deletes a live run and a past run: folder gone, run:deleted sent', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    const a = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small })
    await untilEnded(h, a.id)
    await h.restart()
    const b = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: endless })
    await waitFor(() => h!.eventsOf('run:epoch').some((e) => e.runId === b.id))
    for (const id of [a.id, b.id]) {
      expect(await h.ok('run:delete', id)).toBe(true)
      await expect(stat(join(h.dir, 'runs', id))).rejects.toThrow(/ENOENT/)
      expect(h.eventsOf('run:deleted')).toContainEqual({ runId: id })
    }
    expect((await h.ok<RunView[]>('run:list')).map((v) => v.id)).not.toContain(a.id)
    await h.restart()
    expect(await h.ok<RunView[]>('run:list')).toEqual([])
  })
})

describe('a worker that crashes', () => {
  it('fails only its run, with the message; the run beside it completes and the feature keeps answering', async () => {
    h = await harness({ worker: CRASH_ON_SEED_666 })
    const d = h.datasets.add('blobs', example('blobs'))
    const doomed = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: { ...small, training: { ...small.training, seed: 666, epochs: 2000 } } })
    const fine = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: { ...small, training: { ...small.training, epochs: 40 } } })
    await untilEnded(h, doomed.id)
    await untilEnded(h, fine.id)
    const views = await h.ok<RunView[]>('run:list')
    const failed = views.find((v) => v.id === doomed.id)!
    expect(failed.status).toBe('failed')
    expect(failed.message).toMatch(/simulated crash/)
    expect(failed.hasModel).toBe(false)
    expect(views.find((v) => v.id === fine.id)!.status).toBe('completed')
    const next = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small })
    await untilEnded(h, next.id)
    expect((await h.ok<RunView[]>('run:list')).find((v) => v.id === next.id)!.status).toBe('completed')
    await h.restart()
    expect((await h.ok<RunView[]>('run:list')).find((v) => v.id === doomed.id)!.status).toBe('failed')
  })
})
