import { parameterCount as countForSizes, type HiddenLayer } from '../../../shared/config'

/**
 * Trainable parameters of a fully connected network: Σ over layers of (fan-in × fan-out weights + fan-out
 * biases), for widths [inputs, ...hidden units, outputs]. Null when a width is not a positive whole number
 * (the dataset is not loaded yet, or a layer is being edited).
 */
export function parameterCount(inputs: number, hidden: readonly HiddenLayer[], outputs: number): number | null {
  const sizes = [inputs, ...hidden.map((l) => l.units), outputs]
  if (!sizes.every((n) => Number.isInteger(n) && n > 0)) return null
  return countForSizes(sizes)
}

/** Seconds per epoch for `rows` training rows at `samplesPerSecond`, or null when either is unknown. */
export function secondsPerEpoch(rows: number | undefined, samplesPerSecond: number | undefined): number | null {
  if (rows === undefined || samplesPerSecond === undefined) return null
  if (!(rows > 0) || !(samplesPerSecond > 0) || !Number.isFinite(rows) || !Number.isFinite(samplesPerSecond)) return null
  return rows / samplesPerSecond
}
