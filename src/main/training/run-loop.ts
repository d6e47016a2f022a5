import { createTrainer, type Trainer } from '../engine/trainer'
import { predict } from '../engine/predict'
import { confusionMatrix, yardsticks } from '../engine/metrics'
import { ConfigError, DataError, TrainingDivergedError } from '../engine/errors'
import { InvalidParamsError } from '../engine/params-check'
import type { NetworkParams } from '../engine/params'
import { parameterCount, type ActivationName } from '../../shared/config'
import { chooseKernels, type ChosenKernels } from './kernels-choice'
import { epochRecord, yardstickRecord } from './metrics-record'
import type { FromWorker, StartMessage, WireParams } from './protocol'

/**
 * One run, driven batch by batch: the body of the worker thread, kept free of worker_threads so it can be
 * tested in-process. `control` is flipped by the thread's message handler; the loop yields to the event loop
 * often enough (every ~20 ms of work) for pause/stop to take effect between batches.
 */
export interface RunControl {
  paused: boolean
  stopped: boolean
  /** Resolves when resume or stop arrives (set by the loop while paused). */
  wake: (() => void) | null
}

export type Post = (message: FromWorker, transfer?: ArrayBuffer[]) => void

const YIELD_EVERY_MS = 20

export async function runTraining(start: StartMessage, control: RunControl, post: Post): Promise<void> {
  let chosen: ChosenKernels
  try {
    chosen = await chooseKernels(start.backend, start.threads)
  } catch (err) {
    post(failure(err))
    return
  }
  try {
    await train(start, control, post, chosen)
  } finally {
    await chosen.dispose()
  }
}

/** Training time, excluding time spent paused so rates and ETAs stay honest. */
function createClock(): { seconds(): number; addPause(ms: number): void } {
  const t0 = performance.now()
  let pausedMs = 0
  return {
    seconds: () => (performance.now() - t0 - pausedMs) / 1000,
    addPause: (ms) => (pausedMs += ms),
  }
}

async function train(start: StartMessage, control: RunControl, post: Post, chosen: ChosenKernels): Promise<void> {
  const clock = createClock()
  let trainer: Trainer
  try {
    trainer = createTrainer({
      config: start.config,
      task: start.task,
      inputs: start.inputs,
      outputs: start.outputs,
      train: start.train,
      validation: start.validation,
      initialParams: start.initialParams ? fromWire(start.initialParams) : null,
      batchOrderSeed: start.batchSeed,
      kernels: chosen.kernels,
      trainingMetrics: start.trainingMetrics,
    })
  } catch (err) {
    post(failure(err))
    return
  }
  const warnings = [...trainer.warnings]
  if (chosen.fallbackReason) warnings.push(`Using the ${chosen.name} backend: ${chosen.fallbackReason}`)
  post({ type: 'started', runId: start.runId, backend: chosen.name, threads: chosen.threads, parameterCount: parameterCount(trainer.params.sizes), warnings })

  const totalBatches = trainer.batchesPerEpoch * trainer.epochs
  const progressEveryMs = 1000 / Math.max(0.1, start.progressPerSecond)
  let batchesDone = 0
  let samplesSeen = 0
  let lastProgress = -Infinity
  let lastYield = performance.now()
  let epochsRun = 0
  let reason: 'completed' | 'early-stopped' | 'stopped' = 'completed'

  try {
    while (!trainer.done) {
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve))
        lastYield = performance.now()
      }
      if (control.paused && !control.stopped) {
        post({ type: 'paused' })
        const pausedAt = performance.now()
        await new Promise<void>((resolve) => (control.wake = resolve))
        control.wake = null
        lastYield = performance.now()
        clock.addPause(lastYield - pausedAt)
        if (!control.stopped) post({ type: 'resumed' })
      }
      if (control.stopped) {
        // Lets the trainer put back the best weights when the config asks for restoreBest.
        trainer.stop()
        reason = 'stopped'
        break
      }
      const r = trainer.step()
      batchesDone++
      samplesSeen += r.batch.rows
      const now = performance.now()
      const elapsed = clock.seconds()
      const rate = samplesSeen / Math.max(elapsed, 1e-9)
      const eta = rate > 0 ? ((totalBatches - batchesDone) / batchesDone) * elapsed : NaN
      if (now - lastProgress >= progressEveryMs) {
        lastProgress = now
        post({
          type: 'progress',
          epoch: r.batch.epoch,
          epochs: trainer.epochs,
          batch: r.batch.batch,
          batches: r.batch.batchesPerEpoch,
          samplesSeen,
          samplesPerSecond: rate,
          elapsedSeconds: elapsed,
          etaSeconds: eta,
        })
      }
      if (r.epoch) {
        epochsRun = r.epoch.epoch
        const best = r.epoch.bestEpoch === r.epoch.epoch
        const wantParams = start.epochParams === 'every' || (start.epochParams === 'best' && best)
        // snapshot() already returns fresh float32 copies the loop can transfer.
        const params: WireParams | undefined = wantParams ? trainer.snapshot() : undefined
        post(
          {
            type: 'epoch',
            epoch: r.epoch.epoch,
            metrics: epochRecord(r.epoch, start.targetScale ?? 1),
            samplesPerSecond: rate,
            elapsedSeconds: elapsed,
            etaSeconds: r.done ? 0 : eta,
            best,
            ...(params ? { params } : {}),
          },
          params ? [...params.W, ...params.b].map((a) => a.buffer as ArrayBuffer) : undefined,
        )
      }
      if (r.done && r.stopReason === 'early-stopping') reason = 'early-stopped'
    }
    const params = trainer.snapshot()
    let testMetrics = null
    let confusion = null
    if (start.test && start.test.rows > 0) {
      const Y = predict(params, start.test.X, start.test.rows)
      testMetrics = yardstickRecord(yardsticks(start.task, Y, start.test.T, start.test.rows, start.outputs), 'test_', start.targetScale ?? 1)
      if (start.task === 'classification') confusion = confusionMatrix(Y, start.test.T, start.test.rows, start.outputs)
    }
    const wire = toWire(params)
    post(
      { type: 'finished', reason, epochsRun, params: wire, testMetrics, confusion, seconds: clock.seconds() },
      [...wire.W, ...wire.b].map((a) => a.buffer as ArrayBuffer),
    )
  } catch (err) {
    post(failure(err))
  }
}

function failure(err: unknown): FromWorker {
  if (err instanceof TrainingDivergedError) return { type: 'failed', kind: 'diverged', message: err.message }
  if (err instanceof ConfigError || err instanceof DataError || err instanceof InvalidParamsError) {
    return { type: 'failed', kind: 'invalid-config', message: err.message }
  }
  return { type: 'failed', kind: 'error', message: err instanceof Error ? err.message : String(err) }
}

/** Parameters as they cross threads: plain float32 copies the receiver owns. */
export function toWire(p: NetworkParams<Float32Array>): WireParams {
  return { sizes: [...p.sizes], activations: [...p.activations], W: p.W.map((w) => w.slice()), b: p.b.map((v) => v.slice()) }
}

export function fromWire(p: WireParams): NetworkParams<Float32Array> {
  return { sizes: [...p.sizes], activations: p.activations as ActivationName[], W: p.W, b: p.b }
}
