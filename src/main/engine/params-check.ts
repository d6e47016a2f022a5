import type { NetworkParams } from './params'
import { isKnownName } from './lookup'
import { ACTIVATION_FUNCTIONS } from './activations'

/** Thrown when a NetworkParams value is not a consistent network (shapes, names, non-finite numbers). */
export class InvalidParamsError extends Error {
  override readonly name = 'InvalidParamsError'
}

/**
 * Checks that `params` describes a consistent network: sizes are positive integers, one activation, one W and
 * one b per layer, W[l].length = sizes[l+1]·sizes[l], b[l].length = sizes[l+1], every name known and every
 * number finite. Throws InvalidParamsError naming the first problem (layer and field).
 */
export function assertValidParams(params: NetworkParams): void {
  const { sizes, activations, W, b } = params
  if (!Array.isArray(sizes) || sizes.length < 2) throw new InvalidParamsError(`sizes must list at least the input and output widths, got ${JSON.stringify(sizes)}`)
  sizes.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1) throw new InvalidParamsError(`sizes[${i}] must be a positive integer, got ${String(s)}`)
  })
  const layers = sizes.length - 1
  if (!Array.isArray(activations) || activations.length !== layers) throw new InvalidParamsError(`activations must have ${layers} entries (one per layer), got ${Array.isArray(activations) ? activations.length : typeof activations}`)
  if (!Array.isArray(W) || W.length !== layers) throw new InvalidParamsError(`W must have ${layers} matrices (one per layer), got ${Array.isArray(W) ? W.length : typeof W}`)
  if (!Array.isArray(b) || b.length !== layers) throw new InvalidParamsError(`b must have ${layers} vectors (one per layer), got ${Array.isArray(b) ? b.length : typeof b}`)
  for (let l = 0; l < layers; l++) {
    const name = activations[l]
    if (!isKnownName(ACTIVATION_FUNCTIONS, name)) throw new InvalidParamsError(`activations[${l}]: unknown activation ${JSON.stringify(String(name))}; valid: ${Object.keys(ACTIVATION_FUNCTIONS).join(', ')}`)
    if (name === 'softmax' && l < layers - 1) throw new InvalidParamsError(`activations[${l}]: softmax is only allowed on the output layer`)
    const out = sizes[l + 1]
    const inp = sizes[l]
    if (W[l]?.length !== out * inp) throw new InvalidParamsError(`W[${l}] must hold ${out} x ${inp} = ${out * inp} numbers, got ${W[l]?.length}`)
    if (b[l]?.length !== out) throw new InvalidParamsError(`b[${l}] must hold ${out} numbers, got ${b[l]?.length}`)
    const wBad = firstNonFinite(W[l])
    if (wBad >= 0) throw new InvalidParamsError(`W[${l}] row ${Math.floor(wBad / inp)} column ${wBad % inp} is not a finite number (${W[l][wBad]})`)
    const bBad = firstNonFinite(b[l])
    if (bBad >= 0) throw new InvalidParamsError(`b[${l}][${bBad}] is not a finite number (${b[l][bBad]})`)
  }
}

/** Index of the first NaN/±Infinity in `a`, or −1. */
export function firstNonFinite(a: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return i
  return -1
}
