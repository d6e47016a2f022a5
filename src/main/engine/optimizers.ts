import type { OptimizerConfig, OptimizerName } from '../../shared/config'
import type { FloatArray, Kernels } from './kernels/types'
import { lookup } from './lookup'

/**
 * Optimizers as objects behind one interface. Each owns its state (velocities, moments), allocated once per run
 * for the given parameter tensors, and updates through the backend's kernels. They receive the complete gradient
 * (the L2 term is already in it; λ is never applied here).
 */
export interface Optimizer<F extends FloatArray> {
  readonly kind: OptimizerName
  /** Updates every tensor params[i] in place from grads[i] (same order and lengths as at creation). */
  step(params: readonly F[], grads: readonly F[]): void
}

type Factory<K extends OptimizerName> = <F extends FloatArray>(config: Extract<OptimizerConfig, { kind: K }>, kernels: Kernels<F>, lengths: readonly number[]) => Optimizer<F>

/** Plain SGD: W −= lr·G. */
const sgd: Factory<'sgd'> = (config, kernels) => ({
  kind: 'sgd',
  step(params, grads) {
    for (let i = 0; i < params.length; i++) kernels.sgdStep(params[i], grads[i], config.learningRate, params[i].length)
  },
})

/** Momentum: V = μV − lr·G, W += V; Nesterov: W += μV − lr·G (with the new V). V starts at 0. */
const momentum: Factory<'momentum'> = (config, kernels, lengths) => {
  const V = lengths.map((n) => kernels.alloc(n))
  return {
    kind: 'momentum',
    step(params, grads) {
      for (let i = 0; i < params.length; i++) kernels.momentumStep(params[i], V[i], grads[i], config.learningRate, config.momentum, config.nesterov, params[i].length)
    },
  }
}

/**
 * Adam (Kingma & Ba) with bias correction: M = β₁M + (1−β₁)G, V = β₂V + (1−β₂)G²,
 * W −= lr·(M/(1−β₁ᵗ)) / (√(V/(1−β₂ᵗ)) + ε), t counting steps from 1.
 */
const adam: Factory<'adam'> = (config, kernels, lengths) => {
  const M = lengths.map((n) => kernels.alloc(n))
  const V = lengths.map((n) => kernels.alloc(n))
  let t = 0
  return {
    kind: 'adam',
    step(params, grads) {
      t++
      for (let i = 0; i < params.length; i++) {
        kernels.adamStep(params[i], M[i], V[i], grads[i], config.learningRate, config.beta1, config.beta2, config.epsilon, t, params[i].length)
      }
    },
  }
}

/** The optimizer registry, one factory per name. */
export const OPTIMIZER_FACTORIES: { readonly [K in OptimizerName]: Factory<K> } = { sgd, momentum, adam }

/** An optimizer for `config` over tensors of the given lengths (an UnknownNameError for an unknown kind). */
export function createOptimizer<F extends FloatArray>(config: OptimizerConfig, kernels: Kernels<F>, lengths: readonly number[]): Optimizer<F> {
  const factory = lookup(OPTIMIZER_FACTORIES, config?.kind, 'optimizer') as Factory<OptimizerName>
  return factory(config as never, kernels, lengths)
}

/**
 * Everything wrong with an optimizer config, as messages naming the field ([] if valid): learning rate finite
 * and > 0, momentum in [0, 1), β₁ and β₂ in [0, 1), ε finite and > 0.
 */
export function checkOptimizerConfig(config: OptimizerConfig): string[] {
  const problems: string[] = []
  if (!config || !Object.hasOwn(OPTIMIZER_FACTORIES, config.kind)) {
    return [`optimizer.kind: unknown optimizer ${JSON.stringify(String(config?.kind))}; valid: ${Object.keys(OPTIMIZER_FACTORIES).join(', ')}`]
  }
  const inUnit = (v: number) => Number.isFinite(v) && v >= 0 && v < 1
  if (!(Number.isFinite(config.learningRate) && config.learningRate > 0)) problems.push(`optimizer.learningRate must be a finite number > 0, got ${String(config.learningRate)}`)
  if (config.kind === 'momentum') {
    if (!inUnit(config.momentum)) problems.push(`optimizer.momentum must be in [0, 1), got ${String(config.momentum)}`)
    if (typeof config.nesterov !== 'boolean') problems.push(`optimizer.nesterov must be true or false, got ${String(config.nesterov)}`)
  }
  if (config.kind === 'adam') {
    if (!inUnit(config.beta1)) problems.push(`optimizer.beta1 must be in [0, 1), got ${String(config.beta1)}`)
    if (!inUnit(config.beta2)) problems.push(`optimizer.beta2 must be in [0, 1), got ${String(config.beta2)}`)
    if (!(Number.isFinite(config.epsilon) && config.epsilon > 0)) problems.push(`optimizer.epsilon must be a finite number > 0, got ${String(config.epsilon)}`)
  }
  return problems
}
