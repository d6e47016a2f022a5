/**
 * Pure helpers for the hand-drawn canvases (decision boundary, regression scatter): a linear map from data to
 * pixels with a margin, and "nice" bounds that include every finite value.
 */

export interface Extent {
  min: number
  max: number
}

/** min/max over the finite values of the arrays; a single value (or none) widens to ±1 so a scale never divides by 0. */
export function extentOf(...arrays: ReadonlyArray<ArrayLike<number>>): Extent {
  let min = Infinity
  let max = -Infinity
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) { min = Math.min(min, a[i]); max = Math.max(max, a[i]) }
  if (!(min <= max)) return { min: -1, max: 1 }
  if (min === max) return { min: min - 1, max: max + 1 }
  return { min, max }
}

/** A map from [extent.min, extent.max] to pixels [from, to] (to < from flips, as the y axis needs). */
export function linear(extent: Extent, from: number, to: number): (v: number) => number {
  const k = (to - from) / (extent.max - extent.min)
  return (v) => from + (v - extent.min) * k
}

/** Residuals actual − predicted, pairwise. */
export function residuals(actual: readonly number[], predicted: readonly number[]): number[] {
  return actual.map((a, i) => a - predicted[i])
}
