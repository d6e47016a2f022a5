/**
 * Chart series math, kept pure so it is tested without a canvas: TensorBoard's debiased exponential moving
 * average, rescaling a run to its first point, and the mean/min/max band across seed repeats.
 */

/** One point of a series: x (epoch or samples seen) and y (the metric). */
export interface Point {
  x: number
  y: number
}

/**
 * TensorBoard-style debiased EMA. `weight` in [0, 1): 0 returns the values unchanged, values near 1 smooth
 * hard. The plain EMA starts at 0 and so is biased towards 0 early on; dividing by 1 − weightⁿ removes that
 * bias, so the first smoothed value equals the first value. Non-finite values pass through unchanged and do
 * not enter the average (a NaN would otherwise poison every later point).
 */
export function smoothEma(values: readonly number[], weight: number): number[] {
  // weight 1 would make the debias factor 0 (0/0); clamp to just below.
  const w = Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 0.999) : 0
  let last = 0
  let n = 0
  return values.map((v) => {
    if (!Number.isFinite(v)) return v
    last = last * w + (1 - w) * v
    n++
    const debias = w === 0 ? 1 : 1 - Math.pow(w, n)
    return last / debias
  })
}

/** `smoothEma` over the y of points, x unchanged. */
export function smoothPoints(points: readonly Point[], weight: number): Point[] {
  const ys = smoothEma(points.map((p) => p.y), weight)
  return points.map((p, i) => ({ x: p.x, y: ys[i] }))
}

/**
 * Divides every y by the series' first finite, non-zero y so runs with different loss scales (cross-entropy vs
 * mse) can be compared by their relative progress: each rescaled series starts at 1. A series without such a
 * value is returned unchanged (copied).
 */
export function rescaleToFirst(points: readonly Point[]): Point[] {
  const first = points.find((p) => Number.isFinite(p.y) && p.y !== 0)
  if (!first) return points.map((p) => ({ ...p }))
  return points.map((p) => ({ x: p.x, y: p.y / first.y }))
}

/** The band of seed repeats at one x: mean, min and max over the runs that have a finite value there. */
export interface BandPoint {
  x: number
  mean: number
  min: number
  max: number
  /** How many runs contributed (a run that stopped early no longer does). */
  count: number
}

/**
 * Mean, min and max across runs at each x present in any run, sorted by x. Runs may have different lengths
 * (early stopping): at each x only the runs with a finite value there count. x values with no finite value
 * are left out.
 */
export function seedBand(runs: ReadonlyArray<readonly Point[]>): BandPoint[] {
  const byX = new Map<number, number[]>()
  for (const run of runs) {
    for (const p of run) {
      if (!Number.isFinite(p.y) || !Number.isFinite(p.x)) continue
      const list = byX.get(p.x)
      if (list) list.push(p.y)
      else byX.set(p.x, [p.y])
    }
  }
  return [...byX.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([x, ys]) => ({
      x,
      mean: ys.reduce((s, y) => s + y, 0) / ys.length,
      min: Math.min(...ys),
      max: Math.max(...ys),
      count: ys.length,
    }))
}
