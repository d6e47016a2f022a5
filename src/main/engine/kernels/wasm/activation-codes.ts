import type { ActivationName } from '../../../../shared/config'
import { getActivation } from '../../activations'

/** Activation name → the code the wasm kernels switch on (assembly/activations.ts). 'softmax' is row-wise. */
const CODES: Readonly<Record<ActivationName, number>> = {
  identity: 0,
  sigmoid: 1,
  tanh: 2,
  relu: 3,
  'leaky-relu': 4,
  softplus: 5,
  elu: 6,
  softmax: 7,
  step: 8,
}

export const SOFTMAX_CODE = 7

/** The code for `fn`; an unknown name throws the engine's usual error listing the valid names. */
export function activationCode(fn: ActivationName): number {
  const code = Object.hasOwn(CODES, fn) ? CODES[fn] : undefined
  if (code === undefined) {
    getActivation(fn) // throws UnknownNameError
    throw new Error(`wasm kernels: no code for activation ${String(fn)}`)
  }
  return code
}
