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
 * Splits `rows` (indices into the table or image set) by `ratios` with `seed`; each split keeps the order
 * of `rows`. `labels[i]` is the class of rows[i] (null for regression). A split with a share above 0 always
 * gets at least one row; when there are too few rows for that, throws a DatasetError saying how many are needed.
 */
export function splitRows(rows: Uint32Array, labels: Uint32Array | null, ratios: SplitRatios, seed: number, what = 'usable rows'): SplitIndices {
  const n = rows.length
  const { nTrain, nVal, nTest } = splitSizes(n, ratios, what)
  const rng = createRng(seed, RNG_STREAMS.split)
  const order = labels ? stratifiedOrder(labels, rng) : shuffled(n, rng)
  // Split of each position in `rows`: the first nTrain of the order train, then validation, then test.
  const which = new Uint8Array(n)
  for (let k = nTrain; k < n; k++) which[order[k]] = k < nTrain + nVal ? 1 : 2
  // Each split keeps the source order: reports list rows as in the file, and reading columns in order is
  // several times faster than random gathers on big tables. Batch order is the trainer's business.
  const out = [new Uint32Array(nTrain), new Uint32Array(nVal), new Uint32Array(nTest)]
  const fill = [0, 0, 0]
  for (let i = 0; i < n; i++) out[which[i]][fill[which[i]]++] = rows[i]
  return { train: out[0], validation: out[1], test: out[2] }
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
 * shuffled member of class c gets the key (r + ½) / n_c, and rows are ordered by key (ties between classes
 * in a random but fixed order).
 */
export function stratifiedOrder(labels: Uint32Array, rng: Rng): Uint32Array {
  const n = labels.length
  let classes = 0
  for (let i = 0; i < n; i++) if (labels[i] + 1 > classes) classes = labels[i] + 1
  const members: number[][] = Array.from({ length: classes }, () => [])
  for (let i = 0; i < n; i++) members[labels[i]].push(i)
  for (const m of members) rng.shuffle(m)
  const tie = new Float64Array(classes)
  for (let c = 0; c < classes; c++) tie[c] = rng.nextFloat()
  return classes <= 64 ? mergeByKey(members, tie, n) : sortByKey(members, tie, n)
}

/** Key of the r-th member of a class of size m: its position in the class, as a share. */
const keyOf = (r: number, m: number) => (r + 0.5) / m

/** k-way merge of the classes by key (few classes: O(n·k), no comparison sort). */
function mergeByKey(members: number[][], tie: Float64Array, n: number): Uint32Array {
  const order = new Uint32Array(n)
  const next = new Int32Array(members.length)
  for (let k = 0; k < n; k++) {
    let best = -1
    let bestKey = Infinity
    for (let c = 0; c < members.length; c++) {
      const m = members[c].length
      if (next[c] >= m) continue
      const key = keyOf(next[c], m)
      if (key < bestKey || (key === bestKey && tie[c] < tie[best])) {
        best = c
        bestKey = key
      }
    }
    order[k] = members[best][next[best]++]
  }
  return order
}

function sortByKey(members: number[][], tie: Float64Array, n: number): Uint32Array {
  const items: { row: number; key: number; tie: number }[] = []
  members.forEach((m, c) => m.forEach((row, r) => items.push({ row, key: keyOf(r, m.length), tie: tie[c] })))
  items.sort((a, b) => a.key - b.key || a.tie - b.tie)
  return Uint32Array.from(items, (x) => x.row).subarray(0, n)
}

function shuffled(n: number, rng: Rng): Uint32Array {
  const o = new Uint32Array(n)
  for (let i = 0; i < n; i++) o[i] = i
  rng.shuffle(o)
  return o
}
