import { afterEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_EXPERIMENT } from '../../../../src/shared/config'
import type { EventChannel, RunView } from '../../../../src/shared/ipc'
import { prepareDataset } from '../../../../src/main/data/dataset'
import { createLiveRuns } from '../../../../src/main/api/runs/live-runs'
import { boundaryGeometry } from '../../../../src/main/api/runs/decision-boundary'
import type { LiveExtras } from '../../../../src/main/api/runs/run-record'
import type { RunInfo } from '../../../../src/main/training/run-manager'
import type { RunStore } from '../../../../src/main/training/run-store'
import type { EpochMessage, WireParams } from '../../../../src/main/training/protocol'
import { example } from './fixtures'

afterEach(() => vi.useRealTimers())

/** A store that records what it was asked to write. */
function recordingStore() {
  const writes: { kind: string; runId: string }[] = []
  const store: RunStore = {
    root: '/nowhere',
    scan: async () => ({ runs: [], damaged: [] }),
    loadHistory: async () => [],
    saveRecord: async (r) => (writes.push({ kind: 'record', runId: r.id }), true),
    appendEpoch: (runId) => void writes.push({ kind: 'epoch', runId }),
    readEpochs: async () => [],
    saveModel: async (runId) => (writes.push({ kind: 'model', runId }), true),
    saveCheckpoint: async (runId) => (writes.push({ kind: 'checkpoint', runId }), true),
    readModel: async () => null,
    readCheckpoint: async () => null,
    remove: async () => {},
    flush: async () => {},
  }
  return { store, writes }
}

function setup() {
  const prepared = prepareDataset(example('blobs'))
  const extras: LiveExtras = {
    datasetId: 'ds-1',
    fingerprint: { name: 'blobs', bytes: 0, sha256: 'x', target: 'label', roles: {}, splitSeed: 1 },
    task: 'classification',
    inputs: 2,
    outputs: prepared.outputs,
    featureNames: prepared.featureNames,
    classLabels: prepared.classLabels ?? null,
    preprocessing: prepared.preprocessing,
    reference: { X: prepared.validation.X.slice(0, 2 * 5), rows: 5 },
    boundaryGeometry: boundaryGeometry(prepared.preprocessing, prepared.train, prepared.classLabels ?? []),
    hasModel: false,
    hasCheckpoint: false,
    modelProblem: null,
    trainRows: prepared.train.rows,
  }
  const info: RunInfo = {
    id: 'r1', label: 'r1', groupId: null, datasetId: 'ds-1#1', config: { ...DEFAULT_EXPERIMENT, model: { ...DEFAULT_EXPERIMENT.model, hidden: [] } }, status: 'running', message: null, backendRequested: 'ts',
    backend: 'ts-f32', threads: 1, parameterCount: 9, warnings: [], queuedAt: 0, startedAt: 0, endedAt: null, epochs: [], lastProgress: null, result: null,
  }
  const params = (): WireParams => ({ sizes: [2, prepared.outputs], activations: ['softmax'], W: [new Float32Array(2 * prepared.outputs).fill(0.1)], b: [new Float32Array(prepared.outputs)] })
  const emitted: EventChannel[] = []
  /** The RunViews sent as run:status, in order. */
  const statuses: RunView[] = []
  const { store, writes } = recordingStore()
  const emit = (c: EventChannel, p: unknown): void => {
    emitted.push(c)
    if (c === 'run:status') statuses.push(p as RunView)
  }
  const live = createLiveRuns({ store, emit, info: () => info, appVersion: 't', checkpointEveryMs: 1000, boundaryEveryMs: 250 })
  live.register('r1', extras)
  const epoch = (n: number, best: boolean): EpochMessage => {
    const e = { type: 'epoch' as const, epoch: n, metrics: { loss: 1 / n }, samplesPerSecond: 1, elapsedSeconds: n, etaSeconds: 1, best }
    info.epochs.push(e)
    return { ...e, params: params() }
  }
  return { live, info, emitted, statuses, writes, epoch, params, prepared }
}

describe('live runs: throttled boundaries and checkpoints', () => {
  it('sends at most ~4 boundaries a second and one checkpoint a second however fast epochs come; the latest wins', async () => {
    vi.useFakeTimers()
    const { live, emitted, writes, epoch } = setup()
    for (let n = 1; n <= 200; n++) live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(n, true) })
    expect(emitted.filter((c) => c === 'run:epoch')).toHaveLength(200)
    expect(emitted.filter((c) => c === 'run:boundary')).toHaveLength(1) // the first at once, the rest wait
    expect(writes.filter((w) => w.kind === 'checkpoint')).toHaveLength(1)
    expect(writes.filter((w) => w.kind === 'epoch')).toHaveLength(200)
    await vi.advanceTimersByTimeAsync(1000)
    // One trailing boundary (the later epochs' weights replace the pending ones), one trailing checkpoint.
    expect(emitted.filter((c) => c === 'run:boundary')).toHaveLength(2)
    expect(live.boundary('r1')!.epoch).toBe(200)
    expect(writes.filter((w) => w.kind === 'checkpoint')).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(5000)
    expect(emitted.filter((c) => c === 'run:boundary')).toHaveLength(2)
  })

  it('writes the pending checkpoint, then the model, then the record when the run ends', () => {
    const { live, info, writes, epoch, params } = setup()
    live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(1, true) })
    live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(2, true) }) // pending behind the 1 s throttle
    info.status = 'completed'
    info.result = { reason: 'completed', epochsRun: 2, params: params(), testMetrics: null, confusion: null, seconds: 1 }
    live.handle({ type: 'status', runId: 'r1', status: 'completed', message: null })
    expect(writes.filter((w) => w.kind !== 'epoch').map((w) => w.kind)).toEqual(['checkpoint', 'checkpoint', 'model', 'record'])
    expect(live.extras('r1')!.hasModel).toBe(true)
    expect(live.boundary('r1')!.epoch).toBe(2) // the final weights' boundary at once
  })
})

describe('live runs: run:status on a new best epoch', () => {
  it('sends the view with the new best epoch and metrics at once, then at most 4 a second per run; the trailing one is the latest best', async () => {
    vi.useFakeTimers()
    const { live, statuses, epoch } = setup()
    live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(1, true) })
    expect(statuses.map((v) => v.bestEpoch)).toEqual([1])
    expect(statuses[0].bestMetrics).toEqual({ loss: 1 })
    // 200 epochs in a burst, every one a new best: none sent now (the first was just sent), one trailing.
    for (let n = 2; n <= 200; n++) live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(n, true) })
    expect(statuses).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(250)
    expect(statuses.map((v) => v.bestEpoch)).toEqual([1, 200])
    expect(statuses[1].bestMetrics).toEqual({ loss: 1 / 200 })
    expect(statuses[1].epochCount).toBe(200)
    await vi.advanceTimersByTimeAsync(5000)
    expect(statuses).toHaveLength(2) // nothing new, nothing sent
    // Over one simulated second of a best every 10 ms, no more than 4 (+ the one at its start).
    const before = statuses.length
    for (let n = 201; n <= 300; n++) {
      live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(n, true) })
      await vi.advanceTimersByTimeAsync(10)
    }
    expect(statuses.length - before).toBeLessThanOrEqual(5)
    expect(statuses.length - before).toBeGreaterThanOrEqual(4)
  })

  it('sends nothing for epochs that are not a new best, and drops a waiting best status when the run ends', async () => {
    vi.useFakeTimers()
    const { live, info, statuses, epoch } = setup()
    live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(1, true) })
    live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(2, false) })
    live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(3, true) }) // waits for its turn
    expect(statuses.map((v) => v.bestEpoch)).toEqual([1])
    info.status = 'stopped'
    live.handle({ type: 'status', runId: 'r1', status: 'stopped', message: null })
    await vi.advanceTimersByTimeAsync(1000)
    // The status change carried best epoch 3; the waiting best-epoch status is not sent after it.
    expect(statuses.map((v) => [v.status, v.bestEpoch])).toEqual([['running', 1], ['stopped', 3]])
  })

  it('carries trainRows from the extras into the view and run.json, and null when the extras lack it', () => {
    const { live, info, statuses, epoch, prepared } = setup()
    live.handle({ type: 'epoch', runId: 'r1', epoch: epoch(1, true) })
    expect(statuses[0].trainRows).toBe(prepared.train.rows)
    expect(prepared.train.rows).toBeGreaterThan(0)
    live.register('r2', { ...live.extras('r1')!, trainRows: undefined })
    info.id = 'r2'
    live.handle({ type: 'status', runId: 'r2', status: 'running', message: null })
    expect(statuses.at(-1)!.trainRows).toBeNull()
  })
})
