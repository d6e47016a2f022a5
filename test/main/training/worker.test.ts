import { describe, expect, it } from 'vitest'
import { DEFAULT_EXPERIMENT, type ExperimentConfig } from '../../../src/shared/config'
import { startWorkerRun } from '../../../src/main/training/worker-client'
import type { FromWorker, StartMessage } from '../../../src/main/training/protocol'
import { predict } from '../../../src/main/engine/predict'
import { CRASHING_WORKER, twoClasses, WORKER } from './run-manager-fixtures'

function startMessage(config: ExperimentConfig, extra: Partial<StartMessage> = {}): StartMessage {
  return {
    type: 'start',
    runId: 'r1',
    config,
    task: 'classification',
    inputs: 2,
    outputs: 2,
    train: twoClasses(400, 1),
    validation: twoClasses(100, 2),
    test: twoClasses(100, 3),
    initialParams: null,
    batchSeed: null,
    backend: 'ts',
    threads: 1,
    trainingMetrics: 'full-pass',
    progressPerSecond: 1000,
    ...extra,
  }
}

const config: ExperimentConfig = {
  ...DEFAULT_EXPERIMENT,
  model: { ...DEFAULT_EXPERIMENT.model, hidden: [{ units: 8, activation: 'tanh' }] },
  training: { ...DEFAULT_EXPERIMENT.training, epochs: 15, batchSize: 16 },
}

describe('training in a real worker thread', () => {
  it('streams started, progress and one epoch message per epoch, then finishes with weights and test metrics', async () => {
    const messages: FromWorker[] = []
    const run = startWorkerRun(WORKER, startMessage(config), (m) => messages.push(m))
    const outcome = await run.done
    expect(outcome.type).toBe('finished')
    if (outcome.type !== 'finished') return
    expect(messages[0]).toMatchObject({ type: 'started', runId: 'r1', backend: 'ts' })
    const epochs = messages.filter((m) => m.type === 'epoch')
    expect(epochs.map((m) => m.epoch)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1))
    expect(messages.some((m) => m.type === 'progress')).toBe(true)
    for (const e of epochs) {
      for (const key of ['loss', 'accuracy', 'cross_entropy', 'val_loss', 'val_accuracy', 'val_cross_entropy']) {
        expect(Number.isFinite(e.metrics[key]), key).toBe(true)
      }
    }
    expect(outcome.reason).toBe('completed')
    expect(outcome.testMetrics!['test_accuracy']).toBeGreaterThan(0.9)
    // The weights that came back are the ones that earned the test accuracy.
    const test = twoClasses(100, 3)
    const Y = predict({ ...outcome.params, activations: outcome.params.activations as never }, test.X, test.rows)
    let correct = 0
    for (let i = 0; i < test.rows; i++) correct += (Y[2 * i + 1] > Y[2 * i] ? 1 : 0) === (test.T[2 * i + 1] === 1 ? 1 : 0) ? 1 : 0
    expect(correct / test.rows).toBeCloseTo(outcome.testMetrics!['test_accuracy'], 10)
    expect(outcome.confusion!.flat().reduce((a, b) => a + b, 0)).toBe(100)
  })

  it('trains with the WebAssembly backend on two threads to the same quality, and says which backend it used', async () => {
    const messages: FromWorker[] = []
    const outcome = await startWorkerRun(WORKER, startMessage(config, { backend: 'wasm-threads', threads: 2 }), (m) => messages.push(m)).done
    expect(messages[0]).toMatchObject({ type: 'started', backend: 'wasm-threads', threads: 2 })
    expect(outcome.type).toBe('finished')
    if (outcome.type === 'finished') expect(outcome.testMetrics!['test_accuracy']).toBeGreaterThan(0.9)
  })

  it('obeys pause, resume and stop between batches', async () => {
    const long: ExperimentConfig = { ...config, training: { ...config.training, epochs: 100000, batchSize: 1 } }
    const messages: FromWorker[] = []
    const run = startWorkerRun(WORKER, startMessage(long), (m) => messages.push(m))
    await waitFor(() => messages.some((m) => m.type === 'progress'))
    run.pause()
    await waitFor(() => messages.some((m) => m.type === 'paused'))
    const countAtPause = messages.filter((m) => m.type === 'progress' || m.type === 'epoch').length
    await new Promise((r) => setTimeout(r, 300))
    expect(messages.filter((m) => m.type === 'progress' || m.type === 'epoch').length).toBe(countAtPause)
    run.resume()
    await waitFor(() => messages.filter((m) => m.type === 'progress').length > countAtPause + 2)
    run.stop()
    const outcome = await run.done
    expect(outcome).toMatchObject({ type: 'finished', reason: 'stopped' })
    expect(messages.some((m) => m.type === 'resumed')).toBe(true)
  })

  it('stops a diverging run with a message naming epoch and batch, and no weights', async () => {
    const wild: ExperimentConfig = {
      ...config,
      model: { ...config.model, hidden: [{ units: 8, activation: 'relu' }], output: 'identity', loss: 'mse' },
      optimizer: { kind: 'sgd', learningRate: 1e6 },
    }
    const outcome = await startWorkerRun(WORKER, startMessage(wild), () => {}).done
    expect(outcome.type).toBe('failed')
    if (outcome.type !== 'failed') return
    expect(outcome.kind).toBe('diverged')
    expect(outcome.message).toMatch(/epoch \d+/i)
    expect(outcome.message).toMatch(/batch \d+/i)
  })

  it('refuses an invalid config with the reason, as a failed run', async () => {
    const bad: ExperimentConfig = { ...config, model: { ...config.model, output: 'sigmoid', loss: 'cross-entropy' } }
    const outcome = await startWorkerRun(WORKER, startMessage(bad), () => {}).done
    expect(outcome).toMatchObject({ type: 'failed', kind: 'invalid-config' })
  })

  it('a worker that crashes ends only its run, with the message', async () => {
    const crash = startWorkerRun(CRASHING_WORKER, startMessage(config), () => {})
    const healthy = startWorkerRun(WORKER, startMessage(config), () => {})
    const [c, h] = await Promise.all([crash.done, healthy.done])
    expect(c).toMatchObject({ type: 'failed', kind: 'crashed' })
    expect((c as { message: string }).message).toMatch(/simulated crash/)
    expect(h.type).toBe('finished')
  })
})

async function waitFor(cond: () => boolean, ms = 20000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}
