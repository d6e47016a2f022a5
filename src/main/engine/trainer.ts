import { parameterCount, type ExperimentConfig, type Task } from '../../shared/config'
import type { FloatArray, Kernels } from './kernels/types'
import type { NetworkParams } from './params'
import type { Yardsticks } from './metrics'
import type { BatchReport, EpochReport, StepResult, StopReason } from './training-reports'
import type { DataSplit } from './data-split'
import { tsKernelsF32 } from './kernels/ts'
import { Network } from './network'
import { initParams, ZEROS_INIT_WARNING } from './init'
import { createRng, RNG_STREAMS } from './rng'
import { createOptimizer } from './optimizers'
import { getLoss } from './losses'
import { createYardstickAccumulator } from './metrics'
import { assertTrainable } from './config-check'
import { assertValidSplit } from './data-split'
import { assertValidParams } from './params-check'
import { createLossAverager, evaluateSplit } from './evaluate'
import { ConfigError, TrainingDivergedError } from './errors'

export type { BatchReport, EpochReport, StepResult, StopReason } from './training-reports'

/** Rows per chunk of the end-of-epoch evaluation (at least; the batch size if larger). */
const EVAL_CHUNK = 256
/** Largest network the trainer builds: each of parameters, gradients and optimizer state is one buffer this long. */
export const MAX_PARAMETERS = 20_000_000

/** What a Trainer needs: the experiment, the data, and optionally where to start and which backend to use. */
export interface TrainerOptions<F extends FloatArray = Float32Array> {
  config: ExperimentConfig
  task: Task
  /** Network input width (columns of X). */
  inputs: number
  /** Network output width (columns of T). */
  outputs: number
  train: DataSplit
  /** Used for the validation loss, its yardsticks and early stopping. */
  validation?: DataSplit | null
  /** Start from these weights (a model file, or shared initial weights of paired runs) instead of config.model.init. */
  initialParams?: NetworkParams | null
  /** Seed of the batch order; default: derived from config.training.seed. Give paired runs the same one. */
  batchOrderSeed?: number | null
  /** Backend; default the float32 TypeScript kernels. */
  kernels?: Kernels<F>
  /**
   * How the per-epoch training loss and yardsticks are measured: 'full-pass' (default) runs the whole training
   * set through the network after the epoch's last update (comparable with validation, costs about one extra
   * forward pass per epoch); 'running' accumulates them from the mini-batches as they were trained (free, but
   * measured on weights that changed during the epoch).
   */
  trainingMetrics?: 'full-pass' | 'running'
}

/**
 * Training driven one mini-batch at a time, so a caller (the worker) can check for pause/stop and post progress
 * between steps. Throws TrainingDivergedError from step() when the cost or gradient stops being finite; after
 * that every step() and snapshot() rethrows it.
 */
export interface Trainer<F extends FloatArray = Float32Array> {
  /** Backend name, e.g. 'ts-f32'. */
  readonly backend: string
  /** Things the user should know about this run (e.g. 'zeros' initialisation, early stopping without validation). */
  readonly warnings: readonly string[]
  readonly batchesPerEpoch: number
  /** Configured number of epochs (training may stop earlier). */
  readonly epochs: number
  readonly done: boolean
  readonly stopReason: StopReason | null
  /** Epoch reports so far, in order. */
  readonly history: readonly EpochReport[]
  /** The live parameters (backend buffers, changed by every step; a wasm backend's views). Copy with snapshot(). */
  readonly params: NetworkParams<F>
  /** Trains one mini-batch; at the end of an epoch also evaluates and applies early stopping. */
  step(): StepResult
  /**
   * Ends training now (e.g. the user pressed stop): no more steps; with early stopping's restoreBest the best
   * epoch's weights are put back. Returns that epoch, or null if nothing was restored. No-op once done.
   */
  stop(): number | null
  /** Steps until done; onStep sees every result. Returns the history. */
  run(onStep?: (result: StepResult) => void): readonly EpochReport[]
  /** A float32 copy of the current parameters (the restored best ones once training ended with restoreBest). */
  snapshot(): NetworkParams<Float32Array>
}

/**
 * A trainer for `opts`. Validates everything first (ConfigError lists every config problem; DataError names the
 * split, row and column; InvalidParamsError for inconsistent initial params) and allocates every buffer of the
 * run here: nothing is allocated per batch.
 */
export function createTrainer<F extends FloatArray = Float32Array>(opts: TrainerOptions<F>): Trainer<F> {
  const { config, task, inputs, outputs } = opts
  assertTrainable(config)
  if (task !== 'classification' && task !== 'regression') throw new ConfigError([`task must be 'classification' or 'regression', got ${JSON.stringify(String(task))}`])
  for (const [name, v] of [['inputs', inputs], ['outputs', outputs]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError([`${name} must be a whole number ≥ 1, got ${String(v)}`])
  }
  const { model, training } = config
  assertValidSplit('training', opts.train, inputs, outputs, model.loss)
  const validation = opts.validation ?? null
  if (validation) assertValidSplit('validation', validation, inputs, outputs, model.loss)
  const kernels = (opts.kernels ?? tsKernelsF32) as Kernels<F>
  const sizes = [inputs, ...model.hidden.map((h) => h.units), outputs]
  const activations = [...model.hidden.map((h) => h.activation), model.output]
  const warnings: string[] = []
  const count = parameterCount(sizes)
  if (count > MAX_PARAMETERS) throw new ConfigError([`the network ${sizes.join('-')} has ${count} parameters; at most ${MAX_PARAMETERS} are supported`])

  let initial: NetworkParams
  if (opts.initialParams) {
    assertValidParams(opts.initialParams)
    const p = opts.initialParams
    if (p.sizes.join('-') !== sizes.join('-')) throw new ConfigError([`initial weights are for a ${p.sizes.join('-')} network, but the config and data describe ${sizes.join('-')}`])
    if (p.activations.join(',') !== activations.join(',')) throw new ConfigError([`initial weights use activations ${p.activations.join(', ')}, but the config says ${activations.join(', ')}`])
    initial = p
  } else {
    initial = initParams(kernels, sizes, activations, model.init, model.initEpsilon, createRng(training.seed, RNG_STREAMS.init))
    if (model.init === 'zeros') warnings.push(ZEROS_INIT_WARNING)
  }

  const N = opts.train.rows
  const B = Math.min(training.batchSize, N)
  if (training.batchSize > N) warnings.push(`batch size ${training.batchSize} is larger than the ${N} training rows: every batch is the whole training set`)
  if (training.earlyStopping && !validation) warnings.push('early stopping needs validation data; without it, training runs all epochs')
  const earlyStopping = validation ? training.earlyStopping : null
  const trainingMetrics = opts.trainingMetrics ?? 'full-pass'

  // Workspaces also serve evaluation, which runs in chunks of maxBatch rows: at least EVAL_CHUNK so that a small
  // batch size does not make every epoch's evaluation a long series of tiny products.
  const maxBatch = Math.max(B, Math.min(EVAL_CHUNK, Math.max(N, validation?.rows ?? 0)))
  const net = new Network(kernels, { sizes, activations, loss: model.loss, huberDelta: model.huberDelta, lambda: model.lambda }, maxBatch, initial)
  const tensors: F[] = []
  const grads: F[] = []
  for (let l = 0; l < net.layers; l++) tensors.push(net.params.W[l], net.params.b[l]), grads.push(net.dW[l], net.db[l])
  const optimizer = createOptimizer(config.optimizer, kernels, tensors.map((t) => t.length))
  const orderRng = createRng(opts.batchOrderSeed ?? training.seed, opts.batchOrderSeed != null ? RNG_STREAMS.explicitBatchOrder : RNG_STREAMS.batchOrder)
  const order = new Uint32Array(N)
  for (let i = 0; i < N; i++) order[i] = i
  const rowIndex = new Uint32Array(Math.max(N, validation?.rows ?? 0))
  for (let i = 0; i < rowIndex.length; i++) rowIndex[i] = i
  const aggregate = getLoss(model.loss).aggregate
  const lossAverager = createLossAverager(aggregate)
  const runningLoss = createLossAverager(aggregate)
  const yardsticks = createYardstickAccumulator(task, outputs)
  const runningYardsticks = createYardstickAccumulator(task, outputs)
  const best = earlyStopping?.restoreBest ? { W: net.params.W.map((w) => w.slice()), b: net.params.b.map((v) => v.slice()) } : null

  const batchesPerEpoch = Math.ceil(N / B)
  // With a backend that can copy rows in the background (the wasm pool), the next batch's rows are copied
  // into a second pair of input and target buffers while the current step runs; the pairs alternate. Same
  // rows, same results.
  const prefetch = kernels.prefetchRows && batchesPerEpoch > 1 ? kernels.prefetchRows.bind(kernels) : null
  let spare: { X: F; T: F } | null = prefetch ? { X: kernels.alloc(net.X.length), T: kernels.alloc(net.T.length) } : null
  let prefetched: { X: F; T: F } | null = null
  const history: EpochReport[] = []
  let epoch = 1
  let batch = 0 // batches done in the current epoch
  let costSum = 0
  let done = false
  let stopReason: StopReason | null = null
  let failure: TrainingDivergedError | null = null
  let bestLoss = Infinity
  let bestEpoch: number | null = null
  let sinceBest = 0
  let restoredEpoch: number | null = null

  const fail = (detail: string, atBatch: number): never => {
    failure = new TrainingDivergedError(epoch, atBatch, detail)
    throw failure
  }

  const endEpoch = (): EpochReport => {
    let trainLoss: number
    let trainYardsticks: Yardsticks
    if (trainingMetrics === 'running') {
      trainLoss = runningLoss.result()
      trainYardsticks = runningYardsticks.result()
    } else {
      const ev = evaluateSplit(net, opts.train, rowIndex, lossAverager, yardsticks)
      trainLoss = ev.loss
      trainYardsticks = ev.yardsticks
    }
    if (!Number.isFinite(trainLoss)) fail(`the training loss became ${trainLoss}`, 0)
    let validationLoss: number | null = null
    let validationYardsticks: Yardsticks | null = null
    if (validation) {
      const ev = evaluateSplit(net, validation, rowIndex, lossAverager, yardsticks)
      if (!Number.isFinite(ev.loss)) fail(`the validation loss became ${ev.loss}`, 0)
      validationLoss = ev.loss
      validationYardsticks = ev.yardsticks
      if (ev.loss < bestLoss) {
        bestLoss = ev.loss
        bestEpoch = epoch
        sinceBest = 0
        if (best) net.params.W.forEach((w, l) => (best.W[l].set(w), best.b[l].set(net.params.b[l])))
      } else {
        sinceBest++
      }
    }
    const report: EpochReport = { epoch, trainCost: costSum / N, trainLoss, validationLoss, train: trainYardsticks, validation: validationYardsticks, bestEpoch }
    history.push(report)
    if (earlyStopping && sinceBest >= earlyStopping.patience) stopReason = 'early-stopping'
    else if (epoch >= training.epochs) stopReason = 'epochs'
    if (stopReason) finish(stopReason)
    return report
  }

  /** Marks training over and, with restoreBest, puts back the best epoch's weights (if they are not the current ones). */
  const finish = (reason: StopReason): void => {
    done = true
    stopReason = reason
    const current = batch === batchesPerEpoch || batch === 0 ? history.length : -1
    if (best && bestEpoch !== null && bestEpoch !== current) {
      net.setParams({ sizes, activations, W: best.W, b: best.b })
      restoredEpoch = bestEpoch
    }
  }

  const step = (): StepResult => {
    if (failure) throw failure
    if (done) throw new Error('training is finished: no more steps')
    if (batch === 0) {
      if (training.shuffle) orderRng.shuffle(order)
      costSum = 0
      runningLoss.reset()
      runningYardsticks.reset()
    }
    const start = batch * B
    const m = Math.min(B, N - start)
    batch++
    kernels.beginStep?.()
    if (prefetched) {
      net.useInput(prefetched.X)
      net.useTargets(prefetched.T)
    }
    prefetched = null
    // Take the prefetched rows when they are these (the wasm kernels compare), otherwise copy them.
    kernels.gatherRows(opts.train.X, order, start, m, inputs, net.X)
    kernels.gatherRows(opts.train.T, order, start, m, outputs, net.T)
    const Y = net.forward(m)
    // The next batch of this epoch (the next epoch reshuffles first), into the buffers not in use.
    if (prefetch && spare && batch < batchesPerEpoch) {
      const next = spare
      const copies = [
        { src: opts.train.X, cols: inputs, out: next.X },
        { src: opts.train.T, cols: outputs, out: next.T },
      ]
      if (prefetch(order, batch * B, Math.min(B, N - batch * B), copies)) {
        prefetched = next
        spare = { X: net.X, T: net.T }
      }
    }
    const dataLoss = net.dataLoss(m)
    const cost = dataLoss + net.penalty(m)
    if (!Number.isFinite(cost)) fail(`the cost became ${cost}`, batch)
    if (trainingMetrics === 'running') {
      runningLoss.add(dataLoss, m)
      runningYardsticks.add(Y, net.T, m)
    }
    net.backward(m)
    // One SIMD pass per tensor on the wasm backend (a JS loop over every parameter was ~15% of a step).
    let g2 = 0
    for (const g of grads) g2 += kernels.sumSquares(g, g.length)
    // Checked before the update, so non-finite numbers never reach the weights through the gradient.
    if (!Number.isFinite(g2)) fail(`the gradient became ${g2 !== g2 ? 'NaN' : 'infinite'}`, batch)
    optimizer.step(tensors, grads)
    costSum += cost * m
    const report: BatchReport = { epoch, batch, batchesPerEpoch, rows: m, cost, gradientNorm: Math.sqrt(g2) }
    let epochReport: EpochReport | null = null
    if (batch === batchesPerEpoch) {
      epochReport = endEpoch()
      batch = 0
      if (!done) epoch++
    }
    return { batch: report, epoch: epochReport, done, stopReason, restoredEpoch }
  }

  return {
    backend: kernels.name,
    warnings,
    batchesPerEpoch,
    epochs: training.epochs,
    get done() {
      return done
    },
    get stopReason() {
      return stopReason
    },
    history,
    params: net.params,
    step,
    stop() {
      if (failure) throw failure
      if (!done) finish('stopped')
      return restoredEpoch
    },
    run(onStep) {
      while (!done) {
        const r = step()
        onStep?.(r)
      }
      return history
    },
    snapshot() {
      if (failure) throw failure
      return {
        sizes: [...sizes],
        activations: [...activations],
        W: net.params.W.map((w) => Float32Array.from(w)),
        b: net.params.b.map((v) => Float32Array.from(v)),
      }
    },
  }
}
