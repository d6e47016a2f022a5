/**
 * Relative error with an absolute floor: |a − b| / max(|a|, |b|, REL_ERROR_FLOOR). For values of magnitude
 * ≥ 1e-6 it is the plain relative error; below, it becomes |a − b| / 1e-6, i.e. near zero an absolute error of
 * 1e-15 counts as a relative error of 1e-9 (float64 noise on values that are 0 in exact arithmetic).
 */
export const REL_ERROR_FLOOR = 1e-6
export const GOLDEN_TOLERANCE = 1e-9

export function relError(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), REL_ERROR_FLOOR)
}
