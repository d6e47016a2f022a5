/**
 * Decides, from whole training steps, whether the pool's helper threads make training faster right now.
 *
 * On an idle machine the helpers make a step about 1.3x faster on the standard MNIST workload. When another
 * process holds the second core, the same helpers make a step slower: a helper that claimed a chunk gets
 * descheduled, and the caller waits for it. Measured on the 2-core machine, with a busy loop on one core: 0.62x
 * when always splitting. Timing each operation alone does not see this cost. A split leaves data in the
 * other core's cache, and the next operations pay for it. So this governor times whole steps, from one
 * `beginStep` to the next, and compares the two ways:
 *
 * - After `warmup` steps it runs `window` + 1 steps with helpers and as many without.
 * - It then keeps the way whose median step time is lower (steps without helpers must win by more than 5 %:
 *   with the helpers the work is shared, so the small differences of a quiet machine favour them).
 * - Every `exploreEvery` steps it runs `window` + 1 steps the other way, to notice when conditions change.
 *
 * The first step after a switch is not counted: it pays for waking or idling the helpers. The median keeps
 * one slow step from flipping the judgement (an epoch's end, which includes evaluation, or a preemption).
 * Both ways give bit-identical results, so the choice only changes speed, never a run's numbers.
 */
export interface StepGovernor {
  /** Called at the start of each training step with the time in ms; returns whether this step uses the pool. */
  beginStep(now: number): boolean
}

export interface StepGovernorOptions {
  /** Steps at the start that are not judged (the JIT and the caches warm up; the first steps are ~2x slower). */
  warmup: number
  /** Samples per way; a trial or an exploration runs window + 1 steps, so it refreshes all of them. */
  window: number
  exploreEvery: number
  /** Steps without helpers are chosen only when their median is faster by more than this fraction. */
  margin: number
}

const DEFAULTS: StepGovernorOptions = { warmup: 20, window: 5, exploreEvery: 256, margin: 0.05 }

class Samples {
  private readonly v: Float64Array
  private n = 0
  constructor(readonly size: number) {
    this.v = new Float64Array(size)
  }
  add(x: number): void {
    this.v[this.n % this.size] = x
    this.n++
  }
  /** Median of the last `size` samples (NaN before the first). */
  median(): number {
    const k = Math.min(this.n, this.size)
    if (k === 0) return NaN
    const s = Array.from(this.v.subarray(0, k)).sort((a, b) => a - b)
    return k % 2 ? s[(k - 1) / 2] : (s[k / 2 - 1] + s[k / 2]) / 2
  }
}

export function createStepGovernor(options: Partial<StepGovernorOptions> = {}): StepGovernor {
  const { warmup, window, exploreEvery, margin } = { ...DEFAULTS, ...options }
  const split = new Samples(window)
  const alone = new Samples(window)
  const block = window + 1 // the first step of a block is not counted
  let steps = 0
  let last = NaN
  let lastSplit = true
  let counted = false

  const choose = (): boolean => {
    const s = steps - warmup
    if (s < block) return true
    if (s < 2 * block) return false
    const splitBetter = alone.median() >= split.median() * (1 - margin)
    const exploring = (s - 2 * block) % exploreEvery >= exploreEvery - block
    return exploring ? !splitBetter : splitBetter
  }

  return {
    beginStep(now: number): boolean {
      if (counted) (lastSplit ? split : alone).add(now - last)
      last = now
      const next = choose()
      // A step is timed unless it is in the warm-up or the first after a switch (it pays for waking or idling the helpers).
      counted = steps >= warmup && (steps === warmup || next === lastSplit)
      lastSplit = next
      steps++
      return next
    },
  }
}
