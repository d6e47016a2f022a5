import type { ModelConfig } from '../../shared/config'
import type { NetworkParams } from './params'
import { STEP_NOT_TRAINABLE } from '../../shared/pairings'
import { tsKernelsF64 } from './kernels/ts'
import { Network } from './network'
import { assertValidParams } from './params-check'
import { DataError } from './errors'

/**
 * Numerical gradient check: compares the analytic gradient of J (backprop) with central differences
 * (J(θ + ε) − J(θ − ε)) / 2ε, entry by entry, in float64, on a small batch.
 *
 * Relative error of one entry: |analytic − numeric| / max(|analytic|, |numeric|, floor). The floor (default 1e-4)
 * stops entries that are 0 in exact arithmetic (dead relus, saturated units) from turning rounding noise into a
 * huge relative error: below it, errors are measured against the floor.
 */
export interface GradientCheckOptions {
  /** The cost J being checked: loss, huberDelta and λ are read (architecture comes from params). */
  model: Pick<ModelConfig, 'loss' | 'huberDelta' | 'lambda'>
  /** The point at which to check (e.g. fresh initial weights or a trainer's snapshot). */
  params: NetworkParams
  /** rows x inputs and rows x outputs, row-major. Keep it small (a few rows). */
  X: ArrayLike<number>
  T: ArrayLike<number>
  rows: number
  /** Half-step of the central difference (default 1e-5, near the optimum (float64 ε)^(1/3)). */
  epsilon?: number
  /** Largest accepted relative error (default 1e-5). Kinks (relu at 0, mae/huber at a breakpoint) may exceed it if a perturbation crosses one. */
  tolerance?: number
  /** Denominator floor of the relative error (default 1e-4). */
  floor?: number
  /** Check at most this many entries per tensor, evenly spaced (default: all). Big layers get expensive: 2 forward passes per entry. */
  maxEntriesPerTensor?: number
}

/** The worst entry of one tensor. */
export interface WorstEntry {
  /** Flat index into W[l] (row-major out x in) or b[l]. */
  index: number
  analytic: number
  numeric: number
  relError: number
}

export interface LayerGradientCheck {
  /** 0-based layer. */
  layer: number
  maxRelErrorW: number
  maxRelErrorB: number
  worstW: WorstEntry
  worstB: WorstEntry
  /** Entries compared in W and b. */
  checkedW: number
  checkedB: number
}

export interface GradientCheckResult {
  layers: LayerGradientCheck[]
  /** Maximum over all layers of maxRelErrorW and maxRelErrorB. */
  maxRelError: number
  pass: boolean
  /** J at the checked point. */
  cost: number
  epsilon: number
  tolerance: number
  floor: number
}

/** |a − n| / max(|a|, |n|, floor); Infinity if either is NaN. */
export function gradientRelError(a: number, n: number, floor: number): number {
  if (Number.isNaN(a) || Number.isNaN(n)) return Infinity
  return Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor)
}

/** Runs the check; throws if params are inconsistent, use 'step', or the data do not fit. */
export function gradientCheck(opts: GradientCheckOptions): GradientCheckResult {
  const { params, model, rows } = opts
  const epsilon = opts.epsilon ?? 1e-5
  const tolerance = opts.tolerance ?? 1e-5
  const floor = opts.floor ?? 1e-4
  assertValidParams(params)
  if (params.activations.includes('step')) throw new DataError(STEP_NOT_TRAINABLE)
  const { sizes } = params
  const inputs = sizes[0]
  const outputs = sizes[sizes.length - 1]
  if (!Number.isInteger(rows) || rows < 1) throw new DataError(`gradient check needs at least 1 row, got ${rows}`)
  if (opts.X.length !== rows * inputs || opts.T.length !== rows * outputs) {
    throw new DataError(`gradient check data must be ${rows} x ${inputs} inputs and ${rows} x ${outputs} targets, got ${opts.X.length} and ${opts.T.length} numbers`)
  }
  const net = new Network(tsKernelsF64, { sizes, activations: params.activations, loss: model.loss, huberDelta: model.huberDelta, lambda: model.lambda }, rows, params)
  for (let i = 0; i < opts.X.length; i++) net.X[i] = opts.X[i]
  for (let i = 0; i < opts.T.length; i++) net.T[i] = opts.T[i]
  const J = (): number => {
    net.forward(rows)
    return net.cost(rows)
  }
  const cost = J()
  net.backward(rows)

  const checkTensor = (theta: Float64Array, grad: Float64Array): { worst: WorstEntry; checked: number } => {
    const analytic = grad.slice() // backward is not called again, but keep our own copy
    const limit = opts.maxEntriesPerTensor ?? theta.length
    const stride = theta.length > limit ? theta.length / limit : 1
    let worst: WorstEntry = { index: -1, analytic: 0, numeric: 0, relError: 0 }
    let checked = 0
    for (let f = 0; f < theta.length; f += stride) {
      const i = Math.floor(f)
      const saved = theta[i]
      theta[i] = saved + epsilon
      const plus = J()
      theta[i] = saved - epsilon
      const minus = J()
      theta[i] = saved
      const numeric = (plus - minus) / (2 * epsilon)
      const relError = gradientRelError(analytic[i], numeric, floor)
      checked++
      if (relError > worst.relError || worst.index < 0) worst = { index: i, analytic: analytic[i], numeric, relError }
    }
    return { worst, checked }
  }

  const layers: LayerGradientCheck[] = []
  for (let l = 0; l < net.layers; l++) {
    const w = checkTensor(net.params.W[l], net.dW[l])
    const b = checkTensor(net.params.b[l], net.db[l])
    layers.push({ layer: l, maxRelErrorW: w.worst.relError, maxRelErrorB: b.worst.relError, worstW: w.worst, worstB: b.worst, checkedW: w.checked, checkedB: b.checked })
  }
  const maxRelError = Math.max(...layers.map((r) => Math.max(r.maxRelErrorW, r.maxRelErrorB)))
  return { layers, maxRelError, pass: maxRelError <= tolerance, cost, epsilon, tolerance, floor }
}
