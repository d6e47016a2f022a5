/**
 * Seeded train / validation / test splits. Classification splits are stratified: every prefix of the
 * stratified order holds each class in proportion, so each split gets its share of each class (as far as
 * whole rows allow), and a class with a single row lands in training.
 */
import { createRng, RNG_STREAMS, type Rng } from '../engine/rng'
import { DatasetError } from './errors'
import type { SplitRatios } from './prepare-options'

export interface SplitIndices {
  train: Uint32Array
  validation: Uint32Array
  test: Uint32Array
}

/**
 * Splits `rows` (indices into the table or image set) by `ratios` with `seed`. `labels[i]` is the class of
 * rows[i] (null for regression). A split with a share above 0 always gets at least one row; when there are
 * too few rows for that, throws a DatasetError saying how many are needed.
 */
export function splitRows(rows: Uint32Array, labels: Uint32Array | null, ratios: SplitRatios, seed: number, what = 'usable rows'): SplitIndices {
  const n = rows.length
  const { nTrain, nVal, nTest } = splitSizes(n, ratios, what)
  const rng = createRng(seed, RNG_STREAMS.split)
  const order = labels ? stratifiedOrder(labels, rng) : shuffled(n, rng)
  const pick = (from: number, count: number): Uint32Array => {
    const out = new Uint32Array(count)
    for (let k = 0; k < count; k++) out[k] = rows[order[from + k]]
    rng.shuffle(out)
    return out
  }
  return { train: pick(0, nTrain), validation: pick(nTrain, nVal), test: pick(nTrain + nVal, nTest) }
}

/** Row counts per split: rounded shares, at least 1 for a share above 0, the rest to training. */
export function splitSizes(n: number, ratios: SplitRatios, what = 'usable rows'): { nTrain: number; nVal: number; nTest: number } {
  const { train, validation, test } = ratios
  const sum = train + validation + test
  if (!(train > 0) || !(validation >= 0) || !(test >= 0) || !Number.isFinite(sum)) {
    throw new DatasetError(`split shares must be finite, ≥ 0, with training above 0; got ${train} / ${validation} / ${test}`)
  }
  const nVal = validation > 0 ? Math.max(1, Math.round((n * validation) / sum)) : 0
  const nTest = test > 0 ? Math.max(1, Math.round((n * test) / sum)) : 0
  const needed = 1 + (validation > 0 ? 1 : 0) + (test > 0 ? 1 : 0)
  const nTrain = n - nVal - nTest
  if (n < needed || nTrain < 1) {
    const names = ['training', validation > 0 && 'validation', test > 0 && 'test'].filter(Boolean).join(', ')
    throw new DatasetError(
      `only ${n} ${what}: the ${names} splits need at least one row each (${needed} rows); ` +
        'add rows, or set the validation/test shares to 0',
    )
  }
  return { nTrain, nVal, nTest }
}

/**
 * A permutation of 0..labels.length-1 in which every prefix holds each class in proportion: the r-th (of n_c)
 * shuffled member of class c gets the key (r + ½) / n_c, and rows are sorted by key (ties in random order).
 */
export function stratifiedOrder(labels: Uint32Array, rng: Rng): Uint32Array {
  const n = labels.length
  let classes = 0
  for (let i = 0; i < n; i++) if (labels[i] + 1 > classes) classes = labels[i] + 1
  const members: number[][] = Array.from({ length: classes }, () => [])
  for (let i = 0; i < n; i++) members[labels[i]].push(i)
  const key = new Float64Array(n)
  const tie = new Float64Array(n)
  for (const m of members) {
    rng.shuffle(m)
    for (let r = 0; r < m.length; r++) {
      key[m[r]] = (r + 0.5) / m.length
      tie[m[r]] = rng.nextFloat()
    }
  }
  const order = shuffled(n, rng)
  order.sort((a, b) => key[a] - key[b] || tie[a] - tie[b])
  return order
}

function shuffled(n: number, rng: Rng): Uint32Array {
  const o = new Uint32Array(n)
  for (let i = 0; i < n; i++) o[i] = i
  rng.shuffle(o)
  return o
}
