/**
 * Decides, from measurements, whether sharing an operation with the pool pays right now.
 *
 * On an idle 2-core machine a split layer-sized product runs ~1.9x faster; when other processes hold the
 * second core it runs slower than on the caller alone (the caller waits for chunks a descheduled helper
 * claimed). Which case holds changes minute by minute on a shared machine, so instead of a fixed rule each
 * size class keeps a moving average of the time per unit of work for both ways, runs the better one, and
 * re-tries the other every `exploreEvery` calls to notice when conditions change. Both ways give
 * bit-identical results, so the choice never changes a run's numbers, only its speed.
 */
export interface SplitGovernor {
  /** Whether to split an operation of `work` units (flops or elements) of class `kind`. */
  shouldSplit(kind: number, work: number): boolean
  /** Records how long (ms) it took, split or not. */
  record(kind: number, work: number, split: boolean, ms: number): void
}

interface Stats {
  split: number
  alone: number
  calls: number
}

/** `exploreEvery`: how often the way currently judged slower is tried again (default every 16th call). */
export function createSplitGovernor(exploreEvery = 16, smoothing = 0.25): SplitGovernor {
  const classes = new Map<number, Stats>()
  // Size classes by powers of 2 of the work: the overhead of a split is fixed, its benefit proportional.
  const key = (kind: number, work: number) => kind * 64 + Math.min(63, Math.floor(Math.log2(Math.max(1, work))))
  const stats = (kind: number, work: number): Stats => {
    const k = key(kind, work)
    let s = classes.get(k)
    if (!s) classes.set(k, (s = { split: NaN, alone: NaN, calls: 0 }))
    return s
  }
  return {
    shouldSplit(kind, work) {
      const s = stats(kind, work)
      s.calls++
      if (Number.isNaN(s.split)) return true
      if (Number.isNaN(s.alone)) return false
      const splitBetter = s.split < s.alone
      return s.calls % exploreEvery === 0 ? !splitBetter : splitBetter
    },
    record(kind, work, split, ms) {
      const s = stats(kind, work)
      const perUnit = ms / Math.max(1, work)
      const prev = split ? s.split : s.alone
      const next = Number.isNaN(prev) ? perUnit : prev + smoothing * (perUnit - prev)
      if (split) s.split = next
      else s.alone = next
    },
  }
}
