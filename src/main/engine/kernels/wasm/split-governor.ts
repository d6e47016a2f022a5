/**
 * Decides, from measurements, whether sharing an operation with the pool pays right now.
 *
 * On an idle 2-core machine a split layer-sized product runs ~1.9x faster; when other processes hold the
 * second core it can run slower than on the caller alone (the caller waits for chunks a descheduled helper
 * claimed). Which case holds changes minute by minute on a shared machine, so instead of a fixed rule each
 * size class keeps the recent times per unit of work of both ways, runs the better one (favouring the split),
 * and re-tries the other every `exploreEvery` calls to notice when conditions change. The judgement uses the median of the
 * last few samples: a single preemption (milliseconds, on either side) must not flip it. Both ways give
 * bit-identical results, so the choice never changes a run's numbers, only its speed.
 */
export interface SplitGovernor {
  /** Whether to split an operation of `work` units (flops or elements) of class `kind`. */
  shouldSplit(kind: number, work: number): boolean
  /** Records how long (ms) it took, split or not. */
  record(kind: number, work: number, split: boolean, ms: number): void
}

const WINDOW = 5

class Samples {
  private readonly v = new Float64Array(WINDOW)
  private n = 0
  add(x: number): void {
    this.v[this.n % WINDOW] = x
    this.n++
  }
  /** Median of the last WINDOW samples (NaN before the first). */
  median(): number {
    const k = Math.min(this.n, WINDOW)
    if (k === 0) return NaN
    const s = Array.from(this.v.subarray(0, k)).sort((a, b) => a - b)
    return k % 2 ? s[(k - 1) / 2] : (s[k / 2 - 1] + s[k / 2]) / 2
  }
}

interface Stats {
  split: Samples
  alone: Samples
  calls: number
}

/**
 * `exploreEvery`: how often the way currently judged slower is tried again. `margin`: splitting is kept unless
 * its median is worse than running alone by more than this fraction — the chunk claims already bound what a
 * split can lose, while each wrong "alone" gives up the whole second core.
 */
export function createSplitGovernor(exploreEvery = 16, margin = 0.1): SplitGovernor {
  const classes = new Map<number, Stats>()
  // Size classes by powers of 2 of the work: the overhead of a split is fixed, its benefit proportional.
  const key = (kind: number, work: number) => kind * 64 + Math.min(63, Math.floor(Math.log2(Math.max(1, work))))
  const stats = (kind: number, work: number): Stats => {
    const k = key(kind, work)
    let s = classes.get(k)
    if (!s) classes.set(k, (s = { split: new Samples(), alone: new Samples(), calls: 0 }))
    return s
  }
  return {
    shouldSplit(kind, work) {
      const s = stats(kind, work)
      s.calls++
      const split = s.split.median()
      const alone = s.alone.median()
      if (Number.isNaN(split)) return true
      if (Number.isNaN(alone)) return false
      const splitBetter = split <= alone * (1 + margin)
      return s.calls % exploreEvery === 0 ? !splitBetter : splitBetter
    },
    record(kind, work, split, ms) {
      const s = stats(kind, work)
      ;(split ? s.split : s.alone).add(ms / Math.max(1, work))
    },
  }
}
