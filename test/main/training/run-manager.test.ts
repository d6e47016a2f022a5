import { afterEach, describe, expect, it } from 'vitest'
import type { ExperimentConfig } from '../../../src/shared/config'
import type { RunManager, RunStatus } from '../../../src/main/training/run-manager'
import { CRASHING_WORKER, dataset, endless, recordingManager, small, waitFor } from './run-manager-fixtures'

let current: RunManager | null = null
afterEach(async () => {
  await current?.dispose()
  current = null
})

function statuses(events: { type: string; runId?: string; status?: RunStatus }[], runId: string): RunStatus[] {
  return events.filter((e) => e.type === 'status' && e.runId === runId).map((e) => e.status!)
}

describe('run manager with real workers', () => {
  it('runs at most `concurrency` at once, in FIFO order, and keeps each run\'s epoch history', async () => {
    const { manager, events } = recordingManager({ concurrency: 1, cores: 2 })
    current = manager
    let runningNow = 0
    let maxRunning = 0
    const order: string[] = []
    const ids = [manager.start({ dataset: dataset(), config: small, backend: 'ts' })]
    ids.push(manager.start({ dataset: dataset(), config: small, backend: 'ts' }))
    ids.push(manager.start({ dataset: dataset(), config: small, backend: 'ts' }))
    expect(ids.map((id) => manager.get(id)!.status)).toEqual(['running', 'queued', 'queued'])
    await Promise.all(ids.map((id) => manager.whenDone(id)))
    for (const e of events) {
      if (e.type !== 'status') continue
      if (e.status === 'running') {
        runningNow++
        order.push(e.runId)
      } else if (e.status !== 'queued' && e.status !== 'paused') runningNow--
      maxRunning = Math.max(maxRunning, runningNow)
    }
    expect(maxRunning).toBe(1)
    expect(order).toEqual(ids)
    for (const id of ids) {
      const info = manager.get(id)!
      expect(info.status).toBe('completed')
      expect(info.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4])
      expect(Number.isFinite(info.epochs[3].metrics['val_loss'])).toBe(true)
      expect(info.backend).toBe('ts')
      expect(info.startedAt! <= info.endedAt!).toBe(true)
      expect(info.result!.params.sizes).toEqual([2, 6, 2])
      expect(events.filter((e) => e.type === 'epoch' && e.runId === id)).toHaveLength(4)
      expect(events.some((e) => e.type === 'finished' && e.runId === id)).toBe(true)
      // Alone on 2 cores, each run may use both.
      expect(manager.startMessage(id)!.threads).toBe(2)
      expect(manager.startMessage(id)!.progressPerSecond).toBe(10)
    }
  })

  it('divides the cores between runs that run at once, and shares one copy of the data', async () => {
    const { manager } = recordingManager({ concurrency: 2, cores: 2 })
    current = manager
    const d = dataset()
    const a = manager.start({ dataset: d, config: small, backend: 'ts' })
    const b = manager.start({ dataset: d, config: small, backend: 'ts' })
    expect(manager.startMessage(a)!.threads).toBe(2) // alone when it started
    expect(manager.startMessage(b)!.threads).toBe(1) // second of two
    expect(manager.startMessage(a)!.train.X.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(manager.startMessage(b)!.train.X).toBe(manager.startMessage(a)!.train.X)
    expect(manager.startMessage(b)!.test!.T).toBe(manager.startMessage(a)!.test!.T)
    await Promise.all([manager.whenDone(a), manager.whenDone(b)])
    expect([manager.get(a)!.status, manager.get(b)!.status]).toEqual(['completed', 'completed'])
  })

  it('pauses, resumes and stops a run; a stopped run still reports its weights', async () => {
    const { manager, events } = recordingManager({ concurrency: 1 })
    current = manager
    const id = manager.start({ dataset: dataset(), config: endless, backend: 'ts' })
    await waitFor(() => events.some((e) => e.type === 'progress' && e.runId === id))
    expect(manager.pause(id)).toBe(true)
    await waitFor(() => manager.get(id)!.status === 'paused')
    const seen = events.filter((e) => e.type === 'progress' || e.type === 'epoch').length
    await new Promise((r) => setTimeout(r, 300))
    expect(events.filter((e) => e.type === 'progress' || e.type === 'epoch').length).toBe(seen)
    expect(manager.pause(id)).toBe(false) // already paused
    expect(manager.resume(id)).toBe(true)
    await waitFor(() => manager.get(id)!.status === 'running')
    await waitFor(() => events.filter((e) => e.type === 'progress' || e.type === 'epoch').length > seen + 1)
    expect(manager.stop(id)).toBe(true)
    await manager.whenDone(id)
    expect(manager.get(id)!.status).toBe('stopped')
    expect(manager.get(id)!.result!.reason).toBe('stopped')
    expect(manager.get(id)!.result!.params.W).toHaveLength(2)
    expect(statuses(events, id)).toEqual(['queued', 'running', 'paused', 'running', 'stopped'])
  })

  it('throttles progress to about 10 events per second per run', async () => {
    const { manager, events } = recordingManager({ concurrency: 1 })
    current = manager
    const id = manager.start({ dataset: dataset(), config: endless, backend: 'ts' })
    await waitFor(() => events.some((e) => e.type === 'progress' && e.runId === id))
    const t0 = Date.now()
    const before = events.filter((e) => e.type === 'progress').length
    await new Promise((r) => setTimeout(r, 1000))
    const perSecond = (events.filter((e) => e.type === 'progress').length - before) / ((Date.now() - t0) / 1000)
    manager.stop(id)
    await manager.whenDone(id)
    expect(perSecond).toBeGreaterThanOrEqual(1) // not vacuous: progress does flow
    expect(perSecond).toBeLessThanOrEqual(12)
  })

  it('deletes a queued run (it never starts) and a running one (its thread ends, the next starts)', async () => {
    const { manager, events } = recordingManager({ concurrency: 1 })
    current = manager
    const a = manager.start({ dataset: dataset(), config: endless, backend: 'ts' })
    const b = manager.start({ dataset: dataset(), config: small, backend: 'ts' })
    const c = manager.start({ dataset: dataset(), config: small, backend: 'ts' })
    expect(await manager.delete(b)).toBe(true)
    expect(manager.get(b)).toBeNull()
    expect(manager.get(a)!.status).toBe('running')
    await waitFor(() => events.some((e) => e.type === 'progress' && e.runId === a))
    expect(await manager.delete(a)).toBe(true)
    expect(manager.get(a)).toBeNull()
    await manager.whenDone(c)
    expect(manager.get(c)!.status).toBe('completed')
    expect(events.some((e) => e.runId === b && e.type === 'status' && e.status === 'running')).toBe(false)
    expect(events.some((e) => e.runId === a && (e.type === 'finished' || e.type === 'failed'))).toBe(false)
    expect(manager.list().map((r) => r.id)).toEqual([c])
    expect(await manager.delete('nope')).toBe(false)
  })

  it('deletes a paused run and keeps the config a run was started with', async () => {
    const { manager, events } = recordingManager({ concurrency: 1 })
    current = manager
    const config = structuredClone(endless)
    const a = manager.start({ dataset: dataset(), config, backend: 'ts' })
    config.optimizer.learningRate = 123
    expect(manager.get(a)!.config.optimizer.learningRate).toBe(endless.optimizer.learningRate)
    await waitFor(() => events.some((e) => e.type === 'progress' && e.runId === a))
    manager.pause(a)
    await waitFor(() => manager.get(a)!.status === 'paused')
    const b = manager.start({ dataset: dataset(), config: small, backend: 'ts' })
    expect(manager.get(b)!.status).toBe('queued')
    expect(await manager.delete(a)).toBe(true)
    await manager.whenDone(b)
    expect(manager.get(b)!.status).toBe('completed')
  })

  it('stops a queued run without starting it', async () => {
    const { manager } = recordingManager({ concurrency: 1 })
    current = manager
    const a = manager.start({ dataset: dataset(), config: small, backend: 'ts' })
    const b = manager.start({ dataset: dataset(), config: small, backend: 'ts' })
    expect(manager.stop(b)).toBe(true)
    expect(manager.get(b)!.status).toBe('stopped')
    await manager.whenDone(a)
    expect(manager.get(a)!.status).toBe('completed')
    expect(manager.get(b)!.startedAt).toBeNull()
  })

  it('an invalid or diverging run fails with its message and the queue moves on', async () => {
    const { manager, events } = recordingManager({ concurrency: 1 })
    current = manager
    const invalid: ExperimentConfig = { ...small, model: { ...small.model, output: 'sigmoid', loss: 'cross-entropy' } }
    const wild: ExperimentConfig = {
      ...small,
      model: { ...small.model, hidden: [{ units: 8, activation: 'relu' }], output: 'identity', loss: 'mse' },
      optimizer: { kind: 'sgd', learningRate: 1e6 },
    }
    const bad = manager.start({ dataset: dataset(), config: invalid, backend: 'ts' })
    const diverging = manager.start({ dataset: dataset(), config: wild, backend: 'ts' })
    const good = manager.start({ dataset: dataset(), config: small, backend: 'ts' })
    await manager.whenDone(good)
    expect(manager.get(bad)!.status).toBe('failed')
    expect(manager.get(bad)!.message).toMatch(/cross-entropy needs softmax/)
    expect(manager.get(diverging)!.status).toBe('diverged')
    expect(manager.get(diverging)!.message).toMatch(/epoch \d+/i)
    expect(manager.get(good)!.status).toBe('completed')
    expect(events.find((e) => e.type === 'failed' && e.runId === diverging)).toMatchObject({ status: 'diverged' })
  })

  it('a worker that crashes fails only its run; the next queued run still starts', async () => {
    const { manager } = recordingManager({ concurrency: 1, entry: CRASHING_WORKER })
    current = manager
    const a = manager.start({ dataset: dataset(), config: small, backend: 'ts' })
    const b = manager.start({ dataset: dataset(), config: small, backend: 'ts' })
    await manager.whenDone(b)
    for (const id of [a, b]) {
      expect(manager.get(id)!.status).toBe('failed')
      expect(manager.get(id)!.message).toMatch(/simulated crash/)
    }
  })
})
