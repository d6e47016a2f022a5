import type { NetworkParams } from './params'
import { tsKernelsF64 } from './kernels/ts'
import { assertValidParams, InvalidParamsError } from './params-check'

/** Rows processed at once, so intermediate activations stay small however many rows are predicted. */
const CHUNK_ROWS = 256

/**
 * The network's outputs for `rows` input rows, in float64 (whatever the precision of params and X).
 * X: rows x sizes[0], row-major. Returns rows x sizes[at end], row-major. Supports every activation including
 * the inference-only 'step'. Throws InvalidParamsError if params are inconsistent or X is too short, and a
 * RangeError naming the row and column of the first non-finite input, or the first row whose outputs overflow
 * (never returns NaN or ±Infinity).
 */
export function predict(params: NetworkParams, X: Float32Array | Float64Array, rows: number): Float64Array {
  assertValidParams(params)
  const { sizes, activations } = params
  const inputs = sizes[0]
  const outputs = sizes[sizes.length - 1]
  if (!Number.isInteger(rows) || rows < 0) throw new InvalidParamsError(`rows must be a non-negative integer, got ${rows}`)
  if (X.length < rows * inputs) throw new InvalidParamsError(`X holds ${X.length} numbers, but ${rows} rows x ${inputs} inputs need ${rows * inputs}`)
  for (let i = 0; i < rows * inputs; i++) {
    if (!Number.isFinite(X[i])) throw new RangeError(`input row ${Math.floor(i / inputs)} column ${i % inputs} is not a finite number (${X[i]})`)
  }
  const k = tsKernelsF64
  const W = params.W.map((w) => Float64Array.from(w))
  const b = params.b.map((v) => Float64Array.from(v))
  const chunk = Math.max(1, Math.min(CHUNK_ROWS, rows))
  const acts = sizes.map((s) => k.alloc(chunk * s))
  const zs = sizes.map((s) => k.alloc(chunk * s))
  const Y = new Float64Array(rows * outputs)
  for (let start = 0; start < rows; start += chunk) {
    const m = Math.min(chunk, rows - start)
    const a0 = acts[0]
    for (let i = 0; i < m * inputs; i++) a0[i] = X[start * inputs + i]
    for (let l = 0; l < W.length; l++) {
      k.gemmABtBias(acts[l], W[l], b[l], zs[l + 1], m, sizes[l], sizes[l + 1])
      k.activate(activations[l], zs[l + 1], acts[l + 1], m, sizes[l + 1])
    }
    const out = acts[acts.length - 1]
    for (let i = 0; i < m * outputs; i++) {
      if (!Number.isFinite(out[i])) throw new RangeError(`the network's output for row ${start + Math.floor(i / outputs)} is not a finite number (${out[i]}): the weights are too large for this input`)
    }
    Y.set(out.subarray(0, m * outputs), start * outputs)
  }
  return Y
}
