/**
 * Per-class metrics from a confusion matrix (confusion[true][predicted] counts, as the worker sends it).
 */

export interface ClassMetrics {
  /** Of the samples predicted as this class, the fraction that were; null when nothing was predicted as it. */
  precision: number | null
  /** Of the samples of this class, the fraction predicted as it; null when the class has no samples. */
  recall: number | null
  /** Harmonic mean of precision and recall; null when either is null; 0 when both are 0. */
  f1: number | null
  /** Samples whose true class is this one. */
  support: number
}

/** precision, recall, F1 and support per class. A non-square or ragged matrix throws naming the row. */
export function classMetrics(confusion: readonly (readonly number[])[]): ClassMetrics[] {
  const k = confusion.length
  confusion.forEach((row, i) => {
    if (row.length !== k) throw new Error(`confusion matrix row ${i} has ${row.length} columns, expected ${k} (the matrix must be square)`)
  })
  return confusion.map((row, c) => {
    const tp = row[c]
    const support = row.reduce((s, v) => s + v, 0)
    const predicted = confusion.reduce((s, r) => s + r[c], 0)
    const precision = predicted > 0 ? tp / predicted : null
    const recall = support > 0 ? tp / support : null
    const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    return { precision, recall, f1, support }
  })
}

/** Each row divided by its sum (rows of zeros stay zeros): "of the true class i, which fraction went where". */
export function rowNormalise(confusion: readonly (readonly number[])[]): number[][] {
  return confusion.map((row) => {
    const sum = row.reduce((s, v) => s + v, 0)
    return row.map((v) => (sum > 0 ? v / sum : 0))
  })
}

/** Overall accuracy: trace / total, null for an empty matrix. */
export function accuracy(confusion: readonly (readonly number[])[]): number | null {
  let total = 0
  let correct = 0
  confusion.forEach((row, i) => row.forEach((v, j) => { total += v; if (i === j) correct += v }))
  return total > 0 ? correct / total : null
}
