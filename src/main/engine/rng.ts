/**
 * The engine's only source of randomness: a seeded xoshiro128** generator (Blackman & Vigna), its 128-bit state
 * filled by splitmix32 from a 32-bit seed. Integer arithmetic only (Math.imul, >>> 0), so the same seed gives
 * the same sequence bit for bit on every platform. The engine never calls Math.random.
 */

/** A seeded pseudo-random generator. */
export interface Rng {
  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number
  /** Next uniform float in [0, 1), with 53 random bits. */
  nextFloat(): number
  /** Next standard normal N(0, 1) (Box–Muller; the second value of each pair is kept for the next call). */
  nextGaussian(): number
  /** Uniform integer in [0, n) without modulo bias; n a positive integer ≤ 2³². */
  nextInt(n: number): number
  /** Shuffles `a` in place (Fisher–Yates). */
  shuffle(a: { length: number; [i: number]: number }): void
}

/** splitmix32: a well-mixed stream used only to expand a seed into generator state. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

/**
 * A generator for `seed` (any finite number; it is reduced to 32 bits) and an optional `stream` number, so that
 * independent uses of one config seed (initial weights, batch order) draw from unrelated sequences.
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`)
  const mix = splitmix32((Math.trunc(seed) ^ Math.imul(stream >>> 0, 0x632be5ab)) >>> 0)
  let a = mix()
  let b = mix()
  let c = mix()
  let d = mix()
  if ((a | b | c | d) === 0) a = 1 // the all-zero state is a fixed point
  let spare: number | null = null

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a
    d ^= b
    b ^= c
    a ^= d
    c ^= t
    d = rotl(d, 11)
    return result
  }
  const nextFloat = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992
  const nextInt = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) throw new RangeError(`nextInt needs an integer n in [1, 2^32], got ${n}`)
    // Rejection sampling: discard the top partial range so every residue is equally likely.
    const limit = 4294967296 - (4294967296 % n)
    for (;;) {
      const x = nextUint32()
      if (x < limit) return x % n
    }
  }
  return {
    nextUint32,
    nextFloat,
    nextInt,
    nextGaussian(): number {
      if (spare !== null) {
        const s = spare
        spare = null
        return s
      }
      let u = 0
      while (u === 0) u = nextFloat() // log(0) is -Infinity
      const v = nextFloat()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
    shuffle(arr): void {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = nextInt(i + 1)
        const t = arr[i]
        arr[i] = arr[j]
        arr[j] = t
      }
    },
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/**
 * Stream numbers that keep the uses of one seed independent: initial weights, the batch order derived from the
 * config seed, a batch order given explicitly (TrainerOptions.batchOrderSeed), and dataset splits.
 */
export const RNG_STREAMS = { init: 1, batchOrder: 2, explicitBatchOrder: 3, split: 4 } as const
