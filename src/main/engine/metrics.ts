import type { Task } from '../../shared/config'

/**
 * The common yardsticks that make runs with different losses comparable, and the classification reports.
 * Y: outputs (rows x K), T: targets (rows x K), row-major, any numeric array. Classification targets are one-hot
 * (K ≥ 2) or a single 0/1 column (K = 1, a binary problem with one output unit).
 *
 * Definitions:
 * - predicted class: argmax of the output row (first maximum on ties); for K = 1, y ≥ 0.5. True class likewise
 *   from T.
 * - accuracy: fraction of rows whose predicted class is the true class.
 * - cross-entropy yardstick: mean over rows of −Σₖ tₖ log pₖ, where p is the output row made into a distribution
 *   the way sklearn's log_loss does it: each output clipped into [ε, 1] (ε = YARDSTICK_EPS = 1e-7), then the row
 *   divided by its sum. For softmax outputs this is the ordinary cross-entropy (up to the ε floor, which caps a
 *   single row's contribution at −log ε ≈ 16.1); for sigmoid/tanh/identity outputs trained with e.g. mse it reads
 *   the outputs as unnormalised class scores. For K = 1: binary cross-entropy with p clipped into [ε, 1 − ε].
 * - rmse, mae: over all rows·K elements.
 * - r2: coefficient of determination 1 − SS_res/SS_tot per output column, averaged over columns (sklearn's
 *   'uniform_average'); a constant column scores 1 if predicted exactly, else 0 (sklearn's force_finite).
 */

export const YARDSTICK_EPS = 1e-7

export interface ClassificationYardsticks {
  task: 'classification'
  accuracy: number
  crossEntropy: number
}

export interface RegressionYardsticks {
  task: 'regression'
  rmse: number
  mae: number
  r2: number
}

export type Yardsticks = ClassificationYardsticks | RegressionYardsticks

type Num = ArrayLike<number>

/** Class index of row `row`: argmax (first on ties), or for K = 1 whether the value is ≥ 0.5. */
export function rowClass(A: Num, row: number, K: number): number {
  const o = row * K
  if (K === 1) return A[o] >= 0.5 ? 1 : 0
  let best = 0
  for (let k = 1; k < K; k++) if (A[o + k] > A[o + best]) best = k
  return best
}

/** Binary cross-entropy yardstick of row `row` of a single output column (K = 1; definition in this module's header). */
function binaryCrossEntropy(Y: Num, T: Num, row: number): number {
  const p = Math.min(Math.max(Y[row], YARDSTICK_EPS), 1 - YARDSTICK_EPS)
  const t = T[row]
  return -(t * Math.log(p) + (1 - t) * Math.log(1 - p))
}

function clip(y: number): number {
  return y < YARDSTICK_EPS ? YARDSTICK_EPS : y > 1 ? 1 : y
}

/** Streams yardsticks over chunks of rows (evaluation in batches), then gives the result for all rows added. */
export interface YardstickAccumulator {
  /** Adds the first `rows` rows of Y and T. */
  add(Y: Num, T: Num, rows: number): void
  /** Yardsticks over every row added since creation or reset; throws if no row was added. */
  result(): Yardsticks
  reset(): void
}

/** An accumulator of the yardsticks of `task` for K outputs. */
export function createYardstickAccumulator(task: Task, K: number): YardstickAccumulator {
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`K (outputs) must be a positive integer, got ${K}`)
  return task === 'classification' ? classificationAccumulator(K) : regressionAccumulator(K)
}

function classificationAccumulator(K: number): YardstickAccumulator {
  let n = 0
  let correct = 0
  let ce = 0
  return {
    add(Y, T, rows) {
      if (K === 1) {
        for (let r = 0; r < rows; r++) {
          if (rowClass(Y, r, K) === rowClass(T, r, K)) correct++
          ce += binaryCrossEntropy(Y, T, r)
        }
      } else {
        // The predicted and true class (rowClass's comparisons) and the cross-entropy yardstick in one pass over
        // each row (this runs for every training batch). Local accumulators: the closure's variables are written
        // back once, not at every row.
        let c = 0
        let e = ce
        for (let r = 0; r < rows; r++) {
          const o = r * K
          let py = o
          let pt = o
          let sum = clip(Y[o])
          for (let k = o + 1; k < o + K; k++) {
            const y = Y[k]
            if (y > Y[py]) py = k
            if (T[k] > T[pt]) pt = k
            sum += clip(y)
          }
          if (py === pt) c++
          let rowCe = 0
          for (let k = o; k < o + K; k++) if (T[k] !== 0) rowCe -= T[k] * Math.log(clip(Y[k]) / sum)
          e += rowCe
        }
        correct += c
        ce = e
      }
      n += rows
    },
    result() {
      if (n === 0) throw new RangeError('no rows to measure')
      return { task: 'classification', accuracy: correct / n, crossEntropy: ce / n }
    },
    reset() {
      n = correct = ce = 0
    },
  }
}

function regressionAccumulator(K: number): YardstickAccumulator {
  let n = 0
  let sq = 0
  let abs = 0
  // Per column: targets are summed after subtracting the first target seen (a shift that keeps SS_tot accurate).
  const shift = new Float64Array(K)
  const sumT = new Float64Array(K)
  const sumT2 = new Float64Array(K)
  const ssRes = new Float64Array(K)
  return {
    add(Y, T, rows) {
      if (n === 0 && rows > 0) for (let k = 0; k < K; k++) shift[k] = T[k]
      for (let r = 0; r < rows; r++) {
        const o = r * K
        for (let k = 0; k < K; k++) {
          const e = Y[o + k] - T[o + k]
          sq += e * e
          abs += Math.abs(e)
          ssRes[k] += e * e
          const t = T[o + k] - shift[k]
          sumT[k] += t
          sumT2[k] += t * t
        }
      }
      n += rows
    },
    result() {
      if (n === 0) throw new RangeError('no rows to measure')
      let r2 = 0
      for (let k = 0; k < K; k++) {
        const ssTot = Math.max(0, sumT2[k] - (sumT[k] * sumT[k]) / n)
        r2 += ssTot > 0 ? 1 - ssRes[k] / ssTot : ssRes[k] === 0 ? 1 : 0
      }
      return { task: 'regression', rmse: Math.sqrt(sq / (n * K)), mae: abs / (n * K), r2: r2 / K }
    },
    reset() {
      n = sq = abs = 0
      shift.fill(0)
      sumT.fill(0)
      sumT2.fill(0)
      ssRes.fill(0)
    },
  }
}

/** The yardsticks of `task` over all rows at once. */
export function yardsticks(task: Task, Y: Num, T: Num, rows: number, K: number): Yardsticks {
  const acc = createYardstickAccumulator(task, K)
  acc.add(Y, T, rows)
  return acc.result()
}

/** Fraction of rows whose predicted class equals the true class. */
export function accuracy(Y: Num, T: Num, rows: number, K: number): number {
  return (yardsticks('classification', Y, T, rows, K) as ClassificationYardsticks).accuracy
}

/** The cross-entropy yardstick (clip into [1e-7, 1], normalise rows; see the module header). */
export function crossEntropyYardstick(Y: Num, T: Num, rows: number, K: number): number {
  return (yardsticks('classification', Y, T, rows, K) as ClassificationYardsticks).crossEntropy
}

/** Root mean squared error over all rows·K elements. */
export function rmse(Y: Num, T: Num, rows: number, K: number): number {
  return (yardsticks('regression', Y, T, rows, K) as RegressionYardsticks).rmse
}

/** Mean absolute error over all rows·K elements. */
export function mae(Y: Num, T: Num, rows: number, K: number): number {
  return (yardsticks('regression', Y, T, rows, K) as RegressionYardsticks).mae
}

/** R², averaged uniformly over output columns. */
export function r2(Y: Num, T: Num, rows: number, K: number): number {
  return (yardsticks('regression', Y, T, rows, K) as RegressionYardsticks).r2
}

/**
 * Confusion matrix C[true][predicted] (counts), classes × classes where classes = K (or 2 when K = 1).
 */
export function confusionMatrix(Y: Num, T: Num, rows: number, K: number): number[][] {
  const classes = K === 1 ? 2 : K
  const C = Array.from({ length: classes }, () => new Array<number>(classes).fill(0))
  for (let r = 0; r < rows; r++) C[rowClass(T, r, K)][rowClass(Y, r, K)]++
  return C
}

/** Precision, recall, F1 and support (rows truly of that class) of one class. */
export interface ClassScores {
  precision: number
  recall: number
  f1: number
  support: number
}

/**
 * Per-class precision = TP/(TP+FP), recall = TP/(TP+FN), F1 = 2PR/(P+R), from a confusion matrix
 * C[true][predicted]. A ratio whose denominator is 0 is reported as 0 (sklearn's zero_division=0).
 */
export function classReport(C: readonly (readonly number[])[]): ClassScores[] {
  return C.map((row, k) => {
    const tp = row[k]
    const support = row.reduce((a, b) => a + b, 0)
    let predicted = 0
    for (const r of C) predicted += r[k]
    const precision = predicted > 0 ? tp / predicted : 0
    const recall = support > 0 ? tp / support : 0
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0
    return { precision, recall, f1, support }
  })
}
