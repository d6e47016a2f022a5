/**
 * The standard training workload, through the app's real run path (worker thread, run loop, engine, kernels):
 * MNIST-shaped data (60,000 x 784 in [0,1], 10 classes), 784-128-10, ReLU hidden, softmax + cross-entropy,
 * plain SGD lr 0.1, batch 64, λ 0. Prints backend, threads, epoch_s (best epoch), samples_per_s, test_acc
 * (real data only), first_epoch_s (from "start" to the first epoch metric) and peak_rss_mb.
 *
 * Without --data it trains on generated MNIST-shaped data; with --data <folder> on the real IDX files.
 *
 * Epoch times: epoch 1 counts from the worker's 'started' message (sent once the trainer is built), later
 * epochs from the previous epoch message, so `epoch_s` compares with a peer's per-epoch loop; the time from
 * "start" (worker spawn, kernel and pool set-up, data checks) to the first epoch metric is `first_epoch_s`.
 */
import os from 'node:os'
import { DEFAULT_EXPERIMENT, type ExperimentConfig } from '../src/shared/config'
import { loadDatasetFromPath } from '../src/main/data/node-io'
import { prepareDataset } from '../src/main/data/dataset'
import { startWorkerRun, toSharedSplit } from '../src/main/training/worker-client'
import { trainingWorkerUrl } from '../src/main/training/worker-entry'
import type { BackendChoice, FromWorker, SplitData } from '../src/main/training/protocol'
import { detectWasmFeatures } from '../src/main/engine/kernels/wasm/features'

export interface MnistMlpOptions {
  data?: string
  epochs?: number
  backend?: string
  /** config.training.seed (initial weights and batch order); default 0. */
  seed?: number
}

export interface MnistData {
  train: SplitData
  test: SplitData | null
  real: boolean
}

/** Real MNIST from a folder of IDX files: all 60,000 training images, and the 10,000 test images. */
export async function loadMnist(folder: string): Promise<MnistData> {
  const ds = await loadDatasetFromPath(folder)
  if (ds.kind !== 'image' || !ds.test) throw new Error(`${folder} does not hold MNIST's train and t10k IDX files`)
  const p = prepareDataset(ds, { split: { train: 1, validation: 0, test: 0 } })
  return { train: toSharedSplit(p.train), test: p.test, real: true }
}

export async function benchMnistMlp(opts: MnistMlpOptions): Promise<Record<string, unknown>> {
  const epochs = opts.epochs ?? 3
  const backend = (opts.backend ?? 'auto') as BackendChoice
  let data: MnistData
  if (opts.data) {
    data = await loadMnist(opts.data)
  } else {
    data = { train: generated(60000, 1), test: null, real: false }
  }
  const config = standardConfig(epochs, opts.seed ?? 0)
  const messages: FromWorker[] = []
  const epochAt: number[] = []
  let startedAt = NaN
  const t0 = performance.now()
  const run = startWorkerRun(
    trainingWorkerUrl(),
    {
      type: 'start',
      runId: 'bench',
      config,
      task: 'classification',
      inputs: 784,
      outputs: 10,
      train: data.train,
      validation: null,
      test: data.test,
      initialParams: null,
      batchSeed: null,
      backend,
      threads: os.availableParallelism(),
      trainingMetrics: 'running',
      progressPerSecond: 10,
    },
    (m) => {
      messages.push(m)
      if (m.type === 'started') startedAt = performance.now()
      if (m.type === 'epoch') epochAt.push(performance.now())
    },
  )
  const outcome = await run.done
  if (outcome.type !== 'finished') throw new Error(`the run failed: ${outcome.message}`)
  const started = messages.find((m) => m.type === 'started')
  const epochTimes = epochAt.map((t, i) => (t - (i === 0 ? startedAt : epochAt[i - 1])) / 1000)
  const best = Math.min(...epochTimes)
  return {
    workload: 'mnist-mlp',
    data: data.real ? opts.data : 'generated',
    backend: started?.type === 'started' ? started.backend : 'unknown',
    threads: started?.type === 'started' ? started.threads : 0,
    // Worker threads inherit this process's V8 flags, so this is what the run's wasm kernels saw.
    relaxed_simd: detectWasmFeatures().relaxedSimd,
    epochs: epochTimes.length,
    epoch_s: round(best),
    samples_per_s: Math.round(data.train.rows / best),
    test_acc: data.test ? outcome.testMetrics?.['test_accuracy'] ?? null : null,
    seed: config.training.seed,
    first_epoch_s: round((epochAt[0] - t0) / 1000),
    // Of which: worker start, kernel and pool set-up and the trainer's data checks, up to the 'started' message.
    started_s: round((startedAt - t0) / 1000),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }
}

/** The standard workload's experiment: 784-128-10 relu / softmax + cross-entropy, He init, SGD 0.1, batch 64, λ 0. */
export function standardConfig(epochs: number, seed: number): ExperimentConfig {
  return {
    model: { ...DEFAULT_EXPERIMENT.model, hidden: [{ units: 128, activation: 'relu' }], output: 'softmax', loss: 'cross-entropy', lambda: 0, init: 'he' },
    optimizer: { kind: 'sgd', learningRate: 0.1 },
    training: { batchSize: 64, epochs, shuffle: true, earlyStopping: null, seed },
  }
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000
}

/** MNIST-shaped data: 10 class prototypes in [0,1]^784 plus noise, so the network has something to learn. */
export function generated(rows: number, seed: number): SplitData {
  let s = seed >>> 0
  const rand = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  const protos = Array.from({ length: 10 }, () => Float32Array.from({ length: 784 }, () => (rand() < 0.2 ? 1 : 0)))
  const X = new Float32Array(new SharedArrayBuffer(rows * 784 * 4))
  const T = new Float32Array(new SharedArrayBuffer(rows * 10 * 4))
  for (let i = 0; i < rows; i++) {
    const c = Math.floor(rand() * 10)
    T[i * 10 + c] = 1
    const p = protos[c]
    for (let j = 0; j < 784; j++) X[i * 784 + j] = Math.min(1, Math.max(0, p[j] * 0.8 + rand() * 0.3))
  }
  return { X, T, rows }
}
