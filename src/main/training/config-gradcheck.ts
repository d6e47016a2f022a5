import { parameterCount, type ExperimentConfig } from '../../shared/config'
import { gradientCheck, type GradientCheckResult } from '../engine/gradcheck'
import { initParams } from '../engine/init'
import { tsKernelsF64 } from '../engine/kernels/ts'
import { createRng, RNG_STREAMS } from '../engine/rng'
import { MAX_PARAMETERS } from '../engine/trainer'

/** Entries compared per tensor by default: enough to catch a wrong rule, cheap enough for MNIST-sized layers. */
export const DEFAULT_CHECKED_ENTRIES = 300

/** Multiply-adds a gradient check may spend (a few seconds in float64): a 784-128-10 network on 8 rows uses about half. */
export const GRADCHECK_WORK_BUDGET = 4e9

/**
 * Entries to compare per tensor so that the check stays within GRADCHECK_WORK_BUDGET: each entry costs two
 * forward passes (rows x parameters multiply-adds each), over 2 tensors (W, b) per layer. At most `want`, at least 1.
 */
export function checkedEntriesFor(sizes: readonly number[], rows: number, want = DEFAULT_CHECKED_ENTRIES): number {
  const tensors = 2 * (sizes.length - 1)
  const perEntry = 2 * rows * parameterCount(sizes)
  return Math.max(1, Math.min(want, Math.floor(GRADCHECK_WORK_BUDGET / (perEntry * tensors))))
}

/**
 * The engine's gradient check for an experiment config at its initial weights (drawn from the config's seed),
 * on the first `rows` rows of X (rows x inputs) and T (rows x outputs). In float64, by central differences.
 * `maxEntriesPerTensor` bounds the cost: 2 forward passes per checked entry.
 */
export function checkConfigGradients(opts: {
  config: ExperimentConfig
  inputs: number
  outputs: number
  X: ArrayLike<number>
  T: ArrayLike<number>
  rows: number
  maxEntriesPerTensor?: number
}): GradientCheckResult {
  const { config, inputs, outputs, rows } = opts
  if (!(rows >= 1)) throw new RangeError('the gradient check needs at least one training row')
  const sizes = [inputs, ...config.model.hidden.map((h) => h.units), outputs]
  // Refused before anything is allocated: the weights alone would be gigabytes in float64.
  const count = parameterCount(sizes)
  if (count > MAX_PARAMETERS) throw new RangeError(`the network ${sizes.join('-')} has ${count} parameters; at most ${MAX_PARAMETERS} are supported`)
  const activations = [...config.model.hidden.map((h) => h.activation), config.model.output]
  const params = initParams(tsKernelsF64, sizes, activations, config.model.init, config.model.initEpsilon, createRng(config.training.seed, RNG_STREAMS.init))
  return gradientCheck({
    model: config.model,
    params,
    X: Float64Array.from({ length: rows * inputs }, (_, i) => opts.X[i]),
    T: Float64Array.from({ length: rows * outputs }, (_, i) => opts.T[i]),
    rows,
    maxEntriesPerTensor: opts.maxEntriesPerTensor,
  })
}
