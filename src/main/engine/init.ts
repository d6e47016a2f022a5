import type { ActivationName, InitName } from '../../shared/config'
import type { FloatArray, Kernels } from './kernels/types'
import type { NetworkParams } from './params'
import type { Rng } from './rng'
import { lookup } from './lookup'

/**
 * Initial weights. A scheme draws one weight of a layer with `fanIn` inputs and `fanOut` outputs; biases always
 * start at 0. 'zeros' exists only to demonstrate why symmetry must be broken (see ZEROS_INIT_WARNING).
 */
export type InitScheme = (rng: Rng, fanIn: number, fanOut: number, epsilon: number) => number

export const INIT_SCHEMES: Readonly<Record<InitName, InitScheme>> = {
  /** U[−ε, ε] with ε = model.initEpsilon. */
  uniform: (rng, _fanIn, _fanOut, eps) => (2 * rng.nextFloat() - 1) * eps,
  /** Xavier/Glorot uniform: U[−a, a], a = √(6 / (fanIn + fanOut)). */
  xavier: (rng, fanIn, fanOut) => (2 * rng.nextFloat() - 1) * Math.sqrt(6 / (fanIn + fanOut)),
  /** He (Kaiming) normal: N(0, 2 / fanIn). */
  he: (rng, fanIn) => rng.nextGaussian() * Math.sqrt(2 / fanIn),
  zeros: () => 0,
}

/** The warning a run with 'zeros' initialisation reports. */
export const ZEROS_INIT_WARNING =
  "Initialisation 'zeros' is a demonstration: every unit of a layer starts identical, receives the same gradient and stays identical, so each hidden layer behaves like a single unit (and with relu nothing below the output learns at all). Random initialisation breaks this symmetry."

/**
 * Fresh parameters for a network of `sizes` with `activations`, drawn layer by layer, row by row from `rng`,
 * into buffers from `kernels.alloc`.
 */
export function initParams<F extends FloatArray>(
  kernels: Kernels<F>,
  sizes: readonly number[],
  activations: readonly ActivationName[],
  init: InitName,
  epsilon: number,
  rng: Rng,
): NetworkParams<F> {
  const scheme = lookup(INIT_SCHEMES, init, 'initialisation')
  const W: F[] = []
  const b: F[] = []
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]
    const fanOut = sizes[l + 1]
    const w = kernels.alloc(fanIn * fanOut)
    for (let i = 0; i < w.length; i++) w[i] = scheme(rng, fanIn, fanOut, epsilon)
    W.push(w)
    b.push(kernels.alloc(fanOut))
  }
  return { sizes: [...sizes], activations: [...activations], W, b }
}
